"""Idle time on Windows: user32's GetLastInputInfo against kernel32's tick count."""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable

from companion.platform.idle.base import IdleBackend


def tick_delta_ms(now_ticks: int, last_input_ticks: int) -> int:
    """Milliseconds from the last input to now.

    GetLastInputInfo reports a 32-bit GetTickCount value, which wraps every 49.7 days; `now_ticks`
    comes from GetTickCount64. Both are compared modulo 2**32, so an input just before the wrap and
    a clock just after it still give a small difference.
    """
    return (now_ticks - last_input_ticks) & 0xFFFFFFFF


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint32), ("dwTime", ctypes.c_uint32)]


class WindowsIdle(IdleBackend):
    name = "windows"
    title = "Windows GetLastInputInfo"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._user32: ctypes.CDLL | None = None
        self._kernel32: ctypes.CDLL | None = None

    def _libs(self) -> tuple[ctypes.CDLL, ctypes.CDLL]:
        if self._user32 is None or self._kernel32 is None:
            if sys.platform != "win32":  # ctypes has no WinDLL elsewhere
                raise OSError("not Windows")
            user32 = ctypes.WinDLL("user32", use_last_error=True)
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            user32.GetLastInputInfo.argtypes = [ctypes.POINTER(_LastInputInfo)]
            user32.GetLastInputInfo.restype = ctypes.c_int
            kernel32.GetTickCount64.argtypes = []
            kernel32.GetTickCount64.restype = ctypes.c_uint64
            self._user32, self._kernel32 = user32, kernel32
        return self._user32, self._kernel32

    def _check(self) -> str:
        if sys.platform != "win32":
            return "not Windows"
        self._libs()
        return ""

    def _read(self) -> float:
        if sys.platform != "win32":
            raise OSError("not Windows")
        user32, kernel32 = self._libs()
        info = _LastInputInfo(ctypes.sizeof(_LastInputInfo), 0)
        if not user32.GetLastInputInfo(ctypes.byref(info)):
            raise OSError(ctypes.get_last_error(), "GetLastInputInfo failed")
        return tick_delta_ms(int(kernel32.GetTickCount64()), int(info.dwTime)) / 1000.0
