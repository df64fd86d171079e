"""Idle time on GNOME (Wayland and X11), from the compositor itself over the session bus."""

from __future__ import annotations

import time
from collections.abc import Callable

from companion.platform.dbus import DBusCall, QtDBusCaller, has_owner, one_number
from companion.platform.idle.base import IdleBackend
from companion.platform.idle.freedesktop import ScreenLockQuery


class MutterIdle(IdleBackend):
    """GNOME (Wayland and X11): org.gnome.Mutter.IdleMonitor.GetIdletime, in milliseconds."""

    name = "mutter"
    title = "GNOME Mutter IdleMonitor"
    SERVICE = "org.gnome.Mutter.IdleMonitor"
    PATH = "/org/gnome/Mutter/IdleMonitor/Core"

    def __init__(self, call: DBusCall | None = None, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self.call = call if call is not None else QtDBusCaller()
        self._locked = ScreenLockQuery(self.call, monotonic=monotonic)

    def _check(self) -> str:
        return "" if has_owner(self.call, self.SERVICE) else f"{self.SERVICE} is not on the session bus"

    def _read(self) -> float:
        args = self.call(self.SERVICE, self.PATH, self.SERVICE, "GetIdletime", ())
        return one_number(args, "GetIdletime") / 1000.0

    def locked(self) -> bool | None:
        return self._locked()
