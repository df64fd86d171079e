"""One running app per data directory, reachable by its own user only. It stays one module (but for
the Windows calls, in single_instance_windows), long as it is, because the private place, the lock,
the peer check and the protocol below make a single guarantee (only this user's first start
listens, and only to this user) that is checked by reading them together.

A start takes an exclusive lock on a file in a private directory, and whoever holds it is the
instance for as long as its process lives: the kernel drops the lock when the process dies, so a
crash leaves nothing to clean up. Only the holder listens, on a socket in the same directory, so a
second listen() can never rename its socket over the first one's (QLocalServer does exactly that
on Unix), and nobody else can bind the name, or even reach it. A later start connects, checks that
the peer runs as the same user before it sends a byte, and speaks a versioned protocol: a hello
line each way ("support-companion 1"), then one message per line, each acknowledged with "ok".

Where the private directory is:
- Linux and other Unixes: $XDG_RUNTIME_DIR/support-companion when $XDG_RUNTIME_DIR belongs to the
  user and only they can enter it; else <user cache dir>/run (~/.cache/support-companion/run,
  ~/Library/Caches/support-companion/run on macOS), created 0700 and refused if it belongs to
  someone else or others can enter it. Only when a socket there would not fit in an address (104
  bytes on macOS and the BSDs, 108 on Linux: a long home directory does it) /tmp/support-companion-
  <uid>, held to the same test: a predictable name, which another user can take first and so make
  the app run unguarded, but never enter.
- Windows: the lock lives in %LOCALAPPDATA%\\support-companion\\Cache\\run, which the profile's ACL
  keeps to the user. Named pipes have no directory: their namespace is the whole machine, every
  session of a terminal server included. So the pipe's name is keyed by a secret kept in that
  directory, the lock holder listens only if it is the first to create the name, the pipe's own DACL (see
  SingleInstance) keeps others from connecting to ours, and the peer check keeps us from talking to
  a pipe someone else made (single_instance_windows says how, and what is left: a squatter that
  read the name while the app ran can stop the hand-over, never hear a message).

What it deliberately does not do: talk to an app of another protocol version (a newer CLI does not
find an older app: it copies through the clipboard tool and a second start says "already running"),
or refuse to start when no private directory can be had (a broken home directory): the app then
runs without the guard and says so in the log, since an app that never starts reminds no one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import stat
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from companion.platform import single_instance_windows as windows

log = logging.getLogger(__name__)

APP = "support-companion"
PROTOCOL = 1
HELLO = f"{APP} {PROTOCOL}".encode()
REFUSED = f"refused: this app speaks {APP} {PROTOCOL} only".encode()
MAX_MESSAGE = 4 * 1024 * 1024
MAX_LINE_FROM_SERVER = 4096  # a hello or an "ok"
COPY = b"copy "
SUN_PATH_MAX = 108 if sys.platform.startswith("linux") else 104  # sockaddr_un.sun_path, its NUL included
SOCKET_FILE_ROOM = len("/instance-") + 16  # what server_name() adds to the directory
SHORT_ROOT = Path("/tmp")  # for a directory of our own when the others' paths are too long


# -- where the lock and the socket live -------------------------------------------------------
class Place(NamedTuple):
    """A directory for the lock and the socket, and why it must not be used (None: it may)."""

    path: Path
    problem: str | None


class Endpoint(NamedTuple):
    """What a server name stands for: the address Qt listens on or connects to, the lock file that
    decides who may listen there, and why its directory must not be used (None: it may)."""

    address: str
    lock: Path
    problem: str | None


def private_dir_problem(path: Path, uid: int | None = None) -> str | None:
    """Why `path` is not a directory that only the user `uid` (default: us) can enter; None if it is.
    On Windows the profile's ACL does this job, and st_uid and the mode bits mean nothing there."""
    if sys.platform == "win32":
        return None if Path(path).is_dir() else f"{path} is not a directory"
    uid = os.getuid() if uid is None else uid
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"{path}: {exc.strerror}"
    if stat.S_ISLNK(st.st_mode):
        return f"{path} is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a directory"
    if st.st_uid != uid:
        return f"{path} belongs to user id {st.st_uid}, not {uid}"
    if st.st_mode & 0o077:
        return f"others can enter {path} (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def _make_private(path: Path) -> str | None:
    """Create `path` 0700 if it is missing (an existing one keeps its mode); why it must not be
    used, or None."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        return f"cannot create {path}: {exc.strerror}"
    return private_dir_problem(path)


def runtime_place() -> Place:
    """This user's directory for the lock and the socket: the first private one of
    $XDG_RUNTIME_DIR/support-companion and <user cache dir>/run, created as needed. When neither
    is private, the last one with every reason why."""
    import platformdirs

    candidates: list[tuple[Path | None, Path]] = []  # (a directory that must be private first, ours)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and sys.platform != "win32":
        candidates.append((Path(runtime), Path(runtime) / APP))
    cache_run = Path(platformdirs.user_cache_dir(APP, appauthor=False)) / "run"
    candidates.append((None, cache_run))
    if _too_long(cache_run):
        candidates.append((None, SHORT_ROOT / f"{APP}-{os.getuid()}"))
    problems: list[str] = []
    for base, path in candidates:
        # Nothing is created inside a $XDG_RUNTIME_DIR that is not the user's alone.
        problem = private_dir_problem(base) if base is not None else None
        problem = problem or _too_long(path) or _make_private(path)
        if problem is None:
            return Place(path, None)
        problems.append(problem)
    return Place(candidates[-1][1], "; ".join(problems))


def _too_long(path: Path) -> str | None:
    """Why a socket in `path` cannot be listened on (its address would not fit), or None."""
    if sys.platform == "win32":  # a pipe's name is no path
        return None
    length = len(os.fsencode(path)) + SOCKET_FILE_ROOM
    if length < SUN_PATH_MAX:
        return None
    return f"a socket in {path} would have a path of {length} bytes, more than {SUN_PATH_MAX - 1}"


def server_name(data_dir: Path) -> str:
    """The name under which the instance for `data_dir` listens: on Unix the path of a socket in
    this user's private directory; on Windows a pipe name."""
    if sys.platform == "win32":
        return windows_pipe_name(data_dir)
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    return str(runtime_place().path / f"instance-{digest}")


