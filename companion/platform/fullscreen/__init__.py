"""Is a fullscreen window active right now? Breaks are held (owed, not dropped) while the agent
presents, is in a video call or plays full screen.

- X11: `X11Fullscreen` reads the window manager's _NET_ACTIVE_WINDOW and that window's
  _NET_WM_STATE (EWMH), looking for _NET_WM_STATE_FULLSCREEN;
- Windows: `WindowsFullscreen` asks the shell (SHQueryUserNotificationState), which also knows
  about presentation mode and Direct3D exclusive fullscreen;
- macOS and Wayland: `NoFullscreen` (no public way to ask; breaks are then never held).

`active()` returns None when it cannot tell; it never raises for ordinary failures. Importing this
package loads no native library and no Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from companion.platform.fullscreen.base import FullscreenBackend, FullscreenProbe
from companion.platform.fullscreen.windows import WindowsFullscreen, quns_is_fullscreen
from companion.platform.fullscreen.x11 import X11Fullscreen, fullscreen_in_state
from companion.platform.probe import UNIX_DESKTOPS, is_wayland

__all__ = [
    "NO_FULLSCREEN_TEXT", "FakeFullscreen", "FullscreenProbe", "NoFullscreen", "WindowsFullscreen",
    "X11Fullscreen", "describe", "detect", "fullscreen_in_state", "quns_is_fullscreen",
]


class NoFullscreen:
    """The fallback: never knows, so breaks are never held for fullscreen. `reason` says why."""

    name = "none"
    title = "none"

    def __init__(self, reason: str = ""):
        self.reason = reason

    def available(self) -> bool:
        return True

    def active(self) -> bool | None:
        return None


class FakeFullscreen:
    """For tests: set `.active_value` (True/False/None); `.calls` counts active()."""

    def __init__(self, active: bool | None = False, name: str = "fake", is_available: bool = True):
        self.name = name
        self.active_value = active
        self.is_available = is_available
        self.calls = 0

    def available(self) -> bool:
        return self.is_available

    def active(self) -> bool | None:
        self.calls += 1
        return self.active_value


def detect(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> FullscreenProbe:
    """The probe for this desktop if it is available, else NoFullscreen with the reason.

    Unlike idle detection, the first answer does not decide: a probe started with the session may
    run before the window manager publishes an active window, and there is no second backend to
    fall back to anyway (`active()` says None until it can tell)."""
    if platform.startswith(("win", "cygwin")):
        probe: FullscreenBackend = WindowsFullscreen()
    elif platform == "darwin":
        return NoFullscreen("macOS offers no public way to ask")
    elif not platform.startswith(UNIX_DESKTOPS):
        return NoFullscreen(f"nothing to ask on {platform}")
    elif is_wayland(env):
        return NoFullscreen("Wayland does not let applications see other windows")
    elif env.get("DISPLAY"):
        probe = X11Fullscreen(env["DISPLAY"])
    else:
        return NoFullscreen("no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)")
    if probe.available():
        return probe
    return NoFullscreen(f"tried {probe.title}: {probe.problem or 'unavailable'}")


NO_FULLSCREEN_TEXT = "none: fullscreen windows are not detected (breaks are not held during presentations)"


def describe(probe: FullscreenProbe) -> str:
    """One line for `companion doctor`."""
    if isinstance(probe, NoFullscreen):
        return NO_FULLSCREEN_TEXT + (f"; {probe.reason}" if probe.reason else "")
    title = getattr(probe, "title", None) or probe.name
    try:
        value = probe.active() if probe.available() else None
    except Exception as exc:  # noqa: BLE001
        return f"{title} (failed: {exc})"
    if value is None:
        failures = getattr(probe, "failures", None)
        why = (getattr(probe, "unknown_reason", "") or getattr(probe, "problem", "")
               or (failures.last_error if failures else ""))
        return f"{title} (cannot tell now{': ' + why if why else ''})"
    return f"{title} ({'a fullscreen window is active' if value else 'no fullscreen window'})"
