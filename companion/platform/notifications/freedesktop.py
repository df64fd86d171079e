"""The freedesktop notification server (Linux, BSD), spoken to over D-Bus with jeepney: notices
that are shown exactly once, replaced in place, closed when they no longer hold, and clicked.

Whether a server is there at all is asked through QtDBus (`freedesktop_server_present`, which plyer
uses too); everything else, the clicks included, goes through jeepney. This module does not choose
among backends: that is the Notifier's business.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from companion.platform.notifications.base import (
    ANSWER_TIMEOUT_S,
    Handle,
    Late,
    LateReport,
    Notice,
    NotificationError,
    body_renders_markup,
    escape_for_server,
)

if TYPE_CHECKING:
    from jeepney import DBusAddress, MatchRule, Message
    from jeepney.io.blocking import DBusConnection

log = logging.getLogger(__name__)


def _qt_app_exists() -> bool:
    return QCoreApplication.instance() is not None


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
    confirms = True  # the server answers Notify with an id, or with an error
    follows_unconfirmed = False
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
        self._connection: DBusConnection | None = None
        self._socket_notifier: QSocketNotifier | None = None
        self._deadline_timer: QTimer | None = None

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

    def probe(self, timeout: float = 3.0) -> str:
        """Ask the server who it is (GetServerInformation), waiting for the answer: for `doctor`,
        never for the app. A server that is listed but dies when started fails here, as its Notify
        would. Return "name version"; raise NotificationError if no server answers."""
        from jeepney import MessageType, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        try:
            with open_dbus_connection(bus="SESSION") as connection:
                reply = connection.send_and_get_reply(new_method_call(self._address(), "GetServerInformation"),
                                                      timeout=timeout)
        except Exception as exc:  # no bus, a closed socket, no answer in time…: all one failure
            raise NotificationError(f"the notification server does not answer: {exc}") from exc
        if reply.header.message_type == MessageType.error:  # e.g. ServiceUnknown: it could not be started
            raise NotificationError(f"the notification server does not answer: {reply.body[0] if reply.body else ''}")
        name, _vendor, version, _spec = reply.body
        return f"{name} {version}"

    def _address(self) -> DBusAddress:
        from jeepney import DBusAddress

        return DBusAddress(self._PATH, bus_name=self._NAME, interface=self._NAME)

    def _signals(self) -> MatchRule:
        from jeepney import MatchRule

        return MatchRule(type="signal", interface=self._NAME, path=self._PATH)

    def _connect(self) -> DBusConnection:
        """Open the D-Bus connection once; answers, clicks and closings come back on it (servers
        address their signals to the connection that sent the notification)."""
        if self._connection is not None:
            return self._connection
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        connection = open_dbus_connection(bus="SESSION")  # the bus daemon's Hello, not the server's
        connection.send(message_bus.AddMatch(self._signals()))  # for servers that broadcast
        if _qt_app_exists():
            notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read)
            notifier.activated.connect(self._readable)
            self._socket_notifier = notifier
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
            receive = connection.receive
            try:
                while self._connection is connection:  # handling a message may drop it
                    waiting = until is not None and until.state is Delivery.AWAITING
                    try:
                        message = receive(timeout=max(0.0, ends - time.monotonic()) if waiting else 0)
                    except TimeoutError:
                        break
                    clicked = self._take(message) or clicked
            except Exception:  # noqa: BLE001 - the bus went away: reconnect on the next send
                log.warning("lost the D-Bus connection to the notification server")
                self._drop()
        self._expire()
        if clicked and self.on_click is not None:
            self.on_click()

    def _take(self, message: Message) -> bool:
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

    def _answered(self, shown: ServerNotice, message: Message) -> None:
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
        except Exception as exc:  # no bus, refused connection, closed socket…: all raised as one error
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
        timer = self._deadline_timer
        if timer is None:
            timer = self._deadline_timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(self._expire)
        nearest = min(shown.deadline for shown in self._awaiting.values())
        timer.start(max(0, int((nearest - time.monotonic()) * 1000) + 1))

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
        shown = ServerNotice(notice)
        self._notify(shown, replaces_id=self._on_screen_id(replaces))
        self._receive(until=shown, wait=self.reply_grace)
        if shown.state is Delivery.REFUSED:
            raise NotificationError(shown.error)
        shown.handed_over = True
        return shown

    def _on_screen_id(self, handle: Handle | None) -> int:
        """The server's id of our notice `handle` while it is on screen (a new one goes in its
        place); 0, which asks for a new place, otherwise."""
        if (isinstance(handle, ServerNotice) and handle.state is Delivery.SHOWN and handle.id is not None
                and handle.id in self.open_ids):
            return handle.id
        return 0

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
        except Exception as exc:  # as in _notify: whatever jeepney raises is raised as one error
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

