"""The macOS paste-back backend, driven on this system through fakes of its C side (the
accessibility check, the Carbon hot key, posted key events) and of PyObjC's AppKit (the frontmost
and the running applications)."""

import os
import sys
import threading

import pytest

from companion.core.hotkeys import NAMED_KEYS, Hotkey, parse_hotkey
from companion.platform.paste import PasteError, Problem, TargetWindow, detect
from companion.platform.paste import macos as mac
from companion.platform.paste.macos import MacPasteBack

CTRL_ALT_R = parse_hotkey("Ctrl+Alt+R")


class FakeNative:
    """MacNative's methods; `on_press` is what the Carbon event handler would call."""

    def __init__(self, trusted=True):
        self.is_trusted = trusted
        self.status = mac.NO_ERR  # what RegisterEventHotKey answers
        self.registered: tuple[int, int] | None = None
        self.on_press = None
        self.asked = 0
        self.posted: list[tuple[int, bool, int]] = []
        self.post_error: OSError | None = None
        self.closed = False

    def trusted(self):
        return self.is_trusted

    def ask_trust(self):
        self.asked += 1
        return self.is_trusted

    def register_hotkey(self, code, modifiers, on_press):
        if self.status != mac.NO_ERR:
            return self.status
        self.registered, self.on_press = (code, modifiers), on_press
        return mac.NO_ERR

    def unregister_hotkey(self):
        self.registered = self.on_press = None

    def post_keys(self, keys):
        if self.post_error is not None:
            raise self.post_error
        self.posted.extend(keys)

    def close(self):
        self.unregister_hotkey()
        self.closed = True


class FakeApp:
    """An NSRunningApplication."""

    def __init__(self, pid, bundle, name, accepts=True):
        self.pid, self.bundle, self.name, self.accepts = pid, bundle, name, accepts
        self.terminated = False
        self.activations: list[int] = []

    def processIdentifier(self):  # AppKit's names
        return self.pid

    def bundleIdentifier(self):
        return self.bundle

    def localizedName(self):
        return self.name

    def isTerminated(self):
        return self.terminated

    def activateWithOptions_(self, options):
        self.activations.append(options)
        return self.accepts


class FakeAppKit:
    """The two AppKit classes the backend asks: NSWorkspace and NSRunningApplication."""

    def __init__(self):
        self.frontmost: FakeApp | None = None
        self.running: dict[int, FakeApp] = {}
        kit = self

        class NSWorkspace:
            @staticmethod
            def sharedWorkspace():
                return NSWorkspace

            @staticmethod
            def frontmostApplication():
                return kit.frontmost

        class NSRunningApplication:
            @staticmethod
            def runningApplicationWithProcessIdentifier_(pid):
                return kit.running.get(pid)

        self.NSWorkspace, self.NSRunningApplication = NSWorkspace, NSRunningApplication

    def add(self, app: FakeApp) -> FakeApp:
        self.running[app.pid] = app
        return app


@pytest.fixture
def native():
    return FakeNative()


@pytest.fixture
def appkit():
    return FakeAppKit()


@pytest.fixture
def backend(native, appkit, qapp):
    backend = MacPasteBack(native, appkit)
    yield backend
    backend.close()