def windows_pipe_name(data_dir: Path) -> str:
    """The pipe for `data_dir`, keyed by this user's secret in the private directory. Without one
    (the directory is missing, or the key cannot be read or made) a name of the SID and the data
    directory alone: the lock still decides, and claim_address still finds a squatter."""
    sid = str(own_identity())
    place = runtime_place()
    if place.problem is None:
        try:
            return windows.pipe_name(APP, data_dir, sid=sid, secret_dir=place.path)
        except OSError as exc:
            log.warning("no key for the instance pipe's name (%s): using a name others can work out", exc)
    subject = sid + "\0" + str(Path(data_dir).resolve())
    return f"{APP}-{hashlib.sha256(subject.encode()).hexdigest()[:32]}"


def _endpoint(name: str) -> Endpoint:
    """A bare name (not a path) goes into the private directory too, never into Qt's default, /tmp."""
    if sys.platform == "win32":
        place = runtime_place()
        return Endpoint(name, place.path / f"{name}.lock", place.problem)
    if os.path.isabs(name):
        path = Path(name)
        return Endpoint(name, path.with_name(path.name + ".lock"), private_dir_problem(path.parent))
    place = runtime_place()
    return Endpoint(str(place.path / name), place.path / f"{name}.lock", place.problem)


# -- who is at the other end ------------------------------------------------------------------
@cache
def own_identity() -> object:
    """Who we run as, in the terms of peer_identity(): a uid, or on Windows a SID string."""
    return windows.sid_of(None) if sys.platform == "win32" else os.getuid()


def peer_identity(conn: QLocalSocket, *, of_server: bool) -> object | None:
    """Who runs the process at the other end of a connected socket (a uid, or on Windows a SID
    string); None when it cannot be told, which callers treat as a stranger. `of_server`: the peer
    is the listening side (we are the client)."""
    fd = int(conn.socketDescriptor())
    if fd == -1:
        return None
    try:
        if sys.platform == "win32":
            return windows.sid_of(windows.pipe_peer_pid(fd, of_server))
        if sys.platform.startswith("linux"):
            # The credentials the peer had when it called connect() (or listen(), for a server).
            with socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM) as dup:
                creds = dup.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            return struct.unpack("3i", creds)[1]
        return _getpeereid(fd)  # macOS, the BSDs
    except (OSError, AttributeError, ValueError) as exc:
        log.warning("cannot tell who is at the other end of the instance socket: %s", exc)
        return None


def _same_user(conn: QLocalSocket, *, of_server: bool) -> bool:
    identity = peer_identity(conn, of_server=of_server)
    return identity is not None and identity == own_identity()


def _getpeereid(fd: int) -> int | None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = ctypes.c_uint32(), ctypes.c_uint32()
    if libc.getpeereid(fd, ctypes.byref(uid), ctypes.byref(gid)) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return uid.value


