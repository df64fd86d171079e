"""Wellbeing statistics per local day and per week: breaks, rest, overtime, client updates kept
on time, tough conversations.

Days are local days of the schedule's zone (a break at 23:30 Moscow time counts on that Moscow
day, whatever the UTC date); weeks start on Monday. A range of days costs one grouped query per
table, whatever its length: instants are stored as UTC epoch seconds, every local midnight falls
on a whole quarter of an hour of UTC (all zone offsets are multiples of 15 minutes), so SQLite
groups by quarter-hour and the few groups are filed under their local day here.

No Qt.
"""

from __future__ import annotations

import csv
import io
import math
from bisect import bisect_right
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

import peewee as pw

from companion.core.breaks import OUTCOMES, Outcome
from companion.core.clock import Clock
from companion.store.models import BreakLog, ClientUpdate, OvertimeSpan, ToughConversation, tuples

_BUCKET = 900  # seconds; see the module docstring
# Rest is what the agent had: a skipped or postponed break's few seconds on screen are not rest.
REST_OUTCOMES = (Outcome.TAKEN, Outcome.DONE_EARLY, Outcome.NATURAL)

COUNT_FIELDS = ("taken", "done_early", "postponed", "skipped", "natural", "rest_seconds", "overtime_seconds",
                "updates_on_time", "updates_late", "updates_unscheduled", "tough")


@dataclass
class DayStats:
    """One local day's figures (or, from Stats.totals, a sum over days with `day` = None)."""

    day: date | None
    taken: int = 0
    done_early: int = 0
    postponed: int = 0
    skipped: int = 0
    natural: int = 0
    rest_seconds: int = 0  # breaks run to the end or finished early, and natural rest
    overtime_seconds: int = 0
    updates_on_time: int = 0
    updates_late: int = 0
    updates_unscheduled: int = 0  # updates logged with no due time
    tough: int = 0

    @property
    def breaks_taken(self) -> int:
        """Breaks the agent really took when offered: run to the end or finished early."""
        return self.taken + self.done_early

    @property
    def breaks_missed(self) -> int:
        return self.skipped + self.postponed

    @property
    def updates(self) -> int:
        return self.updates_on_time + self.updates_late + self.updates_unscheduled


def minutes(seconds: int) -> int:
    """Whole minutes, rounded half up (90 s -> 2 min)."""
    return (int(seconds) + 30) // 60


CSV_COLUMNS = ("date", "breaks_taken", "taken", "done_early", "postponed", "skipped", "natural_breaks",
               "rest_minutes", "overtime_minutes", "updates_on_time", "updates_late", "updates_unscheduled",
               "tough_conversations")


