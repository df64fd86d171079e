"""X11PasteBack without an X server: the keysym and modifier tables, what it reports when libX11,
libXtst, the display or XTEST are missing, and how X errors become PasteError codes. libX11 and
libXtst are replaced by `FakeX`, a server that can refuse a grab or lose a window, and whose errors
go through the backend's real C error handler.

The backend against a real X server (grabs, focus, pastes into Qt and xterm) is in
tests/e2e/test_paste_x11_e2e.py."""

from __future__ import annotations

import ctypes
import os
import string
import subprocess
import sys

import pytest

from companion.core.hotkeys import NAMED_KEYS, Hotkey
from companion.platform.paste import PasteError, Problem, TargetWindow
from companion.platform.paste import x11
from companion.platform.paste.x11 import (
    BAD_ACCESS,
    BAD_WINDOW,
    KEY_PRESS,
    KEY_RELEASE,
    X11PasteBack,
    grab_masks,
    keysym_name,
    modifier_mask,
)
from companion.platform.x11lib import load_library

CTRL_ALT = frozenset({"ctrl", "alt"})
SHIFT, LOCK, CONTROL, MOD1, MOD2, MOD4, MOD5 = 1, 2, 4, 8, 16, 64, 128

# A US keyboard as Xvfb has it: keysyms and the keycodes they sit on.
KEYSYMS = {"r": 0x72, "t": 0x74, "v": 0x76, "Control_L": 0xFFE3, "Shift_L": 0xFFE1, "Insert": 0xFF63,
           "Pause": 0xFF13}
KEYCODES = {0x72: 27, 0x74: 28, 0x76: 55, 0xFFE3: 37, 0xFFE1: 50, 0xFF63: 118}  # Pause: not on this one
ALT_L, CONTROL_L, CONTROL_R, SHIFT_L, SUPER_L, ISO_LEVEL3 = 64, 37, 105, 50, 133, 92
# The modifier map, two keys per modifier: Shift, Lock, Control, Mod1…Mod5.
MODIFIER_ROWS = [SHIFT_L, 62, 66, 0, CONTROL_L, CONTROL_R, ALT_L, 108, 77, 0, 0, 0, SUPER_L, 134, ISO_LEVEL3, 0]


