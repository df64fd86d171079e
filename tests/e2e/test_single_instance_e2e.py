"""Ten simultaneous starts of the real app on a real desktop: one app runs, one notification comes."""

from __future__ import annotations

import subprocess
import sys

from tests.e2e.desktop import wait_until

# `companion` with no arguments, each start held back once Qt is up, so that all ten really start
# at once (loading Python and Qt takes long enough that plain launches trickle in).
START = """
import sys
from PySide6.QtWidgets import QApplication
import companion.app, companion.cli
app = QApplication(sys.argv[:1])
print("ready", flush=True)
sys.stdin.readline()
sys.exit(companion.cli.main([]))
"""


def test_ten_simultaneous_first_starts_leave_one_app_and_one_notification_per_reminder(desktop, tmp_path):
    # A first start (no data yet) is the slow one, which is when later starts used to give up
    # waiting for its answer and listen as well.
    env = {"COMPANION_DATA_DIR": str(tmp_path / "data"), "TZ": "UTC"}
    starts = [desktop.spawn([sys.executable, "-c", START], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True) for _ in range(10)]
    try:
        for proc in starts:  # every start has Qt up and waits for the word
            assert proc.stdout.readline() == "ready\n"
        for proc in starts:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        wait_until(lambda: sum(proc.poll() is not None for proc in starts) >= 9, 60, "nine of ten starts to exit")
        running = [proc for proc in starts if proc.poll() is None]
        assert len(running) == 1
        for proc in starts:
            if proc is not running[0]:
                out, err = proc.communicate()
                assert (proc.returncode, err) == (0, "") and "already running" in out

        # A reminder made now, while the one app runs, is announced once.
        desktop.clear_notifications()
        for args in (("settings", "set", "schedule", "mon-sun 00:00-24:00"), ("settings", "set", "timezone", "UTC"),
                     ("ticket", "add", "SUP-1", "--client", "Olga", "--subject", "VPN", "--next-update=-20m")):
            result = desktop.run([sys.executable, "-m", "companion", *args], env=env)
            assert result.returncode == 0, result.stderr
        note = desktop.wait_for_notification(lambda n: "SUP-1" in n["summary"], timeout=20)
        assert [n["id"] for n in desktop.notifications() if "SUP-1" in n["summary"]] == [note["id"]]
        assert running[0].poll() is None
    finally:
        for proc in starts:
            if proc.poll() is None:
                assert desktop.terminate(proc) in (0, -15, 143)
