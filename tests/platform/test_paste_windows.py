"""The Windows paste-back backend, driven on this system through a fake of user32 and kernel32: the
hotkey and its WM_HOTKEY through the native event filter, the foreground window, the focus given
back, and the key records handed to SendInput, read back out of the ctypes array."""

import ctypes
import sys
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QByteArray

from companion.core.hotkeys import NAMED_KEYS, Hotkey, parse_hotkey
from companion.platform.paste import PasteError, Problem, TargetWindow, detect
from companion.platform.paste import windows as win
from companion.platform.paste.windows import WindowsPasteBack

OUR_PID, OUR_THREAD = 4000, 40
CTRL_ALT_R = parse_hotkey("Ctrl+Alt+R")


@dataclass
class Window:
    pid: int
    thread: int
    title: str = ""
    window_class: str = "Chrome_WidgetWin_1"
    exe: str | None = r"C:\Program Files\Google\Chrome\Application\chrome.exe"
    iconic: bool = False


class FakeWin32:
    """The entry points WindowsPasteBack calls, with Windows' conventions: BOOL results, the error in
    GetLastError, out-parameters written through the ctypes pointers and buffers passed in."""

    def __init__(self):
        self.windows: dict[int, Window] = {}
        self.foreground = 0
        self.error = 0
        self.register_error = 0  # RegisterHotKey fails with this error
        self.foreground_refusals = 0  # SetForegroundWindow calls to refuse before one succeeds
        self.held: set[int] = set()  # virtual keys down now
        self.send_limit: int | None = None  # SendInput inserts at most this many records
        self.send_error = 0
        self.calls: list[tuple] = []
        self.sent: list[tuple[int, bool, bool]] = []  # (virtual key, up, extended)
        self.open_handles: set[int] = set()

    def GetLastError(self):
        return self.error

    def RegisterHotKey(self, hwnd, hotkey_id, modifiers, vk):
        self.calls.append(("RegisterHotKey", hwnd, hotkey_id, modifiers, vk))
        self.error = self.register_error
        return 0 if self.register_error else 1

    def UnregisterHotKey(self, hwnd, hotkey_id):
        self.calls.append(("UnregisterHotKey", hwnd, hotkey_id))
        return 1

    def GetCurrentProcessId(self):
        return OUR_PID

    def GetCurrentThreadId(self):
        return OUR_THREAD

    def GetForegroundWindow(self):
        return self.foreground or None  # HWND NULL comes back from ctypes as None

    def GetWindowThreadProcessId(self, hwnd, pid):
        window = self.windows.get(hwnd)
        if window is None:
            return 0
        if pid is not None:
            pid.contents.value = window.pid
        return window.thread

    def GetWindowTextLengthW(self, hwnd):
        return len(self.windows[hwnd].title)

    def GetWindowTextW(self, hwnd, buffer, size):
        text = self.windows[hwnd].title[:size - 1]
        buffer.value = text
        return len(text)

    def GetClassNameW(self, hwnd, buffer, size):
        buffer.value = self.windows[hwnd].window_class[:size - 1]
        return len(buffer.value)

    def OpenProcess(self, access, inherit, pid):
        assert access == win.PROCESS_QUERY_LIMITED_INFORMATION
        if not any(w.pid == pid and w.exe for w in self.windows.values()):
            self.error = win.ERROR_ACCESS_DENIED
            return None
        handle = 0x100 + pid
        self.open_handles.add(handle)
        return handle

    def QueryFullProcessImageNameW(self, process, flags, buffer, size):
        exe = next(w.exe for w in self.windows.values() if 0x100 + w.pid == process)
        assert size.contents.value >= len(exe) + 1
        buffer.value = exe
        size.contents.value = len(exe)
        return 1

    def CloseHandle(self, handle):
        self.open_handles.remove(handle)
        return 1

    def IsWindow(self, hwnd):
        return int(hwnd in self.windows)

    def IsIconic(self, hwnd):
        return int(self.windows[hwnd].iconic)

    def ShowWindow(self, hwnd, command):
        self.calls.append(("ShowWindow", hwnd, command))
        self.windows[hwnd].iconic = False
        return 1

    def SetForegroundWindow(self, hwnd):
        self.calls.append(("SetForegroundWindow", hwnd))
        if self.foreground_refusals:
            self.foreground_refusals -= 1
            return 0
        self.foreground = hwnd
        return 1

    def AttachThreadInput(self, ours, theirs, attach):
        self.calls.append(("AttachThreadInput", ours, theirs, bool(attach)))
        return 1

    def GetAsyncKeyState(self, vk):
        return -0x8000 if vk in self.held else 0  # SHORT: the top bit set reads as negative

    def MapVirtualKeyW(self, vk, map_type):
        assert map_type == win.MAPVK_VK_TO_VSC
        return 0x100 + vk

    def SendInput(self, count, inputs, size):
        assert size == ctypes.sizeof(win.INPUT)
        records = [inputs[i] for i in range(count)]
        assert all(r.type == win.INPUT_KEYBOARD for r in records)
        inserted = count if self.send_limit is None else min(count, self.send_limit)
        for record in records[:inserted]:
            flags = record.ki.dwFlags
            self.sent.append((record.ki.wVk, bool(flags & win.KEYEVENTF_KEYUP),
                              bool(flags & win.KEYEVENTF_EXTENDEDKEY)))
        self.error = self.send_error
        return inserted


