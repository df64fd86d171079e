"""Replying into other windows on X11: the hotkey grabbed on the root window (XGrabKey), the active
window read from the window manager (EWMH) or the input focus, the focus given back, and the paste
keys typed through the XTEST extension. libX11 and libXtst are used through ctypes and loaded on
first use; importing this module loads neither.

Two display connections of our own, both apart from Qt's: one holds the grab and receives its key
events, watched from the Qt main thread by a QSocketNotifier; the other asks questions and sends
keystrokes. Round trips on a watched connection can pull key events into Xlib's queue behind the
notifier's back, so the two are kept apart.

Not here: the clipboard (the app fills it before the paste and restores it afterwards) and waiting
for the focus to arrive (the app polls `active_handle()`). Without a window manager (a bare Xvfb,
some kiosk sessions) nobody publishes an active window: the window with the input focus is taken
as the active one, and the focus is given back by setting it directly.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QThread

from companion.core.hotkeys import Hotkey
from companion.platform.paste.base import PasteError, Problem, TargetWindow, is_terminal
from companion.platform.x11lib import Display, XErrorEvent, XErrorHandler, load_library
from companion.platform.x11lib import load_xlib as _load_base_xlib

log = logging.getLogger(__name__)

# Modifier masks (X.h). The protocol has eight modifiers; which keys drive Mod1–Mod5 is the keymap's
# business, and these are the assignments every XKB keymap in use makes.
SHIFT_MASK, LOCK_MASK, CONTROL_MASK = 1 << 0, 1 << 1, 1 << 2
MOD1_MASK, MOD2_MASK, MOD4_MASK, MOD5_MASK = 1 << 3, 1 << 4, 1 << 6, 1 << 7
MODIFIER_MASKS = {"ctrl": CONTROL_MASK, "alt": MOD1_MASK, "shift": SHIFT_MASK, "meta": MOD4_MASK}
# CapsLock (Lock) and NumLock (Mod2) are modifiers too: a grab of Ctrl+Alt+R alone would not fire
# while either is on, so every combination of the two is grabbed as well. Mod5 is left out: today it
# is AltGr (ISO_Level3_Shift), a key held on purpose, and grabbing it would take Ctrl+AltGr+R too.
LOCK_VARIANTS = (0, LOCK_MASK, MOD2_MASK, LOCK_MASK | MOD2_MASK)
# Rows of the modifier map (XGetModifierMapping), in the order of the masks above.
_SHIFT_ROW, _CONTROL_ROW, _MOD1_ROW, _MOD4_ROW, _MOD5_ROW = 0, 2, 3, 6, 7
# Held keys of these modifiers are lifted before the paste keys, or Ctrl+V would arrive as, say,
# Ctrl+Alt+V. Mod5 (AltGr) would turn the v into another character.
_STRAY_ROWS = (_SHIFT_ROW, _CONTROL_ROW, _MOD1_ROW, _MOD4_ROW, _MOD5_ROW)

# Hotkey key names (Qt's spelling, companion.core.hotkeys) that differ from the X keysym names.
_KEYSYM_NAMES = {"Space": "space", "PgUp": "Prior", "PgDown": "Next", "ScrollLock": "Scroll_Lock"}
_NAMED_KEYS = frozenset({"Insert", "Home", "End", "Pause", "Print", *(f"F{n}" for n in range(1, 25))})

KEY_PRESS, KEY_RELEASE, CLIENT_MESSAGE, MAPPING_NOTIFY = 2, 3, 33, 34
BAD_WINDOW, BAD_MATCH, BAD_ACCESS = 3, 8, 10
XA_CARDINAL, XA_STRING, XA_WINDOW, XA_WM_NAME, XA_WM_CLASS = 6, 31, 33, 39, 67
_ANY_PROPERTY_TYPE = 0
_POINTER_ROOT = 1
_REVERT_TO_PARENT = 2
_CURRENT_TIME = 0
_GRAB_MODE_ASYNC = 1
_IS_VIEWABLE = 2
_SUBSTRUCTURE_NOTIFY_MASK, _SUBSTRUCTURE_REDIRECT_MASK = 1 << 19, 1 << 20
_SOURCE_PAGER = 2  # _NET_ACTIVE_WINDOW's source indication: a tool acting for the user, not an app
_SUCCESS = 0
_MAX_TREE_DEPTH = 32  # a bound on the walk from a focused child up to its top-level window


def keysym_name(key: str) -> str:
    """The X keysym name for a `Hotkey.key`: letters lower-case ("r": the unshifted symbol on the key),
    digits, F1–F24, and Qt's names of the other keys. Raises PasteError(HOTKEY_INVALID)."""
    if len(key) == 1 and key.isascii() and key.isalnum():
        return key.lower()
    if key in _NAMED_KEYS:
        return key
    if key in _KEYSYM_NAMES:
        return _KEYSYM_NAMES[key]
    raise PasteError(Problem.HOTKEY_INVALID, f"{key!r} has no X keysym")


