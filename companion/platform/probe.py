"""What the idle and fullscreen backends share: the desktop they run on, and a base that makes a
probe of the operating system safe to call from the UI's timer.

A probe never raises for an ordinary failure: `available()` says no and keeps the reason in
`problem`, a failed reading is None (logged at debug), and a probe that keeps failing is not asked
for a while (`FailureCounter`), so a stuck bus or a gone display cannot freeze the UI on every poll.
What a reading means (seconds, a flag) is each service's business, not this module's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from companion.platform.dbus import DBusError

log = logging.getLogger(__name__)

UNIX_DESKTOPS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")

Reading = TypeVar("Reading")


def is_wayland(env: Mapping[str, str]) -> bool:
    return bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE", "").lower() == "wayland"


class FailureCounter:
    """Consecutive failures of one backend. After `limit` in a row the backend is blocked (reports
    unavailable, is not asked) for `retry_after` seconds; then it gets one more chance, and a single
    failure blocks it again. Any success clears the count."""

    def __init__(self, name: str, limit: int = 3, retry_after: float = 300.0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.name = name
        self.limit = limit
        self.retry_after = retry_after
        self.count = 0
        self.last_error = ""
        self._monotonic = monotonic
        self._blocked_at: float | None = None

    @property
    def blocked(self) -> bool:
        if self._blocked_at is None:
            return False
        if self._monotonic() - self._blocked_at >= self.retry_after:
            self._blocked_at = None  # one more chance; count stays at the limit
            return False
        return True

    def failed(self, error: object) -> None:
        self.count += 1
        self.last_error = str(error)
        log.debug("%s failed (%d in a row): %s", self.name, self.count, error)
        if self.count >= self.limit and self._blocked_at is None:
            log.info("%s failed %d times in a row (%s); not asking it for %.0f s",
                     self.name, self.count, error, self.retry_after)
            self._blocked_at = self._monotonic()

    def succeeded(self) -> None:
        self.count = 0
        self.last_error = ""


class Probe(Generic[Reading]):
    """A real backend: `available()` wraps `_check()` and `_sample()` wraps `_read()`, both with
    failure counting. Subclasses name the reading (`idle_seconds()`, `active()`)."""

    name = "?"
    title = "?"  # how `describe` names it

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self.failures = FailureCounter(self.name, monotonic=monotonic)
        self.problem = ""  # why `available()` last said no

    def available(self) -> bool:
        if self.failures.blocked:
            self.problem = f"disabled after repeated failures ({self.failures.last_error})"
            return False
        try:
            problem = self._check()
        except DBusError as exc:  # its message already names the call that failed
            problem = str(exc)
        except Exception as exc:  # noqa: BLE001 - native libraries and buses fail in many ways
            problem = f"{type(exc).__name__}: {exc}"
        self.problem = problem or ""
        if problem:
            log.debug("%s unavailable: %s", self.name, problem)
        return not problem

    def _sample(self) -> Reading | None:
        """`_read()`'s value; None if it failed or the probe is blocked."""
        if self.failures.blocked:
            return None
        try:
            value = self._read()
        except Exception as exc:  # noqa: BLE001 - never let a probe break the break timer
            self.failures.failed(exc)
            return None
        self.failures.succeeded()
        return value

    def close(self) -> None:
        pass

    def _check(self) -> str:
        """'' if the backend can work here, else a short reason."""
        raise NotImplementedError

    def _read(self) -> Reading:
        """The reading, or raise."""
        raise NotImplementedError
