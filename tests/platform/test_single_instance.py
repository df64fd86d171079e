import subprocess
import sys
import uuid

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