class FakeX:
    """libX11 and libXtst, as far as X11PasteBack calls them."""

    DPY = 0x5000
    ROOT = 0x1E5

    def __init__(self):
        self.opens = True  # XOpenDisplay succeeds
        self.xtest = True  # the server has XTEST
        self.taken: set[tuple[int, int]] = set()  # (keycode, modifiers) another client grabbed
        self.grabs: set[tuple[int, int]] = set()
        self.handler = None  # the installed X error handler (None: Xlib's default, which exits)
        self.errors: list[int] = []  # errors of asynchronous requests, delivered at the next XSync
        self.events: list[tuple[int, int]] = []  # (type, keycode) waiting to be read
        self.read_fd, self.write_fd = os.pipe()  # stands in for the X connection's socket
        os.set_blocking(self.read_fd, False)
        self.gone: set[int] = set()  # destroyed windows
        self.unmapped: set[int] = set()
        self.focused: list[int] = []
        self.keys_down: set[int] = set()
        self.typed: list[tuple[int, bool]] = []  # XTEST key events
        self.typing_works = True
        self.refreshes = 0
        self.closed = 0
        self._modmap = (ctypes.c_ubyte * len(MODIFIER_ROWS))(*MODIFIER_ROWS)

    def close_pipe(self):
        os.close(self.read_fd)
        os.close(self.write_fd)

    def _fail(self, dpy, code):
        """Report an error the way Xlib does: to the installed handler, which must not be Xlib's own."""
        assert self.handler is not None, "an X error with Xlib's default handler installed exits the process"
        event = x11._XErrorEvent(type=0, display=dpy, error_code=code)
        x11._ErrorHandler(self.handler.value)(dpy, ctypes.pointer(event))

    # display
    def XOpenDisplay(self, name):
        return self.DPY if self.opens else None

    def XDefaultRootWindow(self, dpy):
        return self.ROOT

    def XCloseDisplay(self, dpy):
        self.closed += 1

    def XSetErrorHandler(self, handler):
        previous, self.handler = self.handler, handler
        return previous

    def XSync(self, dpy, discard):
        errors, self.errors = self.errors, []
        for code in errors:
            self._fail(dpy, code)

    def XFlush(self, dpy):
        return 1

    # keys and the grab
    def XStringToKeysym(self, name):
        return KEYSYMS.get(name.decode(), 0)

    def XKeysymToKeycode(self, dpy, keysym):
        return KEYCODES.get(keysym, 0)

    def XGrabKey(self, dpy, keycode, modifiers, window, owner_events, pointer_mode, keyboard_mode):
        if (keycode, modifiers) in self.taken:
            self.errors.append(BAD_ACCESS)  # sent later, as the server does
        else:
            self.grabs.add((keycode, modifiers))

    def XUngrabKey(self, dpy, keycode, modifiers, window):
        self.grabs.discard((keycode, modifiers))

    def XkbSetDetectableAutoRepeat(self, dpy, detectable, supported):
        return 1

    def XConnectionNumber(self, dpy):
        return self.read_fd

    def XPending(self, dpy):
        try:
            os.read(self.read_fd, 4096)  # Xlib reads what the socket has
        except BlockingIOError:
            pass
        return len(self.events)

    def XNextEvent(self, dpy, event):
        kind, keycode = self.events.pop(0)
        event._obj.type = kind
        event._obj.xkey.keycode = keycode

    def XRefreshKeyboardMapping(self, event):
        self.refreshes += 1

    def arrive(self, *events):
        """Key events come in on the connection."""
        self.events += events
        os.write(self.write_fd, b"x")

    # windows
    def XInternAtom(self, dpy, name, only_if_exists):
        return 300 + sum(name)

    def XGetWindowProperty(self, *args):
        return 1  # no window has any property: no window manager

    def XGetWindowAttributes(self, dpy, window, attributes):
        if window in self.gone:
            self._fail(dpy, BAD_WINDOW)  # a round trip: the error comes at once, and a zero status
            return 0
        attributes._obj.map_state = 0 if window in self.unmapped else 2
        return 1

    def XRaiseWindow(self, dpy, window):
        return 1

    def XSetInputFocus(self, dpy, window, revert_to, time):
        self.focused.append(window)

    # typing
    def XQueryKeymap(self, dpy, keys):
        for code in self.keys_down:
            keys[code // 8] = bytes([keys[code // 8][0] | 1 << (code % 8)])

    def XGetModifierMapping(self, dpy):
        modmap = x11._XModifierKeymap(max_keypermod=2, modifiermap=self._modmap)
        return ctypes.pointer(modmap)

    def XFreeModifiermap(self, modmap):
        return 0

    def XTestQueryExtension(self, dpy, event_base, error_base, major, minor):
        return 1 if self.xtest else 0

    def XTestFakeKeyEvent(self, dpy, keycode, is_press, delay):
        self.typed.append((keycode, bool(is_press)))
        return 1 if self.typing_works else 0


@pytest.fixture
def fake_x(monkeypatch):
    fake = FakeX()
    monkeypatch.setattr(x11, "load_xlib", lambda: fake)
    monkeypatch.setattr(x11, "load_xtst", lambda: fake)
    yield fake
    fake.close_pipe()


@pytest.fixture
def paste(fake_x, qapp):
    backend = X11PasteBack(":9")
    yield backend
    backend.close()
    assert fake_x.handler is None  # every trap put the previous handler back


# ------------------------------------------------------------------------------------------- tables

def test_every_key_a_hotkey_can_name_has_a_keysym():
    names = {key: keysym_name(key) for key in [*string.ascii_uppercase, *string.digits, *NAMED_KEYS]}
    assert names["R"] == "r" and names["7"] == "7" and names["F24"] == "F24"
    assert [names[key] for key in ("Space", "Insert", "Home", "End", "PgUp", "PgDown", "Pause", "Print",
                                   "ScrollLock")] == [
        "space", "Insert", "Home", "End", "Prior", "Next", "Pause", "Print", "Scroll_Lock"]
    xlib = load_library("libX11.so.6", "X11")
    if xlib is not None:  # libX11 knows every one of them (no server needed for that)
        xlib.XStringToKeysym.argtypes, xlib.XStringToKeysym.restype = [ctypes.c_char_p], ctypes.c_ulong
        assert [key for key, name in names.items() if not xlib.XStringToKeysym(name.encode())] == []


@pytest.mark.parametrize("key", ["Tab", "Ä", "F25", "", "RR"])
def test_a_key_without_a_keysym_is_invalid(key):
    with pytest.raises(PasteError) as invalid:
        keysym_name(key)
    assert invalid.value.problem is Problem.HOTKEY_INVALID


def test_modifiers_and_the_lock_variants_grabbed_with_them():
    assert modifier_mask(CTRL_ALT) == CONTROL | MOD1
    assert modifier_mask(frozenset({"shift", "meta"})) == SHIFT | MOD4
    # CapsLock and NumLock on or off in every combination; AltGr (Mod5) is not a lock.
    assert grab_masks(CTRL_ALT) == [CONTROL | MOD1, CONTROL | MOD1 | LOCK, CONTROL | MOD1 | MOD2,
                                    CONTROL | MOD1 | LOCK | MOD2]
    assert not any(mask & MOD5 for mask in grab_masks(frozenset(x11.MODIFIER_MASKS)))


# ------------------------------------------------------------------------------------ what's missing

def test_importing_and_constructing_load_no_library(monkeypatch):
    def refuse():
        raise AssertionError("a library was loaded")

    monkeypatch.setattr(x11, "load_xlib", refuse)
    monkeypatch.setattr(x11, "load_xtst", refuse)
    X11PasteBack(":0").close()
    maps = subprocess.run(
        [sys.executable, "-c", "import companion.platform.paste.x11 as m; m.X11PasteBack(':0');"
                               "print(open('/proc/self/maps').read())"],
        capture_output=True, text=True, check=True).stdout if sys.platform.startswith("linux") else ""
    assert "libXtst" not in maps


def test_problem_names_the_missing_part_libraries_first(fake_x, monkeypatch):
    fake_x.opens = False
    monkeypatch.setattr(x11, "load_xtst", lambda: None)
    problem = X11PasteBack(":9").problem()
    assert problem is not None and problem.problem is Problem.MISSING_PART
    assert problem.detail.startswith("libXtst is not installed")

    monkeypatch.setattr(x11, "load_xlib", lambda: None)
    problem = X11PasteBack(":9").problem()
    assert problem is not None and problem.problem is Problem.MISSING_PART and "libX11" in problem.detail


def test_problem_when_the_display_does_not_open_or_has_no_xtest(fake_x):
    fake_x.opens = False
    backend = X11PasteBack(":9")
    problem = backend.problem()
    assert problem is not None and problem.problem is Problem.UNSUPPORTED
    assert problem.detail == "cannot open X display :9"
    with pytest.raises(PasteError) as unsupported:
        backend.register_hotkey(Hotkey(CTRL_ALT, "R"), lambda: None)
    assert unsupported.value.problem is Problem.UNSUPPORTED
    assert backend.active_window() is None and backend.active_handle() == 0

    fake_x.opens, fake_x.xtest = True, False
    problem = backend.problem()
    assert problem is not None and problem.problem is Problem.MISSING_PART
    assert problem.detail == "the X server on :9 has no XTEST extension"
    with pytest.raises(PasteError) as no_xtest:
        backend.send_paste(TargetWindow(handle=0x400001))
    assert no_xtest.value.problem is Problem.MISSING_PART and fake_x.typed == []
    backend.close()

    no_display = X11PasteBack("").problem()
    assert no_display is not None and no_display.problem is Problem.UNSUPPORTED and "DISPLAY" in no_display.detail


def test_all_there_is_no_problem(paste):
    assert paste.problem() is None


# -------------------------------------------------------------------------------------------- hotkey

def test_the_hotkey_is_grabbed_with_every_lock_variant_and_each_press_calls_back_once(paste, fake_x, qtbot):
    presses = []
    fake_x.events.append((KEY_PRESS, 27))  # already queued when the grab is made: not lost
    paste.register_hotkey(Hotkey(CTRL_ALT, "R"), lambda: presses.append(1))
    assert fake_x.grabs == {(27, mask) for mask in grab_masks(CTRL_ALT)}
    assert presses == [1]

    # Held down: auto-repeat presses are one press until the key is let go.
    fake_x.arrive((KEY_PRESS, 27), (KEY_RELEASE, 27), (KEY_PRESS, 27), (KEY_PRESS, 27), (KEY_RELEASE, 27))
    qtbot.waitUntil(lambda: presses == [1, 1], timeout=3000)  # through the socket notifier
    assert fake_x.events == []

    paste.unregister_hotkey()
    assert fake_x.grabs == set()
    paste.close()
    paste.close()  # twice is fine


def test_a_failing_callback_does_not_stop_the_hotkey(paste, fake_x, qtbot, caplog):
    calls = []

    def pressed():
        calls.append(1)
        raise RuntimeError("palette broke")

    paste.register_hotkey(Hotkey(CTRL_ALT, "R"), pressed)
    fake_x.arrive((KEY_PRESS, 27), (KEY_RELEASE, 27), (KEY_PRESS, 27), (KEY_RELEASE, 27))
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=3000)
    assert "the hotkey callback failed" in caplog.text


