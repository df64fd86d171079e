"""Update cadences ("keep the client informed every …") and the due maths built on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from companion.core.schedule import WorkSchedule


class CadenceError(ValueError):
    pass


@dataclass(frozen=True)
class Cadence:
    """kind is one of: none, hours, days, weeks. `amount` counts working hours, or business days:
    shifts of the schedule, so that for a night worker "daily" means the next night."""

    kind: str = "none"
    amount: int = 0

    NONE: "Cadence" = None  # type: ignore[assignment]  # set below

    @classmethod
    def parse(cls, text: str | None) -> "Cadence":
        raw = (text or "").strip().lower()
        if raw in ("", "none", "-", "0"):
            return cls("none", 0)
        aliases = {"daily": "1d", "every-2-days": "2d", "weekly": "1w"}
        raw = aliases.get(raw, raw)
        match = re.fullmatch(r"(\d{1,3})\s*([hdw])", raw)
        if not match:
            raise CadenceError(
                f"cannot read the cadence {text!r}; use none, Nh (working hours), 1d, 2d or 1w")
        amount, unit = int(match.group(1)), match.group(2)
        if amount <= 0:
            raise CadenceError(f"the cadence {text!r} must be at least 1")
        if unit == "h":
            if amount > 200:
                raise CadenceError(f"{amount} working hours is too long; use days or weeks")
            return cls("hours", amount)
        if unit == "w":
            return cls("weeks", amount)
        return cls("days", amount)

    @property
    def code(self) -> str:
        return {"none": "none", "hours": f"{self.amount}h", "days": f"{self.amount}d",
                "weeks": f"{self.amount}w"}[self.kind]

    @property
    def is_none(self) -> bool:
        return self.kind == "none"

    def next_due(self, anchor: datetime, schedule: WorkSchedule) -> datetime | None:
        """When the next client update is due if the last one (or the start) was at `anchor`.

        Hours are working time counted from `anchor` (or the next start). Days and weeks count
        shifts from the one `anchor` belongs to, an update made after a shift ended belonging to
        that shift (`WorkSchedule.add_business_days`): Friday 23:00 on nights is due Monday 23:00,
        Saturday 02:00 (Friday's night) Tuesday 02:00, Wednesday 07:00 by the end of Wednesday's
        night, at 06:00 on Thursday."""
        if self.kind == "none":
            return None
        if self.kind == "hours":
            start = schedule.next_working_moment(anchor)
            return schedule.add_working(start, self.amount * 3600)
        days = self.amount if self.kind == "days" else self.amount * max(1, schedule.working_weekdays)
        return schedule.add_business_days(anchor, days)


Cadence.NONE = Cadence("none", 0)


def promise_warning_at(promised: datetime, schedule: WorkSchedule, hours: float) -> datetime:
    """The instant `hours` of working time before `promised` (the early warning)."""
    if hours <= 0:
        return promised
    remaining = timedelta(seconds=hours * 3600)
    cursor = promised
    for start, end in schedule.intervals_before(promised):
        top = min(end, cursor)
        if top - start >= remaining:
            return top - remaining
        remaining -= top - start
        cursor = start
    return promised - timedelta(hours=hours)  # no working time at all: plain hours before