# -- the lock that decides who is first -------------------------------------------------------
class InstanceLock:
    """An exclusive lock on a file, held until release() or the end of the process.

    flock() (LockFileEx through msvcrt on Windows) belongs to the open file, so a second lock in
    the same process is refused just as one in another process is, and the kernel releases it when
    the process dies, however it dies. The descriptor is not inherited (os.open's default): a
    clipboard tool or notify-send started by the app must not keep the lock after the app is gone.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """True if we hold it now; False if another holder does. OSError if it cannot be tried."""
        if self._fd is not None:
            return True
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            kept = False
            try:
                if not _try_lock(fd):
                    return False
                # The holder before us removes the file on release; if it did so between our open
                # and our lock, we hold a file nobody else will ever open: lock the new one instead.
                if _still_at(fd, self.path):
                    self._fd, kept = fd, True
                    _write_pid(fd)
                    return True
            finally:
                if not kept:
                    os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if sys.platform == "win32":  # closing would release it too, but only "in due time"
                import msvcrt

                os.lseek(self._fd, 0, os.SEEK_SET)
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
            else:  # removed while still held, so nobody can lock a file that is going away
                os.unlink(self.path)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _still_at(fd: int, path: Path) -> bool:
    if sys.platform == "win32":  # an open file cannot be removed there
        return True
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)


def _write_pid(fd: int) -> None:
    """For a person wondering who holds it; nothing reads it."""
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass


@contextmanager
def claim_address(address: str, *, pipes: bool = sys.platform == "win32") -> Iterator[str | None]:
    """While Qt starts listening at `address`: why it must not (None: it may). A socket needs
    nothing more, as nobody else can reach its directory; a pipe (`pipes`) is claimed as its first
    instance until Qt's own instances are there (see single_instance_windows)."""
    if not pipes:
        yield None
        return
    claim = windows.claim_pipe(address)
    try:
        yield claim.problem
    finally:
        if claim.handle is not None:
            windows.close_handle(claim.handle)


# -- the client -------------------------------------------------------------------------------
def _connect(name: str, timeout_ms: int) -> QLocalSocket | None:
    """A socket connected to this user's instance under `name`, or None (nobody there, the
    directory is not private, or the peer is another user: nothing is sent to it)."""
    endpoint = _endpoint(name)
    if endpoint.problem is not None:
        return None
    conn = QLocalSocket()
    conn.connectToServer(endpoint.address)
    if not conn.waitForConnected(timeout_ms):
        conn.abort()
        return None
    if not _same_user(conn, of_server=True):
        log.warning("%s is served by another user: nothing sent", endpoint.address)
        conn.abort()
        return None
    return conn


def ask_running_instance(name: str, message: bytes = b"show", timeout_ms: int = 1000) -> bool:
    """True if this user's instance took `message` and acknowledged it. Nothing at all is sent to
    a peer run by another user, and `message` is not sent to one that speaks another protocol."""
    conn = _connect(name, timeout_ms)
    if conn is None:
        return False
    try:
        if not _send(conn, HELLO + b"\n", timeout_ms) or _read_line(conn, timeout_ms) != HELLO:
            return False
        if not _send(conn, message + b"\n", timeout_ms):
            return False
        return _read_line(conn, timeout_ms) == b"ok"
    finally:
        conn.abort()


def instance_listening(name: str, timeout_ms: int = 300) -> bool:
    """Whether an instance of this user accepts connections under `name`."""
    conn = _connect(name, timeout_ms)
    if conn is not None:
        conn.abort()
    return conn is not None


def _send(conn: QLocalSocket, data: bytes, timeout_ms: int) -> bool:
    conn.write(data)
    while conn.bytesToWrite():
        if not conn.waitForBytesWritten(timeout_ms):
            return False
    return True


def _read_line(conn: QLocalSocket, timeout_ms: int) -> bytes | None:
    while not conn.canReadLine():
        if conn.bytesAvailable() > MAX_LINE_FROM_SERVER or not conn.waitForReadyRead(timeout_ms):
            return None
    return bytes(conn.readLine(MAX_LINE_FROM_SERVER + 1).data()).rstrip(b"\r\n")


def hello_version(line: bytes) -> int | None:
    """The protocol version a hello line announces; None if `line` is not a hello."""
    prefix = APP.encode() + b" "
    if not line.startswith(prefix) or not line[len(prefix):].isdigit():
        return None
    return int(line[len(prefix):])


# -- messages ---------------------------------------------------------------------------------
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


