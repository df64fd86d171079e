"""Idle time: detection order, unit conversions, D-Bus backends against a fake bus, failure handling.

The X11 backend against a real X server is in tests/e2e/test_idle_e2e.py, as are the D-Bus backends
against a real bus."""

import subprocess
import sys

import pytest

from companion.platform import idle
from companion.platform.idle import (
    DBusError,
    FailureCounter,
    FakeIdle,
    FreedesktopIdle,
    MacIdle,
    MutterIdle,
    NoIdle,
    QtDBusCaller,
    ScreenLockQuery,
    WindowsIdle,
    X11Idle,
    describe,
    detect,
    hid_idle_ns_from_data,
    ns_to_seconds,
    screen_locked,
    tick_delta_ms,
)
from companion.platform.idle import x11 as idle_x11

NO_REPLY = "org.freedesktop.DBus.Error.NoReply"


class FakeBus:
    """Answers method calls from a table {(service, path, method): reply args or a DBusError}."""

    def __init__(self, owners=(), replies=None):
        self.owners = set(owners)
        self.replies = dict(replies or {})
        self.calls = []

    def __call__(self, service, path, interface, method, args=()):
        self.calls.append((service, path, method))
        if method == "NameHasOwner":
            return [args[0] in self.owners]
        reply = self.replies.get((service, path, method))
        if reply is None:
            raise DBusError(f"{method}: no such object", "org.freedesktop.DBus.Error.UnknownObject")
        if isinstance(reply, Exception):
            raise reply
        return list(reply)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


MUTTER = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core", "GetIdletime")
FDO = ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver")
FDO_OLD = ("org.freedesktop.ScreenSaver", "/ScreenSaver")


# ------------------------------------------------------------------------------- pure arithmetic

def test_windows_tick_difference_survives_the_32_bit_wrap():
    assert tick_delta_ms(10_000, 4_000) == 6_000
    # GetTickCount64 is past 2**32 and the 32-bit last-input tick has wrapped with it.
    assert tick_delta_ms(2**32 + 500, 500) == 0
    assert tick_delta_ms(2**32 + 500, 2**32 - 1500) == 2_000  # input 1.5 s before the wrap
    assert tick_delta_ms(5 * 2**32 + 100, 100) == 0  # 200+ days up
    assert tick_delta_ms(2**33 + 7_000, 3_000) == 4_000


def test_mac_hid_idle_time_is_nanoseconds():
    assert ns_to_seconds(0) == 0.0
    assert ns_to_seconds(1_500_000_000) == 1.5
    assert ns_to_seconds(3_600 * 10**9) == 3600.0
    raw = (2_250_000_000).to_bytes(8, sys.byteorder)
    assert ns_to_seconds(hid_idle_ns_from_data(raw)) == 2.25
    with pytest.raises(ValueError):
        hid_idle_ns_from_data(b"\x01\x02")


# ------------------------------------------------------------------------------------- detection

