"""The agent's working schedule and the working-time arithmetic every due time is built on.

A schedule is a set of time ranges per weekday in an IANA time zone, plus optional days off.
All instants passed in and returned are aware datetimes; results are in UTC. Local arithmetic
(business days, time of day) is done on the wall clock of the schedule's zone, so DST shifts
keep "15:00 tomorrow" at 15:00.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_SPEC = "mon-fri 09:00-18:00"
# How far ahead we look for working time before declaring the schedule empty.
_HORIZON_DAYS = 800


class ScheduleError(ValueError):
    """A schedule specification that cannot be understood; the message says what is wrong."""


Range = tuple[int, int]  # minutes from local midnight, [start, end), end may be 1440


@dataclass(frozen=True)
class WorkSchedule:
    tz: ZoneInfo
    week: tuple[tuple[Range, ...], ...]  # index 0 = Monday
    days_off: frozenset[date] = field(default_factory=frozenset)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def parse(cls, spec: str, tz: str | ZoneInfo, days_off=()) -> "WorkSchedule":
        zone = tz if isinstance(tz, ZoneInfo) else load_zone(tz)
        return cls(zone, parse_week(spec), frozenset(days_off))

    @property
    def spec(self) -> str:
        return format_week(self.week)

    @property
    def working_weekdays(self) -> int:
        return sum(1 for ranges in self.week if ranges)

    def is_working_day(self, day: date) -> bool:
        return bool(self.week[day.weekday()]) and day not in self.days_off

    # -- intervals ---------------------------------------------------------------------------
    def _day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        out = []
        for start, end in self.week[day.weekday()]:
            out.append((self._local(day, start), self._local(day, end)))
        return out

    def _local(self, day: date, minutes: int) -> datetime:
        if minutes >= 1440:
            day, minutes = day + timedelta(days=1), minutes - 1440
        local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)
        return local.astimezone(UTC)

    def intervals_from(self, when: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) that end at or after `when`, in order."""
        day = when.astimezone(self.tz).date() - timedelta(days=1)
        for offset in range(_HORIZON_DAYS):
            for start, end in self._day_intervals(day + timedelta(days=offset)):
                if end >= when:
                    yield start, end

    def _require(self) -> None:
        if not any(self.week):
            raise ScheduleError("the schedule has no working hours at all")

    def is_working_time(self, when: datetime) -> bool:
        for start, end in self.intervals_from(when):
            if end <= when:
                continue  # touches `when` only at its end (e.g. 24:00 meeting the next 00:00)
            return start <= when
        return False

    def intervals_before(self, when: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) that start before `when`, latest first."""
        day = when.astimezone(self.tz).date() + timedelta(days=1)
        for offset in range(_HORIZON_DAYS):
            for start, end in reversed(self._day_intervals(day - timedelta(days=offset))):
                if start < when:
                    yield start, end

    def next_working_moment(self, when: datetime) -> datetime:
        """`when` itself if it is inside working hours (an interval's end counts as inside),
        otherwise the start of the next working interval."""
        self._require()
        for start, end in self.intervals_from(when):
            return max(start, when).astimezone(UTC)
        raise ScheduleError("no working time in the next two years")

    def next_shift_start(self, when: datetime) -> datetime:
        """The start of the first shift on a later local day than `when` ("tomorrow morning")."""
        self._require()
        local_day = when.astimezone(self.tz).date()
        for start, _end in self.intervals_from(when):
            if start.astimezone(self.tz).date() > local_day:
                return start
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
        """The same local time of day `days` working days later, kept inside that day's working
        hours (an update made after hours is due by the end of the target day)."""
        self._require()
        local = when.astimezone(self.tz)
        day = local.date()
        counted = 0
        for _ in range(_HORIZON_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
                if counted >= days:
                    break
        else:
            raise ScheduleError("no working days in the next two years")
        ranges = self.week[day.weekday()]
        second = local.hour * 3600 + local.minute * 60 + local.second
        first, last = ranges[0][0] * 60, ranges[-1][1] * 60
        clamped = min(max(second, first), last)
        target = self._local(day, clamped // 60) + timedelta(seconds=clamped % 60)
        return self.next_working_moment(target)

    def end_of_working_day(self, day: date) -> datetime | None:
        intervals = self._day_intervals(day)
        return intervals[-1][1] if intervals else None


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


def parse_week(spec: str) -> tuple[tuple[Range, ...], ...]:
    """Parse e.g. "mon-fri 09:00-13:00,14:00-18:00; sat 10:00-14:00". Days not named are off."""
    week: list[list[Range]] = [[] for _ in range(7)]
    text = (spec or "").strip().lower()
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
            if end <= start:
                raise ScheduleError(f"the range {chunk!r} ends before it starts")
            ranges.append((start, end))
        for day in days:
            week[day] = _merge(week[day] + ranges) if ranges else []
    if not any(week):
        raise ScheduleError("the schedule has no working hours at all")
    return tuple(tuple(r) for r in week)


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


def format_week(week) -> str:
    """The canonical text form of a week, grouping consecutive days with equal hours."""
    parts = []
    i = 0
    while i < 7:
        j = i
        while j + 1 < 7 and week[j + 1] == week[i]:
            j += 1
        if week[i]:
            days = DAY_NAMES[i] if i == j else f"{DAY_NAMES[i]}-{DAY_NAMES[j]}"
            parts.append(f"{days} " + ",".join(f"{_fmt(s)}-{_fmt(e)}" for s, e in week[i]))
        i = j + 1
    return "; ".join(parts)
