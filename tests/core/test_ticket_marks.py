"""What the list marks: late and soon per time, counts per view, snoozed, and how long a ticket
has waited."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from companion.core.ticket_marks import Mark, is_snoozed, promise_mark, update_mark, view_counts, waiting
from companion.core.tickets import TicketInput
from companion.store.models import Ticket, db

UTC = timezone.utc


def row(tickets, key):
    return tickets.rows([tickets.get(key).id])[0]


def test_an_update_is_late_once_due_and_soon_within_the_hour_before(tickets, clock):
    tickets.create(TicketInput("SUP-1", next_update_at=clock.now() + timedelta(minutes=90)))
    assert update_mark(row(tickets, "SUP-1"), clock.now()) == Mark.NONE
    clock.advance(timedelta(minutes=31))
    assert update_mark(row(tickets, "SUP-1"), clock.now()) == Mark.SOON
    clock.advance(timedelta(minutes=59))
    assert update_mark(row(tickets, "SUP-1"), clock.now()) == Mark.LATE


def test_a_promise_is_neutral_until_its_warning_then_soon_then_late(tickets, clock, schedule):
    # Monday 10:00 Moscow; promised Wednesday 15:00; the warning is 2 working hours before.
    promised = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    tickets.create(TicketInput("SUP-1", promised_at=promised))
    assert promise_mark(row(tickets, "SUP-1"), clock.now(), schedule, 2.0) == Mark.NONE
    assert promise_mark(row(tickets, "SUP-1"), promised - timedelta(hours=1), schedule, 2.0) == Mark.SOON
    assert promise_mark(row(tickets, "SUP-1"), promised - timedelta(hours=1), schedule, 0) == Mark.NONE
    assert promise_mark(row(tickets, "SUP-1"), promised, schedule, 2.0) == Mark.LATE
    # and the update of the same ticket is not late because of its promise
    assert update_mark(row(tickets, "SUP-1"), promised) == Mark.NONE


def test_a_resolved_ticket_is_neither_late_nor_soon(tickets, clock, schedule):
    tickets.create(TicketInput("SUP-1", promised_at=clock.now() - timedelta(hours=1), status="resolved"))
    assert promise_mark(row(tickets, "SUP-1"), clock.now(), schedule, 2.0) == Mark.NONE


def test_snoozed_until_the_snooze_ends(tickets, clock):
    tickets.create(TicketInput("SUP-1", cadence="1d"))
    tickets.snooze("SUP-1", clock.now() + timedelta(minutes=30))
    assert is_snoozed(row(tickets, "SUP-1"), clock.now())
    assert not is_snoozed(row(tickets, "SUP-1"), clock.now() + timedelta(minutes=30))


def test_counts_per_view(tickets, clock):
    tickets.create(TicketInput("SUP-1", next_update_at=clock.now() - timedelta(minutes=5)))
    tickets.create(TicketInput("SUP-2", next_update_at=clock.now() + timedelta(hours=2)))
    tickets.create(TicketInput("SUP-3", cadence="1d", status="waiting_client"))
    tickets.create(TicketInput("SUP-4"))
    tickets.archive("SUP-4")
    assert view_counts(tickets) == {"due": 1, "today": 2, "waiting": 1, "all": 3, "archived": 1}


def test_waiting_since_the_last_update_with_the_paused_time_left(tickets, clock):
    tickets.create(TicketInput("SUP-1", cadence="4h"))
    tickets.create(TicketInput("SUP-2", status="waiting_dev"))
    tickets.create(TicketInput("SUP-3"))
    clock.advance(timedelta(hours=1))
    tickets.mark_updated("SUP-1")
    updated_at = clock.now()
    tickets.set_status("SUP-1", "waiting_client")
    clock.advance(timedelta(hours=2))
    found = waiting([tickets.get(key).id for key in ("SUP-1", "SUP-2", "SUP-3")])
    first, second = found[tickets.get("SUP-1").id], found[tickets.get("SUP-2").id]
    assert first.since == updated_at and first.paused_left == timedelta(hours=4)
    assert second.since == tickets.get("SUP-2").created_at and second.paused_left is None
    assert tickets.get("SUP-3").id not in found
    assert waiting([]) == {}


def test_counting_the_views_stays_quick_at_many_tickets(tickets, clock):
    """The tabs are counted on every refresh and every minute: a few milliseconds (the
    figure at 100k is in the report of issue 13)."""
    now = clock.now()
    rows = [dict(key=f"A-{i}", status="resolved" if i % 2 else "open", created_at=now, modified_at=now,
                 cadence_from=now, archived_at=now if i % 2 else None,
                 next_update_due=now + timedelta(minutes=i % 600 - 60) if i % 2 == 0 else None)
            for i in range(5_000)]
    with db.atomic():
        for start in range(0, len(rows), 2000):
            Ticket.insert_many(rows[start:start + 2000]).execute()
    started = time.perf_counter()
    counts = view_counts(tickets)
    assert counts["all"] == 2_500 and counts["archived"] == 2_500
    assert time.perf_counter() - started < 0.5
