"""Workload: how many client updates fall on a day and how many tickets are active, measured
against what the agent says they can carry, so the app can say "no" before an impossible promise.

The updates of a day are:
  - the updates already made that day (for today and past days);
  - every active ticket's next due update on that day, and the further updates its cadence then
    requires, assuming each is made on time (a daily ticket needs one every working day, a 3-hour
    one due at 10:00 also needs 13:00 and 16:00 in a 09-18 schedule); an overdue update counts
    as made now;
  - every promise falling on that day (one each).
Tickets waiting on the client are paused: they add no updates but still count as active.

A "day" here is a shift, named by the day it starts on (`WorkSchedule.shift_of`): for a night
worker the updates due at 03:00 on Saturday, and today itself at that hour, are Friday's. For a
schedule without night shifts that is simply the local calendar day.

Counting is integer arithmetic over one query: the working time between today and the day is
laid out once as epoch intervals, so a ticket costs a couple of bisections whatever its cadence.
Which shift an instant belongs to and where a cadence lands are the schedule's to say; this
module only counts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Iterable

from companion.core.cadence import Cadence, CadenceError
from companion.core.clock import from_epoch, to_epoch
from companion.core.schedule import WorkSchedule
from companion.core.tickets import (ACTIVE, RUNNING, TicketInput, TicketService, active_sql, is_active,
                                    promise_time)
from companion.store.models import ClientUpdate, Status, Ticket, db

UTC = timezone.utc
SUGGEST_WITHIN = 10  # working days searched for a day with room
PROJECTION_DAYS = 400  # cadences are projected at most this far ahead of today


@dataclass(frozen=True)
class DayLoad:
    day: date
    updates: int  # client updates of that day's shift (made, due, promised)
    tickets: int  # active tickets now
    capacity_updates: int
    capacity_tickets: int
    done: int = 0  # of `updates`, those already made (today and past days only)

    @property
    def over_updates(self) -> bool:
        return self.updates > self.capacity_updates

    @property
    def over_tickets(self) -> bool:
        return self.tickets > self.capacity_tickets

    @property
    def over(self) -> bool:
        return self.over_updates or self.over_tickets

    @property
    def ratio(self) -> float:
        """The fuller of the two, as a share of capacity (1.0 = exactly at capacity)."""
        return max(self.updates / max(1, self.capacity_updates), self.tickets / max(1, self.capacity_tickets))


@dataclass(frozen=True)
class DraftCheck:
    """The load a ticket being added or edited puts on the day of its commitment."""

    load: DayLoad  # that day, this ticket included
    field: str | None  # the commitment that picks the day: "promised_at", "next_update_at" or None (today)
    at: datetime | None  # that commitment (the promise, or the due update as the service will compute it)
    adds_updates: int  # this ticket's updates on that day
    adds_ticket: bool  # saving makes one more active ticket
    suggestion: date | None = None  # a later working day with room, when this ticket overloads the day
    suggested_at: datetime | None = None  # the commitment moved to `suggestion`, same point of the shift

    @property
    def warn_updates(self) -> bool:
        return self.adds_updates > 0 and self.load.over_updates

    @property
    def warn_tickets(self) -> bool:
        return self.adds_ticket and self.load.over_tickets

    @property
    def warn(self) -> bool:
        return self.warn_updates or self.warn_tickets


def same_time_on(when: datetime, day: date, schedule: WorkSchedule, working: bool = False) -> datetime:
    """`when` moved to the same point of the shift of `day` (UTC): the same wall-clock time counted
    from the shift's start day, so Tuesday 03:00, in Monday's night, moved to Wednesday is Thursday
    03:00. With `working`, moved the way a business-day cadence moves it (`add_business_days`: kept
    inside that shift, and `day` must come after `when`'s), or to the next working moment when
    `day` has no shift."""
    point = schedule.shift_of(when)
    local = when.astimezone(schedule.tz)
    moved = datetime.combine(day + timedelta(days=point.second // 86400), local.time().replace(tzinfo=None),
                             tzinfo=schedule.tz)
    if not working:
        return moved.astimezone(UTC)
    if not schedule.is_working_day(day):
        return schedule.next_working_moment(moved)
    between = (point.day + timedelta(days=i) for i in range(1, (day - point.day).days + 1))
    shifts = sum(map(schedule.is_working_day, between))
    if shifts < 1:
        raise ValueError(f"{day} is not after the shift of {when}: a cadence only moves forward")
    return schedule.add_business_days(when, shifts)


# -- the arithmetic ------------------------------------------------------------------------------
def _shift_bound(schedule: WorkSchedule, day: date) -> datetime:
    """The first instant that belongs to the shift of `day` or a later one: its midnight, unless
    the night before runs past it; then the start of `day`'s own shift, or, when `day` has none,
    the next midnight (the whole day is that night's, and the shift of `day` is empty)."""
    midnight = datetime.combine(day, time(0), tzinfo=schedule.tz)
    if schedule.shift_of(midnight).day >= day:
        return midnight
    following = datetime.combine(day + timedelta(days=1), time(0), tzinfo=schedule.tz)
    return min(schedule.next_shift_start(midnight), following)


class _Calendar:
    """The shifts of days first..last of a schedule as epoch integers: where each begins, working
    intervals with the working seconds before each, and the running count of working days."""

    def __init__(self, schedule: WorkSchedule, first: date, last: date):
        self.first = first
        count = max((last - first).days, 0) + 1
        days = [first + timedelta(days=i) for i in range(count + 1)]
        self.bounds = [int(_shift_bound(schedule, d).timestamp()) for d in days]
        self.working = [schedule.is_working_day(d) for d in days[:-1]]
        self.worked: list[int] = []  # working days among first..day, for each day
        total_days = 0
        for flag in self.working:
            total_days += flag
            self.worked.append(total_days)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before: list[int] = []
        begin, limit, total = self.bounds[0], self.bounds[-1], 0
        for start, end in schedule.intervals_from(from_epoch(begin)):
            s, e = max(int(start.timestamp()), begin), int(end.timestamp())
            if s >= limit:
                break
            self.starts.append(s)
            self.ends.append(e)
            self.before.append(total)
            total += e - s

    def index(self, day: date) -> int:
        return (day - self.first).days

    def position(self, epoch: int) -> int:
        """Working seconds from the first shift's beginning up to `epoch`."""
        i = bisect_right(self.starts, epoch) - 1
        if i < 0:
            return 0
        return self.before[i] + min(epoch - self.starts[i], self.ends[i] - self.starts[i])


Row = tuple[str, int | None, int | None]  # cadence code, next due (epoch), promise (epoch)


class _Tally:
    """The updates every day of a calendar gets from a set of tickets. Tickets sharing a cadence
    and a first due day (or, for hourly cadences, a first due instant) are counted as one group."""

    def __init__(self, calendar: _Calendar, schedule: WorkSchedule, now_working: int):
        self.cal = calendar
        self.schedule = schedule
        self.now_working = now_working
        # (kind, period, first day, first position) -> tickets; kind: once, days, hours; the
        # position (working seconds) matters to hours only and is 0 for the others
        self.groups: Counter[tuple[str, int, int, int]] = Counter()
        self.promises: Counter[int] = Counter()  # day -> promises
        self._steps: dict[str, tuple[str, int]] = {}

    def _step(self, code: str) -> tuple[str, int]:
        try:
            cadence = Cadence.parse(code)
        except CadenceError:
            cadence = Cadence.NONE
        if cadence.kind == "hours":
            step = ("hours", cadence.amount * 3600)
        elif cadence.kind == "days":
            step = ("days", cadence.amount)
        elif cadence.kind == "weeks":
            step = ("days", cadence.amount * max(1, self.schedule.working_weekdays))
        else:
            step = ("once", 0)
        self._steps[code] = step
        return step

    def add(self, rows: Iterable[Row], sign: int = 1) -> None:
        """Count `rows` in (sign 1) or out again (sign -1). A tight loop: it runs per ticket."""
        cal = self.cal
        bounds, starts, ends, before = cal.bounds, cal.starts, cal.ends, cal.before
        low, high = bounds[0], bounds[-1]
        now_working, steps, groups, promises = self.now_working, self._steps, self.groups, self.promises
        for code, due, promised in rows:
            if due is not None:
                first = due if due > now_working else now_working  # an overdue update is made now
                if low <= first < high:  # else after the last day, or before the projection cap
                    day = bisect_right(bounds, first) - 1
                    kind, period = steps.get(code) or self._step(code)
                    if kind == "hours":
                        i = bisect_right(starts, first) - 1
                        position = 0 if i < 0 else before[i] + min(first - starts[i], ends[i] - starts[i])
                        groups[(kind, period, day, position)] += sign
                    else:
                        groups[(kind, period, day, 0)] += sign
            if promised is not None and low <= promised < high:
                promises[bisect_right(bounds, promised) - 1] += sign

    def on(self, day: int) -> int:
        """Updates due and promised in the shift of calendar day `day`."""
        cal = self.cal
        total = self.promises.get(day, 0)
        window_start = cal.position(cal.bounds[day])
        window_end = cal.position(cal.bounds[day + 1])
        working, worked, worked_today = cal.working[day], cal.worked, cal.worked[day]
        for key, count in self.groups.items():
            first_day = key[2]
            if not count or first_day > day:
                continue
            n = 1 if first_day == day else 0
            kind, period = key[0], key[1]
            if kind == "hours":
                # Repeats land at position + k*period; one exactly at the window start is the end
                # of the previous shift (that is where adding working time stops).
                position = key[3]
                low = max(1, (window_start - position) // period + 1)
                high = (window_end - position) // period
                if high >= low:
                    n += high - low + 1
            elif kind == "days" and working and first_day < day and (worked_today - worked[first_day]) % period == 0:
                n += 1
            total += count * n
        return total


# -- the service ---------------------------------------------------------------------------------
class Workload:
    def __init__(self, tickets: TicketService, capacity: Callable[[], tuple[int, int]]):
        """`capacity` returns (active tickets, updates per day), read from the settings each call."""
        self.tickets = tickets
        self.capacity = capacity

    # -- public ---------------------------------------------------------------------------------
    def today(self) -> DayLoad:
        return self.day_load(self._today())

    def for_instant(self, when: datetime, extra: int = 0, exclude_ticket: int | None = None,
                    extra_tickets: int = 0) -> DayLoad:
        """The load of the shift `when` belongs to."""
        return self.day_load(self.tickets.schedule.shift_of(when).day, extra, exclude_ticket, extra_tickets)

    def day_load(self, day: date, extra: int = 0, exclude_ticket: int | None = None,
                 extra_tickets: int = 0) -> DayLoad:
        """The load of `day`, plus `extra` updates being added; `exclude_ticket` (the one being
        edited) is left out of both counts, `extra_tickets` is added to the active ones."""
        rows, active = self._rows(exclude_ticket)
        tally = self._tally(day, day)
        tally.add(rows)
        return self._load(tally, day, extra, active + extra_tickets, self.capacity())

    def suggest_day(self, after: date, extra: int = 1, exclude_ticket: int | None = None) -> date | None:
        """The nearest working day after `after` (within SUGGEST_WITHIN working days) where
        `extra` more updates still fit; None when every one of them is full."""
        candidates = self._working_days_after(after)
        if not candidates:
            return None
        rows, active = self._rows(exclude_ticket)
        tally = self._tally(candidates[0], candidates[-1])
        tally.add(rows)
        capacity = self.capacity()
        for day in candidates:
            if not self._load(tally, day, extra, active, capacity).over_updates:
                return day
        return None

    def check_draft(self, data: TicketInput, ticket: Ticket | None = None) -> DraftCheck:
        """The load a ticket as typed in the add / edit dialog puts on the day of its commitment:
        the promise's day if it overloads (or if there is no due update), else the due update's
        day, else today. Suggests a later day with room when this ticket overloads the day."""
        schedule, now = self.tickets.schedule, self.tickets.clock.now()
        active = data.status in ACTIVE
        adds_ticket = active and (ticket is None or not is_active(ticket.status, ticket.archived_at))
        due = self._draft_due(data, ticket, now) if data.status in RUNNING else None
        promised = data.promised_at if active else None
        cadence = data.cadence if due is not None and data.status in RUNNING else "none"

        options: list[tuple[str, datetime, date]] = []
        if promised is not None:
            options.append(("promised_at", promised, schedule.shift_of(promised).day))
        if due is not None:
            effective = max(due, schedule.next_working_moment(now))
            options.append(("next_update_at", due, schedule.shift_of(effective).day))
        today = self._today()
        days = [day for _f, _a, day in options] or [today]
        last = max(days)
        after = self._working_days_after(last)
        rows, others = self._rows(ticket.id if ticket is not None else None)
        tally = self._tally(min(days), after[-1] if after else last)
        tally.add(rows)
        tickets_now = others + (1 if active else 0)
        draft: Row = (cadence, to_epoch(due), to_epoch(promised))
        capacity = self.capacity()

        def with_draft(day: date, row: Row) -> tuple[DayLoad, int]:
            without = self._load(tally, day, 0, tickets_now, capacity)
            tally.add([row])
            try:
                mine = tally.on(tally.cal.index(day)) - (without.updates - without.done)
            finally:
                tally.add([row], -1)
            return replace(without, updates=without.updates + mine), mine

        if not options:
            load, _mine = with_draft(today, draft)
            return DraftCheck(load, None, None, 0, adds_ticket)
        checks = []
        for field, at, day in options:
            load, mine = with_draft(day, draft)
            checks.append(DraftCheck(load, field, at, mine, adds_ticket))
        chosen = next((c for c in checks if c.warn_updates), checks[0])
        if not chosen.warn_updates:
            return chosen
        assert chosen.at is not None  # each option has its instant
        for day in self._working_days_after(chosen.load.day):
            if chosen.field == "promised_at":
                moved_at = same_time_on(chosen.at, day, schedule)
                row: Row = (cadence, draft[1], to_epoch(moved_at))
            else:
                moved_at = same_time_on(chosen.at, day, schedule, working=True)
                row = (cadence, to_epoch(moved_at), draft[2])
            if not with_draft(day, row)[0].over_updates:
                return DraftCheck(chosen.load, chosen.field, chosen.at, chosen.adds_updates, adds_ticket,
                                  day, moved_at)
        return chosen

    # -- helpers ----------------------------------------------------------------------------------
    def _today(self) -> date:
        """The shift now belongs to: at 03:00 on Saturday a night worker is still on Friday's."""
        return self.tickets.schedule.shift_of(self.tickets.clock.now()).day

    def _working_days_after(self, day: date) -> list[date]:
        schedule, out = self.tickets.schedule, []
        for offset in range(1, 7 * SUGGEST_WITHIN + 60):
            candidate = day + timedelta(days=offset)
            if schedule.is_working_day(candidate):
                out.append(candidate)
                if len(out) == SUGGEST_WITHIN:
                    break
        return out

    def _rows(self, exclude: int | None) -> tuple[list[Row], int]:
        """(cadence, next due, promise) of the active tickets that may add updates, and the number
        of active tickets: one query, raw epoch integers."""
        query = Ticket.select(Ticket.id, Ticket.cadence, Ticket.next_update_due, Ticket.promised_at).where(active_sql())
        sql, params = query.sql()
        rows = []
        active = 0
        for ticket_id, cadence, due, promised in db.execute_sql(sql, params):
            if ticket_id == exclude:
                continue
            active += 1
            if due is not None or promised is not None:
                rows.append((cadence, due, promised))
        return rows, active

    def _tally(self, first: date, last: date) -> _Tally:
        """A tally over a calendar from today (or the projection cap) through `last`."""
        schedule, now = self.tickets.schedule, self.tickets.clock.now()
        today = self._today()
        # Projections start today; a day far ahead only gets those that began within the cap.
        start = first if first < today else max(today, first - timedelta(days=PROJECTION_DAYS))
        calendar = _Calendar(schedule, start, max(last, first))
        return _Tally(calendar, schedule, int(schedule.next_working_moment(now).timestamp()))

    def _load(self, tally: _Tally, day: date, extra: int, tickets: int,
              capacity: tuple[int, int]) -> DayLoad:
        cap_tickets, cap_updates = capacity
        index = tally.cal.index(day)
        done = self._done(day, tally.cal.bounds[index], tally.cal.bounds[index + 1])
        updates = done + tally.on(index) + extra
        return DayLoad(day, updates, tickets, cap_updates, cap_tickets, done)

    def _done(self, day: date, start: int, end: int) -> int:
        """Updates made in the shift of `day`, which runs from epoch `start` up to `end`."""
        if day > self._today():
            return 0
        return ClientUpdate.select().where(ClientUpdate.at >= from_epoch(start),
                                           ClientUpdate.at < from_epoch(end)).count()

    def _draft_due(self, data: TicketInput, ticket: Ticket | None, now: datetime) -> datetime | None:
        """The next due update the ticket service would compute when saving `data` (a due time
        from the cadence rounded the way it promises it)."""
        schedule = self.tickets.schedule
        if data.next_update_at is not None:
            return schedule.next_working_moment(data.next_update_at)
        try:
            cadence = Cadence.parse(data.cadence)
        except CadenceError:
            return None
        anchor = now
        if ticket is not None and ticket.archived_at is None:
            if ticket.status == Status.WAITING_CLIENT and ticket.pause_remaining is not None:
                return schedule.add_working(schedule.next_working_moment(now), ticket.pause_remaining)
            if ticket.status in RUNNING:
                anchor = ticket.cadence_from
        due = cadence.next_due(anchor, schedule)
        return None if due is None else promise_time(due, schedule)
