"""How long since the user last touched the keyboard or mouse (and, where the desktop says, whether
the screen is locked).

Breaks use it: idle time long enough counts as a break taken, and overtime is not counted while
nobody is at the machine. One backend per kind of desktop:

- Windows: `WindowsIdle` (user32 GetLastInputInfo);
- macOS: `MacIdle` (IOKit's HIDIdleTime);
- X11: `X11Idle` (the MIT-SCREEN-SAVER extension through libXss);
- GNOME (Wayland or X11): `MutterIdle` (org.gnome.Mutter.IdleMonitor on the session bus);
- KDE and other screen savers: `FreedesktopIdle` (org.freedesktop.ScreenSaver);
- anything else: `NoIdle`, which always says "cannot tell".

`detect()` picks the first backend that is available and answers a first probe. A backend never
raises for an ordinary failure: `idle_seconds()` returns None (logged at debug), and a backend that
keeps failing stops being asked for a while (`FailureCounter`), so a stuck bus cannot freeze the UI
on every poll. Importing this module loads neither Qt nor any native library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

log = logging.getLogger(__name__)

UNIX_DESKTOPS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")
DBUS_TIMEOUT_MS = 500  # a D-Bus call runs on the caller's thread (the UI): never wait longer


class IdleMonitor(Protocol):
    name: str

    def available(self) -> bool: ...

    def idle_seconds(self) -> float | None:
        """Seconds since the last keyboard/mouse input; None if it could not be told this time."""

    # Optional: `locked() -> bool | None` (True: the screen is locked; None: unknown).
    # Use `screen_locked(monitor)`, which copes with monitors that do not have it.


def screen_locked(monitor: object) -> bool | None:
    """The monitor's `locked()` if it has one and it answers; None (unknown) otherwise."""
    locked = getattr(monitor, "locked", None)
    if locked is None:
        return None
    try:
        return locked()
    except Exception as exc:  # noqa: BLE001 - a probe must never break the caller
        log.debug("%s: locked() failed: %s", getattr(monitor, "name", monitor), exc)
        return None


def close_monitor(monitor: object) -> None:
    """Release what a monitor holds (an X connection, a private bus connection), if anything."""
    close = getattr(monitor, "close", None)
    if close is not None:
        try:
            close()
        except Exception as exc:  # noqa: BLE001
            log.debug("closing %s failed: %s", getattr(monitor, "name", monitor), exc)


