"""Replying into other windows on Windows: the hotkey registered with RegisterHotKey, the foreground
window and its process for the target, SetForegroundWindow to give it the focus back, and the paste
keys typed with SendInput. user32 and kernel32 are used through ctypes.

Nothing is loaded on import: `Win32` (the entry points this module calls, with their C types) is made
on first use, and tests hand `WindowsPasteBack` a fake with the same names instead, so the logic
runs on any system. Only the structures below are ctypes types of our own; they are laid out for
64-bit and 32-bit Windows alike.

Every call is made on the Qt main thread. RegisterHotKey without a window ties the hotkey to the
calling thread: Windows posts WM_HOTKEY to that thread's queue, which is Qt's event loop there, and a
native event filter on the application picks it out. UnregisterHotKey must come from the same thread.

Not here: the clipboard (the app fills it before the paste and restores it afterwards) and waiting
for the focus to arrive (the app polls `active_handle()`).
"""

from __future__ import annotations

import ctypes
import logging
import ntpath
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication

from companion.core.hotkeys import Hotkey
from companion.platform.paste.base import PasteError, Problem, TargetWindow, is_terminal

log = logging.getLogger(__name__)

# RegisterHotKey's modifiers (winuser.h). MOD_NOREPEAT: a held hotkey is one press, not one per
# auto-repeat, so holding it does not open and close the palette in turn.
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x0001, 0x0002, 0x0004, 0x0008, 0x4000
MODIFIER_FLAGS = {"alt": MOD_ALT, "ctrl": MOD_CONTROL, "shift": MOD_SHIFT, "meta": MOD_WIN}
HOTKEY_ID = 0x5343  # ours among the thread's hotkeys (applications may use 0x0000–0xBFFF)
WM_HOTKEY = 0x0312

# Virtual-key codes of the named keys a hotkey may use (letters and digits are their ASCII codes).
NAMED_KEYS = {"Space": 0x20, "PgUp": 0x21, "PgDown": 0x22, "End": 0x23, "Home": 0x24, "Print": 0x2C,
              "Insert": 0x2D, "Pause": 0x13, "ScrollLock": 0x91, **{f"F{n}": 0x6F + n for n in range(1, 25)}}

VK_SHIFT, VK_CONTROL, VK_MENU, VK_INSERT, VK_V = 0x10, 0x11, 0x12, 0x2D, 0x56
VK_LWIN, VK_RWIN = 0x5B, 0x5C
VK_LSHIFT, VK_RSHIFT, VK_LCONTROL, VK_RCONTROL, VK_LMENU, VK_RMENU = 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5
# An unassigned virtual key, pressed and released before lifting a held Alt or Win: a lone Win
# release opens the Start menu and a lone Alt release the menu bar; any key in between prevents
# both, and this one means nothing to any application.
VK_MASK = 0xE8
# The modifier keys a user may still hold when the paste goes out: (key, extended, which modifier).
# The right-hand Ctrl and Alt and both Win keys are extended keys; without the flag a release of
# them would be taken for the left one's.
HELD_MODIFIERS = (
    (VK_LSHIFT, False, VK_SHIFT), (VK_RSHIFT, False, VK_SHIFT),
    (VK_LCONTROL, False, VK_CONTROL), (VK_RCONTROL, True, VK_CONTROL),
    (VK_LMENU, False, VK_MENU), (VK_RMENU, True, VK_MENU),
    (VK_LWIN, True, VK_LWIN), (VK_RWIN, True, VK_RWIN),
)
KEY_DOWN_BIT = 0x8000  # GetAsyncKeyState: the key is down now

INPUT_KEYBOARD = 1
KEYEVENTF_EXTENDEDKEY, KEYEVENTF_KEYUP = 0x0001, 0x0002
MAPVK_VK_TO_VSC = 0

