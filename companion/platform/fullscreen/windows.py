"""Fullscreen on Windows: the shell's own verdict (SHQueryUserNotificationState), which also knows
about presentation mode and Direct3D exclusive fullscreen."""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable

from companion.platform.fullscreen.base import FullscreenBackend

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


class WindowsFullscreen(FullscreenBackend):
    name = "windows"
    title = "Windows SHQueryUserNotificationState"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._shell32: ctypes.CDLL | None = None

    def _lib(self) -> ctypes.CDLL:
        if self._shell32 is None:
            if sys.platform != "win32":  # ctypes has no WinDLL elsewhere
                raise OSError("not Windows")
            shell32 = ctypes.WinDLL("shell32")
            shell32.SHQueryUserNotificationState.argtypes = [ctypes.POINTER(ctypes.c_int)]
            shell32.SHQueryUserNotificationState.restype = ctypes.c_long  # HRESULT
            self._shell32 = shell32
        return self._shell32

    def _check(self) -> str:
        if sys.platform != "win32":
            return "not Windows"
        self._lib()
        return ""

    def _read(self) -> bool:
        state = ctypes.c_int(0)
        result = self._lib().SHQueryUserNotificationState(ctypes.byref(state))
        if result != 0:
            raise OSError(f"SHQueryUserNotificationState failed: HRESULT 0x{result & 0xFFFFFFFF:08X}")
        return quns_is_fullscreen(state.value)
