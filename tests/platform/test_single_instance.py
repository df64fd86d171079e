import subprocess
import sys
import uuid

import pytest

from companion.platform.single_instance import SingleInstance, server_name


def test_server_name_depends_on_the_data_dir(tmp_path):
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a")


def test_second_start_reaches_the_first(qtbot):
    name = f"companion-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert first.listen()
    code = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
            "from companion.platform.single_instance import ask_running_instance; "
            f"sys.exit(0 if ask_running_instance({name!r}, b'show', 3000) else 3)")
    with qtbot.waitSignal(first.message, timeout=5000) as blocker:
        proc = subprocess.Popen([sys.executable, "-c", code])
    assert blocker.args == [b"show"]
    # Let the client finish its handshake while our event loop runs.
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=5000)
    assert proc.returncode == 0
    first.close()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows uses named pipes, which leave nothing behind")
def test_a_stale_socket_left_by_a_crash_is_taken_over(qtbot, tmp_path):
    import socket

    from PySide6.QtNetwork import QLocalServer

    name = f"companion-test-{uuid.uuid4().hex[:8]}"
    probe = QLocalServer()
    assert probe.listen(name)
    path = probe.fullServerName()
    probe.close()
    # What a crashed app leaves behind: the socket file, with nobody listening on it.
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.close()
    instance = SingleInstance(name)
    assert instance.listen() is True
    instance.close()


def test_a_long_message_in_several_pieces_arrives_whole_and_is_acknowledged(qtbot):
    from PySide6.QtNetwork import QLocalSocket

    name = f"companion-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert first.listen()
    received = []
    first.message.connect(received.append)
    payload = b"copy " + "Ж".encode() * 150_000  # a very long reply: ~300 KB
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(2000)
    client.write(payload[:100_000])
    client.flush()
    qtbot.waitUntil(lambda: not client.bytesToWrite(), timeout=5000)
    qtbot.waitUntil(lambda: any(first._pending.values()), timeout=5000)  # the server holds the first piece
    assert received == []  # not a message yet: no newline
    client.write(payload[100_000:] + b"\n")
    client.flush()
    qtbot.waitUntil(lambda: bool(received), timeout=5000)
    assert received == [payload]
    qtbot.waitUntil(lambda: client.bytesAvailable() > 0, timeout=5000)
    assert bytes(client.readAll().data()) == b"ok\n"
    client.abort()  # hang up abruptly, as a killed CLI would
    first.close()
