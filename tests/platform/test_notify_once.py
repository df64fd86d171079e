"""Notify exactly once: a notification server that answers late, never, or with a late refusal, on
a real private session bus (a dbus-daemon of our own, with no service files), and plyer calls that
hang or fail on their worker thread.

The server is a small jeepney program that owns org.freedesktop.Notifications and writes every
call it receives to a file, so "the server saw one Notify" is counted where it happens. plyer is
left in the chain after the D-Bus backend where it matters: its notify-send would reach the same
server, so a notice sent twice shows up in that count. Waiting is done on the Qt loop (waitUntil),
which is also where the late answers are read.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import textwrap
import threading
import time

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop D-Bus is a Linux matter")

from companion.platform import notifications
from companion.platform.notifications import (CallbackBackend, FakeBackend, FreedesktopBackend, Notice, Notifier,
                                              PlyerBackend)

from tests.e2e.desktop import BUS_CONFIG  # a private session bus, as the e2e desktop's

# argv: the log file, then one answer per Notify received (the last one repeats):
# "after:S" answers with the id S seconds later, "refuse:S" with an error, "never" not at all.
FAKE_SERVER = textwrap.dedent(
    """
    import heapq, json, sys, time

    from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    log = open(sys.argv[1], "a", buffering=1)
    answers = sys.argv[2:]
    conn = open_dbus_connection(bus="SESSION")
    conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
    log.write(json.dumps({"member": "(ready)", "body": []}) + "\\n")
    print("ready", flush=True)  # the parent waits for this line
    emitter = DBusAddress("/org/freedesktop/Notifications", interface="org.freedesktop.Notifications")
    due, order, last_id, notifies = [], 0, 0, 0
    while True:
        now = time.monotonic()
        while due and due[0][0] <= now:
            conn.send(heapq.heappop(due)[2])
        try:
            msg = conn.receive(timeout=max(0.0, due[0][0] - now) if due else None)
        except TimeoutError:
            continue
        if msg.header.message_type != MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        log.write(json.dumps({"member": member, "body": list(msg.body)}) + "\\n")
        if member == "Notify":
            answer = answers[min(notifies, len(answers) - 1)]
            notifies += 1
            if answer == "never":
                continue
            kind, delay = answer.split(":")
            if kind == "after":
                if not msg.body[1]:
                    last_id += 1
                reply = new_method_return(msg, "u", (msg.body[1] or last_id,))
            else:
                reply = new_error(msg, "org.freedesktop.DBus.Error.Failed", "s", ("not now",))
            order += 1
            heapq.heappush(due, (now + float(delay), order, reply))
        elif member == "CloseNotification":
            conn.send(new_method_return(msg))
            closed = new_signal(emitter, "NotificationClosed", "uu", (msg.body[0], 3))
            closed.header.fields[HeaderFields.destination] = msg.header.fields[HeaderFields.sender]
            conn.send(closed)
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,)))
    """
)


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory):
    """A private session bus for this module: nothing on it but what the tests start."""
    pytest.importorskip("jeepney")
    if not shutil.which("dbus-daemon"):
        pytest.skip("needs dbus-daemon (Debian package dbus-daemon)")
    folder = tmp_path_factory.mktemp("bus")
    config = folder / "session.conf"
    config.write_text(BUS_CONFIG.format(socket=folder / "bus"))
    with (folder / "daemon.log").open("w") as errors:
        daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                                  stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL, text=True)
    try:
        ready, _, _ = select.select([daemon.stdout], [], [], 10)
        assert ready, "dbus-daemon printed no address within 10 s"
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


class FakeServer:
    def __init__(self, log_path):
        self.log_path = log_path

    def calls(self, member: str | None = None) -> list[dict]:
        lines = self.log_path.read_text().splitlines() if self.log_path.exists() else []
        calls = [json.loads(line) for line in lines]
        return [c for c in calls if c["member"] != "(ready)" and member in (None, c["member"])]

    def members(self) -> list[str]:
        return [c["member"] for c in self.calls()]

    def ready(self) -> bool:
        return self.log_path.exists() and '"(ready)"' in self.log_path.read_text()


@pytest.fixture
def start_server(bus_address, monkeypatch, tmp_path):
    """start_server(*answers): the fake notification server on the private bus, which this test's
    process (jeepney) and its children (notify-send) now use as their session bus."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus_address)
    # QtDBus's session bus is the process's first one, not ours: the probe is not what is tested.
    monkeypatch.setattr(notifications.freedesktop, "freedesktop_server_present", lambda: True)
    started = []

    def start(*answers: str) -> FakeServer:
        server = FakeServer(tmp_path / f"server{len(started)}.log")
        proc = subprocess.Popen([sys.executable, "-c", FAKE_SERVER, str(server.log_path), *answers],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=dict(os.environ))
        started.append(proc)
        # Wait for its "ready" line (it has taken the bus name), not for time to pass.
        readable, _, _ = select.select([proc.stdout], [], [], 10)
        assert readable and proc.stdout.readline() == b"ready\n", \
            f"the fake server did not take its name within 10 s (exit code {proc.poll()})"
        assert server.ready()
        return server

    yield start
    for proc in started:
        proc.terminate()
        proc.wait(timeout=5)


