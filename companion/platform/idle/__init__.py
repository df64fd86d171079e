"""How long since the user last touched the keyboard or mouse (and, where the desktop says, whether
the screen is locked).

Breaks use it: idle time long enough counts as a break taken, and overtime is not counted while
nobody is at the machine. One backend per kind of desktop, each in its own module:

- Windows: `WindowsIdle` (user32 GetLastInputInfo);
- macOS: `MacIdle` (IOKit's HIDIdleTime);
- X11: `X11Idle` (the MIT-SCREEN-SAVER extension through libXss);
- GNOME (Wayland or X11): `MutterIdle` (org.gnome.Mutter.IdleMonitor on the session bus);
- KDE and other screen savers: `FreedesktopIdle` (org.freedesktop.ScreenSaver);
- anything else: `NoIdle`, which always says "cannot tell".

`detect()` picks the first backend that is available and answers a first probe. A backend never
raises for an ordinary failure: `idle_seconds()` returns None (logged at debug), and a backend that
keeps failing stops being asked for a while (`FailureCounter`, in platform/probe.py), so a stuck bus
cannot freeze the UI on every poll. Importing this package loads neither Qt nor any native library.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

from companion.platform.dbus import (
    NO_REPLY,
    DBusError,
    QtDBusCaller,
    has_owner,
    session_bus_configured,
)
from companion.platform.idle.base import IdleMonitor, close_monitor, screen_locked
from companion.platform.idle.freedesktop import FreedesktopIdle, ScreenLockQuery
from companion.platform.idle.gnome import MutterIdle
from companion.platform.idle.macos import MacIdle, hid_idle_ns_from_data, ns_to_seconds
from companion.platform.idle.windows import WindowsIdle, tick_delta_ms
from companion.platform.idle.x11 import X11Idle
from companion.platform.probe import UNIX_DESKTOPS, FailureCounter, is_wayland

__all__ = [
    "NO_IDLE_TEXT", "NO_REPLY", "UNIX_DESKTOPS", "DBusError", "FailureCounter", "FakeIdle",
    "FreedesktopIdle", "IdleMonitor", "MacIdle", "MutterIdle", "NoIdle", "QtDBusCaller",
    "ScreenLockQuery", "WindowsIdle", "X11Idle", "candidates", "close_monitor", "describe", "detect",
    "has_owner", "hid_idle_ns_from_data", "is_wayland", "ns_to_seconds", "screen_locked",
    "session_bus_configured", "tick_delta_ms",
]

log = logging.getLogger(__name__)


class NoIdle:
    """The fallback: idle time is never known. `reason` says why (for `describe`)."""

    name = "none"
    title = "none"

    def __init__(self, reason: str = ""):
        self.reason = reason

    def available(self) -> bool:
        return True

    def idle_seconds(self) -> float | None:
        return None

    def locked(self) -> bool | None:
        return None


class FakeIdle:
    """For tests: set `.idle` (seconds or None) and `.locked_value`; `.calls` counts idle_seconds()."""

    def __init__(self, idle: float | None = 0.0, locked_value: bool | None = None, name: str = "fake",
                 is_available: bool = True):
        self.name = name
        self.idle = idle
        self.locked_value = locked_value
        self.is_available = is_available
        self.calls = 0

    def available(self) -> bool:
        return self.is_available

    def idle_seconds(self) -> float | None:
        self.calls += 1
        return self.idle

    def locked(self) -> bool | None:
        return self.locked_value


def candidates(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> list[IdleMonitor]:
    """The backends worth trying here, best first. Building them opens nothing."""
    if platform.startswith(("win", "cygwin")):
        return [WindowsIdle()]
    if platform == "darwin":
        return [MacIdle()]
    if not platform.startswith(UNIX_DESKTOPS):
        return []
    dbus = QtDBusCaller(env=env)
    if is_wayland(env):
        # Never XScreenSaver under Wayland: XWayland only sees input to X clients.
        return [MutterIdle(dbus), FreedesktopIdle(dbus)]
    if env.get("DISPLAY"):
        return [X11Idle(env["DISPLAY"], lock_query=ScreenLockQuery(dbus)), MutterIdle(dbus),
                FreedesktopIdle(dbus)]
    return []


def detect(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> IdleMonitor:
    """The first candidate that is available and answers a first probe with a number; else NoIdle."""
    tried = []
    for monitor in candidates(env, platform):
        try:
            ok = monitor.available()
            problem = getattr(monitor, "problem", "")
            if ok:
                ok = monitor.idle_seconds() is not None
                failures = getattr(monitor, "failures", None)
                problem = "" if ok else (failures.last_error if failures else "") or "no answer"
        except Exception as exc:  # noqa: BLE001 - a third-party backend must not stop detection
            ok, problem = False, str(exc)
        if ok:
            log.info("idle time from %s", monitor.name)
            return monitor
        tried.append(f"{getattr(monitor, 'title', monitor.name)}: {problem or 'unavailable'}")
        close_monitor(monitor)
    if tried:
        reason = "tried " + "; ".join(tried)
    elif platform.startswith(UNIX_DESKTOPS):
        reason = "no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    else:
        reason = f"no idle backend for {platform}"
    log.info("no idle time available: %s", reason)
    return NoIdle(reason)


NO_IDLE_TEXT = "none: no idle information (natural breaks and overtime are not detected)"


def describe(monitor: IdleMonitor) -> str:
    """One line for `companion doctor`."""
    if isinstance(monitor, NoIdle):
        return NO_IDLE_TEXT + (f"; {monitor.reason}" if monitor.reason else "")
    title = getattr(monitor, "title", None) or monitor.name
    try:
        seconds = monitor.idle_seconds() if monitor.available() else None
    except Exception as exc:  # noqa: BLE001
        return f"{title} (failed: {exc})"
    if seconds is None:
        failures = getattr(monitor, "failures", None)
        why = getattr(monitor, "problem", "") or (failures.last_error if failures else "")
        return f"{title} (not answering{': ' + why if why else ''})"
    text = f"{title} (idle {seconds:.0f} s"
    if screen_locked(monitor):
        text += ", screen locked"
    return text + ")"
