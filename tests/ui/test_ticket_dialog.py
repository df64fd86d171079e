from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from companion.store.models import Ticket
from companion.ui.ticket_dialog import TicketDialog
from tests.ui.questions import answer_question

MSK = ZoneInfo("Europe/Moscow")


def load_text(dialog):
    """The load line as read (its figures are joined by no-break spaces, so they wrap whole)."""
    return dialog.load_label.text().replace("\u00a0", " ")


def test_pasting_a_helpdesk_link_fills_the_key(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.url.setText("https://acme.atlassian.net/browse/sup-1234")
    assert dialog.key.text() == "SUP-1234"
    dialog.url.setText("https://acme.zendesk.com/agent/tickets/5521")
    assert dialog.key.text() == "#5521"  # replaced: it was filled from the previous link
    dialog.key.setText("MY-KEY")
    dialog.url.setText("https://acme.freshdesk.com/a/tickets/77")
    assert dialog.key.text() == "MY-KEY"  # typed by the user: kept


def test_typed_times_are_parsed_and_shown_before_saving(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-1")
    dialog.promised.edit.setText("завтра 15:00")
    dialog.promised.parse_now()
    assert dialog.promised.result.text() == "→ tomorrow, Tue 24 November, 15:00 (in 1 d 5 h)"
    dialog.next_update.edit.setText("friday 4pm")
    dialog.next_update.parse_now()
    assert dialog.next_update.result.text() == "→ Fri 27 November, 16:00 (in 4 d 6 h)"
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    saved = Ticket.get(Ticket.key == "SUP-1")
    assert saved.promised_at == datetime(2026, 11, 24, 15, 0, tzinfo=MSK)
    assert saved.next_update_due == datetime(2026, 11, 27, 16, 0, tzinfo=MSK)


def test_bad_input_says_what_is_wrong_and_saves_nothing(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-2")
    dialog.url.setText("javascript:alert(1)")
    dialog.save()
    assert "only http and https" in dialog.error.text().lower()
    assert Ticket.select().count() == 0
    dialog.url.setText("")
    dialog.promised.edit.setText("когда-нибудь потом")
    dialog.save()
    assert "Cannot read “когда-нибудь потом”" in dialog.error.text()
    assert Ticket.select().count() == 0
    assert dialog.key.text() == "SUP-2"  # nothing the user typed is lost


def test_editing_keeps_values_and_changes_cadence(qtbot, tickets):
    from companion.core.tickets import TicketInput

    t = tickets.create(TicketInput("SUP-3", client="Olga", cadence="1d", notes="n"))
    dialog = TicketDialog(tickets, t)
    qtbot.addWidget(dialog)
    assert dialog.client.text() == "Olga" and dialog.cadence_code() == "1d"
    dialog.cadence.setCurrentIndex(dialog.cadence.findData("4h"))
    dialog.hours.setValue(6)
    dialog.save()
    assert Ticket.get_by_id(t.id).cadence == "6h"


def test_new_ticket_defaults(qtbot, tickets):
    dialog = TicketDialog(tickets, default_cadence="2d")
    qtbot.addWidget(dialog)
    assert dialog.priority.currentData() == "normal"
    assert dialog.status.currentData() == "open"
    assert dialog.cadence_code() == "2d"


def test_saving_an_edit_keeps_times_to_the_second(qtbot, tickets, clock):
    from datetime import timedelta

    from companion.core.tickets import TicketInput

    promised = clock.now() + timedelta(hours=2, seconds=37)
    t = tickets.create(TicketInput("SUP-9", promised_at=promised))
    dialog = TicketDialog(tickets, t)
    qtbot.addWidget(dialog)
    dialog.notes.setPlainText("only the notes changed")
    dialog.save()
    assert Ticket.get_by_id(t.id).promised_at == promised


# -- the load of the commitment's day (clock: Monday 23 November 2026, 10:00 Moscow) -------------------
def _workload(tickets, settings):
    from companion.core.workload import Workload

    return Workload(tickets, lambda: (settings.get("capacity_tickets"), settings.get("capacity_updates")))


def _promised(tickets, n, when, prefix="P"):
    from companion.core.tickets import TicketInput

    return [tickets.create(TicketInput(f"{prefix}-{i}", cadence="none", promised_at=when)) for i in range(n)]


def test_the_load_line_shows_the_chosen_days_figures_as_fields_change(qtbot, tickets, settings):
    from companion.core.tickets import TicketInput

    for i in range(3):
        tickets.create(TicketInput(f"D-{i}", cadence="1d"))  # every working day from Tuesday
    dialog = TicketDialog(tickets, default_cadence="none", workload=_workload(tickets, settings))
    qtbot.addWidget(dialog)
    assert not dialog.load_box.isHidden()
    assert load_text(dialog) == "Mon 23 Nov: 0 of 20 updates · 4 of 25 active tickets"  # today
    with qtbot.waitSignal(dialog.load_changed, timeout=3000):
        qtbot.keyClicks(dialog.promised.edit, "2026-11-27 16:00")
    assert load_text(dialog) == "Fri 27 Nov: 4 of 20 updates · 4 of 25 active tickets"
    with qtbot.waitSignal(dialog.load_changed, timeout=3000):
        dialog.cadence.setCurrentIndex(dialog.cadence.findData("4h"))  # on Friday: 10:00, 14:00, 18:00
    assert load_text(dialog) == "Fri 27 Nov: 7 of 20 updates · 4 of 25 active tickets"
    assert dialog.load_actions.isHidden()


def test_over_capacity_warns_and_use_moves_the_promise_to_a_day_with_room(qtbot, tickets, settings):
    settings.set("capacity_updates", 3)
    _promised(tickets, 3, datetime(2026, 11, 27, 11, 0, tzinfo=MSK))  # Friday is full
    dialog = TicketDialog(tickets, default_cadence="none", workload=_workload(tickets, settings),
                          handoff=lambda ticket_id: None)
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-10")
    dialog.promised.set_text("2026-11-27 16:30")
    dialog.refresh_load()
    assert load_text(dialog) == ("Over your capacity on Fri 27 Nov (4 of 3 updates). Consider Mon 30 Nov, "
                                        "which has room, or hand the ticket to a colleague.")
    assert not dialog.load_actions.isHidden()
    assert dialog.use_day.text() == "Use Mon 30 Nov"
    qtbot.mouseClick(dialog.use_day, Qt.MouseButton.LeftButton)
    assert dialog.promised.edit.text() == "2026-11-30 16:30"
    assert load_text(dialog) == "Mon 30 Nov: 1 of 3 updates · 4 of 25 active tickets"
    assert dialog.load_actions.isHidden()
    dialog.save()
    assert Ticket.get(Ticket.key == "SUP-10").promised_at == datetime(2026, 11, 30, 16, 30, tzinfo=MSK)


def test_use_moves_the_next_update_when_that_overloads_the_day(qtbot, tickets, settings):
    settings.set("capacity_updates", 2)
    _promised(tickets, 2, datetime(2026, 11, 27, 11, 0, tzinfo=MSK))
    _promised(tickets, 2, datetime(2026, 11, 30, 11, 0, tzinfo=MSK), prefix="M")  # Monday full as well
    dialog = TicketDialog(tickets, default_cadence="none", workload=_workload(tickets, settings))
    qtbot.addWidget(dialog)
    dialog.next_update.set_text("2026-11-27 10:15")
    dialog.refresh_load()
    assert load_text(dialog).startswith("Over your capacity on Fri 27 Nov (3 of 2 updates). Consider Tue 1 Dec")
    assert dialog.copy_handoff.isHidden()  # no hand-off callback given
    qtbot.mouseClick(dialog.use_day, Qt.MouseButton.LeftButton)
    assert dialog.next_update.edit.text() == "2026-12-01 10:15"
    assert dialog.promised.edit.text() == ""


def test_the_warning_never_blocks_saving(qtbot, tickets, settings):
    settings.set("capacity_updates", 1)
    _promised(tickets, 1, datetime(2026, 11, 24, 12, 0, tzinfo=MSK))
    dialog = TicketDialog(tickets, default_cadence="none", workload=_workload(tickets, settings))
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-11")
    dialog.promised.set_text("2026-11-24 15:00")
    dialog.refresh_load()
    assert load_text(dialog).startswith("Over your capacity on Tue 24 Nov (2 of 1 updates).")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Ticket.get(Ticket.key == "SUP-11").promised_at == datetime(2026, 11, 24, 15, 0, tzinfo=MSK)


def test_hand_off_receives_the_ticket_being_edited_or_none_for_a_new_one(qtbot, tickets, settings):
    from companion.core.tickets import TicketInput

    settings.set("capacity_updates", 1)
    _promised(tickets, 1, datetime(2026, 11, 24, 12, 0, tzinfo=MSK))
    mine = tickets.create(TicketInput("SUP-12", cadence="none"))
    asked = []
    dialog = TicketDialog(tickets, mine, workload=_workload(tickets, settings), handoff=asked.append)
    qtbot.addWidget(dialog)
    dialog.promised.set_text("2026-11-24 15:00")
    dialog.refresh_load()
    assert not dialog.copy_handoff.isHidden()
    qtbot.mouseClick(dialog.copy_handoff, Qt.MouseButton.LeftButton)
    new = TicketDialog(tickets, default_cadence="none", workload=_workload(tickets, settings), handoff=asked.append)
    qtbot.addWidget(new)
    new.promised.set_text("2026-11-24 16:00")
    new.refresh_load()
    qtbot.mouseClick(new.copy_handoff, Qt.MouseButton.LeftButton)
    assert asked == [mine.id, None]


def test_too_many_active_tickets_suggests_a_hand_off_only_when_adding_one(qtbot, tickets, settings):
    from companion.core.tickets import TicketInput

    settings.set("capacity_tickets", 2)
    first = tickets.create(TicketInput("SUP-13", cadence="none"))
    tickets.create(TicketInput("SUP-14", cadence="none"))
    new = TicketDialog(tickets, default_cadence="none", workload=_workload(tickets, settings), handoff=lambda i: None)
    qtbot.addWidget(new)
    assert load_text(new) == ("Over your capacity (3 of 2 active tickets). "
                                     "Consider handing the ticket to a colleague.")
    assert new.use_day.isHidden() and not new.copy_handoff.isHidden()
    edit = TicketDialog(tickets, first, workload=_workload(tickets, settings), handoff=lambda i: None)
    qtbot.addWidget(edit)
    assert load_text(edit) == "Mon 23 Nov: 0 of 20 updates · 2 of 2 active tickets"


def test_no_workload_no_load_line(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.promised.set_text("2026-11-27 16:00")
    dialog.refresh_load()
    assert dialog.load_box.isHidden() and load_text(dialog) == ""


def test_a_phrase_with_two_readings_offers_both_and_a_click_chooses(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.promised.set_text("в 7")  # 07:00 or 19:00: neither inside working hours
    assert dialog.promised.value is None and len(dialog.promised.readings) == 2
    assert "Which one?" in dialog.promised.result.text() and 'href="1"' in dialog.promised.result.text()
    dialog.promised.result.linkActivated.emit("1")
    assert dialog.promised.value == datetime(2026, 11, 24, 7, 0, tzinfo=MSK)
    assert dialog.promised.result.text().startswith("→ tomorrow, Tue 24 November, 07:00")


def test_a_day_alone_is_shown_as_the_end_of_its_working_day(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.promised.set_text("в пятницу")
    assert dialog.promised.value == datetime(2026, 11, 27, 18, 0, tzinfo=MSK)
    assert dialog.promised.result.text() == "→ Fri 27 November, end of the working day, 18:00 (in 4 d 8 h)"


def test_in_russian_the_preview_and_the_refusal_are_russian(qtbot, tickets, monkeypatch):
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian))
    try:
        dialog = TicketDialog(tickets)
        qtbot.addWidget(dialog)
        dialog.promised.set_text("завтра в 15")
        assert dialog.promised.result.text() == "→ завтра, вт 24 ноября, 15:00 (через 1 дн 5 ч)"
        dialog.promised.set_text("когда-нибудь")
        assert dialog.promised.result.text().startswith("✗ Не понимаю «когда-нибудь». Напишите, например:")
    finally:
        QLocale.setDefault(previous)


def test_a_next_update_after_hours_shows_when_it_will_really_be_due(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.next_update.set_text("сегодня в 20:00")
    assert dialog.next_update.result.text() == (
        "→ today, Mon 23 November, 20:00 (in 10 h)\n"
        "after working hours: due at the start of the shift, tomorrow, Tue 24 November, 09:00")
    dialog.promised.set_text("сегодня в 20:00")  # a promise is what the client was told: kept as is
    assert "\n" not in dialog.promised.result.text()


def test_choosing_a_day_alone_shows_it_as_the_end_of_the_working_day(qtbot, tickets):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.promised.set_text("в понедельник")  # said on a Monday: today or next week?
    assert len(dialog.promised.readings) == 2
    dialog.promised.result.linkActivated.emit("1")
    assert dialog.promised.result.text() == "→ Mon 30 November, end of the working day, 18:00 (in 7 d 8 h)"


# -- keys: Esc asks before typed data is lost, Ctrl+Enter saves (issue 13) ---------------------------
def shown_dialog(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())  # no question at teardown
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def test_esc_on_an_untouched_new_ticket_closes_without_asking(qtbot, tickets):
    dialog = shown_dialog(qtbot, TicketDialog(tickets, default_cadence="1d"))
    assert dialog.focusWidget() is dialog.url  # a new ticket starts with the link: it fills the key
    qtbot.keyClick(dialog.url, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == 0


def test_esc_with_typed_data_asks_and_keep_editing_keeps_it(qtbot, tickets):
    dialog = shown_dialog(qtbot, TicketDialog(tickets))
    qtbot.keyClicks(dialog.subject, "Printer on fire")
    asked = []
    answer_question("Keep editing", asked)
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Escape)
    assert asked == ["Discard this new ticket?"]
    assert dialog.isVisible() and dialog.subject.text() == "Printer on fire"
    answer_question("Discard", asked)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()  # Cancel asks the same
    assert asked[-1] == "Discard this new ticket?" and not dialog.isVisible()
    assert Ticket.select().count() == 0


def test_closing_an_edited_ticket_asks_about_the_changes_only(qtbot, tickets):
    from companion.core.tickets import TicketInput

    ticket = tickets.create(TicketInput("SUP-1", subject="VPN", cadence="1d", promised_at=tickets.clock.now()))
    dialog = shown_dialog(qtbot, TicketDialog(tickets, ticket))
    assert dialog.focusWidget() is dialog.next_update.edit  # an edit is mostly to move a time
    dialog.close()  # nothing changed: no question
    assert not dialog.isVisible()
    again = shown_dialog(qtbot, TicketDialog(tickets, tickets.get(ticket.id)))
    again.notes.setPlainText("called them")
    asked = []
    answer_question("Discard", asked)
    again.close()
    assert asked == ["Discard your changes?"] and not again.isVisible()
    assert tickets.get(ticket.id).notes == ""


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_saves_from_any_field_even_the_notes(qtbot, tickets, key):
    dialog = shown_dialog(qtbot, TicketDialog(tickets))
    qtbot.keyClicks(dialog.key, "SUP-9")
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "first line")
    qtbot.keyClick(dialog.notes, key, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == 1 and dialog.saved is not None
    assert tickets.get("SUP-9").notes == "first line"


def test_an_error_line_grows_the_dialog_rather_than_squeezing_the_fields(qtbot, tickets):
    dialog = shown_dialog(qtbot, TicketDialog(tickets))
    dialog.next_update.set_text("blah blah")
    before = dialog.height()
    dialog.save()
    assert dialog.error.isVisible()
    qtbot.waitUntil(lambda: dialog.height() > before)
    viewport = dialog.fields_area.viewport().height()
    assert dialog.fields.height() <= viewport + 1  # all the fields in view: none under Save


def test_the_time_placeholders_fit_their_fields(qtbot, tickets):
    dialog = shown_dialog(qtbot, TicketDialog(tickets))
    for when in (dialog.next_update, dialog.promised):
        edit = when.edit
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 24  # the frame and margins
        assert needed <= edit.width(), edit.placeholderText()
    assert not dialog.promised.result.isVisible()  # no empty line under an empty field
