"""What an idle monitor is, and the base of the real backends (one module per desktop beside this)."""

from __future__ import annotations

import logging
from typing import Protocol

from companion.platform.probe import Probe

log = logging.getLogger(__name__)


class IdleMonitor(Protocol):
    name: str

    def available(self) -> bool: ...

    def idle_seconds(self) -> float | None:
        """Seconds since the last keyboard/mouse input; None if it could not be told this time."""

    # Optional: `locked() -> bool | None` (True: the screen is locked; None: unknown).
    # Use `screen_locked(monitor)`, which copes with monitors that do not have it.


def screen_locked(monitor: object) -> bool | None:
    """The monitor's `locked()` if it has one and it answers; None (unknown) otherwise."""
    locked = getattr(monitor, "locked", None)
    if locked is None:
        return None
    try:
        return locked()
    except Exception as exc:  # noqa: BLE001 - a probe must never break the caller
        log.debug("%s: locked() failed: %s", getattr(monitor, "name", monitor), exc)
        return None


def close_monitor(monitor: object) -> None:
    """Release what a monitor holds (an X connection, a private bus connection), if anything."""
    close = getattr(monitor, "close", None)
    if close is not None:
        try:
            close()
        except Exception as exc:  # noqa: BLE001
            log.debug("closing %s failed: %s", getattr(monitor, "name", monitor), exc)


class IdleBackend(Probe[float]):
    """What every real backend shares: `idle_seconds()` is `_read()` with failure counting."""

    def idle_seconds(self) -> float | None:
        value = self._sample()
        return None if value is None else max(0.0, float(value))

    def locked(self) -> bool | None:
        return None