def test_a_combination_held_by_another_client_is_refused_and_the_previous_one_kept(paste, fake_x):
    paste.register_hotkey(Hotkey(CTRL_ALT, "T"), lambda: None)
    fake_x.taken = {(27, CONTROL | MOD1 | LOCK)}  # another client holds only the CapsLock variant
    with pytest.raises(PasteError) as taken:
        paste.register_hotkey(Hotkey(CTRL_ALT, "R"), lambda: None)
    assert taken.value.problem is Problem.HOTKEY_TAKEN
    assert taken.value.detail == "another application holds Ctrl+Alt+R"
    assert fake_x.grabs == {(28, mask) for mask in grab_masks(CTRL_ALT)}  # none of R's variants left

    fake_x.taken = set()
    paste.register_hotkey(Hotkey(CTRL_ALT, "R"), lambda: None)  # replaces T
    assert fake_x.grabs == {(27, mask) for mask in grab_masks(CTRL_ALT)}


def test_a_key_this_keyboard_lacks_is_invalid(paste, fake_x):
    with pytest.raises(PasteError) as invalid:
        paste.register_hotkey(Hotkey(CTRL_ALT, "Pause"), lambda: None)
    assert invalid.value.problem is Problem.HOTKEY_INVALID and "Pause" in invalid.value.detail
    assert fake_x.grabs == set()


