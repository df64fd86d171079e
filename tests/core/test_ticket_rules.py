"""The one definition of active, running and overdue, and the plain rows the UI and the CLI read.

The rules exist twice, as Python predicates and as conditions on Ticket rows; the first test
holds the two equal over every combination, so a list, a count and a badge cannot disagree.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.clock import FakeClock
from companion.core.tickets import (ACTIVE, Status, TicketDetail, TicketInput, TicketService, ValidationError,
                                    active_sql, is_active, is_overdue, is_running, overdue_sql, running_sql)
from companion.store.models import Ticket, db

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def keys(rows):
    return [row.key for row in rows]


def test_the_rules_read_the_same_in_python_and_in_a_query(database, schedule):
    before, after = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    combos = itertools.product(Status, (None, before), (None, before, NOW, after), (None, before, NOW, after))
    Ticket.insert_many([dict(key=f"T-{i}", status=status, archived_at=archived, next_update_due=due,
                             promised_at=promised, created_at=NOW, modified_at=NOW, cadence_from=NOW)
                        for i, (status, archived, due, promised) in enumerate(combos)]).execute()
    tickets = {t.id: t for t in Ticket.select()}

    def where(condition):
        return {i for (i,) in Ticket.select(Ticket.id).where(condition).tuples()}

    active = {i for i, t in tickets.items() if is_active(t.status, t.archived_at)}
    running = {i for i, t in tickets.items() if is_running(t.status, t.archived_at)}
    overdue = {i for i, t in tickets.items()
               if is_overdue(t.status, t.archived_at, t.next_update_due, t.promised_at, NOW)}
    assert where(active_sql()) == active
    assert where(running_sql()) == running
    assert where(overdue_sql(NOW)) == overdue
    assert 0 < len(overdue) < len(active) < len(tickets)
    # The service's list, count and row checks are the same rule.
    service = TicketService(FakeClock(NOW), schedule)
    due = service.listing("due")
    assert {t.id for t in due} == overdue and service.overdue_count() == len(overdue)
    assert all(t.overdue(NOW) and service.is_overdue(t) for t in due)
    assert {row.id for row in service.rows(list(tickets)) if row.overdue(NOW)} == overdue


def test_the_unique_key_index_covers_exactly_the_active_statuses(database):
    """The schema spells "active" once more, frozen in migration 1: a new status needs a migration."""
    (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'ticket_active_key'").fetchone()
    finished = sql.split("NOT IN", 1)[1]
    assert {s for s in Status if f"'{s}'" in finished} == set(Status) - set(ACTIVE)


def test_a_ticket_waiting_on_the_client_is_not_overdue(tickets, clock):
    tickets.create(TicketInput("SUP-1", cadence="1h"))  # due 11:00
    tickets.set_status("SUP-1", "waiting_client")
    clock.advance(hours=3)
    assert tickets.overdue_count() == 0 and tickets.listing("due") == []
    assert not tickets.detail("SUP-1").overdue(clock.now())
    assert keys(tickets.listing("waiting")) == ["SUP-1"]


def test_a_promise_to_a_waiting_client_still_falls_due(tickets, clock):
    tickets.create(TicketInput("SUP-2", cadence="1h", promised_at=clock.now() + timedelta(hours=1)))
    tickets.set_status("SUP-2", "waiting_client")
    clock.advance(hours=2)
    assert keys(tickets.listing("due")) == ["SUP-2"] and tickets.overdue_count() == 1


def test_a_resolved_or_archived_ticket_is_never_overdue(tickets, clock):
    promise = clock.now() + timedelta(hours=1)
    tickets.create(TicketInput("SUP-3", cadence="1h", promised_at=promise))
    tickets.create(TicketInput("SUP-4", cadence="1h", promised_at=promise))
    tickets.set_status("SUP-3", "resolved")
    tickets.archive("SUP-4")
    clock.advance(days=3)
    assert tickets.overdue_count() == 0 and tickets.listing("due") == [] and tickets.choices() == []
    assert not any(tickets.is_overdue(tickets.detail(key)) for key in ("SUP-3", "SUP-4"))


def test_listing_puts_the_soonest_update_first_and_tickets_without_one_last(tickets):
    for key, cadence in (("W-1", "1d"), ("N-2", "none"), ("H-3", "1h"), ("N-4", "none"), ("H-5", "1h")):
        tickets.create(TicketInput(key, cadence=cadence))
    listed = tickets.listing()
    assert keys(listed) == ["H-3", "H-5", "W-1", "N-2", "N-4"]  # equal due times: in the order added
    assert all(type(row) is TicketDetail for row in listed)
    assert listed[0].status is Status.OPEN and listed[0].next_update_due == local(2026, 11, 23, 11, 0)
    assert keys(tickets.listing("all", "h-")) == ["H-3", "H-5"]
    with pytest.raises(ValidationError):
        tickets.listing("mine")


def test_choices_offer_the_active_tickets_next_due_first(tickets):
    for key, cadence in (("N-1", "none"), ("W-2", "1d"), ("H-3", "1h"), ("R-4", "1h")):
        tickets.create(TicketInput(key, client="Olga", cadence=cadence))
    tickets.set_status("R-4", "resolved")
    assert [(c.key, c.client) for c in tickets.choices()] == [("H-3", "Olga"), ("W-2", "Olga"), ("N-1", "Olga")]


def test_detail_and_update_log_are_plain_values(tickets, clock):
    tickets.create(TicketInput("SUP-1", client="Olga", url="https://help.example.com/1", cadence="4h"))
    clock.advance(hours=1)
    tickets.mark_updated("SUP-1", note="first")
    clock.advance(hours=1)
    tickets.mark_updated("SUP-1", note="second", channel="email")
    detail = tickets.detail("sup-1")
    assert (detail.key, detail.client, detail.url, detail.status, detail.last_update_at) == (
        "SUP-1", "Olga", "https://help.example.com/1", Status.OPEN, clock.now())
    assert [(u.note, u.channel, u.on_time) for u in tickets.update_log(detail.id)] == [
        ("second", "email", True), ("first", "chat", True)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        detail.status = Status.CLOSED


def test_statuses_are_stored_as_the_same_strings(tickets):
    ticket = tickets.create(TicketInput("SUP-1"))
    tickets.set_status(ticket.id, Status.WAITING_DEV)
    assert db.execute_sql("SELECT status FROM ticket").fetchall() == [("waiting_dev",)]
    assert tickets.get(ticket.id).status is Status.WAITING_DEV == "waiting_dev"
    with pytest.raises(ValidationError) as err:
        tickets.set_status(ticket.id, "done")
    assert err.value.field == "status"
    assert str(err.value) == "unknown status 'done'; use one of open, waiting_client, waiting_dev, resolved, closed"
