"""Notices that are confirmed or fall through: each way a desktop backend fails (an exception in the
Windows balloon, a missing .ico, notify-send exiting 1, a notification server gone mid-session)
brings the next backend or the in-app popup, and a backend that cannot tell what it showed is never
the last word: the popup follows it.

The Windows balloon is plyer's WindowsBalloonTip replaced by a stand-in module (it needs
ctypes.windll); notify-send is a small script on PATH; the server gone mid-session is the fake
server of test_notify_once on a private bus, stopped between two notices.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import textwrap
import threading
import types

import pytest

from companion.platform import notifications
from companion.platform.notifications import (CallbackBackend, FakeBackend, FreedesktopBackend, Notice, Notifier,
                                              Outcome, PlyerBackend)
from companion.platform.notifications import plyer_backend

SUP1, SUP2 = Notice("SUP-1 due", "update <Olga>"), Notice("SUP-2 due", "")


def chain(*desktop):
    """A Notifier over `desktop`, a tray that cannot tell what it showed, then the popup."""
    popped: list[Notice] = []
    tray = FakeBackend("tray", confirms=False, retractable=False)
    return Notifier([*desktop, tray, CallbackBackend("popup", popped.append)]), tray, popped


# -- confirmed or followed --------------------------------------------------------------------------

def test_a_notice_a_backend_cannot_confirm_is_shown_in_the_app_too_a_confirmed_one_is_not():
    server = FakeBackend("freedesktop")
    notifier, tray, popped = chain(server)
    assert notifier.deliver(SUP1, tag="reminders") == Outcome("freedesktop", True, ())
    assert popped == [] and notifier.showing("reminders")

    server.fail = True  # the server went away: the tray takes the next one, and cannot tell
    assert notifier.deliver(SUP2, tag="reminders") == Outcome("tray", False, ("popup",))
    assert tray.sent == [SUP2] and popped == [SUP2]
    assert notifier.notify(SUP2) == "tray" and popped == [SUP2, SUP2]  # the old API, the same rule


def test_the_popup_alone_is_not_followed_by_itself_and_a_failing_follower_fails_nothing():
    popped: list[Notice] = []
    notifier = Notifier([FakeBackend("plyer", confirms=False), FakeBackend("broken popup", fail=True, follows=True),
                         CallbackBackend("popup", popped.append)])
    assert notifier.deliver(SUP1) == Outcome("plyer", False, ("popup",)) and popped == [SUP1]
    notifier = Notifier([FakeBackend("tray", fail=True), CallbackBackend("popup", popped.append)])
    assert notifier.deliver(SUP2) == Outcome("popup", False, ()) and popped == [SUP1, SUP2]


# -- plyer's balloon on Windows ---------------------------------------------------------------------

class Balloons:
    """Stands in for plyer.platforms.win.libs.balloontip: WindowsBalloonTip as plyer's, which raises
    where LoadImageW or Shell_NotifyIconW fail."""

    def __init__(self, fail: str = ""):
        self.fail, self.made, self.removed, self.threads = fail, [], [], []
        balloons = self

        class WindowsBalloonTip:
            def __init__(self, title, message, app_name, app_icon="", timeout=10, **kwargs):
                balloons.threads.append(threading.current_thread())
                balloons.made.append({"title": title, "message": message, "app_name": app_name,
                                      "app_icon": app_icon, "timeout": timeout})
                if app_icon and not app_icon.endswith(".ico"):
                    raise Exception(f"Could not load icon {app_icon}")  # LoadImageW reads .ico only
                if balloons.fail:
                    raise Exception(balloons.fail)

            def remove_notify(self):
                balloons.removed.append(self)

        self.module = types.ModuleType("plyer.platforms.win.libs.balloontip")
        self.module.WindowsBalloonTip = WindowsBalloonTip  # type: ignore[attr-defined]


@pytest.fixture
def balloons(monkeypatch):
    pytest.importorskip("plyer")
    monkeypatch.setattr(plyer_backend, "BALLOON_S", 0.0)

    def install(**kwargs) -> Balloons:
        fake = Balloons(**kwargs)
        monkeypatch.setitem(sys.modules, "plyer.platforms.win.libs.balloontip", fake.module)
        return fake

    return install


def test_plyer_on_windows_calls_the_balloon_on_its_worker_and_an_exception_there_falls_through(qtbot, balloons):
    fake = balloons(fail="Shell_NotifyIconW failed.")
    plyer = PlyerBackend("companion-test", system="win32")
    notifier, tray, popped = chain(plyer)
    assert plyer.available() and plyer.confirms
    assert notifier.deliver(SUP1, tag="reminders") == Outcome("plyer", True, ())
    qtbot.waitUntil(lambda: popped == [SUP1], timeout=3000)  # heard on our thread, not lost on plyer's
    assert fake.threads[0] is not threading.main_thread() and "plyer" in notifier.broken
    assert tray.sent == []  # not on the desktop a second time
    assert notifier.deliver(SUP2, tag="reminders") == Outcome("tray", False, ("popup",))
    assert popped == [SUP1, SUP2]


def test_the_windows_balloon_gets_the_ico_beside_the_svg_or_no_icon_at_all(qtbot, balloons, tmp_path):
    fake = balloons()
    svg = tmp_path / "companion.svg"
    svg.write_text("<svg/>")
    plyer = PlyerBackend("companion-test", icon_path=str(svg), system="win32")
    notifier, tray, popped = chain(plyer)
    assert notifier.notify(SUP1) == "plyer"  # no companion.ico: Windows' default icon, no failure
    qtbot.waitUntil(lambda: not plyer._running and len(fake.removed) == 1, timeout=3000)
    (tmp_path / "companion.ico").write_bytes(b"\0\0\1\0")
    assert notifier.notify(SUP2) == "plyer"
    qtbot.waitUntil(lambda: not plyer._running and len(fake.removed) == 2, timeout=3000)
    assert [made["app_icon"] for made in fake.made] == ["", str(tmp_path / "companion.ico")]
    assert fake.made[0]["timeout"] == 0  # returns once the shell took it; plyer would sleep
    assert popped == [] and tray.sent == [] and notifier.broken == {}


# -- notify-send on Linux ---------------------------------------------------------------------------

NOTIFY_SEND = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys
    with open(os.environ["NOTIFY_SEND_LOG"], "a") as log:
        log.write(json.dumps(sys.argv[1:]) + "\\n")
    if os.environ.get("NOTIFY_SEND_FAIL"):
        print("Failed to show notification: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown", file=sys.stderr)
        sys.exit(1)
    """
)


