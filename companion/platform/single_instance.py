"""One running app per data directory: a second start asks the first to show itself and exits."""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001
        user = "user"
    safe_user = "".join(ch for ch in user if ch.isalnum())[:16] or "user"
    return f"support-companion-{safe_user}-{digest}"


def ask_running_instance(name: str, message: bytes = b"show", timeout_ms: int = 1000) -> bool:
    """True if an instance answered (and got `message`)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(message + b"\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.waitForReadyRead(timeout_ms)  # the running app acknowledges
    socket.disconnectFromServer()
    return True


class SingleInstance(QObject):
    """Listens for later starts. `message` carries what they asked for (e.g. b"show")."""

    message = Signal(bytes)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A stale socket from a crashed run: nobody answers, so take it over.
        if not ask_running_instance(self.name, b"ping", 300):
            QLocalServer.removeServer(self.name)
            return self.server.listen(self.name)
        return False

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data()).strip()
        socket.write(b"ok\n")
        socket.flush()
        for line in data.splitlines():
            if line and line != b"ping":
                self.message.emit(line)

    def close(self) -> None:
        self.server.close()
