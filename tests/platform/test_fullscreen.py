"""Fullscreen detection: the Windows state mapping, detection per platform, fallbacks and texts.

X11Fullscreen against a real X server (a real fullscreen Qt window, a destroyed active window) is in
tests/e2e/test_idle_e2e.py."""

import sys

import pytest

from companion.platform.fullscreen import (
    FakeFullscreen,
    NoFullscreen,
    WindowsFullscreen,
    X11Fullscreen,
    describe,
    detect,
    fullscreen_in_state,
    quns_is_fullscreen,
    windows,
)


def test_windows_states_that_hold_breaks():
    assert [state for state in range(9) if quns_is_fullscreen(state)] == [
        windows.QUNS_BUSY, windows.QUNS_RUNNING_D3D_FULL_SCREEN, windows.QUNS_PRESENTATION_MODE]
    assert (2, 3, 4) == (windows.QUNS_BUSY, windows.QUNS_RUNNING_D3D_FULL_SCREEN,
                         windows.QUNS_PRESENTATION_MODE)
    assert not quns_is_fullscreen(windows.QUNS_ACCEPTS_NOTIFICATIONS)
    assert not quns_is_fullscreen(windows.QUNS_NOT_PRESENT)  # locked: rest, not a presentation


def test_fullscreen_atom_among_the_window_states():
    assert fullscreen_in_state([301, 305, 310], 305)
    assert not fullscreen_in_state([301, 310], 305)
    assert not fullscreen_in_state([0], 0)  # an atom nobody created is never set


@pytest.fixture
def always_available(monkeypatch):
    monkeypatch.setattr(X11Fullscreen, "available", lambda self: True)
    monkeypatch.setattr(WindowsFullscreen, "available", lambda self: True)


def test_detect_per_platform(always_available):
    assert detect({}, "win32").name == "windows"
    probe = detect({"DISPLAY": ":3"}, "linux")
    assert probe.name == "x11" and probe.display_name == ":3"
    assert detect({"DISPLAY": ":3"}, "openbsd7").name == "x11"
    mac = detect({}, "darwin")
    assert isinstance(mac, NoFullscreen) and "macOS" in describe(mac)
    wayland = detect({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux")
    assert isinstance(wayland, NoFullscreen) and "Wayland" in describe(wayland)
    assert isinstance(detect({"XDG_SESSION_TYPE": "wayland"}, "linux"), NoFullscreen)
    assert "no graphical session" in describe(detect({}, "linux"))
    assert isinstance(detect({"DISPLAY": ":0"}, "sunos5"), NoFullscreen)


def test_detect_keeps_x11_even_before_a_window_manager_answers(monkeypatch):
    # Started with the session, the app may ask before the window manager publishes an active window.
    monkeypatch.setattr(X11Fullscreen, "available", lambda self: True)
    monkeypatch.setattr(X11Fullscreen, "_read", lambda self: None)
    probe = detect({"DISPLAY": ":0"}, "linux")
    assert probe.name == "x11" and probe.active() is None


def test_detect_says_why_x11_was_not_usable():
    probe = detect({"DISPLAY": ":4321"}, "linux")  # nothing listens there
    assert isinstance(probe, NoFullscreen)
    assert describe(probe).startswith("none: fullscreen windows are not detected")
    assert "X11 EWMH" in probe.reason


def test_probes_say_no_off_their_platform_without_raising():
    if sys.platform != "win32":
        probe = WindowsFullscreen()
        assert probe.available() is False and probe.active() is None
    probe = X11Fullscreen(display="")
    assert probe.available() is False and "DISPLAY" in probe.problem
    assert probe.active() is None
    probe.close()


def test_repeated_failures_stop_the_probe_for_a_while(monkeypatch):
    now = [0.0]
    probe = X11Fullscreen(display="", monotonic=lambda: now[0])
    calls = []
    monkeypatch.setattr(X11Fullscreen, "_read", lambda self: calls.append(1) or 1 / 0)
    for _ in range(3):
        assert probe.active() is None
    assert len(calls) == 3 and not probe.available()
    assert probe.active() is None and len(calls) == 3
    monkeypatch.setattr(X11Fullscreen, "_read", lambda self: True)
    now[0] += probe.failures.retry_after
    assert probe.active() is True


def test_no_fullscreen_and_fake():
    none = NoFullscreen()
    assert none.name == "none" and none.available() and none.active() is None
    assert describe(none) == ("none: fullscreen windows are not detected "
                              "(breaks are not held during presentations)")
    fake = FakeFullscreen(active=False)
    assert fake.active() is False
    fake.active_value = True
    assert fake.active() is True and fake.calls == 2
    assert describe(fake) == "fake (a fullscreen window is active)"
    fake.active_value = None
    assert describe(fake) == "fake (cannot tell now)"
