"""One instance per data directory, its user's alone: the private directory (and its short
fallback where macOS's socket addresses are too short for it), the lock, the peer check, the
versioned handshake, ten simultaneous starts, and squatters run by another user id. The Windows
pipe's name and claim: test_single_instance_windows."""

import ast
import hashlib
import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from companion.platform import single_instance
from companion.platform.single_instance import (
    HELLO,
    InstanceLock,
    SingleInstance,
    ask_running_instance,
    copy_request,
    hello_version,
    instance_listening,
    peer_identity,
    private_dir_problem,
    runtime_place,
    server_name,
)

REPO = Path(__file__).resolve().parents[2]
POSIX = sys.platform != "win32"
posix_only = pytest.mark.skipif(not POSIX, reason="uids, modes and Unix sockets")


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch):
    """A private $XDG_RUNTIME_DIR per test, with a short path: a socket's path has ~100 bytes."""
    path = Path(tempfile.mkdtemp(prefix="sc-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def cache_home(monkeypatch):
    path = Path(tempfile.mkdtemp(prefix="sc-cache-"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def child(mode: str, name: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.platform.instance_child", mode, name, *args],
                            cwd=REPO, stdout=subprocess.PIPE, text=True, **kwargs)


def talk(qtbot, conn: QLocalSocket, data: bytes, lines: int) -> list[bytes]:
    """Write `data` to an instance in this process and read `lines` lines of its answer."""
    conn.write(data)
    conn.flush()
    answer: list[bytes] = []
    for _ in range(lines):
        qtbot.waitUntil(conn.canReadLine, timeout=5000)
        answer.append(bytes(conn.readLine().data()).rstrip(b"\n"))
    return answer


FAKE_SERVER = r"""
import os, select, socket, sys
path, replies = sys.argv[1], [reply.encode() + b"\n" for reply in sys.argv[2:]]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
os.chmod(path, 0o777)
listener.listen(16)
print("ready", flush=True)
conns, pending, connections, received, done = [], {}, 0, b"", False

def serve(conn):
    global received
    try:
        data = conn.recv(65536)
    except ConnectionResetError:
        data = b""
    if not data:
        conns.remove(conn)
        conn.close()
        return
    received += data
    pending[conn] = pending.get(conn, b"") + data
    while b"\n" in pending[conn] and replies:
        pending[conn] = pending[conn].split(b"\n", 1)[1]
        try:
            conn.sendall(replies.pop(0))
        except OSError:
            pass

while conns or not done:
    readable = select.select([listener] + conns + ([] if done else [sys.stdin]), [], [])[0]
    if listener in readable:
        conns.append(listener.accept()[0])
        connections += 1
    for conn in [conn for conn in conns if conn in readable]:
        serve(conn)
    if sys.stdin in readable:  # the test is done: take what is still queued, then report
        done = True
        listener.setblocking(False)
        while True:
            try:
                conns.append(listener.accept()[0])
            except BlockingIOError:
                break
            connections += 1
print(connections, repr(received), flush=True)
"""


def python(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-I", "-S", "-c", script, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)


class FakeServer:
    """Something listening at `path` that answers each line it receives with the next of `replies`
    and reports how many connections it had and every byte it received. It runs in a process of
    its own: a client blocked in Qt's waitFor… calls holds this interpreter's lock, so a thread
    here could not answer it."""

    def __init__(self, path: str, replies: list[bytes], run=python):
        self.proc = run(FAKE_SERVER, path, *(reply.decode() for reply in replies))
        assert self.proc.stdout.readline() == "ready\n"

    def result(self) -> tuple[int, bytes]:
        self.proc.stdin.close()
        connections, received = self.proc.stdout.readline().split(" ", 1)
        self.proc.wait(30)
        return int(connections), ast.literal_eval(received)


# -- where: a directory only the user can enter -----------------------------------------------
@posix_only
def test_the_socket_lives_in_a_private_xdg_runtime_dir_and_depends_on_the_data_dir(runtime_dir, tmp_path):
    name = server_name(tmp_path / "a")
    assert Path(name).parent == runtime_dir / "support-companion"
    assert stat.S_IMODE(os.stat(Path(name).parent).st_mode) == 0o700
    assert name != server_name(tmp_path / "b") and name == server_name(tmp_path / "a")


@posix_only
@pytest.mark.parametrize("mode", [0o755, 0o750, 0o770, 0o707, 0o711])
def test_a_directory_others_can_enter_or_write_is_refused(tmp_path, mode):
    target = tmp_path / "dir"
    target.mkdir()
    target.chmod(mode)
    assert f"others can enter {target} (mode {mode:04o})" == private_dir_problem(target)
    target.chmod(0o700)
    assert private_dir_problem(target) is None


@posix_only
def test_a_directory_of_another_user_a_link_or_a_file_is_refused(tmp_path):
    target = tmp_path / "dir"
    target.mkdir(mode=0o700)
    someone_else = os.getuid() + 1  # as that user would see our directory
    assert private_dir_problem(target, uid=someone_else) == (
        f"{target} belongs to user id {os.getuid()}, not {someone_else}")
    (tmp_path / "link").symlink_to(target)
    assert private_dir_problem(tmp_path / "link") == f"{tmp_path / 'link'} is a symbolic link"
    (tmp_path / "file").write_text("")
    assert private_dir_problem(tmp_path / "file") == f"{tmp_path / 'file'} is not a directory"


@posix_only
def test_an_xdg_runtime_dir_others_can_enter_is_left_alone_for_a_directory_of_our_own(runtime_dir, cache_home):
    runtime_dir.chmod(0o755)
    name = server_name(Path("/data"))
    assert Path(name).parent == cache_home / "support-companion" / "run"
    assert stat.S_IMODE(os.stat(Path(name).parent).st_mode) == 0o700
    assert list(runtime_dir.iterdir()) == []  # nothing made inside it


@posix_only
def test_without_xdg_runtime_dir_the_directory_of_our_own_is_used(monkeypatch, cache_home, tmp_path):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert Path(server_name(tmp_path)).parent == cache_home / "support-companion" / "run"


@posix_only
@pytest.mark.skipif(POSIX and os.geteuid() != 0, reason="giving a directory away needs root")
def test_directories_owned_by_another_user_are_not_used(runtime_dir, cache_home):
    os.chown(runtime_dir, 65534, 65534)
    assert runtime_place().path == cache_home / "support-companion" / "run"
    ours = cache_home / "support-companion" / "run"
    os.chown(ours, 65534, 65534)  # made before us by someone else
    place = runtime_place()
    assert place.problem == (f"{runtime_dir} belongs to user id 65534, not 0; "
                             f"{ours} belongs to user id 65534, not 0")


@posix_only
def test_with_no_private_directory_nothing_is_sent_and_the_app_runs_unguarded(
        runtime_dir, cache_home, caplog, qtbot):
    runtime_dir.chmod(0o755)
    ours = cache_home / "support-companion" / "run"
    ours.mkdir(parents=True, mode=0o700)
    ours.chmod(0o777)  # not ours to fix: it is left as it is and not used
    name = server_name(Path("/data"))
    assert runtime_place().problem == (f"others can enter {runtime_dir} (mode 0755); "
                                       f"others can enter {ours} (mode 0777)")
    listener = FakeServer(name, [HELLO, b"ok"])  # whoever can write there
    assert ask_running_instance(name, b"secret") is False
    assert instance_listening(name) is False
    with caplog.at_level(logging.WARNING):
        instance = SingleInstance(name)
        assert instance.listen() is True  # an app that never starts reminds no one
    assert "no private directory for the single-instance lock" in caplog.text
    assert not instance.lock.held and not instance.server.isListening()
    assert stat.S_IMODE(os.stat(ours).st_mode) == 0o777
    assert listener.result() == (0, b"")


@pytest.fixture
def long_home(monkeypatch):
    """A cache directory whose socket path is 105 bytes long: over macOS's limit, under Linux's (as
    under /Users/<a long name>/Library/Caches), and a root for the short fallback in its place."""
    root = Path(tempfile.mkdtemp(prefix="sc-home-"))
    room = 105 - len("/support-companion/run") - single_instance.SOCKET_FILE_ROOM
    user = "a" * (room - len(f"{root}/Users//Library/Caches"))
    cache = root / "Users" / user / "Library" / "Caches"
    assert len(str(cache / "support-companion" / "run")) + single_instance.SOCKET_FILE_ROOM == 105
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setattr(single_instance, "SHORT_ROOT", root / "tmp")
    (root / "tmp").mkdir(mode=0o1777)
    yield cache
    shutil.rmtree(root, ignore_errors=True)


@posix_only
def test_a_socket_path_too_long_for_macos_goes_into_a_private_directory_under_tmp(long_home, monkeypatch, qtbot):
    monkeypatch.setattr(single_instance, "SUN_PATH_MAX", 104)
    name = server_name(Path("/data"))
    short = single_instance.SHORT_ROOT / f"support-companion-{os.getuid()}"
    assert Path(name).parent == short and len(name.encode()) < 104
    assert stat.S_IMODE(os.stat(short).st_mode) == 0o700
    assert not (long_home / "support-companion").exists()  # nothing made where it cannot serve
    instance = SingleInstance(name)
    assert instance.listen() and instance.server.isListening()
    conn = QLocalSocket()
    conn.connectToServer(name)
    assert conn.waitForConnected(2000)
    assert talk(qtbot, conn, HELLO + b"\n", 1) == [HELLO]
    conn.abort()
    instance.close()


@posix_only
def test_the_same_long_home_fits_on_linux(long_home, monkeypatch):
    monkeypatch.setattr(single_instance, "SUN_PATH_MAX", 108)
    assert Path(server_name(Path("/data"))).parent == long_home / "support-companion" / "run"
    assert not single_instance.SHORT_ROOT.joinpath(f"support-companion-{os.getuid()}").exists()


@posix_only
def test_the_short_directory_under_tmp_is_refused_when_others_can_enter_it(long_home, monkeypatch):
    monkeypatch.setattr(single_instance, "SUN_PATH_MAX", 104)
    short = single_instance.SHORT_ROOT / f"support-companion-{os.getuid()}"
    short.mkdir(mode=0o700)
    short.chmod(0o777)  # made first by someone who wants in
    ours = long_home / "support-companion" / "run"
    assert runtime_place() == (short, f"a socket in {ours} would have a path of 105 bytes, more than 103; "
                                      f"others can enter {short} (mode 0777)")


@posix_only
def test_a_bare_name_goes_into_the_private_directory_not_tmp(runtime_dir):
    instance = SingleInstance("bare-name", handover=None)
    assert instance.listen()
    try:
        assert instance.server.fullServerName() == str(runtime_dir / "support-companion" / "bare-name")
        assert ask_running_instance("bare-name", b"ping", 100) is False  # nobody reads it here
    finally:
        instance.close()


# -- who: the lock ----------------------------------------------------------------------------
def test_a_second_instance_in_the_same_process_cannot_listen_until_the_first_closes(tmp_path):
    name = server_name(tmp_path)
    first, second = SingleInstance(name, handover=None), SingleInstance(name, handover=None)
    assert first.listen()
    assert second.listen() is False and not second.server.isListening() and not second.handed_over
    first.close()
    assert second.listen() is True and second.server.isListening()
    second.close()


def test_a_second_instance_in_another_process_cannot_listen_until_the_first_closes(tmp_path):
    name = server_name(tmp_path)
    first = SingleInstance(name, handover=None)
    assert first.listen()
    assert child("try", name).communicate(timeout=30)[0] == "refused\n"
    first.close()
    assert child("try", name).communicate(timeout=30)[0] == "listening\n"


@posix_only
def test_the_lock_of_a_killed_instance_is_released_and_its_socket_taken_over(tmp_path, qtbot):
    name = server_name(tmp_path)
    holder = child("hold", name, stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == "listening\n"
        assert SingleInstance(name, handover=None).listen() is False
    finally:
        holder.kill()  # SIGKILL: no clean-up runs, the socket file stays
        holder.wait(30)
    assert os.path.exists(name)
    instance = SingleInstance(name, handover=None)
    assert instance.listen() is True
    try:
        conn = QLocalSocket()
        conn.connectToServer(name)
        assert conn.waitForConnected(2000)
        assert talk(qtbot, conn, HELLO + b"\n", 1) == [HELLO]  # the new socket, not the dead one
        conn.abort()
    finally:
        instance.close()


@posix_only
def test_an_instance_that_cannot_listen_still_holds_the_lock(runtime_dir, caplog):
    name = str(runtime_dir / ("x" * 120))  # longer than a socket address can be
    with caplog.at_level(logging.WARNING):
        first = SingleInstance(name)
        assert first.listen() is True
    assert "a later start will not reach this one" in caplog.text
    assert first.lock.held and not first.server.isListening()
    second = SingleInstance(name, handover_ms=0)
    assert second.listen() is False
    first.close()


@posix_only
def test_release_removes_the_lock_file_and_a_later_lock_makes_a_new_one(tmp_path):
    path = tmp_path / "x.lock"
    lock = InstanceLock(path)
    assert lock.acquire() and path.read_text() == f"{os.getpid()}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert InstanceLock(path).acquire() is False
    lock.release()
    assert not path.exists()
    again = InstanceLock(path)
    assert again.acquire()
    again.release()


@posix_only
def test_a_lock_taken_on_a_file_that_was_removed_meanwhile_is_retaken_on_the_new_one(tmp_path, monkeypatch):
    # The holder removes the file as it releases; a start that opened the old file just before
    # must not count its lock on a file nobody else will ever open.
    path = tmp_path / "x.lock"
    real_try_lock = single_instance._try_lock
    calls = []

    def try_lock_after_a_release(fd):
        calls.append(fd)
        if len(calls) == 1:
            os.unlink(path)  # the previous holder's release, between our open and our lock
        return real_try_lock(fd)

    monkeypatch.setattr(single_instance, "_try_lock", try_lock_after_a_release)
    lock = InstanceLock(path)
    assert lock.acquire()
    assert len(calls) == 2 and os.fstat(lock._fd).st_ino == path.stat().st_ino
    lock.release()


def test_a_second_start_hands_over_to_the_first_and_exits(tmp_path, qtbot):
    name = server_name(tmp_path)
    first = SingleInstance(name)
    assert first.listen()
    with qtbot.waitSignal(first.message, timeout=10000) as blocker:
        proc = child("storm", name, "0", stdin=subprocess.PIPE)
        assert proc.stdout.readline() == "ready\n"
        proc.stdin.write("go\n")
        proc.stdin.flush()
    assert blocker.args == [b"show"]
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    assert proc.stdout.read() == "handed-over\n"
    first.close()


@posix_only
def test_a_start_that_finds_the_lock_taken_hands_over_once_the_holder_listens(tmp_path, monkeypatch):
    # What a simultaneous start meets: the lock is taken, but its holder is not listening yet.
    name = server_name(tmp_path)
    holder = InstanceLock(single_instance._endpoint(name).lock)
    assert holder.acquire()
    late = []

    def holder_starts_listening(seconds):  # the loser's pause between two tries
        if not late:
            late.append(FakeServer(name, [HELLO, b"ok"]))

    monkeypatch.setattr(single_instance.time, "sleep", holder_starts_listening)
    second = SingleInstance(name)
    assert second.listen() is False and second.handed_over
    assert late[0].result() == (1, HELLO + b"\nshow\n")
    holder.release()


def test_a_start_that_finds_the_lock_taken_by_a_holder_that_never_answers_gives_up(tmp_path):
    name = server_name(tmp_path)
    holder = InstanceLock(single_instance._endpoint(name).lock)
    assert holder.acquire()
    second = SingleInstance(name, handover_ms=0)
    assert second.listen() is False and not second.handed_over
    holder.release()


# -- whom: the peer check ---------------------------------------------------------------------
@posix_only
def test_the_peer_of_a_real_connection_is_this_user_on_both_ends(tmp_path, qtbot):
    name = server_name(tmp_path)
    server = QLocalServer()
    assert server.listen(name)
    conn = QLocalSocket()
    conn.connectToServer(name)
    assert conn.waitForConnected(2000)
    qtbot.waitUntil(server.hasPendingConnections, timeout=5000)
    accepted = server.nextPendingConnection()
    assert peer_identity(conn, of_server=True) == os.getuid()
    assert peer_identity(accepted, of_server=False) == os.getuid()
    assert peer_identity(QLocalSocket(), of_server=True) is None  # not connected: a stranger
    conn.abort()
    server.close()


@posix_only
def test_the_client_sends_nothing_to_a_peer_of_another_user(tmp_path, monkeypatch):
    name = server_name(tmp_path)
    squatter = FakeServer(name, [HELLO, b"ok"])  # answers as our app would
    monkeypatch.setattr(single_instance, "peer_identity", lambda conn, *, of_server: 4242)
    assert ask_running_instance(name, copy_request("secret", "", "reply")) is False
    assert squatter.result() == (1, b"")  # reached, and told nothing


@posix_only
def test_the_client_sends_nothing_when_the_peer_cannot_be_identified(tmp_path, monkeypatch):
    name = server_name(tmp_path)
    squatter = FakeServer(name, [HELLO, b"ok"])
    monkeypatch.setattr(single_instance, "peer_identity", lambda conn, *, of_server: None)
    assert ask_running_instance(name, b"show") is False
    assert squatter.result() == (1, b"")


@posix_only
def test_the_server_answers_nothing_and_hears_nothing_from_a_peer_of_another_user(tmp_path, qtbot, monkeypatch):
    name = server_name(tmp_path)
    instance = SingleInstance(name)
    assert instance.listen()
    received = []
    instance.message.connect(received.append)
    seen = []
    monkeypatch.setattr(single_instance, "peer_identity", lambda conn, *, of_server: seen.append(of_server) or 4242)
    conn = QLocalSocket()  # a raw client: it checks nobody
    conn.connectToServer(name)
    assert conn.waitForConnected(2000)
    conn.write(HELLO + b"\nshow\n")
    conn.flush()
    qtbot.waitUntil(lambda: conn.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5000)
    assert bytes(conn.readAll().data()) == b"" and received == [] and seen == [False]
    instance.close()


# -- what: the versioned protocol -------------------------------------------------------------
def test_hello_lines():
    assert HELLO == b"support-companion 1"
    assert hello_version(b"support-companion 1") == 1 and hello_version(b"support-companion 12") == 12
    for line in (b"show", b"support-companion", b"support-companion x", b"support-companion -1", b"ok"):
        assert hello_version(line) is None


def test_the_server_greets_acknowledges_each_message_and_ignores_pings(tmp_path, qtbot):
    name = server_name(tmp_path)
    instance = SingleInstance(name)
    assert instance.listen()
    received = []
    instance.message.connect(received.append)
    conn = QLocalSocket()
    conn.connectToServer(instance.endpoint.address)
    assert conn.waitForConnected(2000)
    assert talk(qtbot, conn, HELLO + b"\n", 1) == [HELLO]
    assert talk(qtbot, conn, b"ping\nshow\r\n", 2) == [b"ok", b"ok"]
    assert received == [b"show"]
    conn.abort()
    instance.close()


@pytest.mark.parametrize("first_line", [b"support-companion 2", b"show", b"support-companion"])
def test_the_server_refuses_another_protocol_politely_and_takes_nothing(tmp_path, qtbot, first_line):
    name = server_name(tmp_path)
    instance = SingleInstance(name)
    assert instance.listen()
    received = []
    instance.message.connect(received.append)
    conn = QLocalSocket()
    conn.connectToServer(instance.endpoint.address)
    assert conn.waitForConnected(2000)
    assert talk(qtbot, conn, first_line + b"\nshow\n", 2) == [
        HELLO, b"refused: this app speaks support-companion 1 only"]
    qtbot.waitUntil(lambda: conn.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5000)
    assert received == []
    instance.close()


@posix_only
def test_the_client_says_hello_first_and_sends_its_message_after_the_server_answers_in_kind(tmp_path):
    name = server_name(tmp_path)
    server = FakeServer(name, [HELLO, b"ok"])
    assert ask_running_instance(name, b"show") is True
    assert server.result() == (1, HELLO + b"\nshow\n")


@posix_only
@pytest.mark.parametrize("answer", [b"support-companion 2", b"ok", b"refused"])
def test_the_client_keeps_its_message_from_a_server_of_another_protocol(tmp_path, answer):
    name = server_name(tmp_path)
    server = FakeServer(name, [answer, b"ok"])
    assert ask_running_instance(name, copy_request("secret", "", "reply")) is False
    assert server.result() == (1, HELLO + b"\n")


def test_a_long_message_in_several_pieces_arrives_whole_and_is_acknowledged(tmp_path, qtbot):
    name = server_name(tmp_path)
    first = SingleInstance(name)
    assert first.listen()
    received = []
    first.message.connect(received.append)
    payload = b"copy " + "Ж".encode() * 150_000  # a very long reply: ~300 KB
    client = QLocalSocket()
    client.connectToServer(first.endpoint.address)
    assert client.waitForConnected(2000)
    assert talk(qtbot, client, HELLO + b"\n", 1) == [HELLO]
    client.write(payload[:100_000])
    client.flush()
    qtbot.waitUntil(lambda: not client.bytesToWrite(), timeout=5000)
    qtbot.waitUntil(lambda: any(first._pending.values()), timeout=5000)  # the server holds the first piece
    assert received == []  # not a message yet: no newline
    assert talk(qtbot, client, payload[100_000:] + b"\n", 1) == [b"ok"]
    assert received == [payload]
    client.abort()  # hang up abruptly, as a killed CLI would
    first.close()


# -- ten simultaneous starts ------------------------------------------------------------------
def test_ten_simultaneous_starts_leave_one_instance_and_nine_hand_overs(tmp_path):
    name = server_name(tmp_path)
    starts = [child("storm", name, "9", stdin=subprocess.PIPE) for _ in range(10)]
    try:
        for proc in starts:  # every process has Qt loaded and waits for the word
            assert proc.stdout.readline() == "ready\n"
        for proc in starts:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outcomes = sorted(proc.communicate(timeout=60)[0] for proc in starts)
    finally:
        for proc in starts:
            proc.kill()
    assert outcomes == ["handed-over\n"] * 9 + ["listening 9\n"]


# -- another user id: real squatters (needs root to become 'nobody') -------------------------
CLIENT = r"""
import socket, sys
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect(sys.argv[1])
answer = b""
try:
    conn.sendall(b"support-companion 1\nshow\n")
    while data := conn.recv(65536):
        answer += data
except OSError:  # hung up on
    pass
print(repr(answer), flush=True)
"""


@pytest.fixture
def as_nobody():
    """Run a stdlib-only Python script as uid/gid 65534, or skip where that is not possible."""
    if not POSIX or os.geteuid() != 0:
        pytest.skip("dropping to another user id needs root")
    for exe in (sys.executable, "/usr/bin/python3", "/usr/local/bin/python3"):
        try:
            probe = subprocess.run([exe, "-I", "-S", "-c", "import os; print(os.getuid())"], user=65534,
                                   group=65534, extra_groups=[], cwd="/", capture_output=True, text=True)
        except OSError:
            continue
        if probe.stdout == "65534\n":
            break
    else:
        pytest.skip("no Python interpreter that user 65534 can run")

    def run(script: str, *args: str) -> subprocess.Popen:
        return subprocess.Popen([exe, "-I", "-S", "-c", script, *args], user=65534, group=65534, extra_groups=[],
                                cwd="/", stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return run


@pytest.fixture
def public_dir():
    path = Path(tempfile.mkdtemp(prefix="sc-pub-"))
    path.chmod(0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def old_style_name(data_dir: Path) -> str:
    """The predictable name releases before the fix used: /tmp/support-companion-<user>-<hash>."""
    digest = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    return str(Path(tempfile.gettempdir()) / f"support-companion-root-{digest}")


def test_a_squatter_of_another_user_on_the_old_predictable_name_is_neither_heard_nor_obeyed(
        as_nobody, tmp_path, qtbot):
    data_dir = tmp_path / "data"
    squatted = old_style_name(data_dir)
    squatter = FakeServer(squatted, [b"ok"] * 3, run=as_nobody)  # "ok" to anything, as the app used to
    try:
        # The app starts as `companion` does: nobody of ours answers, so it becomes the instance.
        name = server_name(data_dir)
        assert ask_running_instance(name, b"show") is False
        instance = SingleInstance(name)
        assert instance.listen() is True
        # A copied reply from the CLI reaches it, and only it.
        code = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
                "from companion.platform.single_instance import ask_running_instance, copy_request; "
                f"sys.exit(0 if ask_running_instance({name!r}, copy_request('Dear Olga', '', 'r'), 5000) else 3)")
        with qtbot.waitSignal(instance.message, timeout=10000) as blocker:
            cli = subprocess.Popen([sys.executable, "-c", code], cwd=REPO)
        qtbot.waitUntil(lambda: cli.poll() is not None, timeout=10000)
        assert cli.returncode == 0 and blocker.args == [copy_request("Dear Olga", "", "r")]
        instance.close()
    finally:
        report = squatter.result()
        Path(squatted).unlink(missing_ok=True)
    assert report == (0, b"")


def test_the_client_sends_nothing_to_a_squatter_of_another_user(as_nobody, public_dir, runtime_dir):
    squatter = FakeServer(str(public_dir / "s"), [HELLO, b"ok"], run=as_nobody)
    # Moved to where only we could have put it, so that only the peer check stands in its way.
    address = runtime_dir / "s"
    os.rename(public_dir / "s", address)
    assert ask_running_instance(str(address), copy_request("secret", "", "reply"), 3000) is False
    assert squatter.result() == (1, b"")  # reached, and told nothing


def test_the_server_refuses_a_client_of_another_user(as_nobody, public_dir, tmp_path, qtbot):
    instance = SingleInstance(server_name(tmp_path))
    assert instance.listen()
    received = []
    instance.message.connect(received.append)
    # A way in for the other user, which the private directory would otherwise deny.
    door = public_dir / "door"
    os.link(instance.endpoint.address, door)
    door.chmod(0o777)
    client = as_nobody(CLIENT, str(door))
    try:
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=10000)
        assert client.stdout.read() == "b''\n"  # hung up on, unanswered
        assert received == []
    finally:
        instance.close()
