"""`companion stats`: the wellbeing figures of a day or a week, as a table or as JSON; core counts,
this only lays them out."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from companion.cli.common import CliError, Context

if TYPE_CHECKING:
    from companion.core.stats import DayStats

STATS_ROWS: list[tuple[str, Callable[[DayStats], str]]] = [  # label, how the figure is shown
    ("breaks taken", lambda d: str(d.breaks_taken)),
    ("  finished early", lambda d: str(d.done_early)),
    ("postponed", lambda d: str(d.postponed)),
    ("skipped", lambda d: str(d.skipped)),
    ("natural breaks", lambda d: str(d.natural)),
    ("rest (h:mm)", lambda d: _hours_minutes(d.rest_seconds)),
    ("overtime (h:mm)", lambda d: _hours_minutes(d.overtime_seconds)),
    ("updates on time", lambda d: str(d.updates_on_time)),
    ("updates late", lambda d: str(d.updates_late)),
    ("updates, no due", lambda d: str(d.updates_unscheduled)),
    ("tough conversations", lambda d: str(d.tough)),
]
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _hours_minutes(seconds: int) -> str:
    from companion.core.stats import minutes

    hours, mins = divmod(minutes(seconds), 60)
    return f"{hours}:{mins:02d}"


def stats(ctx: Context) -> int:
    """A day (or with --week its Monday-to-Sunday week) as a table with a figure per row and a
    column per day, or as JSON."""
    from companion.core import limits
    from companion.core.stats import Stats, as_dict

    service, args = ctx.open().tickets, ctx.args
    tz = service.schedule.tz
    figures = Stats(service.clock, tz)
    day = args.date or figures.today()
    if not limits.EARLIEST.date() <= day < limits.LATEST.date():
        raise CliError(f"--date {day.isoformat()} is outside 1970–2199")
    first, last = Stats.week_of(day) if args.week else (day, day)
    rows = figures.days(first, last)
    total = Stats.totals(rows)
    if args.json:
        totals = as_dict(total)
        del totals["day"]
        print(json.dumps({"period": "week" if args.week else "day", "first": first.isoformat(),
                          "last": last.isoformat(), "timezone": tz.key, "days": Stats.to_json(rows),
                          "totals": totals}, ensure_ascii=False, indent=2))
        return 0
    if args.week:
        print(f"Week {first.isoformat()} to {last.isoformat()} ({tz.key})")
    else:
        print(f"{_WEEKDAYS[first.weekday()]} {first.isoformat()} ({tz.key})")
    headers = []
    for row in rows:
        assert row.day is not None  # a row of days() is a day; only totals() has none
        headers.append(f"{_WEEKDAYS[row.day.weekday()]} {row.day.day}")
    columns = [[show(d) for _label, show in STATS_ROWS] for d in rows]
    if args.week:  # minutes rounded per day, so the total column is the sum of the row
        from dataclasses import replace

        from companion.core.stats import minutes

        shown = replace(total, rest_seconds=60 * sum(minutes(d.rest_seconds) for d in rows),
                        overtime_seconds=60 * sum(minutes(d.overtime_seconds) for d in rows))
        headers.append("total")
        columns.append([show(shown) for _label, show in STATS_ROWS])
    label_width = max(len(label) for label, _ in STATS_ROWS)
    widths = [max(len(h), *(len(v) for v in col)) for h, col in zip(headers, columns, strict=True)]
    print(" " * label_width + "".join(f"  {h:>{w}}" for h, w in zip(headers, widths, strict=True)))
    for i, (label, _show) in enumerate(STATS_ROWS):
        print(f"{label:<{label_width}}" + "".join(f"  {col[i]:>{w}}" for col, w in zip(columns, widths, strict=True)))
    return 0
