"""Idle time on macOS: IOKit's HIDIdleTime, read through ctypes (no PyObjC)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading
import time
from collections.abc import Callable

from companion.platform.idle.base import IdleBackend


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


class MacIdle(IdleBackend):
    """IOKit: the IOHIDSystem service's HIDIdleTime property (nanoseconds since the last input)."""

    name = "macos"
    title = "macOS IOKit HIDIdleTime"

    def __init__(self, monotonic: Callable[[], float] = time.monotonic):
        super().__init__(monotonic)
        self._iokit: ctypes.CDLL | None = None
        self._cf: ctypes.CDLL | None = None
        self._key: int | None = None  # CFStringRef "HIDIdleTime", released in close()
        self._lock = threading.Lock()

    def _libs(self) -> tuple[ctypes.CDLL, ctypes.CDLL]:
        if self._iokit is not None and self._cf is not None:
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
    def _cf_to_int(cf: ctypes.CDLL, value: int) -> int:
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
