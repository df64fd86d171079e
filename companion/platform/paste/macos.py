"""Replying into other applications on macOS: a Carbon hot key for the hotkey, the frontmost
application for the target, NSRunningApplication to bring it back, and Cmd+V posted as Quartz
keyboard events.

The hotkey is RegisterEventHotKey (HIToolbox, in Carbon), the system-wide hotkey service macOS
keeps for this: it needs no permission, the key press goes to us and not to the application in
front, it reports a combination another application holds, and the press arrives on the main thread
through the application event loop that Qt runs. It names the physical key, as Windows' virtual keys
do, so with a Russian layout on, Ctrl+Alt+R is still the key marked R. pynput's keyboard listener,
the other way in Python, does not serve: it calls the Text Input Sources API from its own thread,
which macOS 14 and later answer by stopping the process (pynput issue #511), and its hotkeys compare
the character typed, which Option changes (Option+R types ®), so Ctrl+Alt+R never fires (#297).

Pasting posts key events, which takes the Accessibility permission (AXIsProcessTrusted); without it
macOS drops them without a word. So `problem()` says how to grant it and `send_paste` refuses first.
The hotkey works without it: the palette opens, and the reply is copied for the agent to paste.

Window titles are not read: macOS 10.15 and later give other applications' window titles only to
holders of the Screen Recording permission, which this app does not ask for. The application's name
stands in for the title.

Carbon, ApplicationServices and CoreFoundation are used through ctypes (`MacNative`), AppKit through
PyObjC for the running applications; each is loaded on first use, and tests pass fakes of both.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from companion.core.hotkeys import Hotkey
from companion.platform.paste.base import PasteError, Problem, TargetWindow, is_terminal

log = logging.getLogger(__name__)

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"
APPLICATION_SERVICES = "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
CORE_FOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"

PERMISSION_HELP = ("macOS lets an application type into others only with the Accessibility permission: "
                   "System Settings → Privacy & Security → Accessibility, add Support Companion (or the "
                   "Python or terminal it runs from) and switch it on, then restart Support Companion")


def four_char_code(text: str) -> int:
    """Carbon's four-character codes ('keyb') as the 32-bit numbers the C API takes."""
    return int.from_bytes(text.encode("ascii"), "big")


# Carbon's modifier masks (Events.h). A hotkey's "meta" (written Meta, Cmd or Win) is the Command
# key and its "ctrl" the Control key, as companion.core.hotkeys reads the text; Qt's own key
# sequences swap the two on macOS, which does not matter here.
CMD_KEY, SHIFT_KEY, OPTION_KEY, CONTROL_KEY = 0x0100, 0x0200, 0x0800, 0x1000
MODIFIER_MASKS = {"meta": CMD_KEY, "shift": SHIFT_KEY, "alt": OPTION_KEY, "ctrl": CONTROL_KEY}
K_EVENT_CLASS_KEYBOARD = four_char_code("keyb")
K_EVENT_HOTKEY_PRESSED = 5
K_EVENT_PARAM_DIRECT_OBJECT = four_char_code("----")
TYPE_EVENT_HOTKEY_ID = four_char_code("hkid")
HOTKEY_SIGNATURE = four_char_code("SCmp")  # ours among the process's hot keys
HOTKEY_ID = 1
NO_ERR = 0
EVENT_NOT_HANDLED_ERR = -9874
EVENT_HOTKEY_EXISTS_ERR = -9878  # another application registered the combination
EVENT_HOTKEY_INVALID_ERR = -9879

# Virtual key codes (the physical keys of an ANSI keyboard, HIToolbox Events.h kVK_*).
LETTER_KEYS = {
    "A": 0x00, "S": 0x01, "D": 0x02, "F": 0x03, "H": 0x04, "G": 0x05, "Z": 0x06, "X": 0x07, "C": 0x08,
    "V": 0x09, "B": 0x0B, "Q": 0x0C, "W": 0x0D, "E": 0x0E, "R": 0x0F, "Y": 0x10, "T": 0x11, "O": 0x1F,
    "U": 0x20, "I": 0x22, "P": 0x23, "L": 0x25, "J": 0x26, "K": 0x28, "N": 0x2D, "M": 0x2E,
}
DIGIT_KEYS = {"1": 0x12, "2": 0x13, "3": 0x14, "4": 0x15, "6": 0x16, "5": 0x17, "9": 0x19, "7": 0x1A,
              "8": 0x1C, "0": 0x1D}
