"""The whole app on a fake clock: reminders, digests, once-only, CLI changes, the popup."""

from datetime import datetime, timedelta, timezone

import time_machine
from PySide6.QtWidgets import QLabel

from companion.core.clock import SystemClock
from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate

UTC = timezone.utc


def test_without_a_tray_the_main_window_opens_and_says_why(make_app):
    app = make_app()
    assert app.shell.tray is None
    assert app.shell.main.isVisible()
    notice = app.shell.main.statusBar().findChild(QLabel, "noticeLabel")
    assert notice is not None and "No system tray here" in notice.text()


def test_a_due_update_fires_one_notification_with_key_client_and_lateness(make_app, clock, backend):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="Иван <ivan@example.com> & Co",
                                   subject="Printer", cadence="1h"))
    app.runtime.on_local_change()
    assert backend.sent == []
    # Due at 08:00; the reminder is armed for the default lead time before it.
    assert app.runtime.reminder_alarm.armed_at == datetime(2026, 11, 23, 7, 45, tzinfo=UTC)
    clock.set(datetime(2026, 11, 23, 8, 5, tzinfo=UTC))
    app.runtime.reminder_alarm.due.emit()  # what the armed job does when its time comes
    assert len(backend.sent) == 1
    notice = backend.sent[0]
    assert "SUP-1" in notice.title and "Иван <ivan@example.com> & Co" in notice.title
    assert "Printer" in notice.body and "5 min late" in notice.body
    app.runtime.reminder_alarm.due.emit()
    app.runtime.on_local_change()
    assert len(backend.sent) == 1  # never twice for the same due instance
    assert app.shell.tray is None and app.tickets.overdue_count() == 1


def test_several_due_together_make_one_notification(make_app, clock, backend):
    app = make_app()
    for n in range(3):
        app.tickets.create(TicketInput(f"SUP-{n}", client=f"Client {n}", cadence="2h"))
    app.runtime.on_local_change()
    clock.set(app.runtime.reminder_alarm.armed_at)
    app.runtime.reminder_alarm.due.emit()
    assert len(backend.sent) == 1
    assert "3" in backend.sent[0].title and "SUP-0" in backend.sent[0].body and "SUP-2" in backend.sent[0].body


def test_restart_after_missed_reminders_shows_exactly_one_digest(make_app, clock, backend, data_dir):
    first = make_app()
    for n in range(4):
        first.tickets.create(TicketInput(f"SUP-{n}", cadence="1h"))
    first.runtime.on_local_change()
    first.stop()
    clock.advance(hours=5)  # the app was closed all this time
    second = make_app()
    assert len(backend.sent) == 1
    assert "While you were away" in backend.sent[0].title and "4" in backend.sent[0].title
    second.runtime.reminder_loop.run(catch_up=True)
    second.runtime.on_local_change()
    assert len(backend.sent) == 1


def test_wall_clock_jump_after_sleep_fires_the_due_reminder_exactly_once(make_app, backend):
    with time_machine.travel(datetime(2026, 11, 23, 7, 0, tzinfo=UTC), tick=False) as traveller:
        app = make_app(clock_=SystemClock())
        app.tickets.create(TicketInput("SUP-1", client="Olga", next_update_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC)))
        app.runtime.on_local_change()
        assert backend.sent == []
        traveller.shift(timedelta(hours=2))  # the laptop slept; Qt's monotonic timers did not run
        assert app.runtime.scheduler.check_clock() is True  # the watchdog's tick
        assert len(backend.sent) == 1 and "SUP-1" in backend.sent[0].title
        assert app.runtime.scheduler.check_clock() is False
        app.runtime.reminder_alarm.due.emit()  # a late timer firing after wake-up changes nothing
        assert len(backend.sent) == 1


def test_cli_changes_show_up_and_replan(make_app, clock, data_dir, backend):
    import peewee

    app = make_app()
    assert app.runtime.reminder_alarm.armed_at is None
    other = peewee.SqliteDatabase(str(data_dir / "companion.sqlite3"))
    other.execute_sql(
        "INSERT INTO ticket (key, client, created_at, modified_at, cadence_from, next_update_due, search_text)"
        " VALUES ('EXT-1', 'X', 0, 0, 0, ?, 'ext-1')", (int(clock.now().timestamp()) + 1800,))
    other.close()
    assert app.runtime.poller.poll() is True  # the 1-second poll
    assert app.runtime.reminder_alarm.armed_at == clock.now() + timedelta(minutes=15)  # 15 min before it is due
    assert app.shell.main.model.row_of(app.tickets.get("EXT-1").id) >= 0


