"""Fullscreen on X11: the window manager's _NET_ACTIVE_WINDOW and that window's _NET_WM_STATE
(EWMH), looking for _NET_WM_STATE_FULLSCREEN."""

from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from collections.abc import Callable

from companion.platform.fullscreen.base import FullscreenBackend
from companion.platform.x11lib import Display, XErrorEvent, XErrorHandler

log = logging.getLogger(__name__)

XA_ATOM = 4
XA_WINDOW = 33
_SUCCESS = 0


_XErrorEvent = XErrorEvent  # the structure lives in x11lib, shared by the X11 probes


_XErrorHandler = XErrorHandler
# Xlib's default error handler exits the process. While X11Fullscreen talks to the server (the
# active window may be destroyed between two requests: BadWindow) this handler is installed
# instead; it only records the error. Module-level, so the C callback is never garbage collected.
_x_errors: list[int] = []
_x_error_lock = threading.Lock()  # the handler is process-wide: one probe at a time swaps it


def _record_x_error(display: int, event: ctypes._Pointer[_XErrorEvent]) -> int:
    try:
        _x_errors.append(int(event.contents.error_code))
    except Exception:  # noqa: BLE001 - an exception must not cross into C
        _x_errors.append(-1)
    return 0


_X_ERROR_HANDLER = _XErrorHandler(_record_x_error)


def fullscreen_in_state(state_atoms: list[int], fullscreen_atom: int) -> bool:
    return bool(fullscreen_atom) and fullscreen_atom in state_atoms


class X11Fullscreen(FullscreenBackend):
    """EWMH: is _NET_WM_STATE_FULLSCREEN in the _NET_WM_STATE of the root's _NET_ACTIVE_WINDOW?

    `active()` is None while no EWMH window manager publishes an active window (cannot tell),
    False when the active window is gone or not fullscreen."""

    name = "x11"
    title = "X11 EWMH _NET_WM_STATE"

    def __init__(self, display: str | None = None, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._display = Display(os.environ.get("DISPLAY", "") if display is None else display)
        self._lock = threading.Lock()
        self._atoms: dict[str, int] = {}
        self.unknown_reason = ""  # why the last active() was None

    @property
    def display_name(self) -> str:
        return self._display.name

    def _check(self) -> str:
        with self._lock:
            return self._display.open()

    def _atom(self, name: str) -> int:
        """The atom, or 0 if nobody created it yet (then no window can carry it either)."""
        atom = self._atoms.get(name)
        if not atom:
            display = self._display
            atom = int(display.xlib.XInternAtom(display.dpy, name.encode(), 1))  # only if it exists
            if atom:
                self._atoms[name] = atom
        return atom

    def _property(self, window: int, atom: int, req_type: int, max_items: int) -> list[int] | None:
        """A 32-bit list property of `window`; None if the window is gone or lacks it."""
        xlib = self._display.xlib
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        nitems, bytes_after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = xlib.XGetWindowProperty(
            self._display.dpy, window, atom, 0, max_items, 0, req_type, ctypes.byref(actual_type),
            ctypes.byref(actual_format), ctypes.byref(nitems), ctypes.byref(bytes_after), ctypes.byref(data))
        try:
            if status != _SUCCESS or actual_type.value != req_type or actual_format.value != 32:
                return None
            # Format-32 data comes as C longs, whatever their size on this machine.
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(values[i]) for i in range(nitems.value)]
        finally:
            if data:
                xlib.XFree(data)

    def _read(self) -> bool | None:
        with self._lock:
            problem = self._display.open()
            if problem:
                raise OSError(problem)
            self.unknown_reason = ""
            active_atom = self._atom("_NET_ACTIVE_WINDOW")
            if not active_atom:
                self.unknown_reason = "no window manager publishes _NET_ACTIVE_WINDOW"
                return None
            xlib, dpy = self._display.xlib, self._display.dpy
            with _x_error_lock:
                previous = xlib.XSetErrorHandler(ctypes.cast(_X_ERROR_HANDLER, ctypes.c_void_p))
                del _x_errors[:]
                try:
                    return self._read_state(active_atom)
                finally:
                    xlib.XSync(dpy, 0)  # errors of our requests reach our handler
                    xlib.XSetErrorHandler(previous)
                    if _x_errors:
                        log.debug("X errors while reading the active window: %s", _x_errors)
                    del _x_errors[:]

    def _read_state(self, active_atom: int) -> bool | None:
        active = self._property(self._display.root, active_atom, XA_WINDOW, 1)
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
            self._display.close()
            self._atoms.clear()  # atoms belong to the connection