class FailureCounter:
    """Consecutive failures of one backend. After `limit` in a row the backend is blocked (reports
    unavailable, is not asked) for `retry_after` seconds; then it gets one more chance, and a single
    failure blocks it again. Any success clears the count."""

    def __init__(self, name: str, limit: int = 3, retry_after: float = 300.0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.name = name
        self.limit = limit
        self.retry_after = retry_after
        self.count = 0
        self.last_error = ""
        self._monotonic = monotonic
        self._blocked_at: float | None = None

    @property
    def blocked(self) -> bool:
        if self._blocked_at is None:
            return False
        if self._monotonic() - self._blocked_at >= self.retry_after:
            self._blocked_at = None  # one more chance; count stays at the limit
            return False
        return True

    def failed(self, error: object) -> None:
        self.count += 1
        self.last_error = str(error)
        log.debug("%s failed (%d in a row): %s", self.name, self.count, error)
        if self.count >= self.limit and self._blocked_at is None:
            log.info("%s failed %d times in a row (%s); not asking it for %.0f s",
                     self.name, self.count, error, self.retry_after)
            self._blocked_at = self._monotonic()

    def succeeded(self) -> None:
        self.count = 0
        self.last_error = ""


class _Backend:
    """What every real backend shares: `idle_seconds()` wraps `_read()` with failure counting."""

    name = "?"
    title = "?"  # how `describe` names it

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        self.failures = FailureCounter(self.name, monotonic=monotonic)
        self.problem = ""  # why `available()` last said no

    def available(self) -> bool:
        if self.failures.blocked:
            self.problem = f"disabled after repeated failures ({self.failures.last_error})"
            return False
        try:
            problem = self._check()
        except DBusError as exc:
            problem = str(exc)
        except Exception as exc:  # noqa: BLE001 - native libraries and buses fail in many ways
            problem = f"{type(exc).__name__}: {exc}"
        self.problem = problem or ""
        if problem:
            log.debug("%s unavailable: %s", self.name, problem)
        return not problem

    def idle_seconds(self) -> float | None:
        if self.failures.blocked:
            return None
        try:
            value = self._read()
        except Exception as exc:  # noqa: BLE001 - never let an idle probe break the break timer
            self.failures.failed(exc)
            return None
        self.failures.succeeded()
        return max(0.0, float(value))

    def locked(self) -> bool | None:
        return None

    def close(self) -> None:
        pass

    def _check(self) -> str:
        """'' if the backend can work here, else a short reason."""
        raise NotImplementedError

    def _read(self) -> float:
        """Idle seconds, or raise."""
        raise NotImplementedError


# --------------------------------------------------------------------------------------- Windows

def tick_delta_ms(now_ticks: int, last_input_ticks: int) -> int:
    """Milliseconds from the last input to now.

    GetLastInputInfo reports a 32-bit GetTickCount value, which wraps every 49.7 days; `now_ticks`
    comes from GetTickCount64. Both are compared modulo 2**32, so an input just before the wrap and
    a clock just after it still give a small difference.
    """
    return (now_ticks - last_input_ticks) & 0xFFFFFFFF


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint32), ("dwTime", ctypes.c_uint32)]


class WindowsIdle(_Backend):
    name = "windows"
    title = "Windows GetLastInputInfo"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._user32 = None
        self._kernel32 = None

    def _libs(self):
        if self._user32 is None:
            user32 = ctypes.WinDLL("user32", use_last_error=True)  # AttributeError off Windows
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            user32.GetLastInputInfo.argtypes = [ctypes.POINTER(_LastInputInfo)]
            user32.GetLastInputInfo.restype = ctypes.c_int
            kernel32.GetTickCount64.argtypes = []
            kernel32.GetTickCount64.restype = ctypes.c_uint64
            self._user32, self._kernel32 = user32, kernel32
        return self._user32, self._kernel32

    def _check(self) -> str:
        if not hasattr(ctypes, "WinDLL"):
            return "not Windows"
        self._libs()
        return ""

    def _read(self) -> float:
        user32, kernel32 = self._libs()
        info = _LastInputInfo(ctypes.sizeof(_LastInputInfo), 0)
        if not user32.GetLastInputInfo(ctypes.byref(info)):
            raise OSError(ctypes.get_last_error(), "GetLastInputInfo failed")
        return tick_delta_ms(int(kernel32.GetTickCount64()), int(info.dwTime)) / 1000.0


# ----------------------------------------------------------------------------------------- macOS

def ns_to_seconds(nanoseconds: int) -> float:
    """HIDIdleTime is in nanoseconds."""
    return nanoseconds / 1_000_000_000


def hid_idle_ns_from_data(raw: bytes) -> int:
    """Very old macOS stored HIDIdleTime as CFData: a native-endian 64-bit integer."""
    if len(raw) < 8:
        raise ValueError(f"HIDIdleTime data is {len(raw)} bytes, expected 8")
    return int.from_bytes(raw[:8], sys.byteorder, signed=False)


_CF_STRING_ENCODING_UTF8 = 0x08000100
_CF_NUMBER_SINT64 = 4


