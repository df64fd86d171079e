"""Tagged notices on the real notification server: dunst shows one notice per tag, a newer notice
takes the old one's place, a withdrawn notice goes away, and one the user closed is not brought
back by a replacement; and in the real app, the break notice goes when the break starts.

The notifier runs in a child process on the desktop's own session bus (as the app does), driven
one JSON line at a time, so dunst can be looked at between the steps.
"""

from __future__ import annotations

import signal

import json
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import wait_until
from tests.e2e.test_app_e2e import app_env, start_app  # noqa: F401 - fixture
from tests.e2e.test_breaks_e2e import _plant_break_soon, _visible

ROOT = Path(__file__).resolve().parents[2]
APP = "companion-e2e-tidy"


def _drive() -> None:
    """The child: a Notifier over the real FreedesktopBackend, answering one line per command."""
    from PySide6.QtCore import QCoreApplication

    from companion.platform.notifications import FreedesktopBackend, Notice, Notifier

    app = QCoreApplication([])  # noqa: F841 - QtDBus (the server probe) wants one, as in the app
    backend = FreedesktopBackend(APP)
    notifier = Notifier([backend])
    for line in sys.stdin:
        command = json.loads(line)
        op, tag = command["op"], command["tag"]
        if op == "notify":
            answer = {"backend": notifier.notify(Notice(command["title"], command["body"]), tag=tag)}
        elif op == "withdraw":
            notifier.withdraw(tag)
            answer = {}
        else:
            answer = {"showing": notifier.showing(tag)}
        answer["open"] = sorted(backend.open_ids)
        print(json.dumps(answer), flush=True)


class Driver:
    def __init__(self, desktop):
        self.desktop = desktop
        self.proc = desktop.spawn(
            [sys.executable, "-c", "from tests.e2e.test_notices_tidy_e2e import _drive; _drive()"],
            cwd=str(ROOT), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __call__(self, op: str, tag: str, **fields) -> dict:
        self.proc.stdin.write(json.dumps({"op": op, "tag": tag, **fields}) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], 15)
        assert ready, f"the notifier did not answer {op} within 15 s"
        line = self.proc.stdout.readline()
        assert line, f"the notifier exited (rc={self.proc.poll()})"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.desktop.terminate(self.proc)


@pytest.fixture
def notifier(desktop):
    desktop.clear_notifications()
    driver = Driver(desktop)
    yield driver
    driver.close()


def displayed(desktop) -> int:
    return int(desktop.run(["dunstctl", "count", "displayed"]).stdout.strip() or 0)


def wait_displayed(desktop, n: int) -> None:
    wait_until(lambda: displayed(desktop) == n, 10, f"dunst to display {n} notification(s)")


def test_a_tagged_notice_is_replaced_in_place_then_withdrawn(desktop, notifier):
    first = notifier("notify", "break", title="Eye break in 10 seconds", body="Look out of the window")
    assert first["backend"] == "freedesktop" and len(first["open"]) == 1
    wait_displayed(desktop, 1)

    second = notifier("notify", "break", title="Eye break in 5 seconds", body="Roll your shoulders")
    assert second["open"] == first["open"]  # the same notification, new content
    assert displayed(desktop) == 1

    other = notifier("notify", "shift", title="Your shift ends at 18:00", body="Time to stop")
    assert len(other["open"]) == 2
    wait_displayed(desktop, 2)  # another tag is another notice
    notifier("withdraw", "shift")
    wait_displayed(desktop, 1)

    assert notifier("showing", "break")["showing"] is True
    gone = notifier("withdraw", "break")
    wait_displayed(desktop, 0)
    assert gone["open"] == [] and notifier("showing", "break")["showing"] is False

    # What dunst was left with (closed notices move to its history): the replacement only.
    breaks = [n for n in desktop.notifications() if n.get("appname") == APP and "Eye break" in n["summary"]]
    assert [(n["id"], n["summary"], n["body"]) for n in breaks] == [
        (first["open"][0], "Eye break in 5 seconds", "Roll your shoulders")]


def test_a_notice_the_user_closed_is_not_brought_back_by_a_replacement(desktop, notifier):
    first = notifier("notify", "reminders", title="Update the client: SUP-1", body="update due now")
    wait_displayed(desktop, 1)
    desktop.run(["dunstctl", "close"])  # the agent dismisses it
    wait_displayed(desktop, 0)
    wait_until(lambda: notifier("showing", "reminders")["showing"] is False, 10,
               "NotificationClosed to reach the notifier")

    again = notifier("notify", "reminders", title="Update the client: SUP-2", body="update due now")
    wait_displayed(desktop, 1)  # a new notice, not the old one resurrected under its id
    assert again["open"] and again["open"] != first["open"]
    notifier("withdraw", "reminders")
    wait_displayed(desktop, 0)


def test_the_apps_break_notice_leaves_the_screen_when_the_break_starts(desktop, app_env):  # noqa: F811
    env, cli = app_env
    cli("doctor")  # creates the data file
    _plant_break_soon(Path(env["COMPANION_DATA_DIR"]), 15)  # the notice 5 s after start, the break at 15 s
    mover = desktop.spawn(["sh", "-c", "while :; do xdotool mousemove_relative -- 1 0; sleep 0.5; "
                                       "xdotool mousemove_relative -- -1 0; sleep 0.5; done"])
    proc = start_app(desktop, env)
    try:
        wait_displayed(desktop, 0)
        wait_until(lambda: displayed(desktop) == 1, 20, "the break notice on screen")
        wait_until(lambda: _visible(desktop, "Break — Support Companion"), 20, "the break window")
        wait_displayed(desktop, 0)
        notes = [n for n in desktop.notifications() if "Eye break in" in n["summary"]]
        assert len(notes) == 1  # it was shown, then closed by the app
        # A logout or shutdown in the middle of a break: SIGTERM quits cleanly (it used to hang:
        # Qt's quit() asked the break window to close, and a break window refuses).
        assert _visible(desktop, "Break — Support Companion")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        desktop.terminate(mover)
        desktop.terminate(proc)