def test_reminder_popup_lists_due_and_updated_button_logs_an_update(make_app, clock, qtbot):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="Olga", subject="VPN", cadence="1h"))
    clock.advance(hours=2)
    app.runtime.on_local_change()
    app.shell.show_popup()
    assert app.shell.popup.isVisible() and len(app.shell.popup.rows) == 1
    texts = [label.text() for label in app.shell.popup.rows[0].findChildren(QLabel)]
    assert any("1 h late" in text for text in texts) and "VPN" in texts
    app.shell.popup.rows[0].updated.click()
    assert ClientUpdate.select().count() == 1
    assert len(app.shell.popup.rows) == 0 and "Nothing is due" in app.shell.popup.header.text()


def test_open_is_offered_only_with_a_link_and_esc_closes_the_popup(make_app, clock, qtbot):
    from PySide6.QtCore import Qt

    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="Olga", subject="VPN", cadence="1h"))
    app.tickets.create(TicketInput("SUP-2", client="Ivan", subject="Mail", cadence="1h",
                                   url="https://support.example.com/browse/SUP-2"))
    clock.advance(hours=2)
    app.runtime.on_local_change()
    app.shell.show_popup()
    rows = {row.item.key: row for row in app.shell.popup.rows}
    assert not rows["SUP-1"].open.isEnabled() and "no link" in rows["SUP-1"].open.toolTip()
    assert rows["SUP-2"].open.isEnabled()
    qtbot.keyClick(app.shell.popup, Qt.Key.Key_Escape)
    assert not app.shell.popup.isVisible()


def test_pause_silences_until_it_ends(make_app, clock, backend):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", cadence="1h"))  # due 08:00 UTC
    clock.advance(minutes=30)
    app.runtime.pause("1h")  # until 08:30
    clock.advance(minutes=35)
    app.runtime.reminder_alarm.due.emit()
    assert backend.sent == []
    assert app.runtime.reminder_alarm.armed_at == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # when the pause ends
    clock.set(app.runtime.reminder_alarm.armed_at)
    app.runtime.reminder_alarm.due.emit()
    assert len(backend.sent) == 1


def test_the_badge_counts_what_the_popup_lists(make_app, clock):
    """Four updates due, one snoozed: the tray's count and the popup's rows are both three."""
    app = make_app()
    for n in range(4):
        app.tickets.create(TicketInput(f"SUP-{n}", cadence="1h"))
    clock.advance(hours=2)
    app.tickets.snooze("SUP-3", clock.now() + timedelta(hours=1))
    app.runtime.on_local_change()
    app.shell.show_popup()
    assert len(app.shell.popup.rows) == 3
    assert len(app.runtime.reminders.pending_now()) == 3
    # The count shown is the same number, whether or not a tray exists here.
    app.shell.update_tray()
    if app.shell.tray is not None:
        assert app.shell.tray.count == 3


def test_a_promise_warning_row_names_the_promised_time(make_app, clock):
    app = make_app()
    app.tickets.create(TicketInput("SUP-9", cadence="none",
                                   promised_at=datetime(2026, 11, 23, 8, 30, tzinfo=UTC)))  # 11:30 Moscow
    app.runtime.on_local_change()
    app.shell.show_popup()
    texts = [label.text() for label in app.shell.popup.rows[0].findChildren(QLabel)]
    assert "promised for today 11:30, in 1 h 30 min" in texts  # not the warning's own 09:30


def test_opening_the_main_window_reads_the_list_once(make_app, monkeypatch):
    from companion.ui.ticket_model import TicketTableModel as TicketModel

    reads = []
    original = TicketModel.reload
    monkeypatch.setattr(TicketModel, "reload", lambda self: (reads.append(1), original(self))[1])
    app = make_app()
    reads.clear()
    app.shell.forget_main()  # as at start with a tray: the window is built on first use
    app.shell.show_main()
    assert len(reads) == 1
    app.shell.show_main()  # shown again later: read again, once
    assert len(reads) == 2