@pytest.fixture
def api():
    return FakeWin32()


@pytest.fixture
def backend(api, qapp):
    backend = WindowsPasteBack(api)
    yield backend
    backend.close()


def hotkey_message(message=win.WM_HOTKEY, w_param=win.HOTKEY_ID) -> win.MSG:
    return win.MSG(hwnd=None, message=message, wParam=w_param, lParam=(0x52 << 16) | win.MOD_CONTROL)


GENERIC_MSG = QByteArray(b"windows_generic_MSG")


def deliver(backend, msg, event_type=GENERIC_MSG):
    """What Qt's event loop does with each message it takes from the thread's queue."""
    return backend.hotkey_filter.nativeEventFilter(event_type, ctypes.addressof(msg))


# -- keys and structures -------------------------------------------------------------------------
def test_every_key_a_hotkey_may_name_has_a_virtual_key():
    assert win.virtual_key("R") == 0x52 and win.virtual_key("A") == 0x41 and win.virtual_key("Z") == 0x5A
    assert win.virtual_key("0") == 0x30 and win.virtual_key("7") == 0x37
    assert [win.virtual_key(f"F{n}") for n in (1, 5, 12, 24)] == [0x70, 0x74, 0x7B, 0x87]
    assert {key: win.virtual_key(key) for key in ("Space", "Insert", "Home", "End", "PgUp", "PgDown", "Pause",
                                                  "Print", "ScrollLock")} == {
        "Space": 0x20, "Insert": 0x2D, "Home": 0x24, "End": 0x23, "PgUp": 0x21, "PgDown": 0x22, "Pause": 0x13,
        "Print": 0x2C, "ScrollLock": 0x91}
    assert all(win.virtual_key(key) for key in NAMED_KEYS)  # whatever the core accepts, Windows can take
    with pytest.raises(PasteError) as caught:
        win.virtual_key("Menu")
    assert caught.value.problem is Problem.HOTKEY_INVALID


def test_modifiers_become_register_hotkey_flags_without_auto_repeat():
    assert win.hotkey_flags(frozenset({"ctrl", "alt"})) == 0x0002 | 0x0001 | 0x4000
    assert win.hotkey_flags(frozenset({"meta", "shift"})) == 0x0008 | 0x0004 | 0x4000


def test_the_input_record_has_the_size_send_input_checks():
    # 64-bit: DWORD type, 4 bytes of padding, then the union sized by MOUSEINPUT (32 bytes).
    if ctypes.sizeof(ctypes.c_void_p) == 8:
        assert ctypes.sizeof(win.INPUT) == 40
        assert win.INPUT.u.offset == 8
        assert ctypes.sizeof(win.KEYBDINPUT) == 24
        assert ctypes.sizeof(win.MSG) == 48
    else:
        assert ctypes.sizeof(win.INPUT) == 28
    assert ctypes.sizeof(win._InputUnion) == ctypes.sizeof(win.MOUSEINPUT)
    record = win.key_input(win.VK_INSERT, up=True, extended=True, scan=0x52)
    assert (record.type, record.ki.wVk, record.ki.wScan, record.ki.dwFlags) == (1, 0x2D, 0x52, 0x0003)


