"""Notify exactly once, on the real notification server: dunst stopped (SIGSTOP) while a notice goes
out answers it when it is let go; the call returned at once, dunst shows the notice once (plyer's
notify-send, next in the chain, never sent it again), and the late id still takes the notice back.
And plyer's notify-send, run on its worker thread, reaches dunst once without holding the caller.

The notifier runs in this process, on the desktop's session bus, with the Qt loop turning under
qtbot's waits (that is where the late answer is read).
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from companion.platform import notifications
from companion.platform.notifications import CallbackBackend, FreedesktopBackend, Notice, Notifier, PlyerBackend

APP = "companion-e2e-once"


@pytest.fixture
def on_desktop_bus(desktop, monkeypatch):
    """This process's D-Bus clients (jeepney, notify-send) talk to the desktop's bus and dunst."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.bus_address)
    # QtDBus's session bus is this process's first one, not the desktop's: the probe is not tested here.
    monkeypatch.setattr(notifications.freedesktop, "freedesktop_server_present", lambda: True)
    desktop.clear_notifications()
    return desktop


def ours(desktop) -> list[dict]:
    return [n for n in desktop.notifications() if n.get("appname") == APP]


def displayed(desktop) -> int:
    return int(desktop.run(["dunstctl", "count", "displayed"]).stdout.strip() or 0)


def test_a_stopped_dunst_gets_the_notice_once_when_it_wakes_and_the_late_id_still_closes_it(
        on_desktop_bus, qtbot, require_tools):
    require_tools("notify-send")
    desktop = on_desktop_bus
    dunst = next(m for m in desktop._managed if m.name == "dunst").proc
    popped = []
    dbus = FreedesktopBackend(APP)
    notifier = Notifier([dbus, PlyerBackend(APP), CallbackBackend("popup", popped.append)])
    try:
        os.kill(dunst.pid, signal.SIGSTOP)  # the server hangs: Notify reaches it, no answer comes
        try:
            notice = Notice("Update the client: SUP-1", "update due now")
            started = time.monotonic()
            assert notifier.notify(notice, tag="reminders") == "freedesktop"
            assert time.monotonic() - started < 0.1
            qtbot.wait(1000)  # how long the server hangs; the loop keeps turning meanwhile
            assert notifier.showing("reminders") and dbus.open_ids == set()
        finally:
            os.kill(dunst.pid, signal.SIGCONT)
        qtbot.waitUntil(lambda: len(dbus.open_ids) == 1, timeout=10000)  # the late id, read on the loop
        qtbot.waitUntil(lambda: displayed(desktop) == 1, timeout=10000)
        notifier.withdraw("reminders")
        qtbot.waitUntil(lambda: displayed(desktop) == 0, timeout=10000)
        notes = ours(desktop)
        assert [n["summary"] for n in notes] == ["Update the client: SUP-1"]  # once: notify-send never sent it
        assert dbus.sent_ids == {notes[0]["id"]}
        assert popped == [] and notifier.broken == {}
    finally:
        dbus.close()


def test_plyer_reaches_dunst_from_its_worker_thread_once(on_desktop_bus, qtbot, require_tools):
    require_tools("notify-send")
    desktop = on_desktop_bus
    popped = []
    plyer = PlyerBackend(APP)
    notifier = Notifier([plyer, CallbackBackend("popup", popped.append)])
    started = time.monotonic()
    assert notifier.notify(Notice("Eye break in 30 seconds", "Look out of the window")) == "plyer"
    assert time.monotonic() - started < 0.1
    qtbot.waitUntil(lambda: not plyer._running, timeout=10000)  # notify-send returned, on its thread
    note = desktop.wait_for_notification(lambda n: n.get("appname") == APP, timeout=10)
    assert note["summary"] == "Eye break in 30 seconds"
    assert len(ours(desktop)) == 1 and popped == [] and notifier.broken == {}