class MacIdle(_Backend):
    """IOKit: the IOHIDSystem service's HIDIdleTime property (nanoseconds since the last input)."""

    name = "macos"
    title = "macOS IOKit HIDIdleTime"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._iokit = None
        self._cf = None
        self._key = None  # CFStringRef "HIDIdleTime", released in close()
        self._lock = threading.Lock()

    def _libs(self):
        if self._iokit is not None:
            return self._iokit, self._cf
        iokit = ctypes.CDLL(ctypes.util.find_library("IOKit")
                            or "/System/Library/Frameworks/IOKit.framework/IOKit")
        cf = ctypes.CDLL(ctypes.util.find_library("CoreFoundation")
                         or "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation")
        vp, u32 = ctypes.c_void_p, ctypes.c_uint32
        iokit.IOServiceMatching.argtypes = [ctypes.c_char_p]
        iokit.IOServiceMatching.restype = vp
        iokit.IOServiceGetMatchingService.argtypes = [u32, vp]  # consumes the matching dict
        iokit.IOServiceGetMatchingService.restype = u32
        iokit.IORegistryEntryCreateCFProperty.argtypes = [u32, vp, vp, u32]
        iokit.IORegistryEntryCreateCFProperty.restype = vp
        iokit.IOObjectRelease.argtypes = [u32]
        iokit.IOObjectRelease.restype = ctypes.c_int
        cf.CFStringCreateWithCString.argtypes = [vp, ctypes.c_char_p, u32]
        cf.CFStringCreateWithCString.restype = vp
        cf.CFGetTypeID.argtypes = [vp]
        cf.CFGetTypeID.restype = ctypes.c_ulong
        cf.CFNumberGetTypeID.argtypes = []
        cf.CFNumberGetTypeID.restype = ctypes.c_ulong
        cf.CFDataGetTypeID.argtypes = []
        cf.CFDataGetTypeID.restype = ctypes.c_ulong
        cf.CFNumberGetValue.argtypes = [vp, ctypes.c_long, vp]
        cf.CFNumberGetValue.restype = ctypes.c_ubyte
        cf.CFDataGetLength.argtypes = [vp]
        cf.CFDataGetLength.restype = ctypes.c_long
        cf.CFDataGetBytePtr.argtypes = [vp]
        cf.CFDataGetBytePtr.restype = vp
        cf.CFRelease.argtypes = [vp]
        cf.CFRelease.restype = None
        self._iokit, self._cf = iokit, cf
        return iokit, cf

    def _check(self) -> str:
        if sys.platform != "darwin":
            return "not macOS"
        self._libs()
        return ""

    def _read(self) -> float:
        iokit, cf = self._libs()
        with self._lock:
            if self._key is None:
                self._key = cf.CFStringCreateWithCString(None, b"HIDIdleTime", _CF_STRING_ENCODING_UTF8)
                if not self._key:
                    raise OSError("CFStringCreateWithCString failed")
            # kIOMasterPortDefault (kIOMainPortDefault since macOS 12) is MACH_PORT_NULL: 0.
            service = iokit.IOServiceGetMatchingService(0, iokit.IOServiceMatching(b"IOHIDSystem"))
            if not service:
                raise OSError("no IOHIDSystem service")
            try:
                value = iokit.IORegistryEntryCreateCFProperty(service, self._key, None, 0)
            finally:
                iokit.IOObjectRelease(service)
            if not value:
                raise OSError("IOHIDSystem has no HIDIdleTime")
            try:
                return ns_to_seconds(self._cf_to_int(cf, value))
            finally:
                cf.CFRelease(value)

    @staticmethod
    def _cf_to_int(cf, value) -> int:
        type_id = cf.CFGetTypeID(value)
        if type_id == cf.CFNumberGetTypeID():
            number = ctypes.c_int64()
            if not cf.CFNumberGetValue(value, _CF_NUMBER_SINT64, ctypes.byref(number)):
                raise ValueError("HIDIdleTime does not fit a 64-bit integer")
            return number.value
        if type_id == cf.CFDataGetTypeID():
            length = cf.CFDataGetLength(value)
            return hid_idle_ns_from_data(ctypes.string_at(cf.CFDataGetBytePtr(value), length))
        raise ValueError(f"HIDIdleTime has an unexpected CF type {type_id}")

    def close(self) -> None:
        with self._lock:
            if self._key is not None and self._cf is not None:
                self._cf.CFRelease(self._key)
            self._key = None