def test_candidates_per_platform_and_session():
    def names(env, platform):
        return [m.name for m in idle.candidates(env, platform)]

    assert names({}, "win32") == ["windows"]
    assert names({"DISPLAY": ":0"}, "darwin") == ["macos"]
    assert names({"DISPLAY": ":0"}, "linux") == ["x11", "mutter", "freedesktop"]
    assert names({"DISPLAY": ":0"}, "freebsd14") == ["x11", "mutter", "freedesktop"]
    # XWayland sets DISPLAY too, but XScreenSaver would only see input to X clients there.
    assert names({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux") == ["mutter", "freedesktop"]
    assert names({"XDG_SESSION_TYPE": "wayland"}, "linux") == ["mutter", "freedesktop"]
    assert names({}, "linux") == []
    assert names({"DISPLAY": ":0"}, "sunos5") == []
    x11 = idle.candidates({"DISPLAY": ":7"}, "linux")[0]
    assert x11.display_name == ":7"


@pytest.fixture
def probes(monkeypatch):
    """Every real backend answers from this table: name -> (available, idle seconds)."""
    table = {}
    order = []

    def available(self):
        order.append(self.name)
        return table.get(self.name, (False, None))[0]

    def idle_seconds(self):
        return table.get(self.name, (False, None))[1]

    for cls in (WindowsIdle, MacIdle, X11Idle, MutterIdle, FreedesktopIdle):
        monkeypatch.setattr(cls, "available", available)
        monkeypatch.setattr(cls, "idle_seconds", idle_seconds)
    table["order"] = order
    return table


def test_detect_takes_the_first_backend_that_answers(probes):
    probes.update(x11=(True, 4.0), mutter=(True, 1.0))
    assert detect({"DISPLAY": ":0"}, "linux").name == "x11"
    assert probes["order"] == ["x11"]


def test_detect_skips_a_backend_that_is_there_but_does_not_answer(probes):
    # e.g. an X server without MIT-SCREEN-SAVER, or KDE on Wayland answering NotSupported
    probes.update(x11=(True, None), mutter=(False, None), freedesktop=(True, 12.0))
    monitor = detect({"DISPLAY": ":0"}, "linux")
    assert monitor.name == "freedesktop"
    assert probes["order"] == ["x11", "mutter", "freedesktop"]


def test_detect_on_wayland_never_asks_x11(probes):
    probes.update(x11=(True, 3.0), mutter=(True, 0.5))
    assert detect({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux").name == "mutter"
    probes.update(mutter=(False, None))
    assert detect({"XDG_SESSION_TYPE": "wayland"}, "linux").name == "none"
    assert "x11" not in probes["order"]


def test_detect_windows_and_mac(probes):
    probes.update(windows=(True, 0.0), macos=(True, 2.0))
    assert detect({}, "win32").name == "windows"
    assert detect({}, "darwin").name == "macos"
    probes.update(macos=(False, None))
    assert detect({}, "darwin").name == "none"


def test_detect_falls_back_to_no_idle_and_says_what_was_tried(probes):
    monitor = detect({"DISPLAY": ":0"}, "linux")
    assert isinstance(monitor, NoIdle)
    text = describe(monitor)
    assert text.startswith("none: no idle information (natural breaks and overtime are not detected)")
    assert "X11 XScreenSaver" in text and "GNOME Mutter IdleMonitor" in text
    assert "no graphical session" in describe(detect({}, "linux"))


def test_detect_survives_a_backend_that_raises(monkeypatch):
    class Broken:
        name = "broken"

        def available(self):
            raise RuntimeError("boom")

    monkeypatch.setattr(idle, "candidates", lambda env, platform: [Broken(), FakeIdle(idle=5.0)])
    assert detect({}, "linux").name == "fake"


def test_real_backends_say_no_off_their_platform_without_raising():
    if sys.platform != "win32":
        assert WindowsIdle().available() is False
        assert WindowsIdle().idle_seconds() is None
    if sys.platform != "darwin":
        assert MacIdle().available() is False
        assert MacIdle().idle_seconds() is None


# -------------------------------------------------------------------------------------------- X11

def test_x11_without_display_is_unavailable():
    monitor = X11Idle(display="")
    assert monitor.available() is False
    assert "DISPLAY" in monitor.problem
    assert monitor.idle_seconds() is None
    monitor.close()  # nothing was opened: nothing to do


def test_x11_without_libxss_is_unavailable(monkeypatch):
    real = idle_x11.load_library
    monkeypatch.setattr(idle_x11, "load_library", lambda *names: None if "libXss.so.1" in names else real(*names))
    monitor = X11Idle(display=":0")
    assert monitor.available() is False
    assert "libxss1" in monitor.problem


def test_x11_with_an_unreachable_display_is_unavailable():
    monitor = X11Idle(display=":4321")  # nothing listens there
    assert monitor.available() is False
    assert "cannot open X display :4321" in monitor.problem or "libX11" in monitor.problem


# ------------------------------------------------------------------------------------------ D-Bus

def test_mutter_reads_milliseconds():
    bus = FakeBus(owners={"org.gnome.Mutter.IdleMonitor"}, replies={MUTTER: [61_500]})
    monitor = MutterIdle(bus)
    assert monitor.available()
    assert monitor.idle_seconds() == 61.5
    assert bus.calls[-1] == MUTTER


def test_mutter_absent_from_the_bus_is_unavailable():
    monitor = MutterIdle(FakeBus())
    assert monitor.available() is False
    assert "org.gnome.Mutter.IdleMonitor" in monitor.problem


def test_mutter_locked_comes_from_the_gnome_screen_saver():
    bus = FakeBus(replies={MUTTER: [0], ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "GetActive"): [True]})
    monitor = MutterIdle(bus)
    assert monitor.locked() is True
    bus.replies[("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "GetActive")] = [False]
    before = len(bus.calls)
    assert screen_locked(monitor) is False
    # the object that answered is asked first from then on
    assert bus.calls[before:] == [("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "GetActive")]


def test_a_reply_that_is_not_a_number_is_a_failure_not_a_crash():
    bus = FakeBus(replies={MUTTER: ["soon"]})
    monitor = MutterIdle(bus)
    assert monitor.idle_seconds() is None
    assert "not a number" in monitor.failures.last_error
    bus.replies[MUTTER] = [True]  # a bool is not a count of milliseconds either
    assert monitor.idle_seconds() is None


def test_freedesktop_reads_milliseconds_and_finds_the_old_path():
    # Older KDE registered only /ScreenSaver.
    bus = FakeBus(owners={"org.freedesktop.ScreenSaver"},
                  replies={(*FDO_OLD, "GetSessionIdleTime"): [4_000], (*FDO_OLD, "GetActive"): [False]})
    monitor = FreedesktopIdle(bus)
    assert monitor.available()
    assert monitor.idle_seconds() == 4.0
    assert monitor.path == "/ScreenSaver"
    bus.calls.clear()
    assert monitor.idle_seconds() == 4.0
    assert bus.calls == [(*FDO_OLD, "GetSessionIdleTime")]  # straight to the path that worked
    assert monitor.locked() is False


def test_freedesktop_locked_reports_get_active():
    bus = FakeBus(replies={(*FDO, "GetSessionIdleTime"): [0], (*FDO, "GetActive"): [True]})
    assert FreedesktopIdle(bus).locked() is True
    assert FreedesktopIdle(FakeBus()).locked() is None  # nobody to ask: unknown


def test_freedesktop_not_supported_on_wayland_makes_detect_pass_it_over(monkeypatch):
    not_supported = DBusError("GetSessionIdleTime is not supported on this platform",
                              "org.freedesktop.DBus.Error.NotSupported")
    bus = FakeBus(owners={"org.freedesktop.ScreenSaver"},
                  replies={(*FDO, "GetSessionIdleTime"): not_supported,
                           (*FDO_OLD, "GetSessionIdleTime"): not_supported})
    monkeypatch.setattr(idle, "candidates", lambda env, platform: [MutterIdle(bus), FreedesktopIdle(bus)])
    monitor = detect({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert isinstance(monitor, NoIdle)
    assert "not supported" in monitor.reason


def test_a_stuck_service_is_asked_once_per_poll_and_then_left_alone():
    clock = Clock()
    stuck = DBusError("Did not receive a reply", NO_REPLY)
    bus = FakeBus(owners={"org.freedesktop.ScreenSaver"},
                  replies={(*FDO, "GetSessionIdleTime"): stuck, (*FDO_OLD, "GetSessionIdleTime"): [1_000]})
    monitor = FreedesktopIdle(bus, monotonic=clock)
    assert monitor.idle_seconds() is None
    # a timed-out call is not followed by a second one on the other path (each could block 500 ms)
    assert [c for c in bus.calls if c[2] == "GetSessionIdleTime"] == [(*FDO, "GetSessionIdleTime")]
    assert monitor.idle_seconds() is None
    assert monitor.idle_seconds() is None
    calls = len(bus.calls)
    assert monitor.available() is False  # three failures in a row
    assert "repeated failures" in monitor.problem
    assert monitor.idle_seconds() is None
    assert len(bus.calls) == calls  # not even asked
    assert "not answering" in describe(monitor)


def test_a_disabled_backend_gets_another_chance_later():
    clock = Clock()
    bus = FakeBus(owners={"org.gnome.Mutter.IdleMonitor"}, replies={MUTTER: DBusError("gone")})
    monitor = MutterIdle(bus, monotonic=clock)
    for _ in range(3):
        assert monitor.idle_seconds() is None
    assert not monitor.available()
    bus.replies[MUTTER] = [2_000]  # e.g. gnome-shell restarted
    clock.now += monitor.failures.retry_after - 1
    assert monitor.idle_seconds() is None and not monitor.available()
    clock.now += 1
    assert monitor.available()
    assert monitor.idle_seconds() == 2.0
    assert monitor.failures.count == 0


def test_after_the_second_chance_one_failure_disables_again():
    clock = Clock()
    counter = FailureCounter("x", limit=3, retry_after=60, monotonic=clock)
    for _ in range(3):
        counter.failed("e")
    assert counter.blocked
    clock.now += 60
    assert not counter.blocked
    counter.failed("still")
    assert counter.blocked and counter.last_error == "still"
    counter.succeeded()
    assert counter.count == 0


def test_a_success_between_failures_resets_the_count():
    bus = FakeBus(replies={MUTTER: DBusError("flaky")})
    monitor = MutterIdle(bus)
    monitor.idle_seconds()
    monitor.idle_seconds()
    bus.replies[MUTTER] = [10]
    assert monitor.idle_seconds() == 0.01
    bus.replies[MUTTER] = DBusError("flaky")
    monitor.idle_seconds()
    monitor.idle_seconds()
    assert not monitor.failures.blocked


def test_lock_query_tries_each_object_until_one_answers_and_stops_on_a_timeout():
    bus = FakeBus(replies={(*FDO_OLD, "GetActive"): [True]})
    query = ScreenLockQuery(bus)
    assert query() is True
    assert [c[1] for c in bus.calls] == ["/org/freedesktop/ScreenSaver", "/ScreenSaver"]
    stuck = FakeBus(replies={(*FDO, "GetActive"): DBusError("no reply", NO_REPLY)})
    query = ScreenLockQuery(stuck)
    assert query() is None
    assert len(stuck.calls) == 1


def test_qt_caller_without_a_session_bus_fails_cleanly():
    caller = QtDBusCaller(env={})
    with pytest.raises(DBusError, match="no session bus"):
        caller("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId")
    monitor = MutterIdle(caller)
    assert monitor.available() is False
    assert monitor.problem == "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"


def test_session_bus_socket_in_the_runtime_dir_counts(tmp_path):
    assert not idle.session_bus_configured({"XDG_RUNTIME_DIR": str(tmp_path)})
    (tmp_path / "bus").touch()
    assert idle.session_bus_configured({"XDG_RUNTIME_DIR": str(tmp_path)})
    assert idle.session_bus_configured({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"})


# -------------------------------------------------------------------------------- fallback, fake

def test_no_idle_never_knows():
    monitor = NoIdle()
    assert monitor.name == "none" and monitor.available()
    assert monitor.idle_seconds() is None and monitor.locked() is None
    assert describe(monitor) == "none: no idle information (natural breaks and overtime are not detected)"


def test_fake_idle_is_settable_and_counts_calls():
    fake = FakeIdle(idle=0.0)
    assert fake.idle_seconds() == 0.0
    fake.idle = 125.0
    fake.locked_value = True
    assert fake.idle_seconds() == 125.0 and fake.calls == 2
    assert screen_locked(fake) is True
    fake.idle = None
    assert fake.idle_seconds() is None


def test_describe_says_which_backend_and_how_idle():
    assert describe(FakeIdle(idle=3.2)) == "fake (idle 3 s)"
    assert describe(FakeIdle(idle=3.2, locked_value=True)) == "fake (idle 3 s, screen locked)"
    bus = FakeBus(owners={"org.gnome.Mutter.IdleMonitor"}, replies={MUTTER: [42_000]})
    assert describe(MutterIdle(bus)) == "GNOME Mutter IdleMonitor (idle 42 s)"
    assert describe(MutterIdle(FakeBus())).startswith("GNOME Mutter IdleMonitor (not answering: ")


def test_screen_locked_copes_with_monitors_without_locked():
    class Bare:
        name = "bare"

        def available(self):
            return True

        def idle_seconds(self):
            return 1.0

    class Raising(Bare):
        def locked(self):
            raise OSError("gone")

    assert screen_locked(Bare()) is None
    assert screen_locked(Raising()) is None


def test_importing_the_module_loads_neither_qt_nor_native_libraries():
    code = ("import os, sys; import companion.platform.idle, companion.platform.fullscreen; "
            "print([m for m in sys.modules if m.startswith('PySide6')]); "
            "maps = '/proc/self/maps'; print(os.path.exists(maps) and 'libX11' in open(maps).read())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "False"]
