"""The one interface for replying into another application's window: a global hotkey, the window
that was active when it was pressed, giving that window the focus back, and a paste keystroke.

Every backend (X11, Windows, macOS; none on Wayland) implements `PasteBack`; `FakePasteBack` is
the one tests drive. The clipboard itself is not here: the app fills it (platform/clipboard.py)
before asking for the paste and restores it afterwards.

Rules every backend keeps:
- the hotkey callback runs on the Qt main thread (a backend that listens on a thread of its own
  hands the press over through a queued signal);
- an ordinary failure raises `PasteError` with one of the `Problem` codes (the interface words it
  in the agent's language) and a `detail` in English for the log and `doctor`;
- window titles are read when asked and never kept.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from companion.core.hotkeys import Hotkey


class Problem(enum.Enum):
    UNSUPPORTED = "unsupported"  # this desktop cannot do it at all (Wayland without the portal…)
    NO_PERMISSION = "no_permission"  # macOS: the accessibility permission is not granted
    MISSING_PART = "missing_part"  # a library or extension is not there (libXtst, XTEST)
    HOTKEY_TAKEN = "hotkey_taken"  # another application holds the key combination
    HOTKEY_INVALID = "hotkey_invalid"  # the key cannot be expressed on this platform
    FOCUS_REFUSED = "focus_refused"  # the target window would not take the focus back
    TARGET_GONE = "target_gone"  # the target window closed meanwhile
    INJECT_FAILED = "inject_failed"  # the paste keystroke could not be sent


class PasteError(Exception):
    def __init__(self, problem: Problem, detail: str = ""):
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class TargetWindow:
    """A window of another application, as it was when the hotkey was pressed."""

    handle: int  # X11 window id, Windows HWND, macOS process id
    title: str = ""
    app: str = ""  # WM_CLASS class, the executable's name, the bundle id
    terminal: bool = False  # a terminal: pasted with Shift+Insert rather than Ctrl+V


class PasteBack(Protocol):
    name: str

    def problem(self) -> PasteError | None:
        """Why this backend cannot work here (checked now: a permission may be granted later), or None."""
        ...

    def register_hotkey(self, hotkey: Hotkey, pressed: Callable[[], None]) -> None:
        """Listen for `hotkey` everywhere (replacing a previous one); `pressed` runs on the Qt main
        thread. Raises PasteError (HOTKEY_TAKEN, HOTKEY_INVALID, NO_PERMISSION, UNSUPPORTED…)."""
        ...

    def unregister_hotkey(self) -> None: ...

    def active_window(self) -> TargetWindow | None:
        """The window that has the keyboard focus now, if it is another application's."""
        ...

    def focus(self, window: TargetWindow) -> bool:
        """Ask for `window` to become active again; True if it is (or the request was accepted).
        Raises PasteError(TARGET_GONE) if it no longer exists."""
        ...

    def send_paste(self, window: TargetWindow) -> None:
        """Press the paste keys in the active window (Ctrl+V; Shift+Insert in a terminal; Cmd+V on
        macOS). Raises PasteError (INJECT_FAILED, NO_PERMISSION…)."""
        ...

    def close(self) -> None: ...


TERMINAL_APPS = frozenset({
    "xterm", "uxterm", "urxvt", "rxvt", "gnome-terminal", "gnome-terminal-server", "konsole", "xfce4-terminal",
    "terminator", "tilix", "alacritty", "kitty", "wezterm", "foot", "st", "lxterminal", "mate-terminal",
    "qterminal", "terminology", "sakura", "guake", "yakuake", "tilda", "putty", "mintty", "conemu64",
    "windowsterminal", "cmd", "powershell", "pwsh", "com.apple.terminal", "com.googlecode.iterm2",
})


def is_terminal(app: str) -> bool:
    """Whether the application named `app` (WM_CLASS, executable or bundle id) is a terminal."""
    name = app.casefold().removesuffix(".exe")
    return name in TERMINAL_APPS


@dataclass
class FakePasteBack:
    """For tests: records what was asked; set the fields to make each step fail or succeed."""

    name: str = "fake"
    unavailable: PasteError | None = None
    register_error: PasteError | None = None
    window: TargetWindow | None = None  # what active_window() answers
    focus_ok: bool = True
    focus_error: PasteError | None = None
    paste_error: PasteError | None = None
    hotkey: Hotkey | None = None
    pressed: Callable[[], None] | None = None
    focused: list[TargetWindow] = field(default_factory=list)
    pastes: list[TargetWindow] = field(default_factory=list)
    on_paste: Callable[[TargetWindow], None] | None = None  # e.g. read the clipboard as the target would

    def problem(self) -> PasteError | None:
        return self.unavailable

    def register_hotkey(self, hotkey: Hotkey, pressed: Callable[[], None]) -> None:
        if self.register_error is not None:
            raise self.register_error
        self.hotkey, self.pressed = hotkey, pressed

    def unregister_hotkey(self) -> None:
        self.hotkey = self.pressed = None

    def press(self) -> None:
        """The agent pressed the hotkey."""
        assert self.pressed is not None, "no hotkey registered"
        self.pressed()

    def active_window(self) -> TargetWindow | None:
        return self.window

    def focus(self, window: TargetWindow) -> bool:
        if self.focus_error is not None:
            raise self.focus_error
        self.focused.append(window)
        return self.focus_ok

    def send_paste(self, window: TargetWindow) -> None:
        if self.paste_error is not None:
            raise self.paste_error
        self.pastes.append(window)
        if self.on_paste is not None:
            self.on_paste(window)

    def close(self) -> None:
        self.unregister_hotkey()