# -- the hotkey -----------------------------------------------------------------------------------
def test_the_hotkey_is_registered_for_the_thread_and_its_message_calls_pressed(backend, api):
    presses = []
    backend.register_hotkey(CTRL_ALT_R, lambda: presses.append(1))
    assert api.calls == [("RegisterHotKey", None, win.HOTKEY_ID, 0x0002 | 0x0001 | 0x4000, 0x52)]

    assert deliver(backend, hotkey_message()) == (True, 0)  # ours: kept from Qt
    assert presses == [1]
    assert deliver(backend, hotkey_message(), event_type=b"windows_generic_MSG") == (True, 0)
    assert presses == [1, 1]


def test_other_messages_pass_through_the_filter(backend):
    presses = []
    backend.register_hotkey(CTRL_ALT_R, lambda: presses.append(1))
    assert deliver(backend, hotkey_message(w_param=win.HOTKEY_ID + 1)) == (False, 0)  # another hotkey
    assert deliver(backend, hotkey_message(message=0x0100)) == (False, 0)  # WM_KEYDOWN
    assert deliver(backend, hotkey_message(), event_type=QByteArray(b"xcb_generic_event_t")) == (False, 0)
    assert backend.hotkey_filter.nativeEventFilter(QByteArray(b"windows_generic_MSG"), 0) == (False, 0)
    assert presses == []


def test_a_failing_callback_is_logged_and_the_hotkey_stays(backend, caplog):
    def pressed():
        raise RuntimeError("palette broke")

    backend.register_hotkey(CTRL_ALT_R, pressed)
    assert deliver(backend, hotkey_message()) == (True, 0)
    assert "the hotkey callback failed" in caplog.text
    assert backend.hotkey_filter is not None


def test_a_combination_another_application_holds_is_taken(backend, api):
    api.register_error = win.ERROR_HOTKEY_ALREADY_REGISTERED
    with pytest.raises(PasteError) as caught:
        backend.register_hotkey(CTRL_ALT_R, lambda: None)
    assert caught.value.problem is Problem.HOTKEY_TAKEN
    assert "Ctrl+Alt+R" in caught.value.detail
    assert backend.hotkey_filter is None
    backend.unregister_hotkey()
    assert [call[0] for call in api.calls] == ["RegisterHotKey"]  # nothing registered, nothing to undo


def test_any_other_refusal_is_invalid_with_the_error_code(backend, api):
    api.register_error = 87  # ERROR_INVALID_PARAMETER
    with pytest.raises(PasteError) as caught:
        backend.register_hotkey(parse_hotkey("Meta+F5"), lambda: None)
    assert caught.value.problem is Problem.HOTKEY_INVALID
    assert "Meta+F5" in caught.value.detail and "87" in caught.value.detail


def test_a_new_hotkey_replaces_the_old_one_and_unregister_undoes_it(backend, api):
    first, second = [], []
    backend.register_hotkey(CTRL_ALT_R, lambda: first.append(1))
    backend.register_hotkey(Hotkey(frozenset({"ctrl", "shift"}), "Space"), lambda: second.append(1))
    assert [call[0] for call in api.calls] == ["RegisterHotKey", "UnregisterHotKey", "RegisterHotKey"]
    assert api.calls[-1][3:] == (0x0002 | 0x0004 | 0x4000, 0x20)
    deliver(backend, hotkey_message())
    assert (first, second) == ([], [1])
    backend.unregister_hotkey()
    assert api.calls[-1] == ("UnregisterHotKey", None, win.HOTKEY_ID)
    assert backend.hotkey_filter is None


