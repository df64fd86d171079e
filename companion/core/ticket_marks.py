"""What the ticket list marks at a glance: which time is late and which is coming up soon, how
many tickets each view holds, and for how long a waiting ticket has waited.

A ticket offered to a colleague is marked too (`offered`).

"Late" is core/tickets.py's overdue rule applied to one time at a time, so the list can colour
just the cell that is late (the next update, or the promise) rather than the whole row. "Soon" is
defined here, once: an update due within the hour, or a promise inside its warning window (the
promise_warning_hours setting, as the reminders use it). A promise further ahead is nothing to
worry about. This module formats nothing and knows no colours: the UI decides how a mark looks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import NamedTuple

from companion.core.cadence import promise_warning_at
from companion.core.schedule import WorkSchedule
from companion.core.tickets import VIEWS, TicketRow, TicketService, is_active, is_overdue
from companion.store.models import Handoff, Status, Ticket, tuples

SOON_BEFORE = timedelta(hours=1)  # an update due this close is worth a glance


class Mark(Enum):
    NONE = "none"
    SOON = "soon"
    LATE = "late"


def update_mark(row: TicketRow, now: datetime) -> Mark:
    """The next client update: late once due, soon within the hour before."""
    due = row.next_update_due
    if is_overdue(row.status, row.archived_at, due, None, now):
        return Mark.LATE
    if due is not None and is_active(row.status, row.archived_at) and due - now <= SOON_BEFORE:
        return Mark.SOON
    return Mark.NONE


def promise_mark(row: TicketRow, now: datetime, schedule: WorkSchedule, warning_hours: float) -> Mark:
    """The date promised to the client: late once passed, soon from its early warning on."""
    promised = row.promised_at
    if is_overdue(row.status, row.archived_at, None, promised, now):
        return Mark.LATE
    if promised is not None and is_active(row.status, row.archived_at) and warning_hours > 0 \
            and now >= promise_warning_at(promised, schedule, warning_hours):
        return Mark.SOON
    return Mark.NONE


def is_snoozed(row: TicketRow, now: datetime) -> bool:
    """Reminders silenced for now (the due time itself does not move)."""
    return row.snoozed_until is not None and row.snoozed_until > now


def view_counts(service: TicketService, views: tuple[str, ...] = VIEWS) -> dict[str, int]:
    """How many tickets each view lists: the numbers on the list's tabs."""
    return {view: service.view_query(view).count() for view in views}


class Waiting(NamedTuple):
    """How a waiting ticket stands. `since` is when the client was last updated, or, never
    updated, when the ticket last changed: the moment the status changed is not stored, and the
    last update is what the client is answering."""

    since: datetime
    paused_left: timedelta | None  # working time left when the client answers (waiting on client)


def waiting(ids: list[int]) -> dict[int, Waiting]:
    """The waiting tickets among `ids` (waiting on the client or on the developers)."""
    if not ids:
        return {}
    query = (Ticket.select(Ticket.id, Ticket.status, Ticket.last_update_at, Ticket.modified_at,
                           Ticket.pause_remaining)
             .where(Ticket.id.in_(ids), Ticket.status.in_((Status.WAITING_CLIENT, Status.WAITING_DEV))))
    found = {}
    for ticket_id, status, last_update, modified, remaining in tuples(query):
        left = timedelta(seconds=remaining) if status == Status.WAITING_CLIENT and remaining is not None else None
        found[ticket_id] = Waiting(last_update or modified, left)
    return found


class Offered(NamedTuple):
    """A ticket offered to a colleague (core/team.py): to whom, and whether they have it yet."""

    colleague: str
    state: str  # queued (not sent yet) | offered (waiting for the answer) | accepted (handed off)


def offered(ids: list[int]) -> dict[int, Offered]:
    """The tickets among `ids` offered to a colleague and not declined: the latest offer of each."""
    if not ids:
        return {}
    query = (Handoff.select(Handoff.ticket, Handoff.colleague_name, Handoff.colleague, Handoff.state)
             .where(Handoff.ticket.in_(ids), Handoff.direction == "out",
                    Handoff.state.in_(("queued", "offered", "accepted")))
             .order_by(Handoff.id))
    return {ticket_id: Offered(name or login, state) for ticket_id, name, login, state in tuples(query)}
