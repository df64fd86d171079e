"""Desktop notifications with detected failure and fallback, and notices that can be taken back.

Backends are tried in the order the app gives (the freedesktop server over D-Bus, plyer, the tray
icon's balloon, then an in-app popup). A backend that raises or reports failure is marked broken
and the next one is used, so a reminder is never silently lost.

A notice sent with a tag ("reminders", "break") stands for something that may stop being true.
Sending again under the same tag replaces the notice still showing, and `withdraw(tag)` closes it,
where the backend that showed it can do that (the freedesktop server can; a tray balloon or plyer
cannot, and then the new notice simply comes on its own). Deciding *when* a notice no longer holds
is the caller's business, not this module's.
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


Handle = object  # what a backend returned for a notice it can replace or close later


class Backend(Protocol):
    name: str

    def available(self) -> bool: ...

    def send(self, notice: Notice, replaces: Handle | None = None) -> Handle | None:
        """Show the notice, in place of `replaces` (a handle this backend returned) where it can,
        or raise NotificationError. Return a handle for the notice, or None when it cannot be
        taken back (then `withdraw` and `is_showing` are never asked about it)."""


class Retractable(Protocol):
    """A backend whose `send` returns handles: the notices it showed can be closed and asked about."""

    def withdraw(self, handle: Handle) -> None:
        """Close the notice if it is still showing; raise NotificationError if that failed."""

    def is_showing(self, handle: Handle) -> bool:
        """Still on screen, as far as the backend knows (False once the user dismissed it)."""


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

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
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
    the notification was shown, clicking it calls `on_click`, and a notice can be replaced in place
    (Notify's replaces_id) or closed (CloseNotification).

    Sending goes through jeepney because Notify takes a uint32 that PySide6's QtDBus cannot
    produce from Python. The server's signals (ActionInvoked, NotificationClosed) come back on the
    same connection: read when its socket becomes readable (with `on_click`, through a
    QSocketNotifier on the Qt loop) and before every send, withdraw or question.
    """

    name = "freedesktop"
    _PATH = "/org/freedesktop/Notifications"
    _NAME = "org.freedesktop.Notifications"

    def __init__(self, app_name: str, icon_path: str = "", on_click: Callable[[], None] | None = None):
        self.app_name = app_name
        self.icon_path = icon_path
        self.on_click = on_click
        self.sent_ids: set[int] = set()  # ours, for telling our clicks from other programs'
        self.open_ids: set[int] = set()  # ours and not yet closed (NotificationClosed), as far as we heard
        self._connection = None
        self._notifier = None
        self._signals = None

    def available(self) -> bool:
        if not body_renders_markup():
            return False
        try:
            import jeepney  # noqa: F401
        except ImportError:
            return False
        return freedesktop_server_present()

    def _address(self):
        from jeepney import DBusAddress

        return DBusAddress(self._PATH, bus_name=self._NAME, interface=self._NAME)

    def _connect(self):
        """Open the D-Bus connection once; clicks and closings come back on it (servers address
        their signals to the connection that sent the notification)."""
        if self._connection is not None:
            return self._connection
        from collections import deque

        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        connection = open_dbus_connection(bus="SESSION")
        # One queue for every signal of the interface, so a click and the closing that follows it
        # are seen in the order the server sent them.
        rule = MatchRule(type="signal", interface=self._NAME, path=self._PATH)
        self._signals = deque(maxlen=256)
        self._filter = connection.filter(rule, queue=self._signals)
        connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=3)  # servers that broadcast
        if self.on_click is not None:
            from PySide6.QtCore import QSocketNotifier

            self._notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._readable)
        self._connection = connection
        return connection

    def _readable(self) -> None:
        if self._connection is None:
            return
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
        from jeepney import HeaderFields

        clicked = False
        while self._signals:
            message = self._signals.popleft()
            member, body = message.header.fields.get(HeaderFields.member), message.body
            if member == "ActionInvoked":
                clicked = clicked or int(body[0]) in self.sent_ids
            elif member == "NotificationClosed":
                self.open_ids.discard(int(body[0]))
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
        # Closings are addressed to the connection that is gone: what is still open is unknown.
        self.open_ids.clear()

    def send(self, notice: Notice, replaces: Handle | None = None) -> int:
        from jeepney import MessageType, new_method_call

        self._readable()  # a notice the user closed meanwhile is not replaced: a new one comes
        replaces_id = replaces if isinstance(replaces, int) and replaces in self.open_ids else 0
        message = new_method_call(self._address(), "Notify", "susssasa{sv}i", (
            self.app_name, replaces_id, self.icon_path, notice.title, escape_for_server(notice.body),
            ["default", "Show"], {}, 0))
        try:
            reply = self._connect().send_and_get_reply(message, timeout=3)
        except Exception as exc:  # noqa: BLE001 - no bus, timeout, closed socket…
            self._drop()
            raise NotificationError(f"D-Bus notification failed: {exc}") from exc
        if reply.header.message_type != MessageType.method_return:
            raise NotificationError(f"the notification server refused: {reply.body}")
        notification_id = int(reply.body[0])
        self.open_ids.discard(replaces_id)
        self.sent_ids.add(notification_id)
        self.open_ids.add(notification_id)
        self._dispatch()  # clicks and closings that arrived while we waited for the reply
        return notification_id

    def withdraw(self, handle: Handle) -> None:
        from jeepney import MessageType, new_method_call

        self._readable()
        if handle not in self.open_ids:
            return  # already closed (dismissed, expired), or unknown after a lost connection
        self.open_ids.discard(handle)
        message = new_method_call(self._address(), "CloseNotification", "u", (handle,))
        try:
            reply = self._connect().send_and_get_reply(message, timeout=3)
        except Exception as exc:  # noqa: BLE001
            self._drop()
            raise NotificationError(f"D-Bus CloseNotification failed: {exc}") from exc
        if reply.header.message_type != MessageType.method_return:
            # The spec's answer for a notification that is already gone.
            raise NotificationError(f"the notification server did not close {handle}: {reply.body}")
        self._dispatch()

    def is_showing(self, handle: Handle) -> bool:
        self._readable()
        return handle in self.open_ids