# -- the active window ------------------------------------------------------------------------------
def test_the_foreground_window_with_its_title_and_executable(backend, api):
    api.windows[0x2A] = Window(pid=77, thread=770, title="[SUP-1234] Не приходят письма - Jira - Google Chrome")
    api.foreground = 0x2A
    assert backend.active_window() == TargetWindow(
        handle=0x2A, title="[SUP-1234] Не приходят письма - Jira - Google Chrome", app="chrome.exe", terminal=False)
    assert backend.active_handle() == 0x2A
    assert api.open_handles == set()  # the process handle was closed


def test_our_own_window_in_front_is_no_target(backend, api):
    api.windows[0x10] = Window(pid=OUR_PID, thread=OUR_THREAD, title="Reply — Support Companion")
    api.foreground = 0x10
    assert backend.active_window() is None
    assert backend.active_handle() == 0x10
    api.foreground = 0  # nothing in front: a desktop switch, a UAC prompt
    assert backend.active_window() is None
    assert backend.active_handle() == 0


def test_terminals_are_known_by_executable_or_window_class(backend, api):
    api.windows[1] = Window(pid=11, thread=1, title="Windows PowerShell", window_class="CASCADIA_HOSTING_WINDOW_CLASS",
                            exe=r"C:\Program Files\WindowsApps\Microsoft.WindowsTerminal\WindowsTerminal.exe")
    api.windows[2] = Window(pid=12, thread=2, title="ssh prod-db", window_class="PuTTY",
                            exe=r"C:\Tools\putty.exe")
    # A console whose process cannot be opened: the class names the app and says "terminal".
    api.windows[3] = Window(pid=13, thread=3, title="Administrator: cmd", window_class="ConsoleWindowClass", exe=None)
    api.windows[4] = Window(pid=14, thread=4, title="Untitled - Notepad", window_class="Notepad",
                            exe=r"C:\Windows\System32\notepad.exe")
    found = {}
    for hwnd in api.windows:
        api.foreground = hwnd
        window = backend.active_window()
        found[hwnd] = (window.app, window.terminal)
    assert found == {1: ("WindowsTerminal.exe", True), 2: ("putty.exe", True), 3: ("ConsoleWindowClass", True),
                     4: ("notepad.exe", False)}


# -- the focus --------------------------------------------------------------------------------------
@pytest.fixture
def target(api):
    api.windows[0x2A] = Window(pid=77, thread=770, title="Slack")
    api.foreground = 0  # our palette has just closed
    return TargetWindow(0x2A, "Slack", "slack.exe")


def test_focus_brings_the_window_back(backend, api, target):
    assert backend.focus(target) is True
    assert api.calls == [("SetForegroundWindow", 0x2A)]


def test_a_minimised_window_is_restored_first(backend, api, target):
    api.windows[0x2A].iconic = True
    assert backend.focus(target) is True
    assert api.calls == [("ShowWindow", 0x2A, win.SW_RESTORE), ("SetForegroundWindow", 0x2A)]


def test_a_refusal_is_retried_once_with_the_threads_input_attached(backend, api, target):
    api.foreground_refusals = 1
    assert backend.focus(target) is True
    assert api.calls == [("SetForegroundWindow", 0x2A), ("AttachThreadInput", OUR_THREAD, 770, True),
                         ("SetForegroundWindow", 0x2A), ("AttachThreadInput", OUR_THREAD, 770, False)]


def test_a_window_that_refuses_the_focus_twice(backend, api, target):
    api.foreground_refusals = 2
    assert backend.focus(target) is False
    assert api.calls[-1] == ("AttachThreadInput", OUR_THREAD, 770, False)  # detached all the same
    assert [c for c in api.calls if c[0] == "SetForegroundWindow"] == [("SetForegroundWindow", 0x2A)] * 2


def test_a_closed_window_is_gone(backend, api, target):
    del api.windows[0x2A]
    with pytest.raises(PasteError) as caught:
        backend.focus(target)
    assert caught.value.problem is Problem.TARGET_GONE
    assert api.calls == []


# -- the paste --------------------------------------------------------------------------------------
DOWN, UP = False, True