def modifier_mask(modifiers: frozenset[str]) -> int:
    mask = 0
    for name in modifiers:
        mask |= MODIFIER_MASKS[name]
    return mask


def grab_masks(modifiers: frozenset[str]) -> list[int]:
    """Every modifier state one hotkey is grabbed with: its own modifiers with each lock on or off."""
    base = modifier_mask(modifiers)
    return [base | lock for lock in LOCK_VARIANTS]


# ------------------------------------------------------------------------------------ structures

_XErrorEvent = XErrorEvent  # the structure lives in x11lib, shared by the X11 probes


class _XKeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("root", ctypes.c_ulong),
        ("subwindow", ctypes.c_ulong), ("time", ctypes.c_ulong), ("x", ctypes.c_int), ("y", ctypes.c_int),
        ("x_root", ctypes.c_int), ("y_root", ctypes.c_int), ("state", ctypes.c_uint),
        ("keycode", ctypes.c_uint), ("same_screen", ctypes.c_int),
    ]


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int), ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    # Xlib's XEvent is a union padded to 24 longs; Xlib writes that much into it.
    _fields_ = [("type", ctypes.c_int), ("xkey", _XKeyEvent), ("xclient", _XClientMessageEvent),
                ("pad", ctypes.c_long * 24)]


class _XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
        ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong), ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]


class _XModifierKeymap(ctypes.Structure):
    _fields_ = [("max_keypermod", ctypes.c_int), ("modifiermap", ctypes.POINTER(ctypes.c_ubyte))]


# ---------------------------------------------------------------------------------------- errors

class XError(NamedTuple):
    display: int  # the Display* the failed request went out on
    code: int  # BadWindow, BadAccess…
    request: int  # the major opcode of the failed request
    resource: int  # the window, atom… it named


_ErrorHandler = XErrorHandler
# Xlib reports a failed request to one process-wide handler, and its default one exits the process.
# Errors here are ordinary (the window closed meanwhile, another client holds the key), so while this
# module talks to the server its handler is installed instead and only records them. Module-level, so
# the C callback is never garbage collected.
_errors: list[XError] = []
_error_lock = threading.Lock()  # one trap at a time: the handler is swapped process-wide


def _record_x_error(display: int | None, event: ctypes._Pointer[_XErrorEvent]) -> int:
    try:
        error = event.contents
        _errors.append(XError(int(display or 0), int(error.error_code), int(error.request_code),
                              int(error.resourceid)))
    except Exception:  # noqa: BLE001 - an exception must not cross into C
        _errors.append(XError(int(display or 0), -1, 0, 0))
    return 0


_X_ERROR_HANDLER = _ErrorHandler(_record_x_error)


@contextlib.contextmanager
def _trap(xlib: Any, dpy: Any) -> Iterator[list[XError]]:
    """Catch the X errors of the requests sent on `dpy` inside the block. The list it yields is
    filled when the block ends, after an XSync: that sends the requests and waits for the server, so
    asynchronous errors such as a grab's BadAccess have arrived. Not reentrant."""
    caught: list[XError] = []
    with _error_lock:
        previous = xlib.XSetErrorHandler(ctypes.cast(_X_ERROR_HANDLER, ctypes.c_void_p))
        del _errors[:]
        try:
            yield caught
        finally:
            xlib.XSync(dpy, 0)
            xlib.XSetErrorHandler(previous)
            caught.extend(error for error in _errors if error.display == dpy)
            del _errors[:]


# --------------------------------------------------------------------------------------- loading

