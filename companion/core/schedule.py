"""The agent's working schedule and the working-time arithmetic every due time is built on.

A schedule is a set of time ranges per weekday in an IANA time zone, plus optional days off; or,
for a rotating shift, a cycle: N working days then M days off, counted from a date the agent
picks ("2/2 from 2026-12-03 09:00-21:00": 3 and 4 December on, 5 and 6 off, and so on both ways
from the anchor). A range that ends before it starts is a night shift ("22:00-06:00"): it belongs
to the day it starts on, runs into the next morning, and a day off removes it whole.
All instants passed in and returned are aware datetimes; results are in UTC. Local arithmetic
(business days, time of day) is done on the wall clock of the schedule's zone, so DST shifts
keep "15:00 tomorrow" at 15:00; a wall-clock time the spring-forward skips means the moment the
clock jumps, and a time the fall-back repeats means its first occurrence.

Business days are counted in shifts, not calendar days: for a night worker, 02:00 on Saturday is
still Friday's shift (see `shift_of`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_SPEC = "mon-fri 09:00-18:00"
# How far ahead we look for working time before declaring the schedule empty.
_HORIZON_DAYS = 800


class ScheduleError(ValueError):
    """A schedule specification that cannot be understood; the message says what is wrong."""


Range = tuple[int, int]  # minutes from local midnight, [start, end); a night shift ends after 1440


Week = tuple[tuple[Range, ...], ...]  # index 0 = Monday


@dataclass(frozen=True)
class Cycle:
    """A rotating shift: `on` working days with the same `ranges`, then `off` days off, over and
    over; `anchor` is a first working day of the cycle (any one: days before it follow the same
    rhythm backwards)."""

    on: int
    off: int
    anchor: date
    ranges: tuple[Range, ...]

    @property
    def length(self) -> int:
        return self.on + self.off

    def ranges_on(self, day: date) -> tuple[Range, ...]:
        return self.ranges if (day - self.anchor).days % self.length < self.on else ()

    @property
    def spec(self) -> str:
        return f"{self.on}/{self.off} from {self.anchor.isoformat()} {format_ranges(self.ranges)}"


Pattern = Week | Cycle  # what repeats: a week, or a cycle of days anchored on a date


class ShiftPoint(NamedTuple):
    """Where an instant stands in the working week: the day whose shift it belongs to, and the
    wall-clock second of that day (86400 and more in the morning after a night shift)."""

    day: date
    second: int


@dataclass(frozen=True)
class WorkSchedule:
    tz: ZoneInfo
    week: Pattern  # a week (index 0 = Monday) or a rotating Cycle; read it through ranges_on()
    days_off: frozenset[date] = field(default_factory=frozenset)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def parse(cls, spec: str, tz: str | ZoneInfo, days_off: Iterable[date] = ()) -> "WorkSchedule":
        zone = tz if isinstance(tz, ZoneInfo) else load_zone(tz)
        return cls(zone, parse_pattern(spec), frozenset(days_off))

    @property
    def spec(self) -> str:
        return self.week.spec if isinstance(self.week, Cycle) else format_week(self.week)

    @property
    def is_cycle(self) -> bool:
        return isinstance(self.week, Cycle)

    @property
    def working_weekdays(self) -> int:
        """Working days in a week: what a "weekly" cadence counts as one week of shifts. For a
        cycle, the average week's share of working days, rounded down (2/2: 3.5 -> 3), so that a
        weekly update comes a little early rather than late; 0 when less than one a week."""
        if isinstance(self.week, Cycle):
            return 7 * self.week.on // self.week.length
        return sum(1 for ranges in self.week if ranges)

    def ranges_on(self, day: date) -> tuple[Range, ...]:
        """The working ranges of `day` as the pattern has them (days off not taken out)."""
        if isinstance(self.week, Cycle):
            return self.week.ranges_on(day)
        return self.week[day.weekday()]

    def is_working_day(self, day: date) -> bool:
        """A shift starts on `day` (a night shift that started the day before does not count)."""
        return bool(self.ranges_on(day)) and day not in self.days_off

    def _runs_past_midnight(self, day: date) -> bool:
        return self.is_working_day(day) and self.ranges_on(day)[-1][1] > 1440

    def shift_of(self, when: datetime) -> ShiftPoint:
        """The shift `when` belongs to: its local date's, unless the previous day's shift runs
        past midnight and `when` comes before the local date's first start (or the local date has
        no shift). Then it is still the previous night's, even after that shift ended: an update
        at 07:00 after a night shift was made on that night's watch."""
        local = when.astimezone(self.tz)
        day = local.date()
        second = local.hour * 3600 + local.minute * 60 + local.second
        previous = day - timedelta(days=1)
        if self._runs_past_midnight(previous):
            today = self._day_intervals(day)
            if not today or when < today[0][0]:
                return ShiftPoint(previous, second + 86400)
        return ShiftPoint(day, second)

    # -- intervals ---------------------------------------------------------------------------
    def _day_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working intervals of the shift that starts on `day` (UTC), the night part included."""
        return _day_intervals(self, day)

    def _local(self, day: date, minutes: int, seconds: int = 0) -> datetime:
        """The instant (UTC) the wall clock of `day` reads `minutes` (+ `seconds`) past midnight;
        1440 minutes and more run into the following days.

        A reading the spring-forward skips (02:30 when 02:00 jumps to 03:00) is the jump itself,
        the first instant that exists after it: a shift set to start at 02:30 starts when the
        clock shows 03:00, not an hour late at 03:30 as zoneinfo's fold=0 would have it. A reading
        the fall-back repeats is its first occurrence (fold=0)."""
        total = minutes * 60 + seconds
        if total >= 86400:
            day += timedelta(days=total // 86400)
            total %= 86400
        hours, mins, secs = total // 3600, total // 60 % 60, total % 60
        first = datetime.combine(day, time(hours, mins, secs), tzinfo=self.tz)  # the earlier offset
        second = datetime.combine(day, time(hours, mins, secs, fold=1), tzinfo=self.tz)  # the later
        after, before = second.utcoffset(), first.utcoffset()
        assert after is not None and before is not None  # aware: tzinfo is a ZoneInfo
        if after <= before:
            return first.astimezone(UTC)  # exists once, or twice (`first` is the first of them)
        # Skipped: with the later offset it lies before the jump, with the earlier one after it.
        lo, hi = int(second.timestamp()), int(first.timestamp())
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if datetime.fromtimestamp(mid, self.tz).utcoffset() == after:
                hi = mid
            else:
                lo = mid
        return datetime.fromtimestamp(hi, UTC)

    def intervals_from(self, when: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) that end at or after `when`, in order. Starts with the day
        before `when`'s local date: its night shift may still be running (a shift lasts at most
        24 hours, so the one of two days before has ended by then)."""
        day = when.astimezone(self.tz).date() - timedelta(days=1)
        for offset in range(_HORIZON_DAYS):
            for start, end in self._day_intervals(day + timedelta(days=offset)):
                if end >= when:
                    yield start, end

    def _require(self) -> None:
        if not (self.week.ranges if isinstance(self.week, Cycle) else any(self.week)):
            raise ScheduleError("the schedule has no working hours at all")

    def is_working_time(self, when: datetime) -> bool:
        for start, end in self.intervals_from(when):
            if end <= when:
                continue  # touches `when` only at its end (e.g. 24:00 meeting the next 00:00)
            return start <= when
        return False

    def intervals_before(self, when: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) that start before `when`, latest first. A night shift running
        at `when` is among them: it is the last one of its start day."""
        day = when.astimezone(self.tz).date() + timedelta(days=1)
        for offset in range(_HORIZON_DAYS):
            for start, end in reversed(self._day_intervals(day - timedelta(days=offset))):
                if start < when:
                    yield start, end

    def next_working_moment(self, when: datetime) -> datetime:
        """`when` itself if it is inside working hours (an interval's end counts as inside),
        otherwise the start of the next working interval."""
        self._require()
        for start, _end in self.intervals_from(when):
            return max(start, when).astimezone(UTC)
        raise ScheduleError("no working time in the next two years")

    def next_shift_start(self, when: datetime) -> datetime:
        """The start of the shift after the one `when` belongs to ("tomorrow morning"; for a
        night worker at 03:00 or at noon after the night, "tonight")."""
        self._require()
        day = self.shift_of(when).day
        for _ in range(_HORIZON_DAYS):
            day += timedelta(days=1)
            intervals = self._day_intervals(day)
            if intervals:
                return intervals[0][0]
        raise ScheduleError("no working time in the next two years")

    def add_working(self, when: datetime, seconds: float) -> datetime:
        """The instant reached after `seconds` of working time counted from `when`."""
        self._require()
        when = when.astimezone(UTC)  # arithmetic on aware local times would be wall-clock time
        remaining = timedelta(seconds=seconds)
        cursor = when
        for start, end in self.intervals_from(when):
            cursor = max(cursor, start)
            available = end - cursor
            if remaining <= available:
                return (cursor + remaining).astimezone(UTC)
            remaining -= available
            cursor = end
        raise ScheduleError("no working time in the next two years")

    def working_seconds_between(self, a: datetime, b: datetime) -> float:
        a, b = a.astimezone(UTC), b.astimezone(UTC)
        if b <= a:
            return 0.0
        total = 0.0
        for start, end in self.intervals_from(a):
            if start >= b:
                break
            lo, hi = max(start, a), min(end, b)
            if hi > lo:
                total += (hi - lo).total_seconds()
        return total

    def add_business_days(self, when: datetime, days: int) -> datetime:
        """The same point of the shift `days` shifts later: the same wall-clock time counted from
        the shift's start day (see `shift_of`), kept inside the target shift (an update made
        before a shift is due at the start of the target one, after it by the end of it)."""
        self._require()
        point = self.shift_of(when)
        day = point.day
        counted = 0
        for _ in range(_HORIZON_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
                if counted >= days:
                    break
        else:
            raise ScheduleError("no working days in the next two years")
        ranges = self.ranges_on(day)
        first, last = ranges[0][0] * 60, ranges[-1][1] * 60
        clamped = min(max(point.second, first), last)
        return self.next_working_moment(self._local(day, 0, clamped))

    def end_of_working_day(self, day: date) -> datetime | None:
        """When the shift that starts on `day` ends (the next morning for a night shift)."""
        intervals = self._day_intervals(day)
        return intervals[-1][1] if intervals else None


@functools.lru_cache(maxsize=8192)
def _day_intervals(schedule: WorkSchedule, day: date) -> tuple[tuple[datetime, datetime], ...]:
    """Cached: every re-plan asks for the same few weeks of intervals for each ticket (a schedule
    is frozen, so a changed one is a different key)."""
    if not schedule.is_working_day(day):
        return ()
    out = []
    for start, end in schedule.ranges_on(day):
        lo, hi = schedule._local(day, start), schedule._local(day, end)
        if hi > lo:  # a range inside the spring-forward gap does not happen that day
            out.append((lo, hi))
    return tuple(out)


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {name!r} (use an IANA name such as Europe/Moscow)") from exc


def system_zone_name() -> str:
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        if name:
            ZoneInfo(name)
            return name
    except Exception:  # noqa: BLE001 - any failure means "we don't know": fall back to UTC
        pass
    return "UTC"


_TIME = r"(\d{1,2}):(\d{2})"
_PART = re.compile(r"^\s*([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(.+?)\s*$")
_RANGE = re.compile(rf"^{_TIME}\s*-\s*{_TIME}$")


def _minutes(h: str, m: str, text: str, allow_24: bool) -> int:
    hours, mins = int(h), int(m)
    if mins > 59 or hours > 24 or (hours == 24 and (mins or not allow_24)):
        raise ScheduleError(f"{text!r} is not a time of day")
    return hours * 60 + mins


_CYCLE = re.compile(r"^(\d+)\s*/\s*(\d+)\s+(?:from|с)\s+(\S+)\s+(.+)$")
_CYCLE_START = re.compile(r"^\d+\s*/")
MAX_CYCLE_DAYS = 60  # on or off: a rotation longer than two months is not a working rhythm


def parse_pattern(spec: str) -> Pattern:
    """The weekly form (see `parse_week`) or the cycle form: "2/2 from 2026-12-03 09:00-21:00",
    N days on / M days off from a first working day, the hours as in the weekly form (a night
    shift included)."""
    text = (spec or "").strip().lower()
    if _CYCLE_START.match(text):
        return _parse_cycle(text)
    return _parse_weekly(text)


# The old name: callers that build a WorkSchedule from it (Settings.schedule) get either form.
parse_week = parse_pattern


def _parse_cycle(text: str) -> Cycle:
    match = _CYCLE.match(text)
    if not match:
        raise ScheduleError(f"cannot read {text!r}; example of a rotating shift: 2/2 from 2026-12-03 09:00-21:00")
    on, off, anchor_text, ranges_text = match.groups()
    if not (1 <= int(on) <= MAX_CYCLE_DAYS and 1 <= int(off) <= MAX_CYCLE_DAYS):
        raise ScheduleError(f"{on}/{off}: days on and days off must each be between 1 and {MAX_CYCLE_DAYS}")
    try:
        anchor = date.fromisoformat(anchor_text)
    except ValueError:
        raise ScheduleError(f"{anchor_text!r} is not a date (use YYYY-MM-DD, e.g. 2026-12-03)") from None
    ranges = _merge(_parse_ranges(ranges_text))
    if not ranges:
        raise ScheduleError("the schedule has no working hours at all")
    # The same hours every working day: the night check over one working day and the next (or
    # the day off after the last one).
    days = [list(ranges)] * int(on) + [[] for _ in range(int(off))]
    _check_nights(days, lambda i: f"day {i + 1} of the cycle")
    return Cycle(int(on), int(off), anchor, tuple(ranges))


def _parse_ranges(ranges_text: str) -> list[Range]:
    ranges: list[Range] = []
    for chunk in ranges_text.split(","):
        chunk = chunk.strip()
        if chunk in ("off", ""):
            continue
        rm = _RANGE.match(chunk)
        if not rm:
            raise ScheduleError(f"cannot read the time range {chunk!r}; example: 09:00-18:00")
        start = _minutes(rm.group(1), rm.group(2), chunk, allow_24=False)
        end = _minutes(rm.group(3), rm.group(4), chunk, allow_24=True)
        if end == start:
            raise ScheduleError(f"the range {chunk!r} starts and ends at the same time "
                                "(a 24-hour shift is written 09:00-21:00,21:00-09:00)")
        if end < start:
            end += 1440  # a night shift: it ends the next morning
        ranges.append((start, end))
    return ranges


def _parse_weekly(text: str) -> Week:
    """Parse e.g. "mon-fri 09:00-13:00,14:00-18:00; sat 10:00-14:00". Days not named are off."""
    week: list[list[Range]] = [[] for _ in range(7)]
    if not text:
        raise ScheduleError("the schedule is empty; example: mon-fri 09:00-18:00")
    for part in re.split(r"[;\n]+", text):
        if not part.strip():
            continue
        match = _PART.match(part)
        if not match:
            raise ScheduleError(f"cannot read {part.strip()!r}; example: mon-fri 09:00-18:00")
        first, last, ranges_text = match.groups()
        for name in (first, last):
            if name and name not in DAY_NAMES:
                raise ScheduleError(f"unknown day {name!r}; use mon, tue, wed, thu, fri, sat, sun")
        a = DAY_NAMES.index(first)
        b = DAY_NAMES.index(last) if last else a
        days = list(range(a, b + 1)) if a <= b else list(range(a, 7)) + list(range(0, b + 1))
        ranges = _parse_ranges(ranges_text)
        for day in days:
            week[day] = _merge(week[day] + ranges) if ranges else []
    if not any(week):
        raise ScheduleError("the schedule has no working hours at all")
    _check_nights(week, DAY_NAMES.__getitem__)
    return tuple(tuple(r) for r in week)


def _check_nights(days: Sequence[Sequence[Range]], name: Callable[[int], str]) -> None:
    """A night shift may not last over 24 hours nor run into the next day's own hours: the same
    time would belong to two shifts and count twice. `days` repeat (the day after the last is
    the first); `name` says which day an index is, for the message."""
    for i, ranges in enumerate(days):
        if not ranges or ranges[-1][1] <= 1440:
            continue
        start, end = ranges[-1]
        if end - start > 1440:
            raise ScheduleError(f"{name(i)}: the shift from {_fmt(start)} to "
                                f"{_fmt(end - 1440)} the next day is longer than 24 hours")
        following = (i + 1) % len(days)
        if days[following] and days[following][0][0] < end - 1440:
            raise ScheduleError(
                f"{name(i)} {_fmt_range(start, end)} runs into "
                f"{name(following)} {_fmt_range(*days[following][0])}: "
                "the hours after midnight would count twice")


def _merge(ranges: list[Range]) -> list[Range]:
    out: list[Range] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fmt_range(start: int, end: int) -> str:
    if end - start >= 1440 and start:  # a 24-hour shift: "09:00-09:00" would read as empty
        middle = start + 720 if start < 720 else (start + 1440) // 2
        return f"{_fmt_range(start, middle)},{_fmt_range(middle, end)}"
    return f"{_fmt(start)}-{_fmt(end - 1440 if end > 1440 else end)}"


def format_ranges(ranges: Iterable[Range]) -> str:
    """One day's ranges as the agent types them: "09:00-13:00,14:00-18:00", "22:00-06:00"."""
    return ",".join(_fmt_range(start, end) for start, end in ranges)


def format_week(week: Sequence[Sequence[Range]]) -> str:
    """The canonical text form of a week, grouping consecutive days with equal hours."""
    parts = []
    i = 0
    while i < 7:
        j = i
        while j + 1 < 7 and week[j + 1] == week[i]:
            j += 1
        if week[i]:
            days = DAY_NAMES[i] if i == j else f"{DAY_NAMES[i]}-{DAY_NAMES[j]}"
            parts.append(f"{days} {format_ranges(week[i])}")
        i = j + 1
    return "; ".join(parts)