SW_RESTORE = 9
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
ERROR_ACCESS_DENIED = 5
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
# Console windows: the classic console host's and Windows Terminal's. Their process may be the shell
# (cmd, powershell) or the terminal itself; the class says "terminal" either way.
TERMINAL_CLASSES = frozenset({"ConsoleWindowClass", "CASCADIA_HOSTING_WINDOW_CLASS"})
_PATH_CHARS = 32768  # the longest path Windows accepts, in UTF-16 units
_CLASS_CHARS = 256  # a window class name has at most 256 characters


def virtual_key(key: str) -> int:
    """The virtual-key code of a `Hotkey.key`. Raises PasteError(HOTKEY_INVALID)."""
    if len(key) == 1 and key.isascii() and key.isalnum():
        return ord(key.upper())  # 'A'–'Z' are 0x41–0x5A, '0'–'9' are 0x30–0x39
    code = NAMED_KEYS.get(key)
    if code is None:
        raise PasteError(Problem.HOTKEY_INVALID, f"{key!r} has no Windows virtual-key code")
    return code


def hotkey_flags(modifiers: frozenset[str]) -> int:
    """RegisterHotKey's fsModifiers for `modifiers`, with MOD_NOREPEAT."""
    flags = MOD_NOREPEAT
    for name in modifiers:
        flags |= MODIFIER_FLAGS[name]
    return flags


# ------------------------------------------------------------------------------------ structures

_ULONG_PTR = ctypes.c_size_t  # pointer-sized on both 32-bit and 64-bit Windows


class MOUSEINPUT(ctypes.Structure):
    _fields_ = [("dx", ctypes.c_int32), ("dy", ctypes.c_int32), ("mouseData", ctypes.c_uint32),
                ("dwFlags", ctypes.c_uint32), ("time", ctypes.c_uint32), ("dwExtraInfo", _ULONG_PTR)]


class KEYBDINPUT(ctypes.Structure):
    _fields_ = [("wVk", ctypes.c_uint16), ("wScan", ctypes.c_uint16), ("dwFlags", ctypes.c_uint32),
                ("time", ctypes.c_uint32), ("dwExtraInfo", _ULONG_PTR)]


class HARDWAREINPUT(ctypes.Structure):
    _fields_ = [("uMsg", ctypes.c_uint32), ("wParamL", ctypes.c_uint16), ("wParamH", ctypes.c_uint16)]


class _InputUnion(ctypes.Union):
    # MOUSEINPUT is the largest member: SendInput checks cbSize against sizeof(INPUT) and refuses
    # the whole array (error 87) if a union sized for KEYBDINPUT alone makes it 8 bytes short.
    _fields_ = [("mi", MOUSEINPUT), ("ki", KEYBDINPUT), ("hi", HARDWAREINPUT)]


class INPUT(ctypes.Structure):
    _anonymous_ = ("u",)
    _fields_ = [("type", ctypes.c_uint32), ("u", _InputUnion)]


class POINT(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int32), ("y", ctypes.c_int32)]


class MSG(ctypes.Structure):
    """What Qt's "windows_generic_MSG" native events point to."""

    _fields_ = [("hwnd", ctypes.c_void_p), ("message", ctypes.c_uint32), ("wParam", _ULONG_PTR),
                ("lParam", ctypes.c_ssize_t), ("time", ctypes.c_uint32), ("pt", POINT),
                ("lPrivate", ctypes.c_uint32)]


def key_input(vk: int, *, up: bool = False, extended: bool = False, scan: int = 0) -> INPUT:
    """One keyboard record for SendInput."""
    flags = (KEYEVENTF_KEYUP if up else 0) | (KEYEVENTF_EXTENDEDKEY if extended else 0)
    record = INPUT(type=INPUT_KEYBOARD)
    record.ki = KEYBDINPUT(wVk=vk, wScan=scan, dwFlags=flags, time=0, dwExtraInfo=0)
    return record


# ---------------------------------------------------------------------------------- the Win32 API

