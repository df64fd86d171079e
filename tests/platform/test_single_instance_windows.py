"""The Windows half of the single-instance guard, driven on this system through fakes of what
Windows would answer: the pipe's name for two users (a SID and a secret folder each), and the claim
of that name before Qt listens, with a squatter that made it first."""

import hashlib
import hmac
import logging
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from companion.platform import single_instance
from companion.platform import single_instance_windows as windows
from companion.platform.single_instance import HELLO, SingleInstance, ask_running_instance, server_name
from tests.platform.test_single_instance import FakeServer, talk

ALICE, BOB = "S-1-5-21-1004336348-1177238915-682003330-1001", "S-1-5-21-1004336348-1177238915-682003330-1002"
DATA = Path("/data")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="modes, uids and Unix sockets stand in for pipes")


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch):
    path = Path(tempfile.mkdtemp(prefix="sc-"))  # short: a socket's path has ~100 bytes
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def alice(tmp_path):
    return private(tmp_path / "alice")


@pytest.fixture
def bob(tmp_path):
    return private(tmp_path / "bob")


def private(folder: Path) -> Path:
    folder.mkdir(mode=0o700)
    return folder


def pipe(folder: Path, sid: str = ALICE, data_dir: Path = DATA) -> str:
    return windows.pipe_name("support-companion", data_dir, sid=sid, secret_dir=folder)


def secret_of(folder: Path) -> bytes:
    return bytes.fromhex((folder / windows.SECRET_FILE).read_text())


# -- the name ---------------------------------------------------------------------------------
def test_the_name_is_stable_for_one_user_and_one_data_dir_and_says_nothing_of_either(alice):
    name = pipe(alice)
    assert re.fullmatch(r"support-companion-[0-9a-f]{32}", name)
    assert pipe(alice) == name == pipe(alice, data_dir=Path("/data/../data"))
    assert pipe(alice, data_dir=Path("/other")) != name
    assert sorted(path.name for path in alice.iterdir()) == [windows.SECRET_FILE]  # no candidate left over


def test_two_users_get_two_names_for_the_same_data_dir(alice, bob):
    assert pipe(alice, ALICE) != pipe(bob, BOB)
    assert pipe(alice, ALICE) != pipe(alice, BOB)  # the SID counts
    assert pipe(alice, ALICE) != pipe(bob, ALICE)  # and so does the secret
    assert secret_of(alice) != secret_of(bob)


def test_the_name_cannot_be_worked_out_without_the_secret(alice):
    name = pipe(alice)
    subject = f"{ALICE}\0{DATA.resolve()}".encode()
    assert name[-32:] == hmac.new(secret_of(alice), subject, "sha256").hexdigest()[:32]
    # What another user knows (the SID, the data directory, the login name) gives nothing of it.
    guessable = [ALICE, str(DATA), f"{ALICE}{DATA}", f"{ALICE}\0{DATA}", "root", os.environ.get("USER", "")]
    for text in guessable:
        for algorithm in ("sha256", "sha1", "md5"):
            assert hashlib.new(algorithm, text.encode()).hexdigest()[:32] != name[-32:]
    (alice / windows.SECRET_FILE).write_text(os.urandom(windows.SECRET_BYTES).hex())
    assert pipe(alice) != name  # another secret, another name


@posix_only
def test_the_secret_is_made_once_random_and_readable_by_its_user_alone(alice):
    pipe(alice)
    path = alice / windows.SECRET_FILE
    first = path.read_text()
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    st = path.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid == os.getuid()
    pipe(alice, BOB)
    assert path.read_text() == first


def test_simultaneous_first_starts_agree_on_one_secret(alice):
    barrier, names = threading.Barrier(10), []

    def start():
        barrier.wait()
        names.append(pipe(alice))

    threads = [threading.Thread(target=start) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(names) == 10 and len(set(names)) == 1
    assert sorted(path.name for path in alice.iterdir()) == [windows.SECRET_FILE]


def test_a_start_that_loses_the_race_for_the_secret_takes_the_winners(alice, monkeypatch):
    winner = os.urandom(windows.SECRET_BYTES)
    real_read = windows._read_secret
    reads = []

    def read_before_the_winner_links(path):  # the first read finds nothing; then the winner is there
        reads.append(path)
        if len(reads) == 1:
            (alice / windows.SECRET_FILE).write_text(winner.hex())
            return None
        return real_read(path)

    monkeypatch.setattr(windows, "_read_secret", read_before_the_winner_links)
    assert windows.user_secret(alice) == winner
    assert secret_of(alice) == winner and sorted(p.name for p in alice.iterdir()) == [windows.SECRET_FILE]


@pytest.mark.parametrize("content", ["", "not hex", "abcd"])
def test_a_secret_file_that_holds_no_key_is_replaced_by_one(alice, content):
    (alice / windows.SECRET_FILE).write_text(content)
    name = pipe(alice)
    assert len(secret_of(alice)) == windows.SECRET_BYTES and pipe(alice) == name


@posix_only
def test_the_app_keys_its_pipe_name_with_its_sid_and_a_secret_in_its_private_directory(runtime_dir, monkeypatch):
    monkeypatch.setattr(single_instance, "own_identity", lambda: ALICE)
    ours = runtime_dir / "support-companion"
    assert single_instance.windows_pipe_name(DATA) == pipe(ours, ALICE)
    assert stat.S_IMODE((ours / windows.SECRET_FILE).stat().st_mode) == 0o600
    monkeypatch.setattr(single_instance, "own_identity", lambda: BOB)  # a second user's start
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(private(runtime_dir / "bob")))
    assert single_instance.windows_pipe_name(DATA) == pipe(runtime_dir / "bob" / "support-companion", BOB)
    assert single_instance.windows_pipe_name(DATA) != pipe(ours, ALICE)