# -- the server -------------------------------------------------------------------------------
class SingleInstance(QObject):
    """The instance for one data directory, once listen() says so. `message` carries what later
    starts ask for (b"show", a copy request).

    `handover` is what a start that finds the lock taken sends to its holder (None: nothing, and
    listen() answers at once); `handover_ms` how long it keeps trying while the holder, started a
    moment earlier, is not listening yet.
    """

    message = Signal(bytes)

    def __init__(self, name: str, parent: QObject | None = None, *, handover: bytes | None = b"show",
                 handover_ms: int = 5000):
        super().__init__(parent)
        self.name = name
        self.endpoint = _endpoint(name)
        self.handover = handover
        self.handover_ms = handover_ms
        self.handed_over = False  # listen() said False and the holder took `handover`
        self.lock = InstanceLock(self.endpoint.lock)
        self.server = QLocalServer(self)
        # Unix: Qt makes the socket file 0700 (it binds under a temporary name beside it and renames
        # it into place). Windows: with an access option set, Qt gives each pipe instance a DACL
        # with one entry, full access for the user's SID (qlocalserver_win.cpp, addListener);
        # without one, the default DACL would let Everyone read.
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._pending: dict[QLocalSocket, bytes] = {}  # per connection: a message not yet complete
        self._greeted: set[QLocalSocket] = set()  # connections whose hello we accepted

    def listen(self) -> bool:
        """Become the instance: True once this process holds the lock, and then listens too where
        it can. False when another process holds it; that one has been handed `handover` (see
        handed_over), just as a second start asks it before trying to listen."""
        if self.endpoint.problem is not None:
            log.warning("no private directory for the single-instance lock (%s): running without it",
                        self.endpoint.problem)
            return True
        deadline = time.monotonic() + self.handover_ms / 1000
        while True:
            try:
                if self.lock.acquire():
                    self._bind()
                    return True
            except OSError as exc:
                log.warning("cannot lock %s (%s): running without the single-instance guard",
                            self.endpoint.lock, exc)
                return True
            left_ms = int((deadline - time.monotonic()) * 1000)
            if self.handover is None or left_ms <= 0:
                return False
            if ask_running_instance(self.name, self.handover, min(left_ms, 1000)):
                self.handed_over = True
                return False
            time.sleep(0.05)  # the holder has just started and is not listening yet

    def _bind(self) -> None:
        # Only the lock holder gets here, so whatever sits at the address was left by a crash, or,
        # on Windows, made by someone else, which claim_address finds out.
        with claim_address(self.endpoint.address) as problem:
            if problem is not None:
                log.warning("not listening: %s; a later start will not reach this one", problem)
                return
            QLocalServer.removeServer(self.endpoint.address)
            if not self.server.listen(self.endpoint.address):
                log.warning("cannot listen on %s (%s): a later start will not reach this one",
                            self.endpoint.address, self.server.errorString())

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            if not _same_user(conn, of_server=False):
                log.warning("refused a connection to the instance socket from another user")
                conn.abort()
                conn.deleteLater()
                continue
            self._pending[conn] = b""
            conn.readyRead.connect(self._on_ready_read)
            conn.disconnected.connect(self._on_disconnected)
            if conn.bytesAvailable():
                self._read(conn)

    def _on_ready_read(self) -> None:
        conn = self.sender()
        if isinstance(conn, QLocalSocket):
            self._read(conn)

    def _on_disconnected(self) -> None:
        conn = self.sender()
        if isinstance(conn, QLocalSocket):
            self._pending.pop(conn, None)
            self._greeted.discard(conn)
            conn.deleteLater()

    def _read(self, conn: QLocalSocket) -> None:
        # A long message (a copied reply) can arrive in several reads: keep the partial line
        # until its newline comes, and acknowledge each complete message.
        buffer = self._pending.get(conn, b"") + bytes(conn.readAll().data())
        *lines, rest = buffer.split(b"\n")
        if len(rest) > MAX_MESSAGE:
            conn.abort()  # nobody sends that much: hang up rather than grow forever
            return
        self._pending[conn] = rest
        for line in lines:
            line = line.strip()
            if conn not in self._greeted:
                if hello_version(line) != PROTOCOL:
                    conn.write(HELLO + b"\n" + REFUSED + b"\n")
                    conn.disconnectFromServer()  # after what we wrote has gone out
                    return
                self._greeted.add(conn)
                conn.write(HELLO + b"\n")
                continue
            conn.write(b"ok\n")
            conn.flush()
            if line and line != b"ping":
                self.message.emit(line)

    def close(self) -> None:
        # The socket goes first: once the lock is free, the address belongs to the next holder.
        self.server.close()
        self.lock.release()
