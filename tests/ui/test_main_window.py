"""The main window: a list that reads at a glance (actions that apply, tab counts, late and soon
cells, Enter opens, a forgiving filter, an empty list that says why), and the actions on tickets.
Grabs of the window go to test-artifacts/main-*.png for a person to look at."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QToolBar, QToolButton

from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate, Ticket
from companion.ui import theme
from companion.ui.ticket_model import CLIENT, KEY, NEXT_UPDATE, PROMISED, STATUS, MarkRole
from companion.core.ticket_marks import Mark

UTC = timezone.utc
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOGICAL = QSize(911, 512)  # 1366×768 at 1.5×, less the panel

def rows(window):
    model = window.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def select(window, key):
    window.select_ticket(window.service.get(key).id)


def save(window, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / name))


def sample_tickets(app, clock) -> None:
    """A working morning: something late, something soon, promises near and far, waiting ones."""
    now = clock.now()
    make = app.tickets.create
    make(TicketInput("SUP-1042", client="ООО «Ромашка»", subject="Не печатает принтер в бухгалтерии",
                     next_update_at=now - timedelta(minutes=40)))
    make(TicketInput("SUP-1043", client="Ivan Petrov", subject="VPN drops every 10 minutes since the update",
                     next_update_at=now + timedelta(minutes=25), promised_at=now + timedelta(days=3)))
    make(TicketInput("SUP-1044", client="Acme Ltd", subject="Invoice export to 1C fails with a timeout",
                     cadence="1d", promised_at=now - timedelta(hours=1)))
    make(TicketInput("GH-88", client="Olga", subject="Mail is slow", cadence="4h", status="waiting_client"))
    make(TicketInput("SUP-1045", client="Сергей", subject="Нужен доступ к общей папке", cadence="1d",
                     status="waiting_dev"))
    make(TicketInput("SUP-1046", client="Zoe", subject="Password reset link expired",
                     next_update_at=now + timedelta(hours=3)))
    app.tickets.snooze("SUP-1046", now + timedelta(minutes=90))


@pytest.fixture
def window(make_app):
    app = make_app()
    app.shell.show_main()
    return app.shell.main


def test_the_title_is_the_window_s_own_name(window):
    assert window.windowTitle() == "Tickets"


def test_typing_in_the_filter_narrows_the_list(make_app, qtbot):
    app = make_app()
    for key, client in (("SUP-1", "Иван"), ("SUP-2", "Olga"), ("GH-3", "Ivan & Co")):
        app.tickets.create(TicketInput(key, client=client))
    app.shell.show_main()
    window = app.shell.main
    qtbot.keyClicks(window.filter, "iva")
    assert rows(window) == ["GH-3"]
    window.filter.clear()
    window.filter.insert("ИВ")  # QTest cannot synthesise Cyrillic key presses
    assert rows(window) == ["SUP-1"]


@pytest.mark.parametrize("typed", ["ромашкка", "hjvfirf", "Ромашка", "ромшка"])
def test_the_filter_forgives_typos_and_the_wrong_layout(make_app, typed):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="ООО «Ромашка»"))
    app.tickets.create(TicketInput("SUP-2", client="Olga", subject="Printer"))
    app.shell.show_main()
    window = app.shell.main
    window.filter.setText(typed)
    assert rows(window) == ["SUP-1"]
    assert window.stack.currentWidget() is window.table


def test_when_nothing_matches_the_list_says_so_and_offers_to_clear(make_app):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="ООО «Ромашка»"))
    app.shell.show_main()
    window = app.shell.main
    window.filter.setText("ROMASHKA")  # transliteration is not attempted
    assert rows(window) == []
    assert window.stack.currentWidget() is window.empty
    assert "Nothing matches “ROMASHKA”." in window.empty_title.text()
    assert window.empty_new.isHidden()
    window.empty_title.linkActivated.emit("clear")
    assert window.filter.text() == "" and rows(window) == ["SUP-1"]
    assert window.stack.currentWidget() is window.table


def test_with_no_tickets_the_list_says_how_to_add_the_first(window, qtbot):
    assert window.stack.currentWidget() is window.empty
    assert "No tickets yet" in window.empty_title.text()
    assert window.empty_new.text() == "New ticket…  (Ctrl+N)"
    hint = window.empty_hint.text()
    assert "or paste a ticket link here (Ctrl+V)" in hint
    assert "companion ticket add SUP-1 --client &quot;Acme&quot; --subject" in hint
    window.new_ticket_requested.disconnect()  # the test hears the request; no modal dialog
    with qtbot.waitSignal(window.new_ticket_requested):
        window.empty_new.click()


def test_an_empty_view_says_so_without_the_first_ticket_help(make_app):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", cadence="1d"))
    app.shell.show_main()
    window = app.shell.main
    window.set_view("waiting")
    assert window.stack.currentWidget() is window.empty
    assert "No ticket is waiting." in window.empty_title.text()
    assert window.empty_new.isHidden() and window.empty_hint.isHidden()


def test_actions_on_a_ticket_are_off_without_one_and_follow_the_selected_ticket(make_app):
    app = make_app()
    app.shell.show_main()
    window = app.shell.main
    for action in window.ticket_bound:
        assert not action.isEnabled(), action.text()
    assert window.act_new.isEnabled() and window.act_find_reply.isEnabled()
    app.tickets.create(TicketInput("SUP-1", cadence="1d", url="https://support.example.com/browse/SUP-1"))
    app.tickets.create(TicketInput("SUP-2", cadence="1d", status="waiting_client"))
    app.tickets.create(TicketInput("SUP-3"))
    app.tickets.archive("SUP-3")
    window.refresh()

    select(window, "SUP-1")
    assert window.act_open.isEnabled() and window.act_updated.isEnabled() and window.act_resolve.isEnabled()
    assert window.act_waiting.isVisible() and not window.act_reopen.isVisible()
    assert window.act_archive.isVisible() and not window.act_restore.isVisible()

    select(window, "SUP-2")
    assert not window.act_open.isEnabled()
    assert window.act_open.toolTip() == "This ticket has no link. Edit the ticket to add one."
    assert window.act_reopen.isVisible() and window.act_reopen.isEnabled() and not window.act_waiting.isVisible()

    select(window, "SUP-3")
    assert window.model.view == "archived"
    assert window.act_restore.isVisible() and window.act_restore.isEnabled() and not window.act_archive.isVisible()
    assert not window.act_updated.isEnabled() and not window.act_snooze.isEnabled()


def test_mark_updated_from_the_keyboard_logs_and_shows_in_the_detail_pane(make_app, qtbot, monkeypatch):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="Olga", cadence="1h"))
    app.shell.show_main()
    window = app.shell.main
    select(window, "SUP-1")
    monkeypatch.setattr("companion.ui.ticket_actions.MarkUpdatedDialog.exec", lambda self: (
        self.note.setPlainText("sent the workaround"), 1)[1])
    assert window.act_updated.shortcut() == QKeySequence("Ctrl+U")
    window.act_updated.trigger()
    update = ClientUpdate.get()
    assert update.note == "sent the workaround" and update.on_time is True
    assert "sent the workaround" in window.detail.toPlainText()
    assert "client update logged" in window.statusBar().currentMessage()


def test_enter_on_a_row_opens_the_ticket(make_app, qtbot):
    app = make_app()
    ticket = app.tickets.create(TicketInput("SUP-1"))
    app.shell.show_main()
    window = app.shell.main
    window.edit_requested.disconnect()  # the test hears the request; no modal dialog
    select(window, "SUP-1")
    window.table.setFocus()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        with qtbot.waitSignal(window.edit_requested) as signal:
            qtbot.keyClick(window.table, key)
        assert signal.args == [ticket.id]


def test_tabs_count_their_tickets_and_follow_changes_and_the_clock(make_app, clock):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", next_update_at=clock.now() + timedelta(minutes=30)))
    app.tickets.create(TicketInput("SUP-2", cadence="1d", status="waiting_client"))
    app.shell.show_main()
    window = app.shell.main
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert labels == ["Due now (0)", "Today (1)", "Waiting (1)", "All (2)", "Archived"]
    app.tickets.create(TicketInput("SUP-3"))
    window.refresh()
    assert window.tabs.tabText(3) == "All (3)"
    clock.advance(timedelta(minutes=31))
    app.shell.tick()  # a minute passed: the model's time moved, and with it "Due now"
    assert window.tabs.tabText(0) == "Due now (1)"


def test_only_the_late_cell_is_red_and_a_future_promise_is_not(make_app, clock):
    app = make_app()
    sample_tickets(app, clock)
    app.shell.show_main()
    window = app.shell.main
    model = window.model

    def cell(key, column):
        return model.index(model.row_of(app.tickets.get(key).id), column)

    late_update = cell("SUP-1042", NEXT_UPDATE)
    assert late_update.data(MarkRole) == Mark.LATE
    assert late_update.data(Qt.ItemDataRole.ForegroundRole).color() == theme.late()
    for column in (KEY, CLIENT, PROMISED):
        assert cell("SUP-1042", column).data(Qt.ItemDataRole.ForegroundRole) is None
    assert cell("SUP-1043", NEXT_UPDATE).data(MarkRole) == Mark.SOON
    assert cell("SUP-1043", NEXT_UPDATE).data(Qt.ItemDataRole.ForegroundRole).color() == theme.soon()
    assert cell("SUP-1043", PROMISED).data(MarkRole) == Mark.NONE  # three days ahead: nothing to fear
    assert cell("SUP-1043", PROMISED).data(Qt.ItemDataRole.ForegroundRole) is None
    assert cell("SUP-1044", PROMISED).data(MarkRole) == Mark.LATE
    assert cell("SUP-1044", NEXT_UPDATE).data(MarkRole) == Mark.NONE  # its update is tomorrow


def test_status_shows_only_where_it_is_not_open_and_says_how_long_and_what_is_left(make_app, clock):
    app = make_app()
    sample_tickets(app, clock)
    clock.advance(timedelta(hours=2))
    app.shell.show_main()
    window = app.shell.main
    window.set_view("waiting")
    model = window.model

    def cell(key, column):
        return model.index(model.row_of(app.tickets.get(key).id), column)

    assert cell("GH-88", STATUS).data() == "Waiting on client · 2 h"
    assert cell("GH-88", NEXT_UPDATE).data() == "4 h left"
    assert "4 h of working time left" in cell("GH-88", NEXT_UPDATE).data(Qt.ItemDataRole.ToolTipRole)
    assert cell("GH-88", NEXT_UPDATE).data(Qt.ItemDataRole.DecorationRole) is not None
    assert cell("SUP-1045", STATUS).data() == "Waiting on developers · 2 h"
    window.set_view("all")
    assert cell("SUP-1042", STATUS).data() is None


def test_a_snoozed_ticket_says_until_when(make_app, clock):
    app = make_app()
    sample_tickets(app, clock)
    app.shell.show_main()
    model = app.shell.main.model
    index = model.index(model.row_of(app.tickets.get("SUP-1046").id), NEXT_UPDATE)
    assert index.data() == "until 11:30"  # 10:00 Moscow + 90 min
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert index.data(Qt.ItemDataRole.ToolTipRole) == ("Reminders snoozed until today 11:30; "
                                                       "next update today 13:00 (in 3 h)")


def test_waiting_resolve_archive_move_tickets_between_views(make_app, qtbot):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", cadence="1d"))
    app.tickets.create(TicketInput("SUP-2", cadence="1d"))
    app.shell.show_main()
    window = app.shell.main
    select(window, "SUP-1")
    window.act_waiting.trigger()
    assert Ticket.get(Ticket.key == "SUP-1").status == "waiting_client"
    window.set_view("waiting")
    assert rows(window) == ["SUP-1"]
    window.set_view("all")
    select(window, "SUP-2")
    window.act_archive.trigger()
    assert rows(window) == ["SUP-1"]
    window.set_view("archived")
    assert rows(window) == ["SUP-2"]
    select(window, "SUP-2")
    window.act_restore.trigger()
    assert rows(window) == []


def test_overdue_count_reaches_the_badge_state(make_app, clock):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", cadence="1h"))
    clock.advance(timedelta(hours=2))
    app.shell.refresh()
    assert app.tickets.overdue_count() == 1


def primary_buttons_fit(window) -> list[str]:
    """The primary actions whose buttons are not wholly on the toolbar (hidden in its » menu)."""
    toolbar = window.findChild(QToolBar, "actions")
    missing = []
    for action in (window.act_new, window.act_updated, window.act_snooze, window.act_open, window.act_waiting,
                   window.act_reopen, window.act_resolve, window.act_archive, window.act_restore,
                   window.act_find_reply, window.act_wellbeing, window.act_settings):
        if not action.isVisible():
            continue
        widget = toolbar.widgetForAction(action) if action is not window.act_find_reply else window.reply_button
        if widget is None or not widget.isVisible() or widget.geometry().right() > toolbar.width():
            missing.append(action.text())
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    if extension is not None and extension.isVisible():
        missing.append("»")
    return missing


def test_the_toolbar_fits_at_1_5x_on_a_small_laptop_in_russian(make_app, qapp, qtbot, clock):
    from companion import i18n

    i18n.install(qapp, "ru")
    try:
        app = make_app()
        sample_tickets(app, clock)
        app.shell.show_main()
        window = app.shell.main
        window.resize(LOGICAL)
        qtbot.waitExposed(window)
        select(window, "GH-88")  # "Back to open" is the longer of the pair
        window.act_restore.setVisible(True)  # and so is "Restore": the widest toolbar there can be
        window.act_archive.setVisible(False)
        qapp.processEvents()
        assert window.act_new.text() == "Новый тикет…"
        save(window, "main-ru-widest.png")
        assert primary_buttons_fit(window) == []
        select(window, "SUP-1043")
        qapp.processEvents()
        save(window, "main-ru.png")
    finally:
        i18n.install(qapp, "en")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(make_app, qapp, qtbot, clock, monkeypatch, scheme):
    monkeypatch.setenv("COMPANION_COLOR_SCHEME", scheme)
    theme.apply(qapp)
    try:
        app = make_app()
        sample_tickets(app, clock)
        app.shell.show_main()
        window = app.shell.main
        window.resize(LOGICAL)
        qtbot.waitExposed(window)
        select(window, "SUP-1043")
        assert primary_buttons_fit(window) == []
        save(window, f"main-{'en' if scheme == 'light' else 'dark'}.png")
        if scheme == "light":
            window.set_view("waiting")
            save(window, "main-waiting.png")
            window.set_view("all")
            window.filter.setText("hjvfirf")
            save(window, "main-filter-layout.png")
            window.filter.setText("zzzz")
            save(window, "main-nothing-matches.png")
    finally:
        monkeypatch.setenv("COMPANION_COLOR_SCHEME", "light")
        theme.apply(qapp)


def test_screenshot_of_the_first_start(window, qtbot):
    window.resize(LOGICAL)
    qtbot.waitExposed(window)
    save(window, "main-empty.png")


def test_icons_are_tinted_again_when_the_scheme_changes(window, qapp, monkeypatch):
    def brightest(icon) -> int:
        image = icon.pixmap(16, 16).toImage()
        return max(image.pixelColor(x, y).lightness() for x in range(image.width()) for y in range(image.height())
                   if image.pixelColor(x, y).alpha() > 128)

    light = brightest(window.act_new.icon())
    monkeypatch.setenv("COMPANION_COLOR_SCHEME", "dark")
    theme.apply(qapp)
    try:
        theme.notifier().changed.emit()  # what a switch of the system's scheme announces
        assert brightest(window.act_new.icon()) > light + 100
    finally:
        monkeypatch.setenv("COMPANION_COLOR_SCHEME", "light")
        theme.apply(qapp)
        theme.notifier().changed.emit()


def test_a_pasted_link_opens_the_new_ticket_dialog_with_the_link_and_its_key(make_app, monkeypatch):
    from companion.ui.ticket_dialog import TicketDialog

    seen = []
    monkeypatch.setattr(TicketDialog, "exec", lambda self: (seen.append((self.url.text(), self.key.text())), 0)[1])
    app = make_app()
    app.shell.show_main()
    window = app.shell.main
    QGuiApplication.clipboard().setText("  https://support.example.com/browse/SUP-77 ")
    window.act_paste.trigger()
    assert seen == [("https://support.example.com/browse/SUP-77", "SUP-77")]
    QGuiApplication.clipboard().setText("not a link")
    window.act_paste.trigger()
    assert len(seen) == 1 and "Paste a ticket link" in window.statusBar().currentMessage()
    QGuiApplication.clipboard().clear()


def test_toolbar_words_give_way_to_icons_only_when_short_of_room(make_app, qtbot, clock):
    app = make_app()
    sample_tickets(app, clock)
    app.shell.show_main()
    window = app.shell.main
    window.resize(QSize(1360, 700))
    qtbot.waitExposed(window)
    button = window.toolbar.widgetForAction(window.act_archive)
    assert button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    window.resize(QSize(560, 500))
    qtbot.waitUntil(lambda: button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly)
    assert button.toolTip() and window.toolbar.widgetForAction(window.act_new).toolButtonStyle() \
        == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    window.resize(QSize(1360, 700))
    qtbot.waitUntil(lambda: button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
