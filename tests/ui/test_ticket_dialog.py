from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from companion.store.models import Ticket
from companion.ui.ticket_dialog import TicketDialog

MSK = ZoneInfo("Europe/Moscow")


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
    assert "Tue 24 Nov 2026, 15:00" in dialog.promised.result.text()
    dialog.next_update.edit.setText("friday 4pm")
    dialog.next_update.parse_now()
    assert "Fri 27 Nov 2026, 16:00" in dialog.next_update.result.text()
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
    assert "cannot understand the time" in dialog.error.text()
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