# ------------------------------------------------------------------------------------------ D-Bus

class DBusError(RuntimeError):
    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name  # e.g. org.freedesktop.DBus.Error.NoReply


NO_REPLY = "org.freedesktop.DBus.Error.NoReply"  # the call timed out

# (service, path, interface, method, arguments) -> reply arguments; raises DBusError.
DBusCall = Callable[[str, str, str, str, Sequence[object]], list]


def session_bus_configured(env: Mapping[str, str]) -> bool:
    """Is there a session bus to talk to? Without an address libdbus may try to autolaunch one."""
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR")
    return bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))


class QtDBusCaller:
    """Blocking method calls through QtDBus with a short timeout.

    Uses the session bus, or the bus at `address` (a private connection), or the session bus that
    `env` names if that differs from this process's. QtDBus is imported on the first call only.
    """

    def __init__(self, address: str | None = None, timeout_ms: int = DBUS_TIMEOUT_MS,
                 env: Mapping[str, str] | None = None):
        self.address = address
        self.timeout_ms = timeout_ms
        self._env = os.environ if env is None else env
        self._bus = None
        self._connection_name = ""

    def _connection(self):
        if self._bus is not None:
            return self._bus
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError as exc:
            raise DBusError(f"QtDBus is not available: {exc}") from exc
        address = self.address
        if address is None and self._env is not os.environ:
            # An explicit environment naming another bus than this process's (e.g. a test desktop).
            theirs = self._env.get("DBUS_SESSION_BUS_ADDRESS")
            address = theirs if theirs and theirs != os.environ.get("DBUS_SESSION_BUS_ADDRESS") else None
        if address:
            self._connection_name = f"companion-idle-{id(self):x}"
            bus = QDBusConnection.connectToBus(address, self._connection_name)
        else:
            if not session_bus_configured(self._env):
                raise DBusError("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
            bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            error = bus.lastError()
            if self._connection_name:
                QDBusConnection.disconnectFromBus(self._connection_name)  # try afresh next time
            raise DBusError(f"cannot connect to the session bus: {error.message()}", error.name())
        self._bus = bus
        return bus

    def __call__(self, service: str, path: str, interface: str, method: str,
                 args: Sequence[object] = ()) -> list:
        from PySide6.QtDBus import QDBus, QDBusMessage

        message = QDBusMessage.createMethodCall(service, path, interface, method)
        if args:
            message.setArguments(list(args))
        reply = self._connection().call(message, QDBus.CallMode.Block, self.timeout_ms)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            raise DBusError(f"{method}: {reply.errorName()}: {reply.errorMessage()}", reply.errorName())
        return list(reply.arguments())

    def close(self) -> None:
        if self._bus is not None and self._connection_name:
            from PySide6.QtDBus import QDBusConnection

            self._bus = None
            QDBusConnection.disconnectFromBus(self._connection_name)


def has_owner(call: DBusCall, service: str) -> bool:
    args = call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
                [service])
    return bool(args and args[0])


def _one_number(args: list, method: str) -> int:
    if not args or isinstance(args[0], bool) or not isinstance(args[0], int):
        raise DBusError(f"{method} returned {args!r}, not a number")
    return args[0]


