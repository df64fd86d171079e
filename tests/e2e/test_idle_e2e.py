"""Idle time and fullscreen detection against the real X server and session bus of the e2e desktop.

- X11Idle asks Xvfb's MIT-SCREEN-SAVER extension; `xdotool` moves the pointer through XTEST, which
  the server counts as user input.
- The D-Bus backends talk through QtDBus and the desktop's dbus-daemon to a small service (jeepney)
  that stands in for gnome-shell and KDE's screen locker: the transport, the wire types (uint64,
  uint32, boolean) and the timeouts are real; the numbers it answers are canned.
- X11Fullscreen reads a real Qt window's _NET_WM_STATE (Qt writes _NET_WM_STATE_FULLSCREEN itself
  for showFullScreen()). Xvfb runs no window manager, so nobody publishes _NET_ACTIVE_WINDOW: the
  test sets that one root property itself, typed WINDOW as an EWMH window manager does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import textwrap
import time

import pytest

from companion.platform import fullscreen, idle
from companion.platform.fullscreen import X11Fullscreen
from companion.platform.idle import FreedesktopIdle, MutterIdle, QtDBusCaller, X11Idle
from tests.e2e.desktop import wait_until

# ------------------------------------------------------------------------------------------- idle


def _move_pointer(desktop) -> None:
    """Move the pointer somewhere it is not (a motion to the same spot is no input)."""
    location = desktop.run(["xdotool", "getmouselocation", "--shell"]).stdout
    x = int(dict(line.split("=", 1) for line in location.split())["X"])
    result = desktop.run(["xdotool", "mousemove", str(200 if x != 200 else 300), "150"])
    assert result.returncode == 0, result.stderr


def test_x11_idle_grows_while_nobody_touches_anything_and_drops_on_input(desktop):
    monitor = X11Idle(display=desktop.display)
    try:
        assert monitor.available(), monitor.problem
        first = monitor.idle_seconds()
        assert first is not None and first >= 0
        # Real time has to pass for idle time to grow: poll for it instead of sleeping a fixed time.
        grown = wait_until(lambda: (monitor.idle_seconds() or 0) >= 1.0 and monitor.idle_seconds(),
                           timeout=10, what="X idle time to reach 1 s")
        assert grown >= 1.0

        _move_pointer(desktop)
        after = wait_until(lambda: (value := monitor.idle_seconds()) is not None and value < 0.5 and [value],
                           timeout=5, what="X idle time to drop after the pointer moved")
        assert after[0] < grown
        assert monitor.failures.count == 0
    finally:
        monitor.close()
    assert monitor._display.dpy is None  # closed; a later call opens the display again
    assert monitor.idle_seconds() is not None
    monitor.close()


def test_detect_picks_x11_on_the_desktop(desktop):
    monitor = idle.detect(desktop.env, "linux")
    try:
        assert monitor.name == "x11"
        assert idle.describe(monitor).startswith("X11 XScreenSaver (idle ")
        # The desktop bus has no screen saver service: the lock state is unknown, not an error.
        assert monitor.locked() is None
    finally:
        idle.close_monitor(monitor)


FAKE_SHELL = textwrap.dedent(
    """
    # Stands in for gnome-shell's IdleMonitor and KDE's org.freedesktop.ScreenSaver.
    import sys

    from jeepney import HeaderFields, MessageType, new_error, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    stuck = sys.argv[1] == "stuck"
    conn = open_dbus_connection(bus="SESSION")
    for name in sys.argv[2:]:
        conn.send_and_get_reply(message_bus.RequestName(name))
    replies = {
        ("/org/gnome/Mutter/IdleMonitor/Core", "GetIdletime"): ("t", (2**33 + 1500,)),  # uint64 ms
        ("/ScreenSaver", "GetSessionIdleTime"): ("u", (7250,)),  # uint32 ms, old KDE path only
        ("/ScreenSaver", "GetActive"): ("b", (True,)),
        ("/org/gnome/ScreenSaver", "GetActive"): ("b", (False,)),
    }
    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call or stuck:
            continue
        key = (msg.header.fields.get(HeaderFields.path), msg.header.fields.get(HeaderFields.member))
        if key in replies:
            conn.send(new_method_return(msg, *replies[key]))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownObject", "s", (repr(key),)))
    """
)


@pytest.fixture
def bus_service(desktop):
    """start(mode, *names): run the fake shell on the desktop bus until the names are owned."""
    started = []
    caller = QtDBusCaller(address=desktop.bus_address)

    def start(mode: str, *names: str):
        proc = desktop.spawn([sys.executable, "-c", FAKE_SHELL, mode, *names])
        started.append(proc)

        def owned() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"the fake shell exited with {proc.returncode}")
            return all(idle.has_owner(caller, name) for name in names)

        wait_until(owned, timeout=10, what=f"{', '.join(names)} on the desktop bus")
        return proc

    yield start
    for proc in started:
        desktop.terminate(proc)
    caller.close()


def test_mutter_and_freedesktop_over_a_real_bus(desktop, bus_service):
    bus_service("answer", "org.gnome.Mutter.IdleMonitor", "org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")
    caller = QtDBusCaller(address=desktop.bus_address)
    try:
        mutter = MutterIdle(caller)
        assert mutter.available()
        assert mutter.idle_seconds() == (2**33 + 1500) / 1000  # a uint64 survives the trip
        assert mutter.locked() is True  # the first screen saver object that answers GetActive

        kde = FreedesktopIdle(caller)
        assert kde.available()
        assert kde.idle_seconds() == 7.25
        assert kde.path == "/ScreenSaver"
        assert kde.locked() is True

        # detect() on a Wayland session whose environment names this bus.
        env = {"WAYLAND_DISPLAY": "wayland-0", "DBUS_SESSION_BUS_ADDRESS": desktop.bus_address}
        monitor = idle.detect(env, "linux")
        assert monitor.name == "mutter"
        assert idle.describe(monitor) == "GNOME Mutter IdleMonitor (idle 8589936 s, screen locked)"
        monitor.call.close()
    finally:
        caller.close()


def test_a_stuck_service_costs_one_short_timeout_per_poll_and_is_then_left_alone(desktop, bus_service):
    bus_service("stuck", "org.gnome.Mutter.IdleMonitor")
    caller = QtDBusCaller(address=desktop.bus_address)
    try:
        mutter = MutterIdle(caller)
        assert mutter.available()  # the name is owned: only the method call hangs
        for _ in range(mutter.failures.limit):
            started = time.monotonic()
            assert mutter.idle_seconds() is None
            assert time.monotonic() - started < 2.0  # the 500 ms D-Bus timeout, not the default 25 s
        assert "NoReply" in mutter.failures.last_error
        assert not mutter.available()
        started = time.monotonic()
        assert mutter.idle_seconds() is None
        assert time.monotonic() - started < 0.1  # not asked any more
    finally:
        caller.close()


# ------------------------------------------------------------------------------------- fullscreen

WINDOW_PROGRAM = textwrap.dedent(
    """
    import sys

    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv)
    window = QWidget()
    window.setWindowTitle("companion fullscreen probe")
    window.showFullScreen() if sys.argv[1] == "fullscreen" else window.show()
    app.processEvents()
    with open(sys.argv[2], "w") as out:
        out.write(f"{int(window.winId())}\\n")
    sys.exit(app.exec())  # until the test kills us
    """
)


class RootProperty:
    """Writes _NET_ACTIVE_WINDOW on the root window the way an EWMH window manager does."""

    XA_WINDOW = 33

    def __init__(self, display: str):
        xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        vp, ul = ctypes.c_void_p, ctypes.c_ulong
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XOpenDisplay.restype = vp
        xlib.XDefaultRootWindow.argtypes = [vp]
        xlib.XDefaultRootWindow.restype = ul
        xlib.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
        xlib.XInternAtom.restype = ul
        xlib.XChangeProperty.argtypes = [vp, ul, ul, ul, ctypes.c_int, ctypes.c_int, vp, ctypes.c_int]
        xlib.XDeleteProperty.argtypes = [vp, ul, ul]
        xlib.XSync.argtypes = [vp, ctypes.c_int]
        xlib.XCloseDisplay.argtypes = [vp]
        self.xlib = xlib
        self.dpy = xlib.XOpenDisplay(display.encode())
        assert self.dpy, f"cannot open {display}"
        self.root = xlib.XDefaultRootWindow(self.dpy)
        self.atom = xlib.XInternAtom(self.dpy, b"_NET_ACTIVE_WINDOW", 0)

    def set_active(self, window: int) -> None:
        data = (ctypes.c_ulong * 1)(window)
        self.xlib.XChangeProperty(self.dpy, self.root, self.atom, self.XA_WINDOW, 32, 0, data, 1)  # Replace
        self.xlib.XSync(self.dpy, 0)

    def delete(self) -> None:
        self.xlib.XDeleteProperty(self.dpy, self.root, self.atom)
        self.xlib.XSync(self.dpy, 0)

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.dpy)


def _open_window(desktop, tmp_path, mode: str):
    out = tmp_path / f"{mode}.wid"
    proc = desktop.spawn([sys.executable, "-c", WINDOW_PROGRAM, mode, str(out)])

    def window_id() -> int | None:
        if proc.poll() is not None:
            raise AssertionError(f"the {mode} window exited with {proc.returncode}")
        text = out.read_text() if out.exists() else ""
        return int(text) if text.endswith("\n") else None

    return proc, wait_until(window_id, timeout=20, what=f"the {mode} window")


def test_x11_fullscreen_follows_the_active_window(desktop, tmp_path):
    root = RootProperty(desktop.display)
    root.delete()
    probe = X11Fullscreen(display=desktop.display)
    windows = []
    try:
        assert probe.available(), probe.problem
        # No window manager has published an active window: cannot tell, and says why.
        assert probe.active() is None
        assert "no window manager" in fullscreen.describe(probe)

        full_proc, full = _open_window(desktop, tmp_path, "fullscreen")
        windows.append(full_proc)
        normal_proc, normal = _open_window(desktop, tmp_path, "normal")
        windows.append(normal_proc)

        root.set_active(full)
        wait_until(lambda: probe.active() is True, timeout=10, what="the fullscreen window to be seen")
        assert fullscreen.describe(probe) == "X11 EWMH _NET_WM_STATE (a fullscreen window is active)"
        root.set_active(normal)
        assert probe.active() is False
        root.set_active(0)  # nothing active (the desktop has the focus)
        assert probe.active() is False

        # The active window is destroyed while the window manager still names it: BadWindow must be
        # caught (Xlib's default handler would exit this process) and read as "not fullscreen".
        root.set_active(full)
        assert probe.active() is True
        desktop.terminate(full_proc)
        windows.remove(full_proc)
        wait_until(lambda: desktop.run(["xwininfo", "-id", str(full)]).returncode != 0, timeout=10,
                   what="the fullscreen window to be destroyed")
        assert probe.active() is False
        assert probe.active() is False
        assert probe.failures.count == 0  # a vanished window is ordinary, not a failure
    finally:
        for proc in windows:
            desktop.terminate(proc)
        root.delete()  # leave the root as Xvfb had it for the other tests
        root.close()
        probe.close()


def test_detect_picks_x11_fullscreen_on_the_desktop(desktop):
    probe = fullscreen.detect(desktop.env, "linux")
    try:
        assert probe.name == "x11"
    finally:
        probe.close()