# -- keys -------------------------------------------------------------------------------------------
def test_hotkeys_name_physical_keys_and_carbon_modifiers():
    assert mac.key_code("R") == 0x0F and mac.key_code("r") == 0x0F and mac.key_code("V") == 0x09
    assert [mac.key_code(d) for d in "0179"] == [0x1D, 0x12, 0x1A, 0x19]
    assert [mac.key_code(f) for f in ("F1", "F5", "F12", "F20")] == [0x7A, 0x60, 0x6F, 0x5A]
    assert {key: mac.key_code(key) for key in ("Space", "Home", "End", "PgUp", "PgDown", "Insert")} == {
        "Space": 0x31, "Home": 0x73, "End": 0x77, "PgUp": 0x74, "PgDown": 0x79, "Insert": 0x72}
    letters_and_digits = [mac.key_code(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]
    assert len(set(letters_and_digits)) == 36  # no two keys share a code
    assert mac.hotkey_modifiers(frozenset({"ctrl", "alt"})) == 0x1000 | 0x0800
    assert mac.hotkey_modifiers(frozenset({"meta", "shift"})) == 0x0100 | 0x0200  # Meta is Command


def test_keys_mac_keyboards_lack_are_invalid():
    lacking = [key for key in NAMED_KEYS if key not in mac.NAMED_KEYS and key not in mac.FUNCTION_KEYS]
    assert sorted(lacking) == sorted(["Pause", "Print", "ScrollLock", "F21", "F22", "F23", "F24"])
    for key in lacking:
        with pytest.raises(PasteError) as caught:
            mac.key_code(key)
        assert caught.value.problem is Problem.HOTKEY_INVALID and key in caught.value.detail


# -- the permission -----------------------------------------------------------------------------------
def test_without_the_accessibility_permission_nothing_is_typed(backend, native):
    native.is_trusted = False
    problem = backend.problem()
    assert problem is not None and problem.problem is Problem.NO_PERMISSION
    assert "Privacy & Security → Accessibility" in problem.detail and "restart" in problem.detail
    with pytest.raises(PasteError) as caught:
        backend.send_paste(TargetWindow(4242, "Slack", "com.tinyspeck.slackmacgap"))
    assert caught.value.problem is Problem.NO_PERMISSION
    assert native.posted == []
    # The hot key needs no permission: the palette still opens, and the reply is copied.
    backend.register_hotkey(CTRL_ALT_R, lambda: None)
    assert native.registered == (0x0F, 0x1000 | 0x0800)


def test_the_permission_granted_later_is_seen(backend, native):
    native.is_trusted = False
    assert backend.problem() is not None
    native.is_trusted = True
    assert backend.problem() is None


def test_asking_for_the_permission_shows_the_system_prompt(backend, native):
    native.is_trusted = False
    assert backend.ask_permission() is False
    assert native.asked == 1


# -- the hotkey -----------------------------------------------------------------------------------
def test_a_press_reaches_pressed_on_the_main_thread(backend, native, qtbot):
    seen = []
    backend.register_hotkey(CTRL_ALT_R, lambda: seen.append(threading.current_thread()))
    assert native.registered == (0x0F, 0x1000 | 0x0800)
    caller = threading.Thread(target=native.on_press)  # a callback from any thread at all
    caller.start()
    caller.join()
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen == [threading.main_thread()]


def test_pressed_runs_after_the_carbon_callback_has_returned(backend, native, qtbot):
    seen = []
    backend.register_hotkey(CTRL_ALT_R, lambda: seen.append(1))
    native.on_press()  # Carbon's event dispatch, on the main thread
    assert seen == []  # not inside it
    qtbot.waitUntil(lambda: seen == [1])


def test_a_failing_callback_is_logged_and_the_hotkey_stays(backend, native, qtbot, caplog):
    calls = []

    def pressed():
        calls.append(1)
        raise RuntimeError("palette broke")

    backend.register_hotkey(CTRL_ALT_R, pressed)
    native.on_press()
    qtbot.waitUntil(lambda: calls == [1])
    native.on_press()
    qtbot.waitUntil(lambda: calls == [1, 1])
    assert "the hotkey callback failed" in caplog.text


def test_a_combination_another_application_holds_is_taken(backend, native):
    native.status = mac.EVENT_HOTKEY_EXISTS_ERR
    with pytest.raises(PasteError) as caught:
        backend.register_hotkey(CTRL_ALT_R, lambda: None)
    assert caught.value.problem is Problem.HOTKEY_TAKEN
    assert "Ctrl+Alt+R" in caught.value.detail


def test_other_refusals_are_invalid_and_option_alone_is_explained(backend, native):
    native.status = -9868  # what macOS 15.0 answers for Option+R
    with pytest.raises(PasteError) as caught:
        backend.register_hotkey(parse_hotkey("Alt+R"), lambda: None)
    assert caught.value.problem is Problem.HOTKEY_INVALID
    assert "-9868" in caught.value.detail and "Option" in caught.value.detail
    for other in ("Ctrl+Meta+F5", "Shift+F5"):
        with pytest.raises(PasteError) as caught:
            backend.register_hotkey(parse_hotkey(other), lambda: None)
        assert caught.value.problem is Problem.HOTKEY_INVALID and "Option" not in caught.value.detail


def test_a_key_mac_keyboards_lack_is_refused_before_carbon_is_asked(backend, native):
    with pytest.raises(PasteError) as caught:
        backend.register_hotkey(Hotkey(frozenset({"ctrl"}), "Pause"), lambda: None)
    assert caught.value.problem is Problem.HOTKEY_INVALID
    assert native.registered is None


def test_unregister_and_close(backend, native):
    backend.register_hotkey(CTRL_ALT_R, lambda: None)
    backend.unregister_hotkey()
    assert native.registered is None
    backend.register_hotkey(parse_hotkey("Ctrl+Shift+Space"), lambda: None)
    assert native.registered == (0x31, 0x1000 | 0x0200)
    backend.close()
    assert native.registered is None and native.closed


# -- the frontmost application ------------------------------------------------------------------------
def test_the_frontmost_application_is_the_target(backend, appkit):
    appkit.frontmost = FakeApp(4242, "com.tinyspeck.slackmacgap", "Slack")
    assert backend.active_window() == TargetWindow(handle=4242, title="Slack", app="com.tinyspeck.slackmacgap",
                                                   terminal=False)
    assert backend.active_handle() == 4242


def test_terminals_are_known_by_bundle_id(backend, appkit):
    for bundle, name in (("com.apple.Terminal", "Terminal"), ("com.googlecode.iterm2", "iTerm2")):
        appkit.frontmost = FakeApp(500, bundle, name)
        assert backend.active_window().terminal
    appkit.frontmost = FakeApp(501, None, "helper")  # a process without a bundle
    assert backend.active_window() == TargetWindow(501, "helper", "helper", False)


def test_our_own_application_in_front_is_no_target(backend, appkit):
    appkit.frontmost = FakeApp(os.getpid(), "org.supportcompanion.app", "Support Companion")
    assert backend.active_window() is None
    assert backend.active_handle() == os.getpid()
    appkit.frontmost = None
    assert backend.active_window() is None
    assert backend.active_handle() == 0


# -- the focus --------------------------------------------------------------------------------------
def test_focus_activates_the_application_over_the_others(backend, appkit):
    slack = appkit.add(FakeApp(4242, "com.tinyspeck.slackmacgap", "Slack"))
    assert backend.focus(TargetWindow(4242, "Slack", "com.tinyspeck.slackmacgap")) is True
    assert slack.activations == [mac.NS_APPLICATION_ACTIVATE_IGNORING_OTHER_APPS] == [2]
    slack.accepts = False
    assert backend.focus(TargetWindow(4242, "Slack", "com.tinyspeck.slackmacgap")) is False


def test_an_application_that_quit_is_gone(backend, appkit):
    with pytest.raises(PasteError) as caught:
        backend.focus(TargetWindow(4242, "Slack", "com.tinyspeck.slackmacgap"))
    assert caught.value.problem is Problem.TARGET_GONE
    appkit.add(FakeApp(4243, "com.apple.mail", "Mail")).terminated = True
    with pytest.raises(PasteError) as caught:
        backend.focus(TargetWindow(4243, "Mail", "com.apple.mail"))
    assert caught.value.problem is Problem.TARGET_GONE


# -- the paste --------------------------------------------------------------------------------------
def test_cmd_v_is_posted_with_exactly_the_command_flag(backend, native):
    backend.send_paste(TargetWindow(4242, "Slack", "com.tinyspeck.slackmacgap"))
    cmd, v, flag = 0x37, 0x09, mac.CG_EVENT_FLAG_MASK_COMMAND
    assert native.posted == [(cmd, True, flag), (v, True, flag), (v, False, flag), (cmd, False, 0)]


def test_terminals_get_cmd_v_too(backend, native):
    backend.send_paste(TargetWindow(500, "Terminal", "com.apple.Terminal", terminal=True))
    assert native.posted == list(mac.CMD_V)


def test_keys_that_cannot_be_posted(backend, native):
    native.post_error = OSError("CGEventCreateKeyboardEvent(0x9) failed")
    with pytest.raises(PasteError) as caught:
        backend.send_paste(TargetWindow(4242, "Slack", "com.tinyspeck.slackmacgap"))
    assert caught.value.problem is Problem.INJECT_FAILED and "CGEventCreateKeyboardEvent" in caught.value.detail


# -- detection and loading --------------------------------------------------------------------------
def test_detect_makes_the_macos_backend_without_loading_anything():
    backend = detect({}, "darwin")
    assert isinstance(backend, MacPasteBack) and backend.name == "macos"
    assert backend._native is None and backend._appkit is None


@pytest.mark.skipif(sys.platform == "darwin", reason="the frameworks are there")
def test_elsewhere_the_backend_says_the_frameworks_are_missing():
    backend = MacPasteBack(appkit=FakeAppKit())
    problem = backend.problem()
    assert problem is not None and problem.problem is Problem.MISSING_PART
    with pytest.raises(PasteError) as caught:
        backend.send_paste(TargetWindow(1, "x", "y"))
    assert caught.value.problem is Problem.MISSING_PART
    assert MacPasteBack(FakeNative()).problem().problem is Problem.MISSING_PART  # no AppKit (PyObjC) here
    backend.close()
