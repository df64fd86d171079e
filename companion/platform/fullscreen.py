"""Is a fullscreen window active right now? Breaks are held (owed, not dropped) while the agent
presents, is in a video call or plays full screen.

- X11: `X11Fullscreen` reads the window manager's _NET_ACTIVE_WINDOW and that window's
  _NET_WM_STATE (EWMH), looking for _NET_WM_STATE_FULLSCREEN;
- Windows: `WindowsFullscreen` asks the shell (SHQueryUserNotificationState), which also knows
  about presentation mode and Direct3D exclusive fullscreen;
- macOS and Wayland: `NoFullscreen` (no public way to ask; breaks are then never held).

`active()` returns None when it cannot tell; it never raises for ordinary failures. Importing this
module loads no native library and no Qt.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Protocol

from companion.platform.idle import (
    UNIX_DESKTOPS,
    FailureCounter,
    is_wayland,
    load_library,
)

log = logging.getLogger(__name__)


class FullscreenProbe(Protocol):
    name: str

    def available(self) -> bool: ...

    def active(self) -> bool | None:
        """True while a fullscreen window is active; None if it cannot be told now."""


class _Probe:
    """Shared by the real probes: `active()` wraps `_read()` with failure counting."""

    name = "?"
    title = "?"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self.failures = FailureCounter(self.name, monotonic=monotonic)
        self.problem = ""

    def available(self) -> bool:
        if self.failures.blocked:
            self.problem = f"disabled after repeated failures ({self.failures.last_error})"
            return False
        try:
            problem = self._check()
        except Exception as exc:  # noqa: BLE001 - native libraries fail in many ways
            problem = f"{type(exc).__name__}: {exc}"
        self.problem = problem or ""
        if problem:
            log.debug("%s unavailable: %s", self.name, problem)
        return not problem

    def active(self) -> bool | None:
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
        raise NotImplementedError

    def _read(self) -> bool | None:
        raise NotImplementedError


# ---------------------------------------------------------------------------------------- Windows

QUNS_NOT_PRESENT = 1  # screen saver, locked, or another user's session
QUNS_BUSY = 2  # a fullscreen application (or a window the shell treats so)
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6  # the first hour after a new user's first sign-in
QUNS_APP = 7  # a Windows Store app is in front

FULLSCREEN_STATES = frozenset({QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE})


def quns_is_fullscreen(state: int) -> bool:
    """Does a QUERY_USER_NOTIFICATION_STATE value mean "someone is presenting / full screen"?"""
    return state in FULLSCREEN_STATES


class WindowsFullscreen(_Probe):
    name = "windows"
    title = "Windows SHQueryUserNotificationState"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._shell32 = None

    def _lib(self):
        if self._shell32 is None:
            shell32 = ctypes.WinDLL("shell32")  # AttributeError off Windows
            shell32.SHQueryUserNotificationState.argtypes = [ctypes.POINTER(ctypes.c_int)]
            shell32.SHQueryUserNotificationState.restype = ctypes.c_long  # HRESULT
            self._shell32 = shell32
        return self._shell32

    def _check(self) -> str:
        if not hasattr(ctypes, "WinDLL"):
            return "not Windows"
        self._lib()
        return ""

    def _read(self) -> bool:
        state = ctypes.c_int(0)
        result = self._lib().SHQueryUserNotificationState(ctypes.byref(state))
        if result != 0:
            raise OSError(f"SHQueryUserNotificationState failed: HRESULT 0x{result & 0xFFFFFFFF:08X}")
        return quns_is_fullscreen(state.value)


# -------------------------------------------------------------------------------------------- X11

XA_ATOM = 4
XA_WINDOW = 33
_SUCCESS = 0


class _XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


_XErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_XErrorEvent))
# Xlib's default error handler exits the process. While X11Fullscreen talks to the server (the
# active window may be destroyed between two requests: BadWindow) this handler is installed
# instead; it only records the error. Module-level, so the C callback is never garbage collected.
_x_errors: list[int] = []
_x_error_lock = threading.Lock()  # the handler is process-wide: one probe at a time swaps it


def _record_x_error(display: int, event) -> int:
    try:
        _x_errors.append(int(event.contents.error_code))
    except Exception:  # noqa: BLE001 - an exception must not cross into C
        _x_errors.append(-1)
    return 0


_X_ERROR_HANDLER = _XErrorHandler(_record_x_error)


def fullscreen_in_state(state_atoms: list[int], fullscreen_atom: int) -> bool:
    return bool(fullscreen_atom) and fullscreen_atom in state_atoms


class X11Fullscreen(_Probe):
    """EWMH: is _NET_WM_STATE_FULLSCREEN in the _NET_WM_STATE of the root's _NET_ACTIVE_WINDOW?

    `active()` is None while no EWMH window manager publishes an active window (cannot tell),
    False when the active window is gone or not fullscreen."""

    name = "x11"
    title = "X11 EWMH _NET_WM_STATE"

    def __init__(self, display: str | None = None, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self.display_name = os.environ.get("DISPLAY", "") if display is None else display
        self._lock = threading.Lock()
        self._xlib = None
        self._dpy = None
        self._root = 0
        self._atoms: dict[str, int] = {}
        self.unknown_reason = ""  # why the last active() was None

    def _load(self) -> str:
        if self._xlib is not None:
            return ""
        xlib = load_library("libX11.so.6", "X11")
        if xlib is None:
            return "libX11 is not installed"
        vp, ul = ctypes.c_void_p, ctypes.c_ulong
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XOpenDisplay.restype = vp
        xlib.XDefaultRootWindow.argtypes = [vp]
        xlib.XDefaultRootWindow.restype = ul
        xlib.XCloseDisplay.argtypes = [vp]
        xlib.XCloseDisplay.restype = ctypes.c_int
        xlib.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
        xlib.XInternAtom.restype = ul
        xlib.XGetWindowProperty.argtypes = [
            vp, ul, ul, ctypes.c_long, ctypes.c_long, ctypes.c_int, ul,
            ctypes.POINTER(ul), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ul), ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.c_void_p)]
        xlib.XGetWindowProperty.restype = ctypes.c_int
        xlib.XFree.argtypes = [vp]
        xlib.XFree.restype = ctypes.c_int
        xlib.XSync.argtypes = [vp, ctypes.c_int]
        xlib.XSync.restype = ctypes.c_int
        # Typed as plain pointers so the previous handler (any C function) can be put back.
        xlib.XSetErrorHandler.argtypes = [vp]
        xlib.XSetErrorHandler.restype = vp
        self._xlib = xlib
        return ""

    def _open(self) -> str:
        if self._dpy is not None:
            return ""
        if not self.display_name:
            return "no X display (DISPLAY is not set)"
        problem = self._load()
        if problem:
            return problem
        dpy = self._xlib.XOpenDisplay(self.display_name.encode())
        if not dpy:
            return f"cannot open X display {self.display_name}"
        self._dpy, self._root = dpy, self._xlib.XDefaultRootWindow(dpy)
        return ""

    def _check(self) -> str:
        with self._lock:
            return self._open()

    def _atom(self, name: str) -> int:
        """The atom, or 0 if nobody created it yet (then no window can carry it either)."""
        atom = self._atoms.get(name)
        if not atom:
            atom = int(self._xlib.XInternAtom(self._dpy, name.encode(), 1))  # only if it exists
            if atom:
                self._atoms[name] = atom
        return atom

    def _property(self, window: int, atom: int, req_type: int, max_items: int) -> list[int] | None:
        """A 32-bit list property of `window`; None if the window is gone or lacks it."""
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        nitems, bytes_after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self._xlib.XGetWindowProperty(
            self._dpy, window, atom, 0, max_items, 0, req_type, ctypes.byref(actual_type),
            ctypes.byref(actual_format), ctypes.byref(nitems), ctypes.byref(bytes_after), ctypes.byref(data))
        try:
            if status != _SUCCESS or actual_type.value != req_type or actual_format.value != 32:
                return None
            # Format-32 data comes as C longs, whatever their size on this machine.
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(values[i]) for i in range(nitems.value)]
        finally:
            if data:
                self._xlib.XFree(data)

    def _read(self) -> bool | None:
        with self._lock:
            problem = self._open()
            if problem:
                raise OSError(problem)
            self.unknown_reason = ""
            active_atom = self._atom("_NET_ACTIVE_WINDOW")
            if not active_atom:
                self.unknown_reason = "no window manager publishes _NET_ACTIVE_WINDOW"
                return None
            with _x_error_lock:
                previous = self._xlib.XSetErrorHandler(ctypes.cast(_X_ERROR_HANDLER, ctypes.c_void_p))
                del _x_errors[:]
                try:
                    return self._read_state(active_atom)
                finally:
                    self._xlib.XSync(self._dpy, 0)  # errors of our requests reach our handler
                    self._xlib.XSetErrorHandler(previous)
                    if _x_errors:
                        log.debug("X errors while reading the active window: %s", _x_errors)
                    del _x_errors[:]

    def _read_state(self, active_atom: int) -> bool | None:
        active = self._property(self._root, active_atom, XA_WINDOW, 1)
        if active is None:
            self.unknown_reason = "no window manager publishes _NET_ACTIVE_WINDOW"
            return None
        if not active or not active[0]:
            return False  # nothing is active (e.g. the desktop has the focus)
        state_atom, fullscreen_atom = self._atom("_NET_WM_STATE"), self._atom("_NET_WM_STATE_FULLSCREEN")
        if not state_atom or not fullscreen_atom:
            return False
        states = self._property(active[0], state_atom, XA_ATOM, 64)
        return fullscreen_in_state(states or [], fullscreen_atom)  # a vanished window is not fullscreen

    def close(self) -> None:
        with self._lock:
            if self._dpy is not None:
                self._xlib.XCloseDisplay(self._dpy)
                self._dpy = None
                self._atoms.clear()


# --------------------------------------------------------------------------------- fallback, fake

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


# ------------------------------------------------------------------------------------- detection

def detect(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> FullscreenProbe:
    """The probe for this desktop if it is available, else NoFullscreen with the reason.

    Unlike idle detection, the first answer does not decide: a probe started with the session may
    run before the window manager publishes an active window, and there is no second backend to
    fall back to anyway (`active()` says None until it can tell)."""
    if platform.startswith(("win", "cygwin")):
        probe: FullscreenProbe = WindowsFullscreen()
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
    return NoFullscreen(f"tried {probe.title}: {getattr(probe, 'problem', '') or 'unavailable'}")


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