def load_xlib() -> Any:
    """libX11 with the prototypes of x11lib and of every further function used here, or None."""
    xlib = _load_base_xlib()
    if xlib is None:
        return None
    vp, ul, i, ui = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_uint
    prototypes: dict[str, tuple[list[Any], Any]] = {
        "XStringToKeysym": ([ctypes.c_char_p], ul),
        "XKeysymToKeycode": ([vp, ul], ctypes.c_ubyte),
        "XGrabKey": ([vp, i, ui, ul, i, i, i], i),
        "XUngrabKey": ([vp, i, ui, ul], i),
        "XConnectionNumber": ([vp], i),
        "XPending": ([vp], i),
        "XNextEvent": ([vp, ctypes.POINTER(_XEvent)], i),
        "XRefreshKeyboardMapping": ([ctypes.POINTER(_XEvent)], i),
        "XkbSetDetectableAutoRepeat": ([vp, i, ctypes.POINTER(i)], i),
        "XGetInputFocus": ([vp, ctypes.POINTER(ul), ctypes.POINTER(i)], i),
        "XQueryTree": ([vp, ul, ctypes.POINTER(ul), ctypes.POINTER(ul), ctypes.POINTER(ctypes.POINTER(ul)),
                        ctypes.POINTER(ui)], i),
        "XGetWindowAttributes": ([vp, ul, ctypes.POINTER(_XWindowAttributes)], i),
        "XSendEvent": ([vp, ul, i, ctypes.c_long, ctypes.POINTER(_XEvent)], i),
        "XRaiseWindow": ([vp, ul], i),
        "XSetInputFocus": ([vp, ul, i, ul], i),
        "XQueryKeymap": ([vp, ctypes.c_char * 32], i),
        "XGetModifierMapping": ([vp], ctypes.POINTER(_XModifierKeymap)),
        "XFreeModifiermap": ([ctypes.POINTER(_XModifierKeymap)], i),
    }
    for name, (argtypes, restype) in prototypes.items():
        function = getattr(xlib, name)
        function.argtypes, function.restype = argtypes, restype
    return xlib


