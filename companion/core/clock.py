"""The clock seam: everything in core asks a Clock for the time instead of calling datetime.now()."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol, overload

UTC = timezone.utc


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant as an aware datetime (UTC)."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to. Used by tests and benchmarks."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now


@overload
def to_epoch(when: datetime) -> int: ...
@overload
def to_epoch(when: None) -> None: ...
@overload
def to_epoch(when: datetime | None) -> int | None: ...
def to_epoch(when: datetime | None) -> int | None:
    if when is None:
        return None
    if when.tzinfo is None:
        raise ValueError("naive datetime: attach a time zone first")
    return int(when.timestamp())


@overload
def from_epoch(value: int) -> datetime: ...
@overload
def from_epoch(value: None) -> None: ...
@overload
def from_epoch(value: int | None) -> datetime | None: ...
def from_epoch(value: int | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromtimestamp(int(value), UTC)