class Stats:
    """Reads the figures. `tz` is the schedule's zone, or a function returning it (so a changed
    time-zone setting applies on the next read)."""

    def __init__(self, clock: Clock, tz: ZoneInfo | Callable[[], ZoneInfo]):
        self.clock = clock
        self._tz = tz

    @property
    def tz(self) -> ZoneInfo:
        return self._tz() if callable(self._tz) else self._tz

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    @staticmethod
    def week_of(day: date) -> tuple[date, date]:
        """Monday and Sunday of the week containing `day`."""
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)

    # -- reading --------------------------------------------------------------------------------
    def day(self, d: date) -> DayStats:
        return self.days(d, d)[0]

    def week(self, containing: date) -> list[DayStats]:
        return self.days(*self.week_of(containing))

    def days(self, first: date, last: date) -> list[DayStats]:
        """Every local day from `first` to `last` inclusive, days with nothing included."""
        for value in (first, last):
            if not isinstance(value, date) or isinstance(value, datetime):
                raise ValueError(f"days() takes two dates, got {value!r}")
        if last < first:
            raise ValueError(f"the range ends ({last.isoformat()}) before it starts ({first.isoformat()})")
        tz = self.tz
        count = (last - first).days + 1
        dates = [first + timedelta(days=i) for i in range(count)]
        rows = [DayStats(d) for d in dates]
        # bounds[i] is the first epoch second of local day i; bounds[count] ends the range.
        bounds = [int(datetime.combine(first + timedelta(days=i), time(0), tzinfo=tz).timestamp())
                  for i in range(count + 1)]
        step = _BUCKET
        for b in bounds:
            step = math.gcd(step, b)  # 900 in every real zone; exact even if not
        lo, hi = bounds[0], bounds[-1]

        def file(bucket: int) -> DayStats:
            return rows[bisect_right(bounds, bucket * step) - 1]

        quarter = (BreakLog.started_at / step).alias("quarter")
        for bucket, outcome, n, seconds in tuples(
                BreakLog.select(quarter, BreakLog.outcome, pw.fn.COUNT(BreakLog.id), pw.fn.SUM(BreakLog.seconds))
                .where(BreakLog.started_at >= lo, BreakLog.started_at < hi)
                .group_by(pw.SQL("quarter"), BreakLog.outcome)):
            row = file(bucket)
            if outcome in OUTCOMES:  # each has its DayStats field
                setattr(row, outcome, getattr(row, outcome) + n)
            if outcome in REST_OUTCOMES:
                row.rest_seconds += int(seconds or 0)

        quarter = (ClientUpdate.at / step).alias("quarter")
        for bucket, on_time, n in tuples(
                ClientUpdate.select(quarter, ClientUpdate.on_time, pw.fn.COUNT(ClientUpdate.id))
                .where(ClientUpdate.at >= lo, ClientUpdate.at < hi)
                .group_by(pw.SQL("quarter"), ClientUpdate.on_time)):
            row = file(bucket)
            if on_time is None:
                row.updates_unscheduled += n
            elif on_time:
                row.updates_on_time += n
            else:
                row.updates_late += n

        quarter = (ToughConversation.at / step).alias("quarter")
        for bucket, n in tuples(
                ToughConversation.select(quarter, pw.fn.COUNT(ToughConversation.id))
                .where(ToughConversation.at >= lo, ToughConversation.at < hi)
                .group_by(pw.SQL("quarter"))):
            file(bucket).tough += n

        by_day = {d.isoformat(): row for d, row in zip(dates, rows, strict=True)}
        span = pw.fn.SUM(OvertimeSpan.ended_at - OvertimeSpan.started_at).coerce(False)
        for day, seconds in tuples(
                OvertimeSpan.select(OvertimeSpan.day, span)
                .where(OvertimeSpan.day >= first.isoformat(), OvertimeSpan.day <= last.isoformat())
                .group_by(OvertimeSpan.day)):
            if day in by_day:
                by_day[day].overtime_seconds += int(seconds or 0)
        return rows

    # -- summing and export ---------------------------------------------------------------------
    @staticmethod
    def totals(rows: Iterable[DayStats]) -> DayStats:
        total = DayStats(None)
        for row in rows:
            for name in COUNT_FIELDS:
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total

    @staticmethod
    def to_json(rows: Iterable[DayStats]) -> list[dict[str, int | str | None]]:
        return [as_dict(row) for row in rows]

    @classmethod
    def to_csv(cls, rows: Iterable[DayStats]) -> str:
        """A header, one line per day (ISO dates) and a "total" line that is the sum of the
        lines above it (minutes are rounded per day, so a spreadsheet's sum agrees)."""
        rows = list(rows)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        lines = [_csv_line(row) for row in rows]
        for row, line in zip(rows, lines, strict=True):
            assert row.day is not None, "one line per day: Stats.totals() is not a day"
            writer.writerow([row.day.isoformat(), *line])
        writer.writerow(["total", *(sum(col) for col in zip(*lines, strict=True))] if lines else ["total", *[0] * 12])
        return out.getvalue()


def _csv_line(row: DayStats) -> list[int]:
    return [row.breaks_taken, row.taken, row.done_early, row.postponed, row.skipped, row.natural,
            minutes(row.rest_seconds), minutes(row.overtime_seconds), row.updates_on_time, row.updates_late,
            row.updates_unscheduled, row.tough]


def as_dict(row: DayStats) -> dict[str, int | str | None]:
    """JSON-ready: the ISO date (None for totals), every field, and breaks_taken."""
    data: dict[str, int | str | None] = {f.name: getattr(row, f.name) for f in fields(row)}
    data["day"] = row.day.isoformat() if row.day else None
    data["breaks_taken"] = row.breaks_taken
    return data