@pytest.fixture
def chain(qtbot):
    """chain(*middle, reply_timeout=…): a Notifier over the D-Bus backend, `middle`, then the popup."""
    made = []

    def build(*middle, reply_timeout: float = 25.0):
        popped: list[Notice] = []
        dbus = FreedesktopBackend("companion-test", reply_timeout=reply_timeout)
        made.append(dbus)
        notifier = Notifier([dbus, *middle, CallbackBackend("popup", popped.append)])
        return notifier, dbus, popped

    yield build
    for dbus in made:
        dbus.close()


def timed(call, *args, **kwargs):
    """call(*args, **kwargs)'s result and how long it took."""
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def test_a_slow_answer_is_not_a_failure_the_notice_comes_once_and_keeps_its_place(qtbot, start_server, chain):
    server = start_server("after:5", "after:0")
    notifier, dbus, popped = chain(PlyerBackend("companion-test"))
    backend, took = timed(lambda: notifier.notify(Notice("SUP-1 due", "update <Olga>"), tag="reminders"))
    assert backend == "freedesktop" and took < 0.1
    assert notifier.showing("reminders")  # handed over: on its way, not failed
    qtbot.waitUntil(lambda: dbus.open_ids == {1}, timeout=8000)  # the id, read on the Qt loop
    assert server.members() == ["Notify"] and popped == [] and notifier.broken == {}

    # The late id is the notice's place: the next one under the tag replaces it, withdraw closes it.
    assert notifier.notify(Notice("SUP-1, SUP-2 due", ""), tag="reminders") == "freedesktop"
    notifier.withdraw("reminders")
    qtbot.waitUntil(lambda: "CloseNotification" in server.members(), timeout=2000)
    notify, replace, close = server.calls()
    assert (notify["body"][1], notify["body"][3]) == (0, "SUP-1 due")
    assert (replace["body"][1], replace["body"][3]) == (1, "SUP-1, SUP-2 due")
    assert close == {"member": "CloseNotification", "body": [1]}
    assert not notifier.showing("reminders") and popped == []


def test_replacements_asked_for_before_the_id_wait_for_it_and_only_the_newest_goes(qtbot, start_server, chain):
    server = start_server("after:1", "after:0")
    notifier, dbus, popped = chain(PlyerBackend("companion-test"))
    for seconds in (30, 20, 10):
        _, took = timed(notifier.notify, Notice(f"Eye break in {seconds} seconds", ""), tag="break")
        assert took < 0.1
    assert server.members() == ["Notify"]
    qtbot.waitUntil(lambda: len(server.calls("Notify")) == 2, timeout=3000)
    first, replacement = server.calls("Notify")
    assert first["body"][3] == "Eye break in 30 seconds"
    assert replacement["body"][1:4:2] == [1, "Eye break in 10 seconds"]  # in the first one's place
    qtbot.waitUntil(lambda: dbus.open_ids == {1}, timeout=2000)
    assert notifier.showing("break") and popped == [] and notifier.broken == {}