class Win32:
    """The user32 and kernel32 functions this backend calls, under their own names and with their
    C prototypes. Out-parameters are passed as ctypes pointers or buffers, as Windows expects; a
    fake for tests writes into the same objects."""

    def __init__(self) -> None:
        if sys.platform != "win32":  # ctypes has no WinDLL elsewhere
            raise OSError("not Windows")
        from ctypes import wintypes

        user32 = ctypes.WinDLL("user32", use_last_error=True)
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        hwnd, dword, boolean = wintypes.HWND, wintypes.DWORD, wintypes.BOOL
        lpdword = ctypes.POINTER(dword)
        prototypes: list[tuple[Any, str, list[Any], Any]] = [
            (user32, "RegisterHotKey", [hwnd, ctypes.c_int, wintypes.UINT, wintypes.UINT], boolean),
            (user32, "UnregisterHotKey", [hwnd, ctypes.c_int], boolean),
            (user32, "GetForegroundWindow", [], hwnd),
            (user32, "SetForegroundWindow", [hwnd], boolean),
            (user32, "GetWindowThreadProcessId", [hwnd, lpdword], dword),
            (user32, "GetWindowTextLengthW", [hwnd], ctypes.c_int),
            (user32, "GetWindowTextW", [hwnd, wintypes.LPWSTR, ctypes.c_int], ctypes.c_int),
            (user32, "GetClassNameW", [hwnd, wintypes.LPWSTR, ctypes.c_int], ctypes.c_int),
            (user32, "IsWindow", [hwnd], boolean),
            (user32, "IsIconic", [hwnd], boolean),
            (user32, "ShowWindow", [hwnd, ctypes.c_int], boolean),
            (user32, "AttachThreadInput", [dword, dword, boolean], boolean),
            (user32, "GetAsyncKeyState", [ctypes.c_int], ctypes.c_short),
            (user32, "MapVirtualKeyW", [wintypes.UINT, wintypes.UINT], wintypes.UINT),
            (user32, "SendInput", [wintypes.UINT, ctypes.POINTER(INPUT), ctypes.c_int], wintypes.UINT),
            (kernel32, "GetCurrentProcessId", [], dword),
            (kernel32, "GetCurrentThreadId", [], dword),
            (kernel32, "OpenProcess", [dword, boolean, dword], wintypes.HANDLE),
            (kernel32, "QueryFullProcessImageNameW", [wintypes.HANDLE, dword, wintypes.LPWSTR, lpdword], boolean),
            (kernel32, "CloseHandle", [wintypes.HANDLE], boolean),
        ]
        for library, name, argtypes, restype in prototypes:
            function = getattr(library, name)
            function.argtypes, function.restype = argtypes, restype
            setattr(self, name, function)
        # use_last_error keeps each thread's error from its last call through these libraries.
        self.GetLastError = ctypes.get_last_error


# ------------------------------------------------------------------------------------ the hotkey

class HotkeyFilter(QAbstractNativeEventFilter):
    """Picks our WM_HOTKEY out of the messages Qt's event loop takes from the main thread's queue."""

    def __init__(self, hotkey_id: int, pressed: Callable[[], None]):
        super().__init__()
        self.hotkey_id = hotkey_id
        self.pressed = pressed

    def nativeEventFilter(self, eventType: QByteArray | bytes | bytearray | memoryview,
                          message: int) -> object:
        # PySide6 takes (handled, result): True keeps the message from Qt, which has no use for it.
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if kind != b"windows_generic_MSG" or not message:
            return False, 0
        msg = MSG.from_address(int(message))
        if msg.message != WM_HOTKEY or msg.wParam != self.hotkey_id:
            return False, 0
        try:
            self.pressed()
        except Exception:  # a failing callback must not stop the hotkey, nor reach Qt's dispatcher
            log.exception("the hotkey callback failed")
        return True, 0


# --------------------------------------------------------------------------------------- backend

