"""Desktop notifications with detected failure and fallback.

Backends are tried in order: plyer (native notifications on each OS), the tray icon's balloon
(QSystemTrayIcon.showMessage), then an in-app popup. A backend that raises or reports failure is
marked broken and the next one is used, so a reminder is never silently lost.
"""

from __future__ import annotations

import html
import logging
import shutil
import sys
import warnings
from dataclasses import dataclass
from typing import Callable, Protocol

log = logging.getLogger(__name__)


class NotificationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Notice:
    title: str
    body: str  # plain text; each backend escapes it as its server needs


class Backend(Protocol):
    name: str

    def available(self) -> bool: ...

    def send(self, notice: Notice) -> None:
        """Show the notice or raise NotificationError."""


def body_renders_markup() -> bool:
    """freedesktop notification servers (Linux, BSD) interpret the body as a small HTML subset."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def escape_for_server(text: str) -> str:
    return html.escape(text, quote=False) if body_renders_markup() else text


class PlyerBackend:
    name = "plyer"

    def __init__(self, app_name: str, icon_path: str = ""):
        self.app_name = app_name
        self.icon_path = icon_path

    def available(self) -> bool:
        if sys.platform.startswith("linux"):
            # plyer needs dbus-python or notify-send here, and neither reports a missing server.
            if not shutil.which("notify-send"):
                try:
                    import dbus  # noqa: F401
                except ImportError:
                    return False
            if not freedesktop_server_present():
                return False
        try:
            from plyer import notification  # noqa: F401
        except Exception:  # noqa: BLE001 - plyer fails in many ways on unsupported systems
            return False
        return True

    def send(self, notice: Notice) -> None:
        from plyer import notification

        # plyer's Flatpak path builds a GVariant literal from the title: keep quotes out of it.
        title = notice.title.replace('"', "\u201d").replace("'", "\u2019")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                notification.notify(title=title, message=escape_for_server(notice.body),
                                    app_name=self.app_name, app_icon=self.icon_path, timeout=30)
            except Exception as exc:  # noqa: BLE001 - includes NotImplementedError: no backend at all
                raise NotificationError(f"plyer failed: {exc}") from exc
        for warning in caught:  # e.g. "dbus package not installed" before it falls back to notify-send
            log.debug("plyer: %s", warning.message)


def freedesktop_server_present() -> bool:
    """Is a notification server on the session bus (running or startable on demand)?"""
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return True  # cannot tell: let the send itself decide
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    iface = bus.interface()
    name = "org.freedesktop.Notifications"
    if iface.isServiceRegistered(name).value():
        return True
    reply = iface.call("ListActivatableNames")
    names = reply.arguments()[0] if reply.arguments() else []
    return name in names


class TrayBackend:
    """QSystemTrayIcon.showMessage: works wherever the tray does (Windows balloons, macOS, KDE…)."""

    name = "tray"

    def __init__(self, tray_icon_getter: Callable[[], object | None]):
        self._get = tray_icon_getter

    def available(self) -> bool:
        icon = self._get()
        return icon is not None and icon.isVisible() and icon.supportsMessages()

    def send(self, notice: Notice) -> None:
        icon = self._get()
        if icon is None or not icon.isVisible():
            raise NotificationError("no visible tray icon")
        icon.showMessage(notice.title, notice.body, icon.icon(), 30000)


class CallbackBackend:
    """The last resort: an in-app window (the reminder popup). Always available."""

    def __init__(self, name: str, callback: Callable[[Notice], None]):
        self.name = name
        self._callback = callback

    def available(self) -> bool:
        return True

    def send(self, notice: Notice) -> None:
        self._callback(notice)


class FakeBackend:
    """For tests: records notices; can be told to fail."""

    def __init__(self, name: str = "fake", fail: bool = False, is_available: bool = True):
        self.name = name
        self.fail = fail
        self.is_available = is_available
        self.sent: list[Notice] = []

    def available(self) -> bool:
        return self.is_available

    def send(self, notice: Notice) -> None:
        if self.fail:
            raise NotificationError(f"{self.name} is broken")
        self.sent.append(notice)


class Notifier:
    """Sends through the first backend that works; a failing backend is skipped from then on."""

    def __init__(self, backends: list[Backend]):
        self.backends = list(backends)
        self.broken: dict[str, str] = {}
        self.last_used: str | None = None

    def working_backend(self) -> str | None:
        for backend in self.backends:
            if backend.name not in self.broken and backend.available():
                return backend.name
        return None

    def notify(self, notice: Notice) -> str:
        """Deliver; return the name of the backend that did. Raises if every backend failed."""
        errors = []
        for backend in self.backends:
            if backend.name in self.broken:
                continue
            try:
                if not backend.available():
                    continue
                backend.send(notice)
            except NotificationError as exc:
                log.warning("notification backend %s failed: %s", backend.name, exc)
                self.broken[backend.name] = str(exc)
                errors.append(str(exc))
                continue
            self.last_used = backend.name
            return backend.name
        raise NotificationError("; ".join(errors) or "no notification backend available")