def load_xtst() -> Any:
    """libXtst with the prototypes of the two XTEST calls used here, or None."""
    xtst = load_library("libXtst.so.6", "Xtst")
    if xtst is None:
        return None
    vp, pi = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
    xtst.XTestQueryExtension.argtypes = [vp, pi, pi, pi, pi]
    xtst.XTestQueryExtension.restype = ctypes.c_int
    xtst.XTestFakeKeyEvent.argtypes = [vp, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
    xtst.XTestFakeKeyEvent.restype = ctypes.c_int
    return xtst


# --------------------------------------------------------------------------------------- backend

class _Grab(NamedTuple):
    hotkey: Hotkey
    keycode: int
    masks: list[int]


class X11PasteBack:
    """PasteBack on an X11 display. Use it from the Qt main thread: the hotkey's socket notifier lives
    there, and Xlib connections are not shared between threads."""

    name = "x11"

    def __init__(self, display_name: str):
        self.display_name = display_name
        self._xlib: Any = None
        self._xtst: Any = None
        self._xtest: bool | None = None  # whether the display answers XTEST (asked once per connection)
        self._requests = Display(display_name)  # questions and keystrokes
        self._keys = Display(display_name)  # the grab and its key events
        self._atoms: dict[tuple[str, bool], int] = {}
        self._grab: _Grab | None = None
        self._pressed: Callable[[], None] | None = None
        self._held = False  # the hotkey is down (auto-repeat presses do not count again)
        self._notifier: QSocketNotifier | None = None
        self._event = _XEvent()

    # ------------------------------------------------------------------------------ connections

    def _open(self, display: Display) -> PasteError | None:
        """Load libX11 and open `display`; None once it is open, else why not."""
        if display.dpy is not None:
            return None
        if not self.display_name:
            return PasteError(Problem.UNSUPPORTED, "no X display (DISPLAY is not set)")
        problem = self._load_xlib()
        if problem is not None:
            return problem
        display.xlib = self._xlib
        reason = display.connect()
        return PasteError(Problem.UNSUPPORTED, reason) if reason else None

    def _load_xlib(self) -> PasteError | None:
        if self._xlib is None:
            self._xlib = load_xlib()
            if self._xlib is None:
                return PasteError(Problem.MISSING_PART, "libX11 is not installed (package libx11-6)")
        return None

    def _load_xtst(self) -> PasteError | None:
        if self._xtst is None:
            self._xtst = load_xtst()
            if self._xtst is None:
                return PasteError(Problem.MISSING_PART, "libXtst is not installed (package libxtst6)")
        return None

    def _check_xtest(self) -> PasteError | None:
        if self._xtest is None:
            numbers = [ctypes.c_int() for _ in range(4)]  # event base, error base, major, minor
            self._xtest = bool(self._xtst.XTestQueryExtension(self._requests.dpy,
                                                              *(ctypes.byref(n) for n in numbers)))
        if not self._xtest:
            return PasteError(Problem.MISSING_PART, f"the X server on {self.display_name} has no XTEST extension")
        return None

    def problem(self) -> PasteError | None:
        # Missing libraries are reported before an unreachable display, as x11lib does.
        return (self._load_xlib() or self._load_xtst() or self._open(self._requests)
                or self._check_xtest())

    def _requests_dpy(self) -> Any:
        """The open request connection's Display*; raises PasteError if the display cannot be opened."""
        problem = self._open(self._requests)
        if problem is not None:
            raise problem
        self._skip_events()
        return self._requests.dpy

    def _skip_events(self) -> None:
        """Empty the request connection's event queue. It selects no events, but the server sends
        every client MappingNotify when the keymap changes (another layout chosen) and Xlib keeps
        them until read; reading them is also what updates Xlib's keymap, which gives the paste keys'
        keycodes."""
        xlib, dpy, event = self._xlib, self._requests.dpy, self._event
        while xlib.XPending(dpy):
            xlib.XNextEvent(dpy, ctypes.byref(event))
            if event.type == MAPPING_NOTIFY:
                xlib.XRefreshKeyboardMapping(ctypes.byref(event))

    # ---------------------------------------------------------------------------------- hotkey

    def register_hotkey(self, hotkey: Hotkey, pressed: Callable[[], None]) -> None:
        """Grab `hotkey` on the root window. If another client holds it, raises HOTKEY_TAKEN and keeps
        the hotkey registered before (if any): choosing a taken key costs the agent nothing."""
        app = QCoreApplication.instance()
        if app is not None and QThread.currentThread() is not app.thread():
            raise RuntimeError("register_hotkey must be called on the Qt main thread")
        problem = self._open(self._keys)
        if problem is not None:
            raise problem
        xlib, dpy = self._xlib, self._keys.dpy
        keysym = xlib.XStringToKeysym(keysym_name(hotkey.key).encode())
        keycode = int(xlib.XKeysymToKeycode(dpy, keysym)) if keysym else 0
        if not keycode:
            raise PasteError(Problem.HOTKEY_INVALID, f"no key of this keyboard gives {hotkey.key} ({hotkey})")
        grab = _Grab(hotkey, keycode, grab_masks(hotkey.modifiers))
        old = self._grab
        if old is None or (old.keycode, old.masks) != (grab.keycode, grab.masks):
            self._take(grab)
            if old is not None:
                self._release(old)
        self._grab, self._pressed, self._held = grab, pressed, False
        if self._notifier is None:
            # Key events still arrive while the key is held after the palette opened: asking for
            # detectable auto-repeat makes a held key one press and one release instead of a pair
            # per repeat, so holding the hotkey does not open and close the palette in turn.
            xlib.XkbSetDetectableAutoRepeat(dpy, 1, None)
            self._notifier = QSocketNotifier(xlib.XConnectionNumber(dpy), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self._drain)
        self._notifier.setEnabled(True)
        self._drain()  # XSync may already have queued events that the socket will not announce again

    def _take(self, grab: _Grab) -> None:
        """XGrabKey with every lock variant; all or none."""
        xlib, dpy, root = self._xlib, self._keys.dpy, self._keys.root
        with _trap(xlib, dpy) as errors:
            for mask in grab.masks:
                xlib.XGrabKey(dpy, grab.keycode, mask, root, 0, _GRAB_MODE_ASYNC, _GRAB_MODE_ASYNC)
        if any(error.code == BAD_ACCESS for error in errors):
            self._release(grab)  # the variants that did succeed
            raise PasteError(Problem.HOTKEY_TAKEN, f"another application holds {grab.hotkey}")
        if errors:
            self._release(grab)
            raise PasteError(Problem.HOTKEY_INVALID, f"the X server refused to grab {grab.hotkey} "
                                                     f"(X error {errors[0].code})")

    def _release(self, grab: _Grab) -> None:
        xlib, dpy, root = self._xlib, self._keys.dpy, self._keys.root
        with _trap(xlib, dpy):
            for mask in grab.masks:
                xlib.XUngrabKey(dpy, grab.keycode, mask, root)

    def unregister_hotkey(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._grab is not None and self._keys.dpy is not None:
            self._release(self._grab)
        self._grab = self._pressed = None
        self._drain()  # forget presses that arrived before the ungrab

    def _drain(self, *_: object) -> None:
        """Read every queued event of the hotkey connection; call `pressed` once per press."""
        xlib, dpy = self._xlib, self._keys.dpy
        if dpy is None:
            return
        presses = 0
        event = self._event
        while xlib.XPending(dpy):
            xlib.XNextEvent(dpy, ctypes.byref(event))
            if event.type == MAPPING_NOTIFY:
                # The grab stays on the keycode it was made with; this keeps Xlib's keymap current.
                xlib.XRefreshKeyboardMapping(ctypes.byref(event))
            if self._grab is None:
                continue
            if event.type == KEY_PRESS and event.xkey.keycode == self._grab.keycode:
                if not self._held:
                    presses += 1
                self._held = True
            elif event.type == KEY_RELEASE and event.xkey.keycode == self._grab.keycode:
                self._held = False
        for _ in range(presses):
            if self._pressed is None:
                break
            try:
                self._pressed()
            except Exception:  # a failing callback must not stop the hotkey
                log.exception("the hotkey callback failed")

    # ---------------------------------------------------------------------------------- windows

    def _atom(self, name: str, create: bool = False) -> int:
        """The atom `name`; without `create`, 0 if nobody interned it (then no window carries it)."""
        atom = self._atoms.get((name, create))
        if not atom:
            atom = int(self._xlib.XInternAtom(self._requests.dpy, name.encode(), 0 if create else 1))
            if atom:
                self._atoms[(name, create)] = atom
        return atom

    def _property(self, window: int, atom: int, req_type: int = _ANY_PROPERTY_TYPE,
                  length: int = 1024) -> tuple[int, int, Any] | None:
        """(type, format, data) of a window property: bytes for format 8, ints for format 32; None if
        the window is gone or lacks it. `length` is in 32-bit units, as the protocol counts."""
        if not atom:
            return None
        xlib = self._xlib
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        nitems, bytes_after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = xlib.XGetWindowProperty(
            self._requests.dpy, window, atom, 0, length, 0, req_type, ctypes.byref(actual_type),
            ctypes.byref(actual_format), ctypes.byref(nitems), ctypes.byref(bytes_after), ctypes.byref(data))
        try:
            if status != _SUCCESS or not actual_type.value or not data:
                return None
            if actual_format.value == 8:
                return actual_type.value, 8, ctypes.string_at(data, nitems.value)
            if actual_format.value == 32:
                # Format-32 data comes as C longs, whatever their size on this machine.
                values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
                return actual_type.value, 32, [int(values[i]) for i in range(nitems.value)]
            return None
        finally:
            if data:
                xlib.XFree(data)

    def _window_property(self, window: int, name: str, req_type: int) -> int | None:
        """The first value of a 32-bit property (a window, a pid), or None."""
        found = self._property(window, self._atom(name), req_type, 1)
        if found is None or found[0] != req_type or found[1] != 32 or not found[2]:
            return None
        return int(found[2][0])

    def _text(self, window: int, atom: int) -> str | None:
        """A text property: UTF8_STRING as UTF-8; STRING (and anything older) as Latin-1, which it is
        for STRING and nearly is for the ASCII part of COMPOUND_TEXT."""
        found = self._property(window, atom)
        if found is None or found[1] != 8:
            return None
        kind, _, data = found
        encoding = "utf-8" if kind == self._atom("UTF8_STRING") else "latin-1"
        return bytes(data).decode(encoding, errors="replace")

    def _window_manager(self) -> bool:
        """An EWMH window manager runs: the root names a check window that names itself (a stale id
        left by a window manager that quit names nothing, or a destroyed window)."""
        root = self._requests.root
        check = self._window_property(root, "_NET_SUPPORTING_WM_CHECK", XA_WINDOW)
        return check is not None and check != 0 and (
            self._window_property(check, "_NET_SUPPORTING_WM_CHECK", XA_WINDOW) == check)

    def _is_client(self, window: int) -> bool:
        return (self._property(window, XA_WM_CLASS, XA_STRING, 1) is not None
                or self._property(window, self._atom("_NET_WM_NAME"), _ANY_PROPERTY_TYPE, 1) is not None)

    def _top_level(self, window: int) -> int:
        """The nearest of `window` and its ancestors that an application named (WM_CLASS or
        _NET_WM_NAME), or 0. The input focus may sit on a child, such as xterm's text area."""
        xlib, dpy, root = self._xlib, self._requests.dpy, self._requests.root
        for _ in range(_MAX_TREE_DEPTH):
            if window in (0, _POINTER_ROOT, root):
                return 0
            if self._is_client(window):
                return window
            root_return, parent = ctypes.c_ulong(), ctypes.c_ulong()
            children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
            if not xlib.XQueryTree(dpy, window, ctypes.byref(root_return), ctypes.byref(parent),
                                   ctypes.byref(children), ctypes.byref(count)):
                return 0
            if children:
                xlib.XFree(children)
            window = parent.value
        return 0

    def _active(self) -> int:
        """active_handle() inside a trap."""
        root = self._requests.root
        if self._window_manager():
            active = self._window_property(root, "_NET_ACTIVE_WINDOW", XA_WINDOW)
            if active is not None:
                return 0 if active in (0, root) else active
        # No window manager (or one without EWMH): the window with the keyboard focus is the active one.
        focus, revert_to = ctypes.c_ulong(), ctypes.c_int()
        self._xlib.XGetInputFocus(self._requests.dpy, ctypes.byref(focus), ctypes.byref(revert_to))
        return self._top_level(focus.value)

    def active_handle(self) -> int:
        """The id of the active top-level window (any application's, ours included), or 0: a few round
        trips, cheap enough to poll while waiting for `focus()` to take effect."""
        if self._open(self._requests) is not None:
            return 0
        self._skip_events()
        with _trap(self._xlib, self._requests.dpy) as errors:
            handle = self._active()
        return 0 if errors else handle

    def active_window(self, own_pid: int | None = None) -> TargetWindow | None:
        """The active window, unless it is one of process `own_pid`'s (this process by default: the
        palette itself must never become the target). Qt sets _NET_WM_PID on every window it makes."""
        if self._open(self._requests) is not None:
            return None
        self._skip_events()
        own_pid = os.getpid() if own_pid is None else own_pid
        with _trap(self._xlib, self._requests.dpy) as errors:
            handle = self._active()
            if not handle or self._window_property(handle, "_NET_WM_PID", XA_CARDINAL) == own_pid:
                return None
            title = self._text(handle, self._atom("_NET_WM_NAME"))
            if title is None:
                title = self._text(handle, XA_WM_NAME)
            wm_class = self._property(handle, XA_WM_CLASS, XA_STRING, 64)
        if errors:  # the window closed while it was being read
            return None
        parts = bytes(wm_class[2]).split(b"\0") if wm_class is not None and wm_class[1] == 8 else []
        instance = parts[0].decode("latin-1") if parts else ""
        app_class = parts[1].decode("latin-1") if len(parts) > 1 else ""
        return TargetWindow(handle=handle, title=title or "", app=app_class or instance,
                            terminal=is_terminal(app_class) or is_terminal(instance))

    def focus(self, window: TargetWindow) -> bool:
        """Ask for `window` to get the focus back: through the window manager when there is one (it
        decides, and may refuse), else by setting the input focus directly. True if the request went
        out; False if the window cannot take the focus (unmapped, with nobody to map it)."""
        dpy, xlib = self._requests_dpy(), self._xlib
        attributes = _XWindowAttributes()
        with _trap(xlib, dpy) as errors:
            alive = xlib.XGetWindowAttributes(dpy, window.handle, ctypes.byref(attributes))
        if not alive or errors:
            raise PasteError(Problem.TARGET_GONE, f"window {window.handle:#x} no longer exists")
        sent = False
        with _trap(xlib, dpy) as errors:
            if self._window_manager():
                event = _XEvent()
                message = event.xclient
                message.type, message.window, message.format = CLIENT_MESSAGE, window.handle, 32
                message.message_type = self._atom("_NET_ACTIVE_WINDOW", create=True)
                message.data[0], message.data[1] = _SOURCE_PAGER, _CURRENT_TIME
                xlib.XSendEvent(dpy, self._requests.root, 0,
                                _SUBSTRUCTURE_REDIRECT_MASK | _SUBSTRUCTURE_NOTIFY_MASK, ctypes.byref(event))
                xlib.XRaiseWindow(dpy, window.handle)
                sent = True
            elif attributes.map_state == _IS_VIEWABLE:
                xlib.XRaiseWindow(dpy, window.handle)
                xlib.XSetInputFocus(dpy, window.handle, _REVERT_TO_PARENT, _CURRENT_TIME)
                sent = True
        if any(error.code == BAD_WINDOW for error in errors):
            raise PasteError(Problem.TARGET_GONE, f"window {window.handle:#x} closed while focusing it")
        if errors:
            log.debug("X errors while focusing %#x: %s", window.handle, errors)
        return sent and not errors

    # ------------------------------------------------------------------------------------ paste

    def _held_keys(self, rows: tuple[int, ...]) -> list[int]:
        """Keycodes that are down now and drive one of the modifier `rows`."""
        xlib, dpy = self._xlib, self._requests.dpy
        keymap = (ctypes.c_char * 32)()
        xlib.XQueryKeymap(dpy, keymap)
        down = bytes(keymap)
        modmap = xlib.XGetModifierMapping(dpy)
        if not modmap:
            return []
        try:
            per_row = modmap.contents.max_keypermod
            codes = modmap.contents.modifiermap
            held = []
            for row in rows:
                for i in range(per_row):
                    code = int(codes[row * per_row + i])
                    if code and down[code // 8] & (1 << (code % 8)) and code not in held:
                        held.append(code)
            return held
        finally:
            xlib.XFreeModifiermap(modmap)

    def send_paste(self, window: TargetWindow) -> None:
        """Type the paste keys into whatever has the focus now: Ctrl+V, or Shift+Insert in a terminal
        (where Ctrl+V is a control character). Keys of other modifiers still held (the agent may not
        have let go of the hotkey yet) are released first, through XTEST as well: the server then
        counts them up, and the agent's own release later is ignored, so nothing stays stuck.

        The keycodes come from XKeysymToKeycode, which searches the whole keymap whatever layout is
        active: with a Russian group on, the key is still the one with Latin v, and Qt and GTK match
        Ctrl+V by that key."""
        problem = self._load_xtst() or self._open(self._requests) or self._check_xtest()
        if problem is not None:
            raise problem
        xlib, dpy = self._xlib, self._requests_dpy()
        names, own_row = (("Shift_L", "Insert"), _SHIFT_ROW) if window.terminal else (("Control_L", "v"),
                                                                                      _CONTROL_ROW)
        codes = [int(xlib.XKeysymToKeycode(dpy, xlib.XStringToKeysym(name.encode()))) for name in names]
        if not all(codes):
            raise PasteError(Problem.INJECT_FAILED, f"no key of this keyboard gives {'+'.join(names)}")
        fake = self._xtst.XTestFakeKeyEvent
        with _trap(xlib, dpy) as errors:
            stray = self._held_keys(tuple(row for row in _STRAY_ROWS if row != own_row))
            results = [fake(dpy, code, 0, _CURRENT_TIME) for code in stray]
            results += [fake(dpy, code, 1, _CURRENT_TIME) for code in codes]
            results += [fake(dpy, code, 0, _CURRENT_TIME) for code in reversed(codes)]
        if errors or not all(results):
            raise PasteError(Problem.INJECT_FAILED, f"XTEST did not take {'+'.join(names)}"
                                                    + (f" (X error {errors[0].code})" if errors else ""))

    # ------------------------------------------------------------------------------------ close

    def close(self) -> None:
        if self._grab is not None:
            self.unregister_hotkey()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.activated.disconnect(self._drain)
            self._notifier = None
        self._grab = self._pressed = None
        self._keys.close()
        self._requests.close()
        self._atoms.clear()  # atoms and the XTEST answer belong to the connection
        self._xtest = None