FUNCTION_KEYS = {"F1": 0x7A, "F2": 0x78, "F3": 0x63, "F4": 0x76, "F5": 0x60, "F6": 0x61, "F7": 0x62, "F8": 0x64,
                 "F9": 0x65, "F10": 0x6D, "F11": 0x67, "F12": 0x6F, "F13": 0x69, "F14": 0x6B, "F15": 0x71,
                 "F16": 0x6A, "F17": 0x40, "F18": 0x4F, "F19": 0x50, "F20": 0x5A}
# Insert: Apple's extended keyboards have Help in its place, and a PC keyboard's Insert arrives as Help.
NAMED_KEYS = {"Space": 0x31, "Home": 0x73, "End": 0x77, "PgUp": 0x74, "PgDown": 0x79, "Insert": 0x72}
_ALL_KEYS = {**LETTER_KEYS, **DIGIT_KEYS, **FUNCTION_KEYS, **NAMED_KEYS}
KVK_COMMAND, KVK_V = 0x37, 0x09

# Quartz: the Command flag of a keyboard event, and the tap where posted events enter as if typed.
CG_EVENT_FLAG_MASK_COMMAND = 0x00100000
CG_HID_EVENT_TAP = 0
# (key code, down, flags): each event carries exactly these flags, so an Option or Shift the agent
# still holds is not added to them (Cmd+V does not become Cmd+Option+V). The key is the physical V
# key: Cmd+V means that key in every layout, also where no key types a Latin v.
CMD_V = ((KVK_COMMAND, True, CG_EVENT_FLAG_MASK_COMMAND), (KVK_V, True, CG_EVENT_FLAG_MASK_COMMAND),
         (KVK_V, False, CG_EVENT_FLAG_MASK_COMMAND), (KVK_COMMAND, False, 0))

NS_APPLICATION_ACTIVATE_IGNORING_OTHER_APPS = 1 << 1


def key_code(key: str) -> int:
    """The virtual key code of a `Hotkey.key`. Raises PasteError(HOTKEY_INVALID) for the keys Mac
    keyboards lack (Pause, Print, ScrollLock, F21–F24)."""
    code = _ALL_KEYS.get(key.upper() if len(key) == 1 else key)
    if code is None:
        raise PasteError(Problem.HOTKEY_INVALID, f"Mac keyboards have no {key} key; use a letter, a digit, "
                                                 "F1–F20 or Space")
    return code


def hotkey_modifiers(modifiers: frozenset[str]) -> int:
    mask = 0
    for name in modifiers:
        mask |= MODIFIER_MASKS[name]
    return mask


# ------------------------------------------------------------------------------------ structures

class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


# OSStatus handler(EventHandlerCallRef, EventRef, void *userData)
EventHandlerProc = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


# ------------------------------------------------------------------------------- the C libraries

