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
import time
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


class FreedesktopBackend:
    """The freedesktop notification server over D-Bus (Linux, BSD): a real reply tells whether
    the notification was shown, and clicking it calls `on_click`.

    Sending goes through jeepney because Notify takes a uint32 that PySide6's QtDBus cannot
    produce from Python; the ActionInvoked signal is received through QtDBus on the Qt loop.
    """

    name = "freedesktop"
    _PATH = "/org/freedesktop/Notifications"
    _NAME = "org.freedesktop.Notifications"

    def __init__(self, app_name: str, icon_path: str = "", on_click: Callable[[], None] | None = None):
        self.app_name = app_name
        self.icon_path = icon_path
        self.on_click = on_click
        self.sent_ids: set[int] = set()
        self._connection = None
        self._notifier = None
        self._actions = None

    def available(self) -> bool:
        if not body_renders_markup():
            return False
        try:
            import jeepney  # noqa: F401
        except ImportError:
            return False
        return freedesktop_server_present()

    def _connect(self):
        """Open the D-Bus connection once; clicks come back on it (servers address the signal to
        the connection that sent the notification), read when its socket becomes readable."""
        if self._connection is not None:
            return self._connection
        from collections import deque

        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        connection = open_dbus_connection(bus="SESSION")
        rule = MatchRule(type="signal", interface=self._NAME, member="ActionInvoked", path=self._PATH)
        self._actions = deque(maxlen=256)
        self._filter = connection.filter(rule, queue=self._actions)
        connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=3)  # servers that broadcast
        if self.on_click is not None:
            from PySide6.QtCore import QSocketNotifier

            self._notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._readable)
        self._connection = connection
        return connection

    def _readable(self) -> None:
        try:
            while True:
                self._connection.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except Exception:  # noqa: BLE001 - the bus went away: reconnect on the next send
            log.warning("lost the D-Bus connection to the notification server")
            self._drop()
            return
        self._dispatch()

    def _dispatch(self) -> None:
        clicked = False
        while self._actions:
            notification_id = int(self._actions.popleft().body[0])
            clicked = clicked or notification_id in self.sent_ids
        if clicked and self.on_click is not None:
            self.on_click()

    def _drop(self) -> None:
        if getattr(self, "_notifier", None) is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._connection is not None:
            try:
                self._connection.close()
            except OSError:
                pass
        self._connection = None

    def send(self, notice: Notice) -> None:
        from jeepney import DBusAddress, MessageType, new_method_call

        address = DBusAddress(self._PATH, bus_name=self._NAME, interface=self._NAME)
        message = new_method_call(address, "Notify", "susssasa{sv}i", (
            self.app_name, 0, self.icon_path, notice.title, escape_for_server(notice.body),
            ["default", "Show"], {}, 0))
        try:
            reply = self._connect().send_and_get_reply(message, timeout=3)
        except Exception as exc:  # noqa: BLE001 - no bus, timeout, closed socket…
            self._drop()
            raise NotificationError(f"D-Bus notification failed: {exc}") from exc
        if reply.header.message_type != MessageType.method_return:
            raise NotificationError(f"the notification server refused: {reply.body}")
        self.sent_ids.add(int(reply.body[0]))
        self._dispatch()  # clicks that arrived while we waited for the reply


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
    """Sends through the first backend that works. A backend that fails is skipped for a while
    (the notification server may come back, e.g. after the desktop session restarts it)."""

    RETRY_AFTER_S = 600.0

    def __init__(self, backends: list[Backend], monotonic: Callable[[], float] = time.monotonic):
        self.backends = list(backends)
        self.broken: dict[str, str] = {}
        self._broken_at: dict[str, float] = {}
        self._monotonic = monotonic
        self.last_used: str | None = None

    def _skipped(self, name: str) -> bool:
        if name not in self.broken:
            return False
        if self._monotonic() - self._broken_at[name] >= self.RETRY_AFTER_S:
            del self.broken[name]  # give it another chance
            return False
        return True

    def working_backend(self) -> str | None:
        for backend in self.backends:
            if not self._skipped(backend.name) and backend.available():
                return backend.name
        return None

    def notify(self, notice: Notice) -> str:
        """Deliver; return the name of the backend that did. Raises if every backend failed."""
        errors = []
        for backend in self.backends:
            if self._skipped(backend.name):
                continue
            try:
                if not backend.available():
                    continue
                backend.send(notice)
            except NotificationError as exc:
                log.warning("notification backend %s failed: %s", backend.name, exc)
                self.broken[backend.name] = str(exc)
                self._broken_at[backend.name] = self._monotonic()
                errors.append(str(exc))
                continue
            self.last_used = backend.name
            return backend.name
        raise NotificationError("; ".join(errors) or "no notification backend available")
