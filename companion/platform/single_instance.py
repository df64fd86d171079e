"""One running app per data directory: a second start asks the first to show itself and exits."""

from __future__ import annotations

import getpass
import hashlib
import json
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
    """True if an instance received `message` and acknowledged it (one "ok" line per message)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(message + b"\n")
    socket.flush()
    while socket.bytesToWrite() and socket.waitForBytesWritten(timeout_ms):
        pass
    answer = b""
    while b"\n" not in answer and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer.startswith(b"ok")


def instance_listening(name: str, timeout_ms: int = 300) -> bool:
    """Whether anything accepts connections under `name` (a crashed run leaves a dead socket)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    alive = socket.waitForConnected(timeout_ms)
    socket.abort()
    return alive


MAX_MESSAGE = 4 * 1024 * 1024
COPY = b"copy "


def copy_request(text: str, html: str, name: str) -> bytes:
    """The message asking the running app to hold a reply on the clipboard: one line (JSON
    escapes line breaks), UTF-8 rather than \\uXXXX escapes (a third of the size for Cyrillic)."""
    return COPY + json.dumps({"text": text, "html": html, "name": name}, ensure_ascii=False).encode("utf-8")


def parse_copy_request(message: bytes) -> tuple[str, str, str] | None:
    """(text, html, name) from a copy request; None if `message` is not a well-formed one."""
    if not message.startswith(COPY):
        return None
    try:
        data = json.loads(message[len(COPY):].decode("utf-8"))
        return str(data["text"]), str(data.get("html", "")), str(data.get("name", ""))
    except (ValueError, KeyError, TypeError):
        return None


class SingleInstance(QObject):
    """Listens for later starts. `message` carries what they asked for (e.g. b"show")."""

    message = Signal(bytes)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._pending: dict[QLocalSocket, bytes] = {}  # per connection: a message not yet complete

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A stale socket from a crashed run: nobody answers, so take it over.
        if not instance_listening(self.name):
            QLocalServer.removeServer(self.name)
            return self.server.listen(self.name)
        return False

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._pending[socket] = b""
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._pending.pop(socket, None)
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        # A long message (a copied reply) can arrive in several reads: keep the partial line
        # until its newline comes, and acknowledge each complete message.
        buffer = self._pending.get(socket, b"") + bytes(socket.readAll().data())
        *lines, rest = buffer.split(b"\n")
        if len(buffer) > MAX_MESSAGE:
            lines, rest = [], b""  # nobody sends that much: drop it rather than grow forever
        self._pending[socket] = rest
        for line in lines:
            line = line.strip()
            socket.write(b"ok\n")
            socket.flush()
            if line and line != b"ping":
                self.message.emit(line)

    def close(self) -> None:
        self.server.close()
