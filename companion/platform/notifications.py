"""Desktop notifications delivered exactly once, with detected failure and fallback, without ever
holding the GUI thread, and notices that can be taken back.

Backends are tried in the order the app gives (the freedesktop server over D-Bus, plyer, the tray
icon's balloon, then an in-app popup). A backend that cannot take a notice (no bus, a write that
fails, a refusal heard at once) is marked broken and the next one is used, so a reminder is never
silently lost.

Handing a notice over is not hearing back. A notification server may answer late or never, and
plyer's notify-send waits up to D-Bus's 25 s for it; counting that as a failure and trying the next
backend showed a reminder twice, and waiting for it froze the app. So `send` returns once the notice
is handed over, and what is heard afterwards comes back on the Qt loop as a `Late` outcome: an
answer that never came counts as shown (logged, not sent again), and only a notice that turns out
not to be shown is shown once more, by the last backend (the in-app popup), never by another
desktop notification.

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
import threading
import time
import warnings
from dataclasses import dataclass
from enum import Enum
from typing import Callable, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Qt, QTimer, Signal, Slot

log = logging.getLogger(__name__)

ANSWER_TIMEOUT_S = 25.0  # D-Bus's own default: an answer later than this is not waited for


class NotificationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Notice:
    title: str
    body: str  # plain text; each backend escapes it as its server needs


Handle = object  # what a backend returned for a notice it can replace or close later


class Late(Enum):
    """What a backend learns about a notice after its `send` returned."""

    UNCONFIRMED = "unconfirmed"  # handed over, no answer in time: counted as shown, not sent again
    UNDELIVERED = "undelivered"  # not shown after all (refused, or never handed over): shown elsewhere


LateReport = Callable[["Backend", "Handle | None", Notice, Late, str], None]


class Backend(Protocol):
    name: str

    def available(self) -> bool: ...

    def send(self, notice: Notice, replaces: Handle | None = None) -> Handle | None:
        """Hand the notice over, in place of `replaces` (a handle this backend returned) where it
        can, without waiting for more than a moment; raise NotificationError if it cannot be handed
        over. Return a handle for the notice, or None when it cannot be taken back (then `withdraw`
        and `is_showing` are never asked about it)."""


class Retractable(Protocol):
    """A backend whose `send` returns handles: the notices it showed can be closed and asked about."""

    def withdraw(self, handle: Handle) -> None:
        """Close the notice if it is still showing; raise NotificationError if that failed."""

    def is_showing(self, handle: Handle) -> bool:
        """Still on screen, as far as the backend knows (False once the user dismissed it)."""


class Deferred(Protocol):
    """A backend whose `send` returns before the outcome is known, and tells it later, on the Qt
    loop: the Notifier gives it `report` once."""

    def report_late_to(self, report: LateReport) -> None: ...


def body_renders_markup() -> bool:
    """freedesktop notification servers (Linux, BSD) interpret the body as a small HTML subset."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def escape_for_server(text: str) -> str:
    return html.escape(text, quote=False) if body_renders_markup() else text


def _qt_app_exists() -> bool:
    return QCoreApplication.instance() is not None