class WindowsPasteBack:
    """PasteBack on Windows. Use it from the Qt main thread (see the module's docstring)."""

    name = "windows"

    def __init__(self, api: Any = None):
        self._api = api  # Win32, made on first use; tests pass a fake
        self.hotkey_filter: HotkeyFilter | None = None
        self._hotkey: Hotkey | None = None

    def _win(self) -> Any:
        if self._api is None:
            self._api = Win32()
        return self._api

    def problem(self) -> PasteError | None:
        try:
            self._win()
        except OSError as e:  # not Windows, or a system without user32 (Server Core without a desktop)
            return PasteError(Problem.MISSING_PART, f"user32 and kernel32 cannot be loaded: {e}")
        return None

    # ---------------------------------------------------------------------------------- hotkey

    def register_hotkey(self, hotkey: Hotkey, pressed: Callable[[], None]) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("the hotkey needs a QCoreApplication to receive WM_HOTKEY")
        vk = virtual_key(hotkey.key)
        self.unregister_hotkey()
        api = self._win()
        if not api.RegisterHotKey(None, HOTKEY_ID, hotkey_flags(hotkey.modifiers), vk):
            error = api.GetLastError()
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise PasteError(Problem.HOTKEY_TAKEN, f"another application has registered {hotkey}")
            raise PasteError(Problem.HOTKEY_INVALID, f"RegisterHotKey refused {hotkey} (error {error})")
        self.hotkey_filter = HotkeyFilter(HOTKEY_ID, pressed)  # kept here: Qt holds only a pointer to it
        self._hotkey = hotkey
        app.installNativeEventFilter(self.hotkey_filter)

    def unregister_hotkey(self) -> None:
        if self.hotkey_filter is None:
            return
        if not self._win().UnregisterHotKey(None, HOTKEY_ID):
            log.debug("UnregisterHotKey(%s): error %d", self._hotkey, self._win().GetLastError())
        app = QCoreApplication.instance()
        if app is not None:
            app.removeNativeEventFilter(self.hotkey_filter)
        self.hotkey_filter = self._hotkey = None

    # ---------------------------------------------------------------------------------- windows

    def active_handle(self) -> int:
        """The foreground window (any process's, ours included), or 0: cheap enough to poll while
        waiting for `focus()` to take effect."""
        return int(self._win().GetForegroundWindow() or 0)

    def active_window(self) -> TargetWindow | None:
        """The foreground window, unless it is one of this process's (the palette itself must never
        become the target) or there is none (the desktop is switching, a UAC prompt is up)."""
        api = self._win()
        hwnd = int(api.GetForegroundWindow() or 0)
        if not hwnd:
            return None
        pid = ctypes.c_uint32()
        api.GetWindowThreadProcessId(hwnd, ctypes.pointer(pid))
        if pid.value == api.GetCurrentProcessId():
            return None
        window_class = self._class_name(api, hwnd)
        app = self._executable(api, pid.value) or window_class
        return TargetWindow(handle=hwnd, title=self._title(api, hwnd), app=app,
                            terminal=is_terminal(app) or window_class in TERMINAL_CLASSES)

    @staticmethod
    def _title(api: Any, hwnd: int) -> str:
        length = api.GetWindowTextLengthW(hwnd)
        if length <= 0:
            return ""
        buffer = ctypes.create_unicode_buffer(length + 1)
        api.GetWindowTextW(hwnd, buffer, length + 1)
        return buffer.value

    @staticmethod
    def _class_name(api: Any, hwnd: int) -> str:
        buffer = ctypes.create_unicode_buffer(_CLASS_CHARS + 1)
        return buffer.value if api.GetClassNameW(hwnd, buffer, _CLASS_CHARS + 1) else ""

    @staticmethod
    def _executable(api: Any, pid: int) -> str:
        """The base name of process `pid`'s executable ("chrome.exe"), or "" if it cannot be read (a
        protected process; the limited query right is granted even for elevated ones)."""
        process = api.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not process:
            return ""
        try:
            buffer = ctypes.create_unicode_buffer(_PATH_CHARS)
            size = ctypes.c_uint32(_PATH_CHARS)
            if not api.QueryFullProcessImageNameW(process, 0, buffer, ctypes.pointer(size)):
                return ""
            return ntpath.basename(buffer.value)
        finally:
            api.CloseHandle(process)

    def focus(self, window: TargetWindow) -> bool:
        """Bring `window` to the foreground. Windows lets a process do that while it is the foreground
        process or received the last input: the agent has just pressed Enter in our palette, so we
        are. If Windows still refuses, the call is repeated with our thread's input attached to the
        target's, which makes the two share the focus state for a moment. True if the window is in
        the foreground now."""
        api = self._win()
        hwnd = window.handle
        if not api.IsWindow(hwnd):
            raise PasteError(Problem.TARGET_GONE, f"window {hwnd:#x} no longer exists")
        if api.IsIconic(hwnd):
            api.ShowWindow(hwnd, SW_RESTORE)
        if not api.SetForegroundWindow(hwnd):
            ours = api.GetCurrentThreadId()
            theirs = api.GetWindowThreadProcessId(hwnd, None)
            attached = bool(theirs) and theirs != ours and bool(api.AttachThreadInput(ours, theirs, True))
            try:
                if not api.SetForegroundWindow(hwnd):
                    log.info("Windows refused the foreground to window %#x", hwnd)
            finally:
                if attached:
                    api.AttachThreadInput(ours, theirs, False)
        return int(api.GetForegroundWindow() or 0) == hwnd

    # ------------------------------------------------------------------------------------ paste

    def paste_inputs(self, window: TargetWindow) -> list[INPUT]:
        """The records to send: held modifiers of other kinds lifted first (the agent may not have let
        go of the hotkey yet, and Ctrl+V must not arrive as Ctrl+Alt+V), then Ctrl+V, or Shift+Insert
        in a terminal, where Ctrl+V may be a control character (Windows Terminal and the newer console
        take Ctrl+V too, but Shift+Insert works in all of them)."""
        api = self._win()
        modifier, key, key_extended = (VK_SHIFT, VK_INSERT, True) if window.terminal else (VK_CONTROL, VK_V, False)

        def scan(vk: int) -> int:
            # Applications that read scan codes (terminals, remote desktops) get the real one.
            return int(api.MapVirtualKeyW(vk, MAPVK_VK_TO_VSC)) & 0xFFFF

        held = [(vk, extended, kind) for vk, extended, kind in HELD_MODIFIERS
                if kind != modifier and api.GetAsyncKeyState(vk) & KEY_DOWN_BIT]
        records = []
        if any(kind in (VK_MENU, VK_LWIN, VK_RWIN) for _, _, kind in held):
            records += [key_input(VK_MASK), key_input(VK_MASK, up=True)]
        records += [key_input(vk, up=True, extended=extended, scan=scan(vk)) for vk, extended, _ in held]
        records += [
            key_input(modifier, scan=scan(modifier)),
            key_input(key, extended=key_extended, scan=scan(key)),
            key_input(key, up=True, extended=key_extended, scan=scan(key)),
            key_input(modifier, up=True, scan=scan(modifier)),
        ]
        return records

    def send_paste(self, window: TargetWindow) -> None:
        """Type the paste keys into the foreground window (see `paste_inputs`)."""
        api = self._win()
        records = self.paste_inputs(window)
        inputs = (INPUT * len(records))(*records)
        sent = int(api.SendInput(len(records), inputs, ctypes.sizeof(INPUT)))
        if sent == len(records):
            return
        error = api.GetLastError()
        if sent == 0 and error == ERROR_ACCESS_DENIED:
            # User Interface Privilege Isolation: a program cannot type into one with a higher
            # integrity level. (Some Windows versions drop such input without saying so.)
            raise PasteError(Problem.INJECT_FAILED, f"“{window.title or window.app}” runs as administrator, and "
                                                    "Windows does not let a normal program type into it")
        raise PasteError(Problem.INJECT_FAILED, f"SendInput sent {sent} of {len(records)} key events "
                                                f"(error {error})")

    # ------------------------------------------------------------------------------------ close

    def close(self) -> None:
        self.unregister_hotkey()
