"""The end of the shift: a nudge shortly before it ends (what is due tomorrow, what is still open,
and "time to stop"), and overtime — active time outside the schedule — measured from idle samples.

No Qt; the clock is injected. The caller feeds idle samples (the app does it once a minute) and
asks `next_wakeup()` when to call `update()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from companion.core.clock import Clock
from companion.core.schedule import ScheduleError, WorkSchedule
from companion.core.tickets import active_sql
from companion.store.models import Ticket


@dataclass(frozen=True)
class Nudge:
    day: date  # the local working day that is ending
    shift_end: datetime


@dataclass(frozen=True)
class ShiftSummary:
    next_day: date | None  # the next working day
    due_next_day: int  # client updates due on it
    promised_next_day: int  # promised dates falling on it
    overdue: int  # updates overdue right now
    open_promises: int  # promised dates still ahead


class ShiftWatch:
    STALE_HOURS = 3  # a nudge missed by more than this (the app was not running) is dropped
    ACTIVE_GAP = 150  # seconds: a sample further than this from the previous one starts afresh

    def __init__(self, clock: Clock, schedule: WorkSchedule, nudge_minutes: int = 10,
                 state: Mapping[str, object] | None = None):
        self.clock = clock
        self.schedule = schedule
        self.nudge_minutes = nudge_minutes
        state = state or {}
        self.nudged: str = str(state.get("nudged") or "")  # ISO date of the last nudged day
        self._last_sample: datetime | None = None

    def state(self) -> dict[str, str]:
        return {"nudged": self.nudged}

    # -- the nudge ---------------------------------------------------------------------------------
    def _shift_end(self, day: date) -> datetime | None:
        return self.schedule.end_of_working_day(day) if self.schedule.is_working_day(day) else None

    def _nudge_at(self, end: datetime) -> datetime:
        nudge = end - timedelta(minutes=self.nudge_minutes)
        # Never before the start of the last working interval of that day (a short last stretch).
        for start, stop in self.schedule.intervals_before(end):
            if stop == end:
                return max(nudge, start)
            break
        return nudge

    def next_wakeup(self) -> datetime | None:
        now = self.clock.now()
        day = now.astimezone(self.schedule.tz).date()
        for offset in range(-1, 15):  # yesterday's night shift may still be running
            current = day + timedelta(days=offset)
            end = self._shift_end(current)
            if end is None or current.isoformat() == self.nudged:
                continue
            if end + timedelta(hours=self.STALE_HOURS) <= now:
                continue
            return max(self._nudge_at(end), now)
        return None

    def update(self) -> list[Nudge]:
        now = self.clock.now()
        day = now.astimezone(self.schedule.tz).date()
        out = []
        for current in (day - timedelta(days=1), day):  # a shift may end after local midnight
            end = self._shift_end(current)
            if end is None or current.isoformat() == self.nudged:
                continue
            if self._nudge_at(end) <= now < end + timedelta(hours=self.STALE_HOURS):
                self.nudged = current.isoformat()
                out.append(Nudge(current, end))
        return out

    # -- overtime ----------------------------------------------------------------------------------
    def observe_activity(self, idle_seconds: float | None) -> list[tuple[datetime, datetime]]:
        """A sample of idle time. Returns the stretches of active time outside working hours since
        the previous sample (to be added to the overtime log)."""
        now = self.clock.now()
        previous, self._last_sample = self._last_sample, now
        if idle_seconds is None:
            return []
        if previous is None or (now - previous).total_seconds() > self.ACTIVE_GAP or previous > now:
            previous = now - timedelta(seconds=60)
        if idle_seconds > (now - previous).total_seconds():
            return []  # no input since the previous sample: away
        return self._outside(previous, now)

    def _outside(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        spans = []
        cursor = start
        try:
            for lo, hi in self.schedule.intervals_from(start):
                if lo >= end:
                    break
                if lo > cursor:
                    spans.append((cursor, min(lo, end)))
                cursor = max(cursor, hi)
                if cursor >= end:
                    break
        except ScheduleError:
            pass
        if cursor < end:
            spans.append((cursor, end))
        return [(a, b) for a, b in spans if b > a]


def shift_summary(schedule: WorkSchedule, now: datetime, overdue: int) -> ShiftSummary:
    """What the agent leaves behind tonight and finds tomorrow (`overdue` from TicketService)."""
    active = active_sql()
    try:
        next_start = schedule.next_shift_start(now)
    except ScheduleError:
        next_start = None
    due = promised = 0
    next_day = None
    if next_start is not None:
        next_day = next_start.astimezone(schedule.tz).date()
        end = schedule.end_of_working_day(next_day) or next_start + timedelta(hours=24)
        due = Ticket.select().where(active & (Ticket.next_update_due >= next_start)
                                    & (Ticket.next_update_due <= end)).count()
        promised = Ticket.select().where(active & (Ticket.promised_at >= next_start)
                                         & (Ticket.promised_at <= end)).count()
    open_promises = Ticket.select().where(active & (Ticket.promised_at > now)).count()
    return ShiftSummary(next_day, due, promised, overdue, open_promises)