def test_a_withdraw_before_the_id_closes_the_notice_when_the_id_comes(qtbot, start_server, chain):
    server = start_server("after:1")
    notifier, dbus, popped = chain()
    notifier.notify(Notice("Eye break in 10 seconds", ""), tag="break")
    notifier.withdraw("break")  # the break started before the server answered
    assert not notifier.showing("break")
    qtbot.waitUntil(lambda: "CloseNotification" in server.members(), timeout=3000)
    assert server.calls() == [server.calls("Notify")[0], {"member": "CloseNotification", "body": [1]}]
    qtbot.waitUntil(lambda: dbus.open_ids == set(), timeout=2000)
    assert popped == []


def test_a_hanging_server_blocks_nothing_and_no_notice_is_sent_twice(qtbot, start_server, chain, caplog):
    server = start_server("never")
    notifier, dbus, popped = chain(PlyerBackend("companion-test"), reply_timeout=1.0)
    gaps, last = [], [time.monotonic()]

    def tick():
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    from PySide6.QtCore import QTimer

    heartbeat = QTimer()
    heartbeat.timeout.connect(tick)
    heartbeat.start(10)
    for notice, tag in ((Notice("SUP-1 due", ""), "reminders"), (Notice("Eye break in 30 seconds", ""), "break"),
                        (Notice("SUP-1, SUP-2 due", ""), "reminders")):  # waits for the first's id
        backend, took = timed(notifier.notify, notice, tag=tag)
        assert backend == "freedesktop" and took < 0.1
    qtbot.waitUntil(lambda: not notifier.showing("break") and not notifier.showing("reminders"), timeout=3000)
    heartbeat.stop()
    # Unanswered notices count as shown; only the replacement that never went out is shown, by the popup.
    assert popped == [Notice("SUP-1, SUP-2 due", "")]
    assert server.members() == ["Notify", "Notify"]  # SUP-1 and the break: never again, never by plyer
    assert "freedesktop" in notifier.broken  # the next notice tries another backend
    assert "counts as shown and is not sent again" in caplog.text
    assert max(gaps) < 0.5  # the loop kept turning all along (a blocking wait would take 1 s)


def test_a_late_refusal_shows_the_notice_once_in_the_app_not_on_the_desktop_again(qtbot, start_server, chain):
    server = start_server("refuse:0.5")
    notifier, dbus, popped = chain(PlyerBackend("companion-test"))
    backend, took = timed(lambda: notifier.notify(Notice("SUP-1 due", ""), tag="reminders"))
    assert backend == "freedesktop" and took < 0.1
    qtbot.waitUntil(lambda: len(popped) > 0, timeout=3000)
    assert popped == [Notice("SUP-1 due", "")] and notifier.last_used == "popup"
    assert server.members() == ["Notify"]  # notify-send never asked
    assert "freedesktop" in notifier.broken and not notifier.showing("reminders")


def test_a_refusal_heard_at_once_falls_through_to_the_next_backend(qtbot, start_server, chain):
    server = start_server("refuse:0")
    tray = FakeBackend("tray")
    notifier, dbus, popped = chain(tray)
    assert notifier.notify(Notice("SUP-1 due", ""), tag="reminders") == "tray"
    assert tray.sent == [Notice("SUP-1 due", "")] and popped == [] and server.members() == ["Notify"]