class MacNative:
    """The C side: the accessibility check and prompt, the Carbon hot key, and posting key events.
    Tests pass a fake with the same methods."""

    _carbon: Any
    _services: Any
    _cf: Any
    _callback: Any
    _handler: ctypes.c_void_p
    _hotkey: ctypes.c_void_p
    _on_press: Callable[[], None] | None

    def __init__(self) -> None:
        if sys.platform != "darwin":
            raise OSError("not macOS")
        self._carbon = ctypes.CDLL(CARBON)
        self._services = ctypes.CDLL(APPLICATION_SERVICES)
        self._cf = ctypes.CDLL(CORE_FOUNDATION)
        vp, u32, i32, ulong = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int32, ctypes.c_ulong
        prototypes: list[tuple[Any, str, list[Any], Any]] = [
            (self._services, "AXIsProcessTrusted", [], ctypes.c_bool),
            (self._services, "AXIsProcessTrustedWithOptions", [vp], ctypes.c_bool),
            (self._services, "CGEventCreateKeyboardEvent", [vp, ctypes.c_uint16, ctypes.c_bool], vp),
            (self._services, "CGEventSetFlags", [vp, ctypes.c_uint64], None),
            (self._services, "CGEventPost", [u32, vp], None),
            (self._carbon, "GetApplicationEventTarget", [], vp),
            # InstallEventHandler(target, handler, ItemCount, const EventTypeSpec *, userData, EventHandlerRef *)
            (self._carbon, "InstallEventHandler", [vp, EventHandlerProc, ulong, ctypes.POINTER(EventTypeSpec), vp,
                                                   ctypes.POINTER(vp)], i32),
            (self._carbon, "RemoveEventHandler", [vp], i32),
            # RegisterEventHotKey(keyCode, modifiers, EventHotKeyID by value, target, options, EventHotKeyRef *)
            (self._carbon, "RegisterEventHotKey", [u32, u32, EventHotKeyID, vp, u32, ctypes.POINTER(vp)], i32),
            (self._carbon, "UnregisterEventHotKey", [vp], i32),
            # GetEventParameter(event, name, desiredType, actualType *, ByteCount size, ByteCount *, data *)
            (self._carbon, "GetEventParameter", [vp, u32, u32, vp, ulong, vp, vp], i32),
            (self._cf, "CFDictionaryCreate", [vp, ctypes.POINTER(vp), ctypes.POINTER(vp), ctypes.c_long, vp, vp], vp),
            (self._cf, "CFRelease", [vp], None),
        ]
        for library, name, argtypes, restype in prototypes:
            function = getattr(library, name)
            function.argtypes, function.restype = argtypes, restype
        self._callback = EventHandlerProc(self._on_event)  # kept: Carbon holds only its address
        self._handler = ctypes.c_void_p()
        self._hotkey = ctypes.c_void_p()
        self._on_press = None

    # -- the permission ---------------------------------------------------------------------------
    def trusted(self) -> bool:
        return bool(self._services.AXIsProcessTrusted())

    def ask_trust(self) -> bool:
        """AXIsProcessTrustedWithOptions({kAXTrustedCheckOptionPrompt: true}): unless the permission
        is granted, macOS shows its own prompt with a button to the Accessibility settings. Whether
        the process is trusted now."""
        cf, vp = self._cf, ctypes.c_void_p
        keys = (vp * 1)(vp.in_dll(self._services, "kAXTrustedCheckOptionPrompt").value)
        values = (vp * 1)(vp.in_dll(cf, "kCFBooleanTrue").value)
        key_callbacks = ctypes.addressof(ctypes.c_char.in_dll(cf, "kCFTypeDictionaryKeyCallBacks"))
        value_callbacks = ctypes.addressof(ctypes.c_char.in_dll(cf, "kCFTypeDictionaryValueCallBacks"))
        options = cf.CFDictionaryCreate(None, keys, values, 1, key_callbacks, value_callbacks)
        if not options:
            raise OSError("CFDictionaryCreate failed")
        try:
            return bool(self._services.AXIsProcessTrustedWithOptions(options))
        finally:
            cf.CFRelease(options)

    # -- the hot key ------------------------------------------------------------------------------
    def register_hotkey(self, code: int, modifiers: int, on_press: Callable[[], None]) -> int:
        """Register the one hot key (replacing ours), calling `on_press` on each press: NO_ERR, or
        the OSStatus that refused it."""
        carbon = self._carbon
        target = carbon.GetApplicationEventTarget()
        if not self._handler:
            spec = EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOTKEY_PRESSED)
            status = carbon.InstallEventHandler(target, self._callback, 1, ctypes.byref(spec), None,
                                                ctypes.byref(self._handler))
            if status != NO_ERR:
                return int(status)
        self.unregister_hotkey()
        status = carbon.RegisterEventHotKey(code, modifiers, EventHotKeyID(HOTKEY_SIGNATURE, HOTKEY_ID), target, 0,
                                            ctypes.byref(self._hotkey))
        if status == NO_ERR:
            self._on_press = on_press
        return int(status)

    def unregister_hotkey(self) -> None:
        if self._hotkey:
            self._carbon.UnregisterEventHotKey(self._hotkey)
            self._hotkey = ctypes.c_void_p()
        self._on_press = None

    def _on_event(self, _call: int | None, event: int | None, _data: int | None) -> int:
        try:
            hotkey = EventHotKeyID()
            status = self._carbon.GetEventParameter(event, K_EVENT_PARAM_DIRECT_OBJECT, TYPE_EVENT_HOTKEY_ID, None,
                                                    ctypes.sizeof(hotkey), None, ctypes.byref(hotkey))
            if status != NO_ERR or (hotkey.signature, hotkey.id) != (HOTKEY_SIGNATURE, HOTKEY_ID):
                return EVENT_NOT_HANDLED_ERR
            if self._on_press is not None:
                self._on_press()
        except Exception:  # an exception must not cross into C
            log.exception("the hot key event could not be handled")
        return NO_ERR

    # -- key events -------------------------------------------------------------------------------
    def post_keys(self, keys: tuple[tuple[int, bool, int], ...]) -> None:
        """Post (key code, down, flags) keyboard events as if typed. Raises OSError."""
        services = self._services
        for code, down, flags in keys:
            event = services.CGEventCreateKeyboardEvent(None, code, down)
            if not event:
                raise OSError(f"CGEventCreateKeyboardEvent({code:#x}) failed")
            try:
                services.CGEventSetFlags(event, flags)
                services.CGEventPost(CG_HID_EVENT_TAP, event)
            finally:
                self._cf.CFRelease(event)

    def close(self) -> None:
        self.unregister_hotkey()
        if self._handler:
            self._carbon.RemoveEventHandler(self._handler)
            self._handler = ctypes.c_void_p()


