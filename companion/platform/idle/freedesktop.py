"""The screen saver on the session bus: KDE's org.freedesktop.ScreenSaver for idle time, and the
lock state that KDE and GNOME both report through GetActive (which the other Unix backends ask too).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from companion.platform.dbus import (
    NO_REPLY,
    DBusCall,
    DBusError,
    QtDBusCaller,
    has_owner,
    one_number,
)
from companion.platform.idle.base import IdleBackend
from companion.platform.probe import FailureCounter

SCREENSAVER_OBJECTS = (
    # (service, path, interface); KDE answers on both freedesktop paths, GNOME on its own name.
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenLockQuery:
    """Is the screen locked? `GetActive` of the first screen saver object that answers (the
    screen saver being active is what both KDE and GNOME report while locked). None: unknown."""

    def __init__(self, call: DBusCall, objects: Sequence[tuple[str, str, str]] = SCREENSAVER_OBJECTS,
                 monotonic: Callable[[], float] = time.monotonic):
        self.call = call
        self.objects = list(objects)
        self.failures = FailureCounter("screen lock query", monotonic=monotonic)
        self._working: tuple[str, str, str] | None = None

    def __call__(self) -> bool | None:
        if self.failures.blocked:
            return None
        order = list(self.objects)
        if self._working in order:  # the object that answered last goes first
            order.remove(self._working)
            order.insert(0, self._working)
        errors = []
        for service, path, interface in order:
            try:
                args = self.call(service, path, interface, "GetActive", ())
            except Exception as exc:  # noqa: BLE001
                errors.append(str(exc))
                if getattr(exc, "name", "") == NO_REPLY:
                    break  # something is stuck: asking the next object could wait as long again
                continue
            if args and isinstance(args[0], bool):
                self._working = (service, path, interface)
                self.failures.succeeded()
                return args[0]
            errors.append(f"GetActive returned {args!r}")
        self.failures.failed("; ".join(errors) or "no screen saver object")
        return None


class FreedesktopIdle(IdleBackend):
    """org.freedesktop.ScreenSaver: GetSessionIdleTime for idle time, GetActive for the lock.

    The spec never fixed the unit of GetSessionIdleTime; KDE's screen locker (its main provider)
    returns KIdleTime's milliseconds, and that is what is read here. KDE on Wayland answers
    NotSupported, which makes `detect()` pass this backend over.
    """

    name = "freedesktop"
    title = "freedesktop ScreenSaver"
    SERVICE = "org.freedesktop.ScreenSaver"
    PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

    def __init__(self, call: DBusCall | None = None, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self.call = call if call is not None else QtDBusCaller()
        self.path: str | None = None  # the path that answered last
        objects = [(self.SERVICE, path, self.SERVICE) for path in self.PATHS]
        self._locked = ScreenLockQuery(self.call, objects, monotonic=monotonic)

    def _check(self) -> str:
        return "" if has_owner(self.call, self.SERVICE) else f"{self.SERVICE} is not on the session bus"

    def _read(self) -> float:
        paths = list(self.PATHS)
        if self.path in paths:  # the path that answered last goes first
            paths.remove(self.path)
            paths.insert(0, self.path)
        errors = []
        for path in paths:
            try:
                args = self.call(self.SERVICE, path, self.SERVICE, "GetSessionIdleTime", ())
            except DBusError as exc:
                errors.append(str(exc))
                if exc.name == NO_REPLY:
                    break  # the service is stuck: another path would only wait again
                continue
            self.path = path
            return one_number(args, "GetSessionIdleTime") / 1000.0
        raise DBusError("; ".join(errors))

    def locked(self) -> bool | None:
        return self._locked()