def test_no_bus_at_all_falls_through_at_once(qtbot, chain, monkeypatch, tmp_path):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'nobody-here'}")
    monkeypatch.setattr(notifications.freedesktop, "freedesktop_server_present", lambda: True)
    notifier, dbus, popped = chain()
    assert notifier.notify(Notice("SUP-1 due", "")) == "popup" and "freedesktop" in notifier.broken


# -- plyer on its worker thread ---------------------------------------------------------------------
# plyer itself is called on macOS and the rest (PlyerBackend(system="darwin")); it cannot tell what it
# showed, so the in-app popup follows each notice it takes (tests/platform/test_notifications_fallback.py
# has the ways that can tell: notify-send and the Windows balloon).

class Plyer:
    """Stands in for plyer.notification: blocks until released, or raises."""

    def __init__(self, fail: bool = False, hang: bool = False):
        self.fail, self.release, self.calls, self.thread = fail, threading.Event(), [], None
        if not hang:
            self.release.set()

    def notify(self, **kwargs):
        self.calls.append(kwargs["title"])
        self.thread = threading.current_thread()
        self.release.wait(10)
        if self.fail:
            raise NotImplementedError("no usable implementation found")


@pytest.fixture
def plyer(monkeypatch):
    module = pytest.importorskip("plyer")
    monkeypatch.setattr(PlyerBackend, "available", lambda self: True)  # on macOS it asks for pyobjus
    made = []

    def install(**kwargs) -> Plyer:
        fake = Plyer(**kwargs)
        monkeypatch.setattr(module, "notification", fake)
        made.append(fake)
        return fake

    yield install
    for fake in made:
        fake.release.set()


def test_plyer_runs_off_the_gui_thread_and_a_hang_counts_as_shown(qtbot, plyer):
    fake = plyer(hang=True)
    popped = []
    backend = PlyerBackend("companion-test", call_timeout=0.5, system="darwin")
    notifier = Notifier([backend, CallbackBackend("popup", popped.append)])
    outcome, took = timed(lambda: notifier.deliver(Notice("SUP-1 due", "")))
    assert outcome == ("plyer", False, ("popup",)) and took < 0.1
    qtbot.waitUntil(lambda: "plyer" in notifier.broken, timeout=3000)
    assert fake.calls == ["SUP-1 due"] and fake.thread is not threading.main_thread()
    assert popped == [Notice("SUP-1 due", "")]  # followed at once; the hang brings nothing more
    del notifier.broken["plyer"]  # even if asked again at once, a hung plyer takes nothing new
    assert notifier.notify(Notice("SUP-2 due", "")) == "popup" and fake.calls == ["SUP-1 due"]
    fake.release.set()
    qtbot.waitUntil(lambda: not backend._running, timeout=3000)
    assert popped == [Notice("SUP-1 due", ""), Notice("SUP-2 due", "")]  # the late return shows nothing more


def test_plyer_failing_on_its_thread_shows_the_notice_once_in_the_app(qtbot, plyer):
    plyer(fail=True)
    popped = []
    notifier = Notifier([PlyerBackend("companion-test", system="darwin"), FakeBackend("tray"),
                         CallbackBackend("popup", popped.append)])
    assert notifier.notify(Notice("SUP-1 due", "")) == "plyer"
    qtbot.waitUntil(lambda: "plyer" in notifier.broken, timeout=3000)
    assert popped == [Notice("SUP-1 due", "")] and notifier.backends[1].sent == []  # followed, not again


def test_plyer_that_works_is_left_alone(qtbot, plyer):
    fake = plyer()
    popped = []
    backend = PlyerBackend("companion-test", system="darwin")
    notifier = Notifier([backend, CallbackBackend("popup", popped.append)])
    assert notifier.notify(Notice('Say "hi"', "<b>")) == "plyer"
    qtbot.waitUntil(lambda: not backend._running, timeout=3000)
    assert fake.calls == ['Say "hi"'] and notifier.broken == {}
    assert popped == [Notice('Say "hi"', "<b>")]  # plyer cannot tell: the popup follows
