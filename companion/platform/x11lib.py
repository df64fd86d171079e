"""libX11 through ctypes, for the X11 probes (idle time, fullscreen): loading native libraries, one
set of libX11 prototypes, and a display connection opened on first use.

Nothing is loaded at import time; a probe that never runs never loads libX11. What a probe asks
the server (extensions, window properties) stays with the probe.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any


class XErrorEvent(ctypes.Structure):
    """Xlib's XErrorEvent, as an error handler receives it."""

    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


# The C type of an X error handler (XSetErrorHandler); each probe wraps its own recorder in it.
XErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(XErrorEvent))


def load_library(*names: str) -> ctypes.CDLL | None:
    """The first of `names` that loads (a bare name is looked up with find_library), or None."""
    for name in names:
        path = name if "." in name or "/" in name else ctypes.util.find_library(name)
        if not path:
            continue
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def load_xlib() -> ctypes.CDLL | None:
    """libX11 with the prototypes of every function the probes call, or None if it is not installed."""
    xlib = load_library("libX11.so.6", "X11")
    if xlib is None:
        return None
    vp, ul = ctypes.c_void_p, ctypes.c_ulong
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XOpenDisplay.restype = vp
    xlib.XDefaultRootWindow.argtypes = [vp]
    xlib.XDefaultRootWindow.restype = ul
    xlib.XCloseDisplay.argtypes = [vp]
    xlib.XCloseDisplay.restype = ctypes.c_int
    xlib.XFree.argtypes = [vp]
    xlib.XFree.restype = ctypes.c_int
    xlib.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
    xlib.XInternAtom.restype = ul
    xlib.XGetWindowProperty.argtypes = [
        vp, ul, ul, ctypes.c_long, ctypes.c_long, ctypes.c_int, ul,
        ctypes.POINTER(ul), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ul), ctypes.POINTER(ul),
        ctypes.POINTER(ctypes.c_void_p)]
    xlib.XGetWindowProperty.restype = ctypes.c_int
    xlib.XSync.argtypes = [vp, ctypes.c_int]
    xlib.XSync.restype = ctypes.c_int
    # Typed as plain pointers so the previous handler (any C function) can be put back.
    xlib.XSetErrorHandler.argtypes = [vp]
    xlib.XSetErrorHandler.restype = vp
    return xlib


class Display:
    """One connection to the X display `name`. Not locked: each probe serialises its own use.

    `load()` and `connect()` are separate so that a probe can load its own libraries in between
    (a missing library is reported before an unreachable display)."""

    def __init__(self, name: str):
        self.name = name
        self.xlib: Any = None  # libX11 with its prototypes
        self.dpy = None  # Display*, None while closed
        self.root = 0

    def load(self) -> str:
        """'' once libX11 is loaded, else why not."""
        if not self.name:
            return "no X display (DISPLAY is not set)"
        if self.xlib is None:
            self.xlib = load_xlib()
            if self.xlib is None:
                return "libX11 is not installed"
        return ""

    def connect(self) -> str:
        """'' once the display is open (after `load()`), else why not."""
        if self.dpy is None:
            dpy = self.xlib.XOpenDisplay(self.name.encode())
            if not dpy:
                return f"cannot open X display {self.name}"
            self.dpy, self.root = dpy, self.xlib.XDefaultRootWindow(dpy)
        return ""

    def open(self) -> str:
        """'' when the display is open, else why not."""
        if self.dpy is not None:
            return ""
        return self.load() or self.connect()

    def close(self) -> None:
        if self.dpy is not None:
            self.xlib.XCloseDisplay(self.dpy)
            self.dpy = None