def test_ctrl_v_in_an_ordinary_window(backend, api):
    backend.send_paste(TargetWindow(0x2A, "Slack", "slack.exe"))
    assert api.sent == [(win.VK_CONTROL, DOWN, False), (win.VK_V, DOWN, False), (win.VK_V, UP, False),
                        (win.VK_CONTROL, UP, False)]


def test_shift_insert_in_a_terminal(backend, api):
    backend.send_paste(TargetWindow(0x2B, "cmd", "WindowsTerminal.exe", terminal=True))
    # Insert on the navigation block is an extended key; without the flag it is the keypad's 0.
    assert api.sent == [(win.VK_SHIFT, DOWN, False), (win.VK_INSERT, DOWN, True), (win.VK_INSERT, UP, True),
                        (win.VK_SHIFT, UP, False)]


def test_the_records_carry_scan_codes(backend, api):
    records = backend.paste_inputs(TargetWindow(0x2A, "Slack", "slack.exe"))
    assert [r.ki.wScan for r in records] == [0x100 + win.VK_CONTROL, 0x100 + win.VK_V, 0x100 + win.VK_V,
                                             0x100 + win.VK_CONTROL]


def test_held_modifiers_of_other_kinds_are_lifted_first(backend, api):
    # The agent still holds Ctrl+Alt of the hotkey, and the right Shift.
    api.held = {win.VK_LCONTROL, win.VK_LMENU, win.VK_RSHIFT}
    backend.send_paste(TargetWindow(0x2A, "Slack", "slack.exe"))
    assert api.sent == [
        (win.VK_MASK, DOWN, False), (win.VK_MASK, UP, False),  # so the Alt release opens no menu bar
        (win.VK_RSHIFT, UP, False), (win.VK_LMENU, UP, False),  # Ctrl is ours: pressed and released anyway
        (win.VK_CONTROL, DOWN, False), (win.VK_V, DOWN, False), (win.VK_V, UP, False), (win.VK_CONTROL, UP, False)]


def test_in_a_terminal_a_held_ctrl_and_win_are_lifted(backend, api):
    api.held = {win.VK_RCONTROL, win.VK_LSHIFT, win.VK_RWIN}
    backend.send_paste(TargetWindow(0x2B, "cmd", "cmd.exe", terminal=True))
    assert api.sent == [
        (win.VK_MASK, DOWN, False), (win.VK_MASK, UP, False),  # so the Win release opens no Start menu
        (win.VK_RCONTROL, UP, True), (win.VK_RWIN, UP, True),
        (win.VK_SHIFT, DOWN, False), (win.VK_INSERT, DOWN, True), (win.VK_INSERT, UP, True), (win.VK_SHIFT, UP, False)]


def test_an_elevated_window_blocks_the_keys(backend, api):
    api.send_limit, api.send_error = 0, win.ERROR_ACCESS_DENIED
    with pytest.raises(PasteError) as caught:
        backend.send_paste(TargetWindow(0x2C, "Services", "mmc.exe"))
    assert caught.value.problem is Problem.INJECT_FAILED
    assert "administrator" in caught.value.detail and "Services" in caught.value.detail


def test_keys_only_partly_sent(backend, api):
    api.send_limit, api.send_error = 2, 0
    with pytest.raises(PasteError) as caught:
        backend.send_paste(TargetWindow(0x2A, "Slack", "slack.exe"))
    assert caught.value.problem is Problem.INJECT_FAILED
    assert "2 of 4" in caught.value.detail
    api.send_limit, api.send_error = 0, 87
    with pytest.raises(PasteError) as caught:
        backend.send_paste(TargetWindow(0x2A, "Slack", "slack.exe"))
    assert "0 of 4" in caught.value.detail and "error 87" in caught.value.detail


# -- detection and loading --------------------------------------------------------------------------
def test_detect_makes_the_windows_backend_without_loading_anything():
    backend = detect({}, "win32")
    assert isinstance(backend, WindowsPasteBack) and backend.name == "windows"
    assert backend._api is None


def test_without_user32_the_backend_says_what_is_missing(api):
    assert WindowsPasteBack(api).problem() is None
    if sys.platform != "win32":
        problem = WindowsPasteBack().problem()
        assert problem is not None and problem.problem is Problem.MISSING_PART