SCREENSAVER_OBJECTS = (
    # (service, path, interface); KDE answers on both freedesktop paths, GNOME on its own name.
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class ScreenLockQuery:
    """Is the screen locked? `GetActive` of the first screen saver object that answers (the
    screen saver being active is what both KDE and GNOME report while locked). None: unknown."""

    def __init__(self, call: DBusCall, objects: Sequence[tuple[str, str, str]] = SCREENSAVER_OBJECTS,
                 monotonic: Callable[[], float] = time.monotonic):
        self.call = call
        self.objects = list(objects)
        self.failures = FailureCounter("screen lock query", monotonic=monotonic)
        self._working: tuple[str, str, str] | None = None

    def __call__(self) -> bool | None:
        if self.failures.blocked:
            return None
        order = list(self.objects)
        if self._working in order:  # the object that answered last goes first
            order.remove(self._working)
            order.insert(0, self._working)
        errors = []
        for service, path, interface in order:
            try:
                args = self.call(service, path, interface, "GetActive", ())
            except Exception as exc:  # noqa: BLE001
                errors.append(str(exc))
                if getattr(exc, "name", "") == NO_REPLY:
                    break  # something is stuck: asking the next object could wait as long again
                continue
            if args and isinstance(args[0], bool):
                self._working = (service, path, interface)
                self.failures.succeeded()
                return args[0]
            errors.append(f"GetActive returned {args!r}")
        self.failures.failed("; ".join(errors) or "no screen saver object")
        return None


class MutterIdle(_Backend):
    """GNOME (Wayland and X11): org.gnome.Mutter.IdleMonitor.GetIdletime, in milliseconds."""

    name = "mutter"
    title = "GNOME Mutter IdleMonitor"
    SERVICE = "org.gnome.Mutter.IdleMonitor"
    PATH = "/org/gnome/Mutter/IdleMonitor/Core"

    def __init__(self, call: DBusCall | None = None, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self.call = call if call is not None else QtDBusCaller()
        self._locked = ScreenLockQuery(self.call, monotonic=monotonic)

    def _check(self) -> str:
        return "" if has_owner(self.call, self.SERVICE) else f"{self.SERVICE} is not on the session bus"

    def _read(self) -> float:
        args = self.call(self.SERVICE, self.PATH, self.SERVICE, "GetIdletime", ())
        return _one_number(args, "GetIdletime") / 1000.0

    def locked(self) -> bool | None:
        return self._locked()


class FreedesktopIdle(_Backend):
    """org.freedesktop.ScreenSaver: GetSessionIdleTime for idle time, GetActive for the lock.

    The spec never fixed the unit of GetSessionIdleTime; KDE's screen locker (its main provider)
    returns KIdleTime's milliseconds, and that is what is read here. KDE on Wayland answers
    NotSupported, which makes `detect()` pass this backend over.
    """

    name = "freedesktop"
    title = "freedesktop ScreenSaver"
    SERVICE = "org.freedesktop.ScreenSaver"
    PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

    def __init__(self, call: DBusCall | None = None, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self.call = call if call is not None else QtDBusCaller()
        self.path: str | None = None  # the path that answered last
        objects = [(self.SERVICE, path, self.SERVICE) for path in self.PATHS]
        self._locked = ScreenLockQuery(self.call, objects, monotonic=monotonic)

    def _check(self) -> str:
        return "" if has_owner(self.call, self.SERVICE) else f"{self.SERVICE} is not on the session bus"

    def _read(self) -> float:
        paths = list(self.PATHS)
        if self.path in paths:  # the path that answered last goes first
            paths.remove(self.path)
            paths.insert(0, self.path)
        errors = []
        for path in paths:
            try:
                args = self.call(self.SERVICE, path, self.SERVICE, "GetSessionIdleTime", ())
            except DBusError as exc:
                errors.append(str(exc))
                if exc.name == NO_REPLY:
                    break  # the service is stuck: another path would only wait again
                continue
            self.path = path
            return _one_number(args, "GetSessionIdleTime") / 1000.0
        raise DBusError("; ".join(errors))

    def locked(self) -> bool | None:
        return self._locked()


# -------------------------------------------------------------------------------------------- X11

class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("eventMask", ctypes.c_ulong),
    ]


def load_library(*names: str):
    """The first of `names` that loads (a bare name is looked up with find_library), or None."""
    for name in names:
        path = name if "." in name or "/" in name else ctypes.util.find_library(name)
        if not path:
            continue
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


class X11Idle(_Backend):
    """X11: XScreenSaverQueryInfo's `idle` (ms) from libXss. One display connection, opened on first
    use and closed by `close()`. Screen lock state comes from the screen saver on D-Bus."""

    name = "x11"
    title = "X11 XScreenSaver"

    def __init__(self, display: str | None = None, lock_query: Callable[[], bool | None] | None = None,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self.display_name = os.environ.get("DISPLAY", "") if display is None else display
        self._lock_query = lock_query
        self._lock = threading.Lock()
        self._xlib = None
        self._xss = None
        self._dpy = None
        self._root = 0
        self._info = None  # XScreenSaverInfo*, allocated once, XFree'd in close()

    def _libs(self) -> str:
        if self._xss is not None:
            return ""
        xlib = load_library("libX11.so.6", "X11")
        if xlib is None:
            return "libX11 is not installed"
        xss = load_library("libXss.so.1", "Xss")
        if xss is None:
            return "libXss.so.1 is not installed (package libxss1)"
        vp = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XOpenDisplay.restype = vp
        xlib.XDefaultRootWindow.argtypes = [vp]
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XCloseDisplay.argtypes = [vp]
        xlib.XCloseDisplay.restype = ctypes.c_int
        xlib.XFree.argtypes = [vp]
        xlib.XFree.restype = ctypes.c_int
        xss.XScreenSaverQueryExtension.argtypes = [vp, ctypes.POINTER(ctypes.c_int),
                                                   ctypes.POINTER(ctypes.c_int)]
        xss.XScreenSaverQueryExtension.restype = ctypes.c_int
        xss.XScreenSaverAllocInfo.argtypes = []
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [vp, ctypes.c_ulong, ctypes.POINTER(_XScreenSaverInfo)]
        xss.XScreenSaverQueryInfo.restype = ctypes.c_int
        self._xlib, self._xss = xlib, xss
        return ""

    def _open(self) -> str:
        """Open the display once (caller holds the lock); '' when ready, else why not."""
        if self._dpy is not None:
            return ""
        if not self.display_name:
            return "no X display (DISPLAY is not set)"
        problem = self._libs()
        if problem:
            return problem
        dpy = self._xlib.XOpenDisplay(self.display_name.encode())
        if not dpy:
            return f"cannot open X display {self.display_name}"
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(dpy, ctypes.byref(event_base), ctypes.byref(error_base)):
            self._xlib.XCloseDisplay(dpy)
            return f"X display {self.display_name} has no MIT-SCREEN-SAVER extension"
        info = self._xss.XScreenSaverAllocInfo()
        if not info:
            self._xlib.XCloseDisplay(dpy)
            return "XScreenSaverAllocInfo failed"
        self._dpy, self._root, self._info = dpy, self._xlib.XDefaultRootWindow(dpy), info
        return ""

    def _check(self) -> str:
        with self._lock:
            return self._open()

    def _read(self) -> float:
        with self._lock:
            problem = self._open()
            if problem:
                raise OSError(problem)
            if not self._xss.XScreenSaverQueryInfo(self._dpy, self._root, self._info):
                raise OSError("XScreenSaverQueryInfo failed")
            return self._info.contents.idle / 1000.0

    def locked(self) -> bool | None:
        if self._lock_query is None:
            self._lock_query = ScreenLockQuery(QtDBusCaller())
        return self._lock_query()

    def close(self) -> None:
        with self._lock:
            if self._info is not None:
                self._xlib.XFree(self._info)
                self._info = None
            if self._dpy is not None:
                self._xlib.XCloseDisplay(self._dpy)
                self._dpy = None


# --------------------------------------------------------------------------------- fallback, fake

class NoIdle:
    """The fallback: idle time is never known. `reason` says why (for `describe`)."""

    name = "none"
    title = "none"

    def __init__(self, reason: str = ""):
        self.reason = reason

    def available(self) -> bool:
        return True

    def idle_seconds(self) -> float | None:
        return None

    def locked(self) -> bool | None:
        return None


class FakeIdle:
    """For tests: set `.idle` (seconds or None) and `.locked_value`; `.calls` counts idle_seconds()."""

    def __init__(self, idle: float | None = 0.0, locked_value: bool | None = None, name: str = "fake",
                 is_available: bool = True):
        self.name = name
        self.idle = idle
        self.locked_value = locked_value
        self.is_available = is_available
        self.calls = 0

    def available(self) -> bool:
        return self.is_available

    def idle_seconds(self) -> float | None:
        self.calls += 1
        return self.idle

    def locked(self) -> bool | None:
        return self.locked_value


# ------------------------------------------------------------------------------------- detection

def is_wayland(env: Mapping[str, str]) -> bool:
    return bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE", "").lower() == "wayland"


def candidates(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> list[IdleMonitor]:
    """The backends worth trying here, best first. Building them opens nothing."""
    if platform.startswith(("win", "cygwin")):
        return [WindowsIdle()]
    if platform == "darwin":
        return [MacIdle()]
    if not platform.startswith(UNIX_DESKTOPS):
        return []
    dbus = QtDBusCaller(env=env)
    if is_wayland(env):
        # Never XScreenSaver under Wayland: XWayland only sees input to X clients.
        return [MutterIdle(dbus), FreedesktopIdle(dbus)]
    if env.get("DISPLAY"):
        return [X11Idle(env["DISPLAY"], lock_query=ScreenLockQuery(dbus)), MutterIdle(dbus),
                FreedesktopIdle(dbus)]
    return []


def detect(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> IdleMonitor:
    """The first candidate that is available and answers a first probe with a number; else NoIdle."""
    tried = []
    for monitor in candidates(env, platform):
        try:
            ok = monitor.available()
            problem = getattr(monitor, "problem", "")
            if ok:
                ok = monitor.idle_seconds() is not None
                failures = getattr(monitor, "failures", None)
                problem = "" if ok else (failures.last_error if failures else "") or "no answer"
        except Exception as exc:  # noqa: BLE001 - a third-party backend must not stop detection
            ok, problem = False, str(exc)
        if ok:
            log.info("idle time from %s", monitor.name)
            return monitor
        tried.append(f"{getattr(monitor, 'title', monitor.name)}: {problem or 'unavailable'}")
        close_monitor(monitor)
    if tried:
        reason = "tried " + "; ".join(tried)
    elif platform.startswith(UNIX_DESKTOPS):
        reason = "no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    else:
        reason = f"no idle backend for {platform}"
    log.info("no idle time available: %s", reason)
    return NoIdle(reason)


NO_IDLE_TEXT = "none: no idle information (natural breaks and overtime are not detected)"


def describe(monitor: IdleMonitor) -> str:
    """One line for `companion doctor`."""
    if isinstance(monitor, NoIdle):
        return NO_IDLE_TEXT + (f"; {monitor.reason}" if monitor.reason else "")
    title = getattr(monitor, "title", None) or monitor.name
    try:
        seconds = monitor.idle_seconds() if monitor.available() else None
    except Exception as exc:  # noqa: BLE001
        return f"{title} (failed: {exc})"
    if seconds is None:
        failures = getattr(monitor, "failures", None)
        why = getattr(monitor, "problem", "") or (failures.last_error if failures else "")
        return f"{title} (not answering{': ' + why if why else ''})"
    text = f"{title} (idle {seconds:.0f} s"
    if screen_locked(monitor):
        text += ", screen locked"
    return text + ")"
