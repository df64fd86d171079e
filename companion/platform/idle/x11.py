"""Idle time in an X11 session: the server's MIT-SCREEN-SAVER extension, through libXss."""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from companion.platform.dbus import QtDBusCaller
from companion.platform.idle.base import IdleBackend
from companion.platform.idle.freedesktop import ScreenLockQuery
from companion.platform.x11lib import Display, load_library


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("eventMask", ctypes.c_ulong),
    ]


class X11Idle(IdleBackend):
    """X11: XScreenSaverQueryInfo's `idle` (ms) from libXss. One display connection, opened on first
    use and closed by `close()`. Screen lock state comes from the screen saver on D-Bus."""

    name = "x11"
    title = "X11 XScreenSaver"

    def __init__(self, display: str | None = None, lock_query: Callable[[], bool | None] | None = None,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._display = Display(os.environ.get("DISPLAY", "") if display is None else display)
        self._lock_query = lock_query
        self._lock = threading.Lock()
        self._xss: Any = None  # libXss with its prototypes
        # XScreenSaverInfo*, allocated once, XFree'd in close()
        self._info: ctypes._Pointer[_XScreenSaverInfo] | None = None

    @property
    def display_name(self) -> str:
        return self._display.name

    def _load_xss(self) -> str:
        if self._xss is not None:
            return ""
        xss = load_library("libXss.so.1", "Xss")
        if xss is None:
            return "libXss.so.1 is not installed (package libxss1)"
        vp = ctypes.c_void_p
        xss.XScreenSaverQueryExtension.argtypes = [vp, ctypes.POINTER(ctypes.c_int),
                                                   ctypes.POINTER(ctypes.c_int)]
        xss.XScreenSaverQueryExtension.restype = ctypes.c_int
        xss.XScreenSaverAllocInfo.argtypes = []
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [vp, ctypes.c_ulong, ctypes.POINTER(_XScreenSaverInfo)]
        xss.XScreenSaverQueryInfo.restype = ctypes.c_int
        self._xss = xss
        return ""

    def _open(self) -> str:
        """Open the display once (caller holds the lock); '' when ready, else why not."""
        display = self._display
        if display.dpy is not None:
            return ""
        problem = display.load() or self._load_xss() or display.connect()
        if problem:
            return problem
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(display.dpy, ctypes.byref(event_base),
                                                    ctypes.byref(error_base)):
            display.close()
            return f"X display {display.name} has no MIT-SCREEN-SAVER extension"
        info = self._xss.XScreenSaverAllocInfo()
        if not info:
            display.close()
            return "XScreenSaverAllocInfo failed"
        self._info = info
        return ""

    def _check(self) -> str:
        with self._lock:
            return self._open()

    def _read(self) -> float:
        with self._lock:
            problem = self._open()
            if problem:
                raise OSError(problem)
            info = self._info
            assert info is not None  # allocated by _open() with the display
            if not self._xss.XScreenSaverQueryInfo(self._display.dpy, self._display.root, info):
                raise OSError("XScreenSaverQueryInfo failed")
            return info.contents.idle / 1000.0

    def locked(self) -> bool | None:
        if self._lock_query is None:
            self._lock_query = ScreenLockQuery(QtDBusCaller())
        return self._lock_query()

    def close(self) -> None:
        with self._lock:
            if self._info is not None:
                self._display.xlib.XFree(self._info)
                self._info = None
            self._display.close()