@pytest.fixture
def notify_send(monkeypatch, tmp_path):
    """A notify-send on PATH that logs its arguments and exits 1 while NOTIFY_SEND_FAIL is set."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "notify-send"
    script.write_text(NOTIFY_SEND.format(python=sys.executable))
    script.chmod(0o755)
    log = tmp_path / "notify-send.log"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("NOTIFY_SEND_LOG", str(log))
    monkeypatch.setattr(notifications.freedesktop, "freedesktop_server_present", lambda: True)
    return log


@pytest.mark.skipif(sys.platform == "win32", reason="a notify-send script needs a POSIX shell's #!")
def test_notify_send_exiting_1_is_a_failure_and_the_notice_falls_through(qtbot, notify_send, monkeypatch):
    monkeypatch.setenv("NOTIFY_SEND_FAIL", "1")
    plyer = PlyerBackend("companion-test", icon_path="/icons/companion.svg", system="linux")
    notifier, tray, popped = chain(plyer)
    assert plyer.available() and plyer.confirms
    assert notifier.deliver(SUP1) == Outcome("plyer", True, ())
    qtbot.waitUntil(lambda: popped == [SUP1], timeout=5000)
    assert "ServiceUnknown" in notifier.broken["plyer"] and tray.sent == []
    assert notifier.notify(SUP2) == "tray" and popped == [SUP1, SUP2]


@pytest.mark.skipif(sys.platform == "win32", reason="a notify-send script needs a POSIX shell's #!")
def test_notify_send_exiting_0_is_the_servers_word_and_nothing_follows(qtbot, notify_send):
    plyer = PlyerBackend("companion-test", icon_path="/icons/companion.svg", system="linux")
    notifier, tray, popped = chain(plyer)
    assert notifier.notify(Notice("-v", "a <b> & c")) == "plyer"
    qtbot.waitUntil(lambda: not plyer._running, timeout=5000)
    [argv] = [line for line in notify_send.read_text().splitlines()]
    assert argv == ('["--app-name=companion-test", "--expire-time=0", "--icon=/icons/companion.svg", "--", '
                    '"-v", "a &lt;b&gt; &amp; c"]')  # a title is never read as an option
    assert popped == [] and tray.sent == [] and notifier.broken == {}


def test_without_notify_send_or_a_server_the_linux_way_is_not_offered(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(notifications.freedesktop, "freedesktop_server_present", lambda: True)
    assert not PlyerBackend("companion-test", system="linux").available()


def test_plyer_on_macos_cannot_confirm_and_needs_pyobjus(monkeypatch):
    plyer = PlyerBackend("companion-test", system="darwin")
    assert not plyer.confirms
    monkeypatch.setattr(plyer_backend.importlib.util, "find_spec", lambda name: None)
    assert not plyer.available()  # plyer's facade would import, then raise on every call


# -- the freedesktop server gone mid-session --------------------------------------------------------

@pytest.fixture
def private_bus(tmp_path, monkeypatch):
    """A dbus-daemon of this test's own (no service files), which this process and its children use."""
    pytest.importorskip("jeepney")
    if not sys.platform.startswith("linux") or not shutil.which("dbus-daemon"):
        pytest.skip("needs Linux and dbus-daemon (Debian package dbus-daemon)")
    from tests.e2e.desktop import BUS_CONFIG

    config = tmp_path / "session.conf"
    config.write_text(BUS_CONFIG.format(socket=tmp_path / "bus"))
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    try:
        assert select.select([daemon.stdout], [], [], 10)[0], "dbus-daemon printed no address within 10 s"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", daemon.stdout.readline().strip())
        # QtDBus's session bus is the process's first one, not ours: the probe is not what is tested.
        monkeypatch.setattr(notifications.freedesktop, "freedesktop_server_present", lambda: True)
        yield
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