# --------------------------------------------------------------------------------------------- focus

def test_focus_without_a_window_manager_sets_the_input_focus(paste, fake_x):
    assert paste.focus(TargetWindow(handle=0x400001)) is True
    assert fake_x.focused == [0x400001]
    fake_x.unmapped.add(0x400002)  # no window manager to map it again
    assert paste.focus(TargetWindow(handle=0x400002)) is False
    assert fake_x.focused == [0x400001]


def test_focus_on_a_window_that_closed_says_it_is_gone(paste, fake_x):
    fake_x.gone.add(0x400003)
    with pytest.raises(PasteError) as gone:
        paste.focus(TargetWindow(handle=0x400003, title="SUP-1234"))
    assert gone.value.problem is Problem.TARGET_GONE
    assert fake_x.focused == []


# --------------------------------------------------------------------------------------------- paste

def test_ctrl_v_with_stray_modifiers_released_first(paste, fake_x):
    # The agent still holds Ctrl, Alt and AltGr: Alt and AltGr are lifted, Ctrl is pressed anyway.
    fake_x.keys_down = {CONTROL_L, ALT_L, ISO_LEVEL3}
    paste.send_paste(TargetWindow(handle=0x400001))
    assert fake_x.typed == [(ALT_L, False), (ISO_LEVEL3, False),
                            (CONTROL_L, True), (55, True), (55, False), (CONTROL_L, False)]


def test_shift_insert_in_a_terminal(paste, fake_x):
    fake_x.keys_down = {CONTROL_R, SHIFT_L, SUPER_L}
    paste.send_paste(TargetWindow(handle=0x400001, app="XTerm", terminal=True))
    assert fake_x.typed == [(CONTROL_R, False), (SUPER_L, False),
                            (SHIFT_L, True), (118, True), (118, False), (SHIFT_L, False)]


def test_keys_xtest_does_not_take_fail_the_paste(paste, fake_x):
    fake_x.typing_works = False
    with pytest.raises(PasteError) as failed:
        paste.send_paste(TargetWindow(handle=0x400001))
    assert failed.value.problem is Problem.INJECT_FAILED and "Control_L+v" in failed.value.detail
    assert [press for _, press in fake_x.typed] == [True, True, False, False]  # nothing left pressed


def test_a_keymap_change_is_read_before_the_paste(paste, fake_x):
    paste.problem()
    fake_x.events.append((34, 0))  # MappingNotify: another layout was chosen
    paste.send_paste(TargetWindow(handle=0x400001))
    assert fake_x.refreshes == 1 and fake_x.events == []
