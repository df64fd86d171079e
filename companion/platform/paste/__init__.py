"""Replying into any window: the global hotkey, the window it was pressed over, and the paste.

One backend per kind of desktop, each in its own module:

- X11: `X11PasteBack` (XGrabKey on the root window, EWMH for the active window and its title,
  XTEST for the paste keys; libX11 and libXtst through ctypes);
- Windows: `WindowsPasteBack` (RegisterHotKey, GetForegroundWindow/GetWindowTextW,
  SetForegroundWindow, SendInput; user32 through ctypes);
- macOS: `MacPasteBack` (a Carbon hot key, RegisterEventHotKey, which needs no permission; the
  frontmost application through AppKit; Cmd+V posted as Quartz key events, which needs the
  Accessibility permission, checked with AXIsProcessTrusted);
- Wayland and anything else: `NoPasteBack`, which says why: replies are copied, never pasted.

`detect()` picks the backend for this session. Importing this package loads no native library.
"""

from __future__ import annotations

import os
import sys

from companion.platform.paste.base import (
    FakePasteBack,
    PasteBack,
    PasteError,
    Problem,
    TargetWindow,
    is_terminal,
)
from companion.platform.probe import is_wayland

__all__ = ["FakePasteBack", "NoPasteBack", "PasteBack", "PasteError", "Problem", "TargetWindow", "detect",
           "is_terminal"]


class NoPasteBack:
    """Where no window can be pasted into: every call says why (`problem`)."""

    name = "none"

    def __init__(self, reason: PasteError):
        self.reason = reason

    def problem(self) -> PasteError | None:
        return self.reason

    def register_hotkey(self, hotkey, pressed) -> None:
        raise self.reason

    def unregister_hotkey(self) -> None:
        pass

    def active_window(self) -> TargetWindow | None:
        return None

    def focus(self, window: TargetWindow) -> bool:
        raise self.reason

    def send_paste(self, window: TargetWindow) -> None:
        raise self.reason

    def close(self) -> None:
        pass


def detect(environ: dict[str, str] | None = None, platform: str | None = None) -> PasteBack:
    """The backend for this session (it may still report a `problem()`, e.g. a missing permission)."""
    env = dict(os.environ) if environ is None else environ
    platform = platform or sys.platform
    if platform.startswith("win"):
        from companion.platform.paste.windows import WindowsPasteBack

        return WindowsPasteBack()
    if platform == "darwin":
        from companion.platform.paste.macos import MacPasteBack

        return MacPasteBack()
    if is_wayland(env):
        return NoPasteBack(PasteError(Problem.UNSUPPORTED, "Wayland lets no application read other windows or "
                                                           "type into them"))
    if env.get("DISPLAY"):
        from companion.platform.paste.x11 import X11PasteBack

        return X11PasteBack(env["DISPLAY"])
    return NoPasteBack(PasteError(Problem.UNSUPPORTED, "no X display"))