@pytest.fixture
def dying_server(private_bus, tmp_path):
    """(the fake server of test_notify_once, answering every Notify at once; a call that stops it)"""
    from tests.platform.test_notify_once import FAKE_SERVER, FakeServer

    server = FakeServer(tmp_path / "server.log")
    proc = subprocess.Popen([sys.executable, "-c", FAKE_SERVER, str(server.log_path), "after:0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=dict(os.environ))

    def stop():
        proc.terminate()
        proc.wait(timeout=5)

    try:
        assert select.select([proc.stdout], [], [], 10)[0] and proc.stdout.readline() == b"ready\n"
        yield server, stop
    finally:
        if proc.poll() is None:
            stop()


@pytest.fixture
def freedesktop():
    backend = FreedesktopBackend("companion-test")
    yield backend
    backend.close()


def test_a_server_gone_mid_session_brings_the_next_backend(qtbot, dying_server, freedesktop):
    server, stop = dying_server
    notifier, tray, popped = chain(freedesktop)
    assert notifier.deliver(SUP1, tag="reminders") == Outcome("freedesktop", True, ())
    qtbot.waitUntil(lambda: freedesktop.open_ids == {1}, timeout=3000)
    stop()  # the server dies; the bus stays and says so (ServiceUnknown), at once
    assert notifier.deliver(SUP2, tag="reminders") == Outcome("tray", False, ("popup",))
    assert tray.sent == popped == [SUP2] and "freedesktop" in notifier.broken
    assert server.members() == ["Notify"]  # SUP-1 only


def test_after_the_server_died_notify_sends_failure_is_heard_and_the_popup_shows_the_notice(
        qtbot, dying_server, freedesktop):
    if not shutil.which("notify-send"):
        pytest.skip("needs notify-send (Debian package libnotify-bin)")
    server, stop = dying_server
    notifier, tray, popped = chain(freedesktop, PlyerBackend("companion-test", system="linux"))
    assert notifier.notify(SUP1, tag="reminders") == "freedesktop"
    qtbot.waitUntil(lambda: freedesktop.open_ids == {1}, timeout=3000)
    stop()
    # The real notify-send asks the same dead server; its exit status 1 is heard, not ignored.
    assert notifier.deliver(SUP2, tag="reminders") == Outcome("plyer", True, ())
    qtbot.waitUntil(lambda: popped == [SUP2], timeout=10000)
    assert {"freedesktop", "plyer"} <= set(notifier.broken) and tray.sent == []
    assert "exited with status 1" in notifier.broken["plyer"]