# ------------------------------------------------------------------------------------ the hand-off

class _Relay(QObject):
    """Takes a press from the Carbon callback to the Qt main thread, after the callback has
    returned: `pressed` runs from Qt's event loop, never inside Carbon's event dispatch."""

    fired = Signal()

    def __init__(self, pressed: Callable[[], None]):
        super().__init__()
        self._pressed = pressed
        self.fired.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _deliver(self) -> None:
        try:
            self._pressed()
        except Exception:  # a failing callback must not stop the hotkey
            log.exception("the hotkey callback failed")


# --------------------------------------------------------------------------------------- backend

class MacPasteBack:
    """PasteBack on macOS. Use it from the Qt main thread, where AppKit and the Carbon hot key live.

    `native` stands for MacNative and `appkit` for PyObjC's AppKit module (NSWorkspace,
    NSRunningApplication); both are loaded on first use unless given."""

    name = "macos"

    def __init__(self, native: Any = None, appkit: Any = None):
        self._native = native
        self._appkit = appkit
        self._relay: _Relay | None = None

    def _lib(self) -> Any:
        if self._native is None:
            try:
                self._native = MacNative()
            except OSError as e:
                raise PasteError(Problem.MISSING_PART, f"the macOS frameworks cannot be loaded: {e}") from e
        return self._native

    def _kit(self) -> Any:
        if self._appkit is None:
            try:
                import AppKit  # PyObjC (pyobjc-framework-Cocoa)
            except ImportError as e:
                raise PasteError(Problem.MISSING_PART, "PyObjC's AppKit is not installed "
                                                       "(pip install pyobjc-framework-Cocoa)") from e
            self._appkit = AppKit
        return self._appkit

    # ------------------------------------------------------------------------------ permission

    def problem(self) -> PasteError | None:
        """Checked on each call: the agent may grant the permission while the app runs."""
        try:
            native = self._lib()
            self._kit()
        except PasteError as e:
            return e
        return None if native.trusted() else PasteError(Problem.NO_PERMISSION, PERMISSION_HELP)

    def ask_permission(self) -> bool:
        """Have macOS show its Accessibility prompt, which leads the agent to the setting. True if
        the permission is granted already (then no prompt appears)."""
        return bool(self._lib().ask_trust())

    # ---------------------------------------------------------------------------------- hotkey

    def register_hotkey(self, hotkey: Hotkey, pressed: Callable[[], None]) -> None:
        code, modifiers = key_code(hotkey.key), hotkey_modifiers(hotkey.modifiers)
        native = self._lib()
        self.unregister_hotkey()
        relay = _Relay(pressed)
        app = QCoreApplication.instance()
        if app is not None:
            relay.moveToThread(app.thread())  # presses go to the main thread, whichever thread registered
        status = native.register_hotkey(code, modifiers, relay.fired.emit)
        if status == EVENT_HOTKEY_EXISTS_ERR:
            raise PasteError(Problem.HOTKEY_TAKEN, f"another application has registered {hotkey}")
        if status != NO_ERR:
            detail = f"RegisterEventHotKey refused {hotkey} (OSStatus {status})"
            if "alt" in hotkey.modifiers and hotkey.modifiers <= {"alt", "shift"}:
                # macOS 15.0 and 15.1 refuse combinations with only Option, or Option and Shift.
                detail += "; this macOS takes no hotkey held with Option alone: add Ctrl or Cmd"
            raise PasteError(Problem.HOTKEY_INVALID, detail)
        self._relay = relay

    def unregister_hotkey(self) -> None:
        if self._relay is None:
            return
        self._lib().unregister_hotkey()
        self._relay = None

    # ---------------------------------------------------------------------------------- windows

    def _frontmost(self) -> Any:
        # NSWorkspace learns of application switches from notifications that the main run loop
        # delivers: read on Qt's main thread, between events, the answer is current.
        return self._kit().NSWorkspace.sharedWorkspace().frontmostApplication()

    def active_handle(self) -> int:
        """The process id of the frontmost application (ours included), or 0: cheap enough to poll
        while waiting for `focus()` to take effect."""
        try:
            app = self._frontmost()
        except PasteError:
            return 0
        return int(app.processIdentifier()) if app is not None else 0

    def active_window(self) -> TargetWindow | None:
        """The frontmost application, unless it is this one (the palette itself must never become
        the target). The handle is its process id; the title its name (see the module docstring)."""
        try:
            app = self._frontmost()
        except PasteError as e:
            log.warning("the frontmost application cannot be read: %s", e)
            return None
        if app is None:
            return None
        pid = int(app.processIdentifier())
        if pid == os.getpid() or pid <= 0:
            return None
        bundle = str(app.bundleIdentifier() or "")
        name = str(app.localizedName() or "")
        return TargetWindow(handle=pid, title=name, app=bundle or name, terminal=is_terminal(bundle))

    def focus(self, window: TargetWindow) -> bool:
        """Activate the application again, bringing its windows forward. True if macOS accepted the
        request; it is carried out a moment later (the app polls `active_handle()`). From macOS 14
        the option is ignored and an activation is granted when the active application asks for
        it, which this one is: the palette has just closed."""
        app = self._kit().NSRunningApplication.runningApplicationWithProcessIdentifier_(window.handle)
        if app is None or app.isTerminated():
            raise PasteError(Problem.TARGET_GONE, f"{window.title or window.app} (process {window.handle}) "
                                                  "has quit")
        return bool(app.activateWithOptions_(NS_APPLICATION_ACTIVATE_IGNORING_OTHER_APPS))

    # ------------------------------------------------------------------------------------ paste

    def send_paste(self, window: TargetWindow) -> None:
        """Cmd+V in the frontmost application; terminals (Terminal, iTerm2) take it too."""
        native = self._lib()
        if not native.trusted():
            raise PasteError(Problem.NO_PERMISSION, PERMISSION_HELP)
        try:
            native.post_keys(CMD_V)
        except OSError as e:
            raise PasteError(Problem.INJECT_FAILED, f"Cmd+V could not be posted: {e}") from e

    # ------------------------------------------------------------------------------------ close

    def close(self) -> None:
        self.unregister_hotkey()
        if self._native is not None:
            self._native.close()