@posix_only
def test_without_a_key_the_name_falls_back_to_the_sid_and_data_dir_and_says_so(monkeypatch, caplog):
    monkeypatch.setattr(single_instance, "own_identity", lambda: ALICE)

    def unreadable(folder):
        raise OSError(f"{folder}: permission denied")

    monkeypatch.setattr(windows, "user_secret", unreadable)
    with caplog.at_level(logging.WARNING):
        name = single_instance.windows_pipe_name(DATA)
    digest = hashlib.sha256(f"{ALICE}\0{DATA.resolve()}".encode()).hexdigest()[:32]
    assert name == f"support-companion-{digest}" == single_instance.windows_pipe_name(DATA)
    assert "no key for the instance pipe's name" in caplog.text


# -- the claim before Qt listens --------------------------------------------------------------
class FakeCreate:
    """CreateNamedPipeW with FILE_FLAG_FIRST_PIPE_INSTANCE as Windows would answer it, one answer a
    call: (a handle, 0), or (None, a Windows error)."""

    def __init__(self, *answers):
        self.answers, self.names = list(answers), []

    def __call__(self, name):
        self.names.append(name)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def test_the_first_instance_is_ours_at_once():
    create, sleeps = FakeCreate((77, 0)), []
    assert windows.claim_pipe("p", create=create, sleep=sleeps.append) == windows.Claim(77, None)
    assert create.names == ["p"] and sleeps == []


def test_a_name_that_stays_taken_is_another_process_pipe():
    create, sleeps = FakeCreate((None, windows.ERROR_ACCESS_DENIED)), []
    claim = windows.claim_pipe("p", create=create, sleep=sleeps.append)
    assert claim == windows.Claim(None, "the pipe p was created by another process before this one")
    assert len(create.names) == 10 and sleeps == [0.1] * 9


def test_a_name_that_is_let_go_of_in_a_moment_was_a_client_of_the_last_instance():
    create = FakeCreate((None, windows.ERROR_ACCESS_DENIED), (None, windows.ERROR_ACCESS_DENIED), (77, 0))
    assert windows.claim_pipe("p", create=create, sleep=lambda seconds: None) == windows.Claim(77, None)


def test_any_other_failure_claims_nothing_and_forbids_nothing():
    create = FakeCreate((None, 2))
    assert windows.claim_pipe("p", create=create, sleep=lambda seconds: None) == windows.Claim(None, None)
    assert create.names == ["p"]

    def no_kernel32(name):
        raise OSError("no kernel32 here")

    assert windows.claim_pipe("p", create=no_kernel32) == windows.Claim(None, None)


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows these really run")
@pytest.mark.parametrize("call", [lambda: windows.create_first_instance("p"), lambda: windows.close_handle(1),
                                  lambda: windows.pipe_peer_pid(1, True), lambda: windows.sid_of(None)])
def test_elsewhere_no_windows_call_is_made(call):
    with pytest.raises(OSError, match="a Windows matter"):
        call()


@pytest.fixture
def pipes(monkeypatch):
    """SingleInstance as on Windows, where the address must be claimed; `create` answers for
    Windows, and each handle closed is recorded with whether Qt was listening by then."""
    monkeypatch.setattr(single_instance, "claim_address", partial(single_instance.claim_address, pipes=True))
    monkeypatch.setattr(windows, "claim_pipe", partial(windows.claim_pipe, sleep=lambda seconds: None))
    closed: list[tuple[int, bool]] = []

    def use(create, instance_of=lambda: None):
        monkeypatch.setattr(windows, "create_first_instance", create)
        monkeypatch.setattr(windows, "close_handle", lambda handle: closed.append((handle, instance_of())))
        return closed
    return use


@posix_only
def test_the_claiming_instance_is_closed_once_qt_listens_and_the_app_is_reachable(tmp_path, qtbot, pipes):
    name = server_name(tmp_path)
    instance = SingleInstance(name)
    closed = pipes(FakeCreate((77, 0)), lambda: instance.server.isListening())
    assert instance.listen() is True
    assert closed == [(77, True)]
    conn = QLocalSocket()
    conn.connectToServer(instance.endpoint.address)
    assert conn.waitForConnected(2000)
    assert talk(qtbot, conn, HELLO + b"\n", 1) == [HELLO]
    conn.abort()
    instance.close()


@posix_only
def test_a_pipe_squatted_before_the_app_starts_is_not_listened_on_and_said_once(tmp_path, caplog, pipes,
                                                                                 monkeypatch):
    name = server_name(tmp_path)
    squatter = FakeServer(name, [HELLO, b"ok"])  # answers as our app would
    closed = pipes(FakeCreate((None, windows.ERROR_ACCESS_DENIED)))
    with caplog.at_level(logging.WARNING):
        instance = SingleInstance(name)
        assert instance.listen() is True  # reminders go on
    assert [record.getMessage() for record in caplog.records] == [
        f"not listening: the pipe {name} was created by another process before this one; "
        "a later start will not reach this one"]
    assert instance.lock.held and not instance.server.isListening() and closed == []
    # A later start finds the lock taken and gives up; a CLI finds only the squatter, and tells it nothing.
    assert SingleInstance(name, handover_ms=0).listen() is False
    monkeypatch.setattr(single_instance, "peer_identity", lambda conn, *, of_server: 4242)
    assert ask_running_instance(name, b"show") is False
    assert squatter.result() == (1, b"")
    instance.close()


@posix_only
def test_a_claim_that_cannot_be_made_leaves_the_listening_to_qt(tmp_path, pipes):
    closed = pipes(FakeCreate((None, 2)))
    instance = SingleInstance(server_name(tmp_path))
    assert instance.listen() is True and instance.server.isListening() and closed == []
    instance.close()