class PlyerBackend:
    """plyer: Windows, macOS, and Linux where the D-Bus backend is missing. Its calls are
    synchronous (on Linux notify-send waits for the server's answer, up to 25 s), so each runs on a
    thread of its own and its end comes back to the GUI thread through a queued signal. A call that
    raises shows the notice through the last resort; one still running after `call_timeout`
    counts as shown, and while it hangs plyer takes no new notice (the next backend does)."""

    name = "plyer"

    def __init__(self, app_name: str, icon_path: str = "", call_timeout: float = ANSWER_TIMEOUT_S):
        self.app_name = app_name
        self.icon_path = icon_path
        self.call_timeout = call_timeout
        self._report: LateReport | None = None
        self._running: set[_PlyerCall] = set()  # touched on the GUI thread only
        self._returns = None  # the QObject results come back through, made on the first send
        # plyer's warnings (e.g. "dbus package not installed" before it falls back to notify-send)
        # are not the agent's business; catch_warnings would do this per call, but not thread-safely.
        warnings.filterwarnings("ignore", module=r"plyer(\.|$)")

    def report_late_to(self, report: LateReport) -> None:
        self._report = report

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
        hung = [call for call in self._running if call.overdue]
        if hung:
            raise NotificationError(f"plyer: an earlier call has not returned for "
                                    f"{time.monotonic() - hung[0].started:.0f} s")
        # plyer's Flatpak path builds a GVariant literal from the title: keep quotes out of it.
        title = notice.title.replace('"', "\u201d").replace("'", "\u2019")
        returns = self._bridge()
        call = _PlyerCall(notice, time.monotonic(), QTimer(returns))
        call.timer.setSingleShot(True)
        call.timer.timeout.connect(lambda: self._overdue(call))
        worker = threading.Thread(target=self._call, name="plyer-notify", daemon=True,
                                  args=(call, title, escape_for_server(notice.body), returns))
        try:
            worker.start()
        except RuntimeError as exc:  # no thread to be had
            call.timer.deleteLater()
            raise NotificationError(f"plyer: cannot start a thread: {exc}") from exc
        self._running.add(call)
        call.timer.start(int(self.call_timeout * 1000))

    def _call(self, call: _PlyerCall, title: str, message: str, returns) -> None:
        """On the worker thread: the blocking call, then its end posted to the GUI thread."""
        error = None
        try:
            from plyer import notification

            notification.notify(title=title, message=message, app_name=self.app_name,
                                app_icon=self.icon_path, timeout=30)
        except Exception as exc:  # noqa: BLE001 - includes NotImplementedError: no backend at all
            error = f"plyer failed: {exc}"
        try:
            returns.finished.emit(call, error)
        except RuntimeError:  # the app has quit meanwhile: nobody left to tell
            pass

    def _bridge(self):
        if self._returns is None:
            self._returns = _Returns(self._returned)
        return self._returns

    def _overdue(self, call: _PlyerCall) -> None:
        if call not in self._running:
            return
        call.overdue = True
        why = f"plyer's call has not returned in {self.call_timeout:g} s"
        log.warning("%s: the notice counts as shown and is not sent again", why)
        self._tell(call.notice, Late.UNCONFIRMED, why)

    def _returned(self, call: _PlyerCall, error: str | None) -> None:
        self._running.discard(call)
        call.timer.stop()
        call.timer.deleteLater()
        if call.overdue:  # already counted as shown: what it says now is only for the log
            log.info("plyer's call returned after %.0f s%s", time.monotonic() - call.started,
                     f" ({error})" if error else "")
        elif error is not None:
            log.warning("notification backend plyer failed: %s", error)
            self._tell(call.notice, Late.UNDELIVERED, error)

    def _tell(self, notice: Notice, outcome: Late, why: str) -> None:
        if self._report is not None:
            self._report(self, None, notice, outcome, why)


@dataclass(eq=False)
class _PlyerCall:
    notice: Notice
    started: float
    timer: object  # QTimer: the call's timeout, on the GUI thread
    overdue: bool = False