class TrayBackend:
    """QSystemTrayIcon.showMessage: works wherever the tray does (Windows balloons, macOS, KDE…).
    A balloon cannot be replaced or closed: a newer one simply takes its place."""

    name = "tray"

    def __init__(self, tray_icon_getter: Callable[[], object | None]):
        self._get = tray_icon_getter

    def available(self) -> bool:
        icon = self._get()
        return icon is not None and icon.isVisible() and icon.supportsMessages()

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
        icon = self._get()
        if icon is None or not icon.isVisible():
            raise NotificationError("no visible tray icon")
        icon.showMessage(notice.title, notice.body, icon.icon(), 30000)


class CallbackBackend:
    """The last resort: an in-app window (the reminder popup). Always available. Nothing to take
    back: the window lists what is due itself."""

    def __init__(self, name: str, callback: Callable[[Notice], None]):
        self.name = name
        self._callback = callback

    def available(self) -> bool:
        return True

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
        self._callback(notice)


class FakeBackend:
    """For tests: a notification server in a list. `sent` is every notice shown (replacements
    too), `showing` what is on screen by handle, `replaced` the (old, new) pairs and `withdrawn`
    what the app closed. It can be told to fail, to fail to close a notice, or to be a backend
    that cannot take a notice back at all (`retractable=False`, like a tray balloon)."""

    def __init__(self, name: str = "fake", fail: bool = False, is_available: bool = True,
                 retractable: bool = True, fail_withdraw: bool = False):
        self.name = name
        self.fail = fail
        self.is_available = is_available
        self.retractable = retractable
        self.fail_withdraw = fail_withdraw
        self.sent: list[Notice] = []
        self.showing: dict[int, Notice] = {}
        self.replaced: list[tuple[Notice, Notice]] = []
        self.withdrawn: list[Notice] = []
        self._last_id = 0

    def available(self) -> bool:
        return self.is_available

    def send(self, notice: Notice, replaces: Handle | None = None) -> int | None:
        if self.fail:
            raise NotificationError(f"{self.name} is broken")
        self.sent.append(notice)
        if not self.retractable:
            return None
        if replaces in self.showing:  # like a server: the same id, new content, in place
            self.replaced.append((self.showing[replaces], notice))
            self.showing[replaces] = notice
            return replaces
        self._last_id += 1
        self.showing[self._last_id] = notice
        return self._last_id

    def withdraw(self, handle: Handle) -> None:
        if self.fail_withdraw:
            raise NotificationError(f"{self.name} cannot close notices")
        if handle in self.showing:
            self.withdrawn.append(self.showing.pop(handle))

    def is_showing(self, handle: Handle) -> bool:
        return handle in self.showing

    def dismiss_all(self) -> None:
        """The user closes every notice on screen (the server reports NotificationClosed)."""
        self.showing.clear()


