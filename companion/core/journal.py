"""The wellbeing journal: what the break engine, the breathing reset and the overtime watch
report is written here (BreakLog, ToughConversation, OvertimeSpan) for the statistics.

No Qt. The time comes from a Clock; the local zone from a provider, so a changed time-zone
setting applies to the next entry without rebuilding the journal.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Callable
from zoneinfo import ZoneInfo

import peewee as pw

from companion.core.breaks import OUTCOMES, Outcome, Record, Rest
from companion.core.clock import Clock
from companion.store.models import BreakLog, OvertimeSpan, Ticket, ToughConversation, db

# Active time outside the schedule reported this soon after the last span continues that span:
# a short gap (a coffee, a reboot) does not split one evening of overtime into many.
OVERTIME_JOIN = timedelta(minutes=3)


def _aware(value: datetime | None, what: str) -> None:
    if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
        raise ValueError(f"{what} must be an aware datetime, got {value!r}")


class Journal:
    def __init__(self, clock: Clock, tz_provider: Callable[[], ZoneInfo]):
        self.clock = clock
        self.tz_provider = tz_provider

    # -- breaks ---------------------------------------------------------------------------------
    def record(self, rec: Record) -> int:
        """Store one break outcome; returns the BreakLog id.

        A natural break (idle, sleep, a locked screen) is kept as one row per rest stretch, keyed
        by started_at: the engine reports the stretch again when it satisfies a longer kind or
        ends, and the row keeps the longest kind and seconds seen. Idle time that turns out to be
        a locked screen is one stretch: the row takes "locked" over "idle".
        """
        if rec.outcome not in OUTCOMES:
            raise ValueError(f"unknown break outcome {rec.outcome!r}; expected one of {', '.join(OUTCOMES)}")
        if not rec.kind:
            raise ValueError("a break record needs a kind")
        if rec.seconds < 0:
            raise ValueError(f"break seconds cannot be negative ({rec.seconds})")
        _aware(rec.started_at, "started_at")
        _aware(rec.ended_at, "ended_at")
        _aware(rec.due_at, "due_at")
        if rec.started_at is None:
            raise ValueError("a break record needs started_at")
        with db.atomic():
            if rec.outcome == Outcome.NATURAL:
                row: BreakLog | None = (
                    BreakLog.select()
                    .where(BreakLog.outcome == Outcome.NATURAL, BreakLog.started_at == rec.started_at)
                    .order_by(BreakLog.id).first())
                if row is not None:
                    if row.reason == Rest.IDLE and rec.reason != Rest.IDLE:
                        row.reason = rec.reason
                    if rec.seconds >= row.seconds:
                        row.kind, row.seconds = rec.kind, int(rec.seconds)
                    if rec.ended_at is not None and (row.ended_at is None or rec.ended_at > row.ended_at):
                        row.ended_at = rec.ended_at
                    if row.due_at is None:
                        row.due_at = rec.due_at
                    row.save()
                    return row.id
            row = BreakLog.create(kind=rec.kind, outcome=rec.outcome, reason=rec.reason, due_at=rec.due_at,
                                  started_at=rec.started_at, ended_at=rec.ended_at, seconds=int(rec.seconds))
            return row.id

    # -- tough conversations --------------------------------------------------------------------
    def tough(self, ticket_id: int | None, seconds: int, completed: bool, automatic: bool,
              at: datetime | None = None) -> int:
        """Log one breathing reset after a hard conversation; returns its id. A ticket that no
        longer exists is logged without one (as deleting it later would do)."""
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
            raise ValueError(f"seconds must be a whole number of seconds, 0 or more (got {seconds!r})")
        _aware(at, "at")
        if ticket_id is not None and not Ticket.select().where(Ticket.id == ticket_id).exists():
            ticket_id = None
        row = ToughConversation.create(ticket=ticket_id, at=at or self.clock.now(), seconds=seconds,
                                       completed=bool(completed), automatic=bool(automatic))
        return row.id

    # -- overtime -------------------------------------------------------------------------------
    def overtime(self, start: datetime, end: datetime) -> int | None:
        """Append active time outside the schedule. The latest span grows when this one starts at
        most three minutes after it ends (or overlaps it); otherwise a new span begins, filed under
        the local date it started on. Returns the span id (None for an empty stretch)."""
        _aware(start, "start")
        _aware(end, "end")
        if end < start:
            raise ValueError(f"overtime ends ({end.isoformat()}) before it starts ({start.isoformat()})")
        if end == start:
            return None
        with db.atomic():
            last: OvertimeSpan | None = (OvertimeSpan.select()
                                         .order_by(OvertimeSpan.ended_at.desc(), OvertimeSpan.id.desc()).first())
            if (last is not None and start <= last.ended_at + OVERTIME_JOIN
                    and end >= last.started_at - OVERTIME_JOIN):
                if start < last.started_at:
                    last.started_at = start
                    last.day = self._day(start)
                last.ended_at = max(last.ended_at, end)
                last.save()
                return last.id
            return OvertimeSpan.create(day=self._day(start), started_at=start, ended_at=end).id

    def overtime_seconds(self, day: date) -> int:
        total = (OvertimeSpan.select(_span_seconds())
                 .where(OvertimeSpan.day == day.isoformat()).scalar())
        return int(total or 0)

    def _day(self, when: datetime) -> str:
        return when.astimezone(self.tz_provider()).date().isoformat()


def _span_seconds() -> pw.Node:
    """SUM(ended_at - started_at) over overtime spans, as plain seconds (no instant conversion)."""
    return pw.fn.SUM(OvertimeSpan.ended_at - OvertimeSpan.started_at).coerce(False)