class _Returns(QObject):
    """Lives on the GUI thread; its signal carries a finished call back from its worker thread."""

    finished = Signal(object, object)  # (_PlyerCall, error text or None)

    def __init__(self, returned: Callable[[_PlyerCall, str | None], None]):
        super().__init__()
        self._returned = returned
        self.finished.connect(self._arrived, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _arrived(self, call: _PlyerCall, error: str | None) -> None:
        self._returned(call, error)


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


class Delivery(Enum):
    """Where a notice sent to the freedesktop server stands."""

    AWAITING = "awaiting"  # Notify written to the bus, no answer yet
    SHOWN = "shown"  # the server answered with its id
    UNCONFIRMED = "unconfirmed"  # no answer in time, or the connection went first: counted as shown
    REFUSED = "refused"  # the server answered with an error


class ServerNotice:
    """The freedesktop backend's handle: one notice on the server, through its life. Its id is the
    server's answer to Notify, which may come late; until it does, a newer notice for the same place
    waits here (the newest only: each would have replaced the one before) and so does a request to
    close it."""

    def __init__(self, notice: Notice):
        self.notice = notice
        self.state = Delivery.AWAITING
        self.id: int | None = None
        self.replaces_id = 0  # what the Notify in flight asked to replace
        self.deadline = 0.0  # monotonic: no answer by then is no answer
        self.next: Notice | None = None  # to go in its place once the id is known
        self.closing = False  # withdrawn before the id came: closed once it does
        self.handed_over = False  # send() has returned: what is heard now is late
        self.error = ""

    def __repr__(self) -> str:
        return f"ServerNotice({self.notice.title!r}, {self.state.value}, id={self.id})"


class FreedesktopBackend:
    """The freedesktop notification server over D-Bus (Linux, BSD): its answer tells whether the
    notification was shown, clicking it calls `on_click`, and a notice can be replaced in place
    (Notify's replaces_id) or closed (CloseNotification).

    Sending goes through jeepney because Notify takes a uint32 that PySide6's QtDBus cannot produce
    from Python. Nothing here waits on the server: a call is written to the bus and its answer, like
    the server's signals (ActionInvoked, NotificationClosed), is read when the connection's socket
    becomes readable (a QSocketNotifier on the Qt loop) and before every send, withdraw or question.
    Only `send` lingers, for `reply_grace` at most, so that a server answering at once (the usual
    case) has its id known and its refusal handled on the spot, by the next backend.
    """

    name = "freedesktop"
    _PATH = "/org/freedesktop/Notifications"
    _NAME = "org.freedesktop.Notifications"
    REPLY_GRACE_S = 0.05  # a usual server answers within 10 ms; within the UI's 50 ms stall budget

    def __init__(self, app_name: str, icon_path: str = "", on_click: Callable[[], None] | None = None,
                 reply_timeout: float = ANSWER_TIMEOUT_S, reply_grace: float = REPLY_GRACE_S):
        self.app_name = app_name
        self.icon_path = icon_path
        self.on_click = on_click
        self.reply_timeout = reply_timeout
        self.reply_grace = reply_grace
        self.sent_ids: set[int] = set()  # ours, for telling our clicks from other programs'
        self.open_ids: set[int] = set()  # ours and not yet closed (NotificationClosed), as far as we heard
        self._awaiting: dict[int, ServerNotice] = {}  # by the serial of the Notify in flight
        self._report: LateReport | None = None
        self._connection = None
        self._socket_notifier = None
        self._deadline_timer = None

    def report_late_to(self, report: LateReport) -> None:
        self._report = report

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

    def _signals(self):
        from jeepney import MatchRule

        return MatchRule(type="signal", interface=self._NAME, path=self._PATH)

    def _connect(self):
        """Open the D-Bus connection once; answers, clicks and closings come back on it (servers
        address their signals to the connection that sent the notification)."""
        if self._connection is not None:
            return self._connection
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        connection = open_dbus_connection(bus="SESSION")  # the bus daemon's Hello, not the server's
        connection.send(message_bus.AddMatch(self._signals()))  # for servers that broadcast
        if _qt_app_exists():
            self._socket_notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
            self._socket_notifier.activated.connect(self._readable)
        self._connection = connection
        return connection

    def _readable(self) -> None:
        self._receive()

    def _receive(self, until: ServerNotice | None = None, wait: float = 0.0) -> None:
        """Take every message already on the socket, and for `until`'s answer wait `wait` more."""
        connection = self._connection
        clicked = False
        if connection is not None:
            ends = time.monotonic() + wait
            try:
                while self._connection is connection:  # handling a message may drop it
                    waiting = until is not None and until.state is Delivery.AWAITING
                    try:
                        message = connection.receive(timeout=max(0.0, ends - time.monotonic()) if waiting else 0)
                    except TimeoutError:
                        break
                    clicked = self._take(message) or clicked
            except Exception:  # noqa: BLE001 - the bus went away: reconnect on the next send
                log.warning("lost the D-Bus connection to the notification server")
                self._drop()
        self._expire()
        if clicked and self.on_click is not None:
            self.on_click()

    def _take(self, message) -> bool:
        """Act on one message from the bus; True if it is a click on one of our notices."""
        from jeepney import HeaderFields, MessageType

        fields, kind = message.header.fields, message.header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            shown = self._awaiting.pop(fields.get(HeaderFields.reply_serial), None)
            if shown is not None:  # else AddMatch's or CloseNotification's: nothing to do
                self._answered(shown, message)
            return False
        if kind != MessageType.signal or not self._signals().matches(message):
            return False
        member, body = fields.get(HeaderFields.member), message.body
        if member == "ActionInvoked":
            return int(body[0]) in self.sent_ids
        if member == "NotificationClosed":
            self.open_ids.discard(int(body[0]))
        return False

    def _answered(self, shown: ServerNotice, message) -> None:
        from jeepney import MessageType

        if message.header.message_type == MessageType.error:
            shown.state = Delivery.REFUSED
            shown.error = f"the notification server refused: {message.body}"
            if shown.id in self.open_ids:  # a replacement was refused: what it replaced is stale
                self._close_quietly(shown.id)
            if shown.handed_over and not shown.closing:
                self._tell(shown, shown.next or shown.notice, Late.UNDELIVERED, shown.error)
            return
        shown.id = int(message.body[0])
        self.open_ids.discard(shown.replaces_id)
        self.sent_ids.add(shown.id)
        self.open_ids.add(shown.id)
        shown.state = Delivery.SHOWN
        if shown.closing:
            self._close_quietly(shown.id)
        elif shown.next is not None:
            shown.notice, shown.next = shown.next, None
            try:
                self._notify(shown, replaces_id=shown.id)
            except NotificationError as exc:
                self._tell(shown, shown.notice, Late.UNDELIVERED, str(exc))

    def _notify(self, shown: ServerNotice, replaces_id: int) -> None:
        """Write Notify for `shown` to the bus; its answer is taken when it comes."""
        from jeepney import new_method_call

        message = new_method_call(self._address(), "Notify", "susssasa{sv}i", (
            self.app_name, replaces_id, self.icon_path, shown.notice.title,
            escape_for_server(shown.notice.body), ["default", "Show"], {}, 0))
        try:
            connection = self._connect()
            serial = next(connection.outgoing_serial)
            connection.send(message, serial=serial)
        except Exception as exc:  # noqa: BLE001 - no bus, refused connection, closed socket…
            self._drop()
            shown.state = Delivery.REFUSED
            raise NotificationError(f"D-Bus notification failed: {exc}") from exc
        shown.state, shown.replaces_id = Delivery.AWAITING, replaces_id
        shown.deadline = time.monotonic() + self.reply_timeout
        self._awaiting[serial] = shown
        self._arm_deadline()

    def _expire(self) -> None:
        now = time.monotonic()
        for serial, shown in list(self._awaiting.items()):
            if shown.deadline <= now:
                del self._awaiting[serial]
                self._unanswered(shown, f"no answer from the notification server in {self.reply_timeout:g} s")
        self._arm_deadline()

    def _unanswered(self, shown: ServerNotice, why: str) -> None:
        shown.state = Delivery.UNCONFIRMED
        if shown.closing:
            return  # withdrawn meanwhile: nothing to say about it
        log.warning("%s: the notice counts as shown and is not sent again", why)
        if not shown.handed_over:
            return  # send() returns it as handed over
        if shown.next is not None:  # the newer notice never went out: it is shown elsewhere
            self._tell(shown, shown.next, Late.UNDELIVERED, f"{why}; a newer notice waited for it")
        else:
            self._tell(shown, shown.notice, Late.UNCONFIRMED, why)

    def _arm_deadline(self) -> None:
        """One timer, at the nearest deadline; nothing to arm without a Qt loop (then the deadlines
        are checked whenever the backend is used)."""
        if not self._awaiting or not _qt_app_exists():
            if self._deadline_timer is not None:
                self._deadline_timer.stop()
            return
        if self._deadline_timer is None:
            self._deadline_timer = QTimer()
            self._deadline_timer.setSingleShot(True)
            self._deadline_timer.timeout.connect(self._expire)
        nearest = min(shown.deadline for shown in self._awaiting.values())
        self._deadline_timer.start(max(0, int((nearest - time.monotonic()) * 1000) + 1))

    def _tell(self, shown: ServerNotice, notice: Notice, outcome: Late, why: str) -> None:
        if self._report is not None:
            self._report(self, shown, notice, outcome, why)

    def _drop(self) -> None:
        if self._socket_notifier is not None:
            self._socket_notifier.setEnabled(False)
            self._socket_notifier.deleteLater()
            self._socket_notifier = None
        if self._connection is not None:
            try:
                self._connection.close()
            except OSError:
                pass
        self._connection = None
        # Closings are addressed to the connection that is gone: what is still open is unknown.
        self.open_ids.clear()
        awaiting, self._awaiting = self._awaiting, {}
        for shown in awaiting.values():  # written, so possibly shown: never sent again
            self._unanswered(shown, "the D-Bus connection was lost before the server answered")
        self._arm_deadline()

    def close(self) -> None:
        """Hang up (the app is quitting): what is still awaited is forgotten, not reported."""
        self._awaiting.clear()
        self._drop()

    def send(self, notice: Notice, replaces: Handle | None = None) -> ServerNotice:
        self._receive()  # a notice the user closed meanwhile is not replaced: a new one comes
        if isinstance(replaces, ServerNotice) and replaces.state is Delivery.AWAITING and not replaces.closing:
            replaces.next = notice  # it goes in the old one's place once the server names that place
            return replaces
        in_place = (isinstance(replaces, ServerNotice) and replaces.state is Delivery.SHOWN
                    and replaces.id in self.open_ids)
        shown = ServerNotice(notice)
        self._notify(shown, replaces_id=replaces.id if in_place else 0)
        self._receive(until=shown, wait=self.reply_grace)
        if shown.state is Delivery.REFUSED:
            raise NotificationError(shown.error)
        shown.handed_over = True
        return shown

    def withdraw(self, handle: Handle) -> None:
        self._receive()
        if not isinstance(handle, ServerNotice):
            return
        if handle.state is Delivery.AWAITING:
            handle.closing, handle.next = True, None  # closed as soon as its id is known
        elif handle.id in self.open_ids:  # else closed already (dismissed, expired) or unknown
            self._close(handle.id)

    def _close(self, notification_id: int) -> None:
        """Ask the server to close a notice; its answer is not waited for (an error only means the
        notice had gone already)."""
        from jeepney import new_method_call

        self.open_ids.discard(notification_id)
        message = new_method_call(self._address(), "CloseNotification", "u", (notification_id,))
        try:
            self._connect().send(message)
        except Exception as exc:  # noqa: BLE001
            self._drop()
            raise NotificationError(f"D-Bus CloseNotification failed: {exc}") from exc

    def _close_quietly(self, notification_id: int) -> None:
        try:
            self._close(notification_id)
        except NotificationError as exc:
            log.debug("could not close notice %s: %s", notification_id, exc)

    def is_showing(self, handle: Handle) -> bool:
        self._receive()
        if not isinstance(handle, ServerNotice):
            return False
        if handle.state is Delivery.AWAITING:
            return not handle.closing
        return handle.state is Delivery.SHOWN and handle.id in self.open_ids


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
    tag goes in its place, and `withdraw` closes it. Hears what deferred backends learn after a
    send returned: a notice not shown after all goes to the last backend (the in-app popup), once."""

    RETRY_AFTER_S = 600.0

    def __init__(self, backends: list[Backend], monotonic: Callable[[], float] = time.monotonic):
        self.backends = list(backends)
        self.broken: dict[str, str] = {}
        self._broken_at: dict[str, float] = {}
        self._monotonic = monotonic
        self.last_used: str | None = None
        self._tagged: dict[str, tuple[Backend, Handle]] = {}
        for backend in self.backends:
            if hasattr(backend, "report_late_to"):
                backend.report_late_to(self._heard_late)

    def _skipped(self, name: str) -> bool:
        if name not in self.broken:
            return False
        if self._monotonic() - self._broken_at[name] >= self.RETRY_AFTER_S:
            del self.broken[name]  # give it another chance
            return False
        return True

    def _mark_broken(self, name: str, why: str) -> None:
        self.broken[name] = why
        self._broken_at[name] = self._monotonic()

    def working_backend(self) -> str | None:
        for backend in self.backends:
            if not self._skipped(backend.name) and backend.available():
                return backend.name
        return None

    def notify(self, notice: Notice, tag: str | None = None) -> str:
        """Hand the notice over, at once; return the name of the backend that took it. Raises if
        every backend failed. With a `tag`, the notice replaces the one still showing under it."""
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
                self._mark_broken(backend.name, str(exc))
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

    def _heard_late(self, backend: Backend, handle: Handle | None, notice: Notice, outcome: Late,
                    why: str) -> None:
        """A backend learned, after its send returned, that a notice went unanswered or was not
        shown. Either way it is not trusted for a while; a notice not shown goes to the last
        resort, never to another desktop backend (which would show it twice if the first did after
        all, as notify-send did after a slow D-Bus answer)."""
        self._mark_broken(backend.name, why)
        for tag, shown in list(self._tagged.items()):
            if shown[0] is backend and shown[1] is handle:
                del self._tagged[tag]  # nothing left on screen to replace or close
        if outcome is Late.UNCONFIRMED:
            return
        last = self.backends[-1]
        if last is backend:
            log.error("could not deliver a notice (%s) and no other backend is left: %s", notice.title, why)
            return
        try:
            last.send(notice)
        except Exception as exc:  # noqa: BLE001 - the last resort failing is all that is left to say
            log.error("could not deliver a notice (%s): %s; then %s", notice.title, why, exc)
        else:
            self.last_used = last.name

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
        self._tagged.pop(tag, None)  # gone: the next notice under the tag is a new one
        return False

    @staticmethod
    def _close(tag: str | None, backend: Backend, handle: Handle) -> None:
        try:
            backend.withdraw(handle)
        except Exception as exc:  # noqa: BLE001 - taking a notice back is a courtesy, never a failure
            log.debug("could not withdraw the %s notice from %s: %s", tag, backend.name, exc)