class Notifier:
    """Sends through the first backend that works. A backend that fails is skipped for a while
    (the notification server may come back, e.g. after the desktop session restarts it).

    Remembers, per tag, which backend showed the notice and its handle: the next notice under the
    tag goes in its place, and `withdraw` closes it."""

    RETRY_AFTER_S = 600.0

    def __init__(self, backends: list[Backend], monotonic: Callable[[], float] = time.monotonic):
        self.backends = list(backends)
        self.broken: dict[str, str] = {}
        self._broken_at: dict[str, float] = {}
        self._monotonic = monotonic
        self.last_used: str | None = None
        self._tagged: dict[str, tuple[Backend, Handle]] = {}

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

    def notify(self, notice: Notice, tag: str | None = None) -> str:
        """Deliver; return the name of the backend that did. Raises if every backend failed.
        With a `tag`, the notice replaces the one still showing under that tag."""
        previous = self._tagged.pop(tag, None) if tag is not None else None
        errors = []
        for backend in self.backends:
            if self._skipped(backend.name):
                continue
            replaces = previous[1] if previous is not None and previous[0] is backend else None
            try:
                if not backend.available():
                    continue
                handle = backend.send(notice, replaces)
            except NotificationError as exc:
                log.warning("notification backend %s failed: %s", backend.name, exc)
                self.broken[backend.name] = str(exc)
                self._broken_at[backend.name] = self._monotonic()
                errors.append(str(exc))
                continue
            if previous is not None and previous[0] is not backend:
                self._close(tag, *previous)  # shown by a backend that has failed since
            if tag is not None and handle is not None:
                self._tagged[tag] = (backend, handle)
            self.last_used = backend.name
            return backend.name
        if previous is not None:
            self._tagged[tag] = previous  # still on screen, still ours to close
        raise NotificationError("; ".join(errors) or "no notification backend available")

    def withdraw(self, tag: str) -> None:
        """Close the notice showing under `tag`, where its backend can. Never raises: a notice
        that cannot be closed is left on screen, which is what happened before tags existed."""
        shown = self._tagged.pop(tag, None)
        if shown is not None:
            self._close(tag, *shown)

    def showing(self, tag: str) -> bool:
        """Is the notice sent under `tag` still on screen? False once it was closed or dismissed,
        and when its backend cannot tell (a balloon). Never raises."""
        shown = self._tagged.get(tag)
        if shown is None:
            return False
        backend, handle = shown
        try:
            if backend.is_showing(handle):
                return True
        except Exception as exc:  # noqa: BLE001 - a question, not a delivery: no means no
            log.debug("could not ask %s about the %s notice: %s", backend.name, tag, exc)
        del self._tagged[tag]  # gone: the next notice under the tag is a new one
        return False

    @staticmethod
    def _close(tag: str | None, backend: Backend, handle: Handle) -> None:
        try:
            backend.withdraw(handle)
        except Exception as exc:  # noqa: BLE001 - taking a notice back is a courtesy, never a failure
            log.debug("could not withdraw the %s notice from %s: %s", tag, backend.name, exc)
