from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from companion.core.ticket_marks import Mark
from companion.core.tickets import TicketInput
from companion.ui import theme
from companion.ui.ticket_model import LAST_UPDATE, NEXT_UPDATE, PROMISED, MarkRole, OverdueRole, TicketTableModel


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
    model.set_filter("ghbynth")  # "принтер" in the other layout: no match, an empty model
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


def test_only_the_late_time_stands_out_not_the_whole_row(qapp, tickets, clock):
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    row = model.row_of(tickets.get("SUP-1").id)
    assert model.index(row, NEXT_UPDATE).data(MarkRole) == Mark.SOON  # due in an hour
    assert model.index(row, NEXT_UPDATE).data(Qt.ItemDataRole.ForegroundRole).color() == theme.soon()
    clock.advance(timedelta(hours=2))
    model.refresh_time()
    assert model.index(row, 0).data(OverdueRole) is True
    assert model.index(row, NEXT_UPDATE).data(MarkRole) == Mark.LATE
    assert model.index(row, NEXT_UPDATE).data(Qt.ItemDataRole.ForegroundRole).color() == theme.late()
    assert model.index(row, NEXT_UPDATE).data(Qt.ItemDataRole.FontRole).bold()
    for column in (0, 1, 2, PROMISED):
        assert model.index(row, column).data(Qt.ItemDataRole.ForegroundRole) is None
    other = model.row_of(tickets.get("SUP-2").id)
    assert model.index(other, 0).data(OverdueRole) is False
    assert model.index(other, NEXT_UPDATE).data(MarkRole) == Mark.NONE


def test_a_future_promise_is_neutral_and_soon_inside_its_warning(qapp, tickets, clock):
    now = clock.now()
    tickets.create(TicketInput("SUP-1", promised_at=now + timedelta(days=2)))
    tickets.create(TicketInput("SUP-2", promised_at=now + timedelta(hours=1)))
    model = TicketTableModel(tickets, warning_hours=lambda: 2.0)
    far = model.index(model.row_of(tickets.get("SUP-1").id), PROMISED)
    near = model.index(model.row_of(tickets.get("SUP-2").id), PROMISED)
    assert far.data(MarkRole) == Mark.NONE and far.data(Qt.ItemDataRole.ForegroundRole) is None
    assert near.data(MarkRole) == Mark.SOON


def test_times_read_relative_today_and_by_day_further_off(qapp, tickets, clock):
    make_tickets(tickets)
    tickets.mark_updated("SUP-3")
    clock.advance(timedelta(minutes=20))
    model = TicketTableModel(tickets)
    first = model.row_of(tickets.get("SUP-1").id)
    assert model.index(first, NEXT_UPDATE).data() == "11:00 · in 40 min"
    assert model.index(first, NEXT_UPDATE).data(Qt.ItemDataRole.ToolTipRole) == "today 11:00"
    second = model.row_of(tickets.get("SUP-2").id)
    assert model.index(second, NEXT_UPDATE).data() == "tomorrow 10:00"
    assert model.index(second, NEXT_UPDATE).data(Qt.ItemDataRole.ToolTipRole) == "in 23 h 40 min"
    third = model.row_of(tickets.get("SUP-3").id)
    assert model.index(third, LAST_UPDATE).data() == "today 10:00"
    assert model.index(third, LAST_UPDATE).data(Qt.ItemDataRole.ToolTipRole) == "20 min ago"


@pytest.mark.parametrize("typed,expected", [
    ("иванн петров", ["SUP-1"]),  # a doubled letter, and a second word
    ("ивн петров", []),  # three letters are too few to tell a typo from another word
    ("bdfy", ["SUP-1"]),  # "иван" in the English layout
    ("printr", ["SUP-1"]),
    ("vfbk", []),  # "mail" in the Russian layout is only searched for as "мфшд"... and found nowhere
])
def test_filter_forgives_typos_and_the_keyboard_layout(qapp, tickets, typed, expected):
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    model.set_filter(typed)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == expected


def test_the_filter_index_is_built_between_events_once_filtering_starts(qtbot, tickets, monkeypatch):
    monkeypatch.setattr("companion.ui.ticket_model.INDEX_SLICE", 1)  # one ticket a turn
    make_tickets(tickets)
    model = TicketTableModel(tickets)
    model.prepare_filter()
    index = model._index
    assert index is not None and not index.ready  # nothing is built before the event loop turns
    qtbot.waitUntil(lambda: index.ready)
    model.set_filter("иванн")
    assert model._index is index and [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-1"]


def test_views_switch_what_is_listed(qapp, tickets, clock):
    make_tickets(tickets)
    tickets.set_status("SUP-2", "waiting_client")
    model = TicketTableModel(tickets)
    model.set_view("waiting")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-2"]
    clock.advance(timedelta(hours=2))
    model.set_view("due")
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["SUP-1"]


def test_a_ticket_offered_to_a_colleague_says_so_on_its_key(qapp, tickets, clock):
    from companion.store.models import Handoff

    tickets.create(TicketInput("SUP-1"))
    tickets.create(TicketInput("SUP-2"))
    first = tickets.get("SUP-1")
    Handoff.create(token="t-1", direction="out", ticket=first.id, ticket_key="SUP-1", colleague="boris",
                   colleague_name="Борис Смирнов", state="offered", created_at=clock.now())
    model = TicketTableModel(tickets)
    key = model.index(model.row_of(first.id), 0)
    assert key.data(Qt.ItemDataRole.ToolTipRole) == "Offered to Борис Смирнов; waiting for the answer"
    assert not key.data(Qt.ItemDataRole.DecorationRole).isNull()
    other = model.index(model.row_of(tickets.get("SUP-2").id), 0)
    assert other.data(Qt.ItemDataRole.ToolTipRole) is None
    assert other.data(Qt.ItemDataRole.DecorationRole) is None
