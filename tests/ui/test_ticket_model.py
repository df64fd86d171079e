from datetime import timedelta

from PySide6.QtCore import Qt

from companion.core.tickets import TicketInput
from companion.ui.ticket_model import OverdueRole, TicketTableModel


def make_tickets(tickets):
    tickets.create(TicketInput("SUP-1", client="Иван Петров", subject="Printer", cadence="1h"))
    tickets.create(TicketInput("SUP-2", client="Olga", subject="Mail is slow", cadence="1d"))
    tickets.create(TicketInput("SUP-3", client="Zoe", subject="VPN", notes="call after 14:00"))


def test_model_passes_qabstractitemmodeltester(qtmodeltester, tickets):
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    qtmodeltester.check(model)
    model.set_filter("sup")
    qtmodeltester.check(model)


def test_filter_matches_key_client_subject_and_notes_case_insensitively(qapp, tickets):
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    assert model.rowCount() == 3
    model.set_filter("иван")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-1"]
    model.set_filter("AFTER 14")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-3"]
    model.set_filter("")
    assert model.rowCount() == 3


def test_sorting_by_next_update_puts_tickets_without_one_last(qapp, tickets):
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    model.sort(4, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["SUP-1", "SUP-2", "SUP-3"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["SUP-3", "SUP-2", "SUP-1"]


def test_overdue_rows_stand_out(qapp, tickets, clock):
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    clock.advance(timedelta(hours=2))
    model.refresh_time()
    row = model.row_of(tickets.get("SUP-1").id)
    assert model.index(row, 0).data(OverdueRole) is True
    assert model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    other = model.row_of(tickets.get("SUP-2").id)
    assert model.index(other, 0).data(OverdueRole) is False


def test_views_switch_what_is_listed(qapp, tickets, clock):
    make_tickets(tickets)
    tickets.set_status("SUP-2", "waiting_client")
    model = TicketTableModel(tickets)
    model.set_view("waiting")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-2"]
    clock.advance(timedelta(hours=2))
    model.set_view("due")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-1"]
