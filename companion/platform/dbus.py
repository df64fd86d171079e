"""Blocking D-Bus method calls with a short timeout, for probes that ask the desktop a question
(idle time, screen lock) from the UI's thread.

A call is a plain function (`DBusCall`), so backends are tested against a fake bus; `QtDBusCaller`
is the real one. Importing this module loads no Qt: QtDBus is imported on the first call.
Notifications do not go through here: notifications/freedesktop.py sends with jeepney (Notify
takes a uint32 that QtDBus cannot produce from Python), hears clicks through it too, and never waits
for the server; it asks QtDBus only whether a server is there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

DBUS_TIMEOUT_MS = 500  # a D-Bus call runs on the caller's thread (the UI): never wait longer


class DBusError(RuntimeError):
    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name  # e.g. org.freedesktop.DBus.Error.NoReply


NO_REPLY = "org.freedesktop.DBus.Error.NoReply"  # the call timed out

# (service, path, interface, method, arguments) -> reply arguments; raises DBusError.
DBusCall = Callable[[str, str, str, str, Sequence[object]], list[object]]


def session_bus_configured(env: Mapping[str, str]) -> bool:
    """Is there a session bus to talk to? Without an address libdbus may try to autolaunch one."""
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR")
    if not runtime:
        return False
    return os.path.exists(os.path.join(runtime, "bus"))


class QtDBusCaller:
    """Blocking method calls through QtDBus with a short timeout.

    Uses the session bus, or the bus at `address` (a private connection), or the session bus that
    `env` names if that differs from this process's. QtDBus is imported on the first call only.
    """

    def __init__(self, address: str | None = None, timeout_ms: int = DBUS_TIMEOUT_MS,
                 env: Mapping[str, str] | None = None):
        self.address = address
        self.timeout_ms = timeout_ms
        self._env = os.environ if env is None else env
        self._bus: QDBusConnection | None = None
        self._connection_name = ""

    def _connection(self) -> QDBusConnection:
        if self._bus is not None:
            return self._bus
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError as exc:
            raise DBusError(f"QtDBus is not available: {exc}") from exc
        address = self.address
        if address is None and self._env is not os.environ:
            # An explicit environment naming another bus than this process's (e.g. a test desktop).
            theirs = self._env.get("DBUS_SESSION_BUS_ADDRESS")
            address = theirs if theirs and theirs != os.environ.get("DBUS_SESSION_BUS_ADDRESS") else None
        if address:
            self._connection_name = f"companion-idle-{id(self):x}"
            bus = QDBusConnection.connectToBus(address, self._connection_name)
        else:
            if not session_bus_configured(self._env):
                raise DBusError("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
            bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            error = bus.lastError()
            if self._connection_name:
                QDBusConnection.disconnectFromBus(self._connection_name)  # try afresh next time
            raise DBusError(f"cannot connect to the session bus: {error.message()}", error.name())
        self._bus = bus
        return bus

    def __call__(self, service: str, path: str, interface: str, method: str,
                 args: Sequence[object] = ()) -> list[object]:
        from PySide6.QtDBus import QDBus, QDBusMessage

        message = QDBusMessage.createMethodCall(service, path, interface, method)
        if args:
            message.setArguments(list(args))
        reply = self._connection().call(message, QDBus.CallMode.Block, self.timeout_ms)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise DBusError(f"{method}: {reply.errorName()}: {reply.errorMessage()}", reply.errorName())
        return list(reply.arguments())

    def close(self) -> None:
        if self._bus is not None and self._connection_name:
            from PySide6.QtDBus import QDBusConnection

            self._bus = None
            QDBusConnection.disconnectFromBus(self._connection_name)


def has_owner(call: DBusCall, service: str) -> bool:
    args = call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
                [service])
    return bool(args and args[0])


def one_number(args: Sequence[object], method: str) -> int:
    """The integer a method answered with; DBusError if it answered anything else."""
    if not args or isinstance(args[0], bool) or not isinstance(args[0], int):
        raise DBusError(f"{method} returned {args!r}, not a number")
    return args[0]
