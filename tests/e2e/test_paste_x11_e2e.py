"""X11PasteBack against a real X server: the e2e desktop's Xvfb, with no window manager (only the
trayer tray host), so the input focus stands in for the active window as it does on such sessions.

What these prove:
- the hotkey grabbed on the root window reaches our callback through the Qt event loop, also with
  CapsLock and NumLock on, and the key never reaches the window under it;
- a combination already grabbed by another X client is refused with HOTKEY_TAKEN, and the refused
  registration keeps the one registered before;
- the active window is read with its exact UTF-8 title, its WM_CLASS and the terminal flag; a window
  of the asking process is never offered as a target;
- focus() gives a window the keyboard focus back, and send_paste() makes a real Qt line edit paste
  the CLIPBOARD (Ctrl+V through XTEST) and a real xterm paste the PRIMARY selection (Shift+Insert);
- with the Russian group of a "us,ru" keyboard active, the hotkey and Ctrl+V still work: both go by
  the key, not the letter on it;
- focus() on a window that was destroyed says TARGET_GONE.

The targets are separate processes (a PySide6 window, xterm); each test stops what it started.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.core.hotkeys import Hotkey
from companion.platform.paste import PasteError, Problem, TargetWindow
from companion.platform.paste.x11 import X11PasteBack
from tests.e2e.desktop import wait_until
from tests.e2e.target_window import PATH as TARGET_WINDOW

TITLE = "SUP-1234 · Не приходят письма — Jira"
REPLY = "Здравствуйте, Иван! Письма снова приходят — проверьте, пожалуйста."
CTRL_ALT_R = Hotkey(frozenset({"ctrl", "alt"}), "R")
CTRL_ALT_T = Hotkey(frozenset({"ctrl", "alt"}), "T")

@dataclass
class Target:
    proc: subprocess.Popen
    wid: int
    base: Path

    def text(self) -> str:
        return self.base.with_suffix(".txt").read_text(encoding="utf-8")


@pytest.fixture
def open_windows(desktop, tmp_path):
    """open_windows(title, …): start one target per title (in parallel) and wait until each is shown."""
    started: list[subprocess.Popen] = []

    def open_(*titles: str) -> list[Target]:
        launched = []
        for title in titles:
            base = tmp_path / f"window{len(started)}"
            proc = desktop.spawn([sys.executable, TARGET_WINDOW, title, str(base), "--line"])
            started.append(proc)
            launched.append((proc, base))
        return [Target(proc, _read_window_id(proc, base.with_suffix(".wid")), base) for proc, base in launched]

    yield open_
    for proc in started:
        desktop.terminate(proc)


def _read_window_id(proc: subprocess.Popen, path: Path) -> int:
    def window_id() -> int | None:
        if proc.poll() is not None:
            raise AssertionError(f"the target window exited with {proc.returncode}")
        text = path.read_text() if path.exists() else ""
        return int(text) if text.endswith("\n") else None

    return wait_until(window_id, timeout=20, what=f"a window id in {path.name}")


@pytest.fixture
def selection(desktop, require_tools):
    """selection(name, text): xclip owns the X selection `name` with `text` until the test ends."""
    require_tools("xclip")
    owners: list[subprocess.Popen] = []

    def own(name: str, text: str) -> None:
        # -quiet keeps xclip in the foreground (it would fork away otherwise), so it can be stopped.
        proc = desktop.spawn(["xclip", "-selection", name, "-quiet", "-i"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        owners.append(proc)
        assert proc.stdin is not None
        proc.stdin.write(text.encode())
        proc.stdin.close()
        wait_until(lambda: desktop.run(["xclip", "-o", "-selection", name], encoding="utf-8").stdout == text,
                   timeout=10, what=f"xclip to own {name}")

    yield own
    for proc in owners:
        desktop.terminate(proc)


@pytest.fixture
def paste_back(desktop):
    backends: list[X11PasteBack] = []

    def make() -> X11PasteBack:
        backend = X11PasteBack(desktop.display)
        backends.append(backend)
        return backend

    yield make
    for backend in backends:
        backend.close()


def _xdotool(desktop, *args: str) -> None:
    result = desktop.run(["xdotool", *args], timeout=10)
    assert result.returncode == 0, f"xdotool {' '.join(args)}: {result.stderr}"


def _focus_with_xdotool(desktop, wid: int) -> None:
    # windowactivate needs a window manager; windowfocus sets the input focus itself.
    _xdotool(desktop, "windowfocus", "--sync", str(wid))


def test_the_hotkey_reaches_the_callback_and_not_the_window_under_it(desktop, qtbot, open_windows, paste_back):
    (target,) = open_windows(TITLE)
    paste = paste_back()
    assert paste.problem() is None
    presses: list[float] = []
    paste.register_hotkey(CTRL_ALT_R, lambda: presses.append(time.perf_counter()))
    _focus_with_xdotool(desktop, target.wid)

    started = time.perf_counter()
    key = desktop.spawn(["xdotool", "key", "ctrl+alt+r"])
    qtbot.waitUntil(lambda: len(presses) == 1, timeout=5000)
    print(f"xdotool key → callback: {(presses[0] - started) * 1000:.0f} ms")  # shown with -s
    assert key.wait(timeout=10) == 0
    desktop.terminate(key)
    # Keys arrive in order: a letter typed after the hotkey arriving alone means the R never did.
    _xdotool(desktop, "key", "x")
    qtbot.waitUntil(lambda: target.text() == "x", timeout=5000)

    # With CapsLock and NumLock on, the same keys are still the hotkey.
    _xdotool(desktop, "key", "Caps_Lock", "Num_Lock")
    try:
        _xdotool(desktop, "key", "ctrl+alt+r")
        qtbot.waitUntil(lambda: len(presses) == 2, timeout=5000)
    finally:
        _xdotool(desktop, "key", "Caps_Lock", "Num_Lock")
    _xdotool(desktop, "key", "y")
    qtbot.waitUntil(lambda: target.text() == "xy", timeout=5000)

    # Released: the keys go to the window again, and no callback runs.
    paste.unregister_hotkey()
    _xdotool(desktop, "key", "ctrl+alt+r", "z")
    qtbot.waitUntil(lambda: target.text() == "xyz", timeout=5000)
    assert len(presses) == 2


def test_a_combination_another_client_holds_is_refused(desktop, qtbot, paste_back):
    holder, other = paste_back(), paste_back()  # two connections: two X clients
    holder.register_hotkey(CTRL_ALT_R, lambda: None)
    other.register_hotkey(CTRL_ALT_T, lambda: None)

    with pytest.raises(PasteError) as refused:
        other.register_hotkey(CTRL_ALT_R, lambda: None)
    assert refused.value.problem is Problem.HOTKEY_TAKEN
    assert "Ctrl+Alt+R" in refused.value.detail
    # The refusal kept other's earlier hotkey…
    with pytest.raises(PasteError) as still_held:
        holder.register_hotkey(CTRL_ALT_T, lambda: None)
    assert still_held.value.problem is Problem.HOTKEY_TAKEN
    # …and left no stray grab behind: once the holder lets go, the combination is free.
    holder.unregister_hotkey()
    other.register_hotkey(CTRL_ALT_R, lambda: None)
    other.close()
    holder.register_hotkey(CTRL_ALT_R, lambda: None)


def test_the_active_window_gets_the_focus_back_and_the_clipboard_pasted(desktop, qtbot, open_windows,
                                                                        selection, paste_back):
    target, other = open_windows(TITLE, "Slack")
    paste = paste_back()
    _focus_with_xdotool(desktop, target.wid)
    window = paste.active_window()
    assert window == TargetWindow(handle=target.wid, title=TITLE, app="jira-target", terminal=False)
    assert paste.active_window(own_pid=target.proc.pid) is None  # a window of the asking process

    _focus_with_xdotool(desktop, other.wid)  # the agent went elsewhere (the palette, say)
    assert paste.active_handle() == other.wid
    selection("clipboard", REPLY)
    assert paste.focus(window) is True
    qtbot.waitUntil(lambda: paste.active_handle() == target.wid, timeout=5000)
    # The agent still holds Alt from the hotkey: the paste lifts it first, or Ctrl+Alt+V would do nothing.
    _xdotool(desktop, "keydown", "alt")
    try:
        paste.send_paste(window)
    finally:
        _xdotool(desktop, "keyup", "alt")
    qtbot.waitUntil(lambda: target.text() == REPLY, timeout=5000)
    assert other.text() == ""


class KeyboardGroup:
    """Locks an XKB group (layout) the way the agent's layout switch does; group 0 is the first."""

    USE_CORE_KBD = 0x100

    def __init__(self, display: str):
        xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        vp = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XOpenDisplay.restype = vp
        xlib.XkbLockGroup.argtypes = [vp, ctypes.c_uint, ctypes.c_uint]
        xlib.XkbGetState.argtypes = [vp, ctypes.c_uint, ctypes.c_void_p]
        xlib.XSync.argtypes = [vp, ctypes.c_int]
        xlib.XCloseDisplay.argtypes = [vp]
        self.xlib = xlib
        self.dpy = xlib.XOpenDisplay(display.encode())
        assert self.dpy, f"cannot open {display}"

    def lock(self, group: int) -> None:
        self.xlib.XkbLockGroup(self.dpy, self.USE_CORE_KBD, group)
        self.xlib.XSync(self.dpy, 0)

    def active(self) -> int:
        state = (ctypes.c_ubyte * 32)()  # XkbStateRec; its first byte is the effective group
        self.xlib.XkbGetState(self.dpy, self.USE_CORE_KBD, state)
        return state[0]

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.dpy)


def test_hotkey_and_paste_work_while_the_russian_layout_is_active(desktop, qtbot, require_tools, open_windows,
                                                                  selection, paste_back):
    require_tools("setxkbmap")
    with desktop.keyboard_layouts("us,ru"):
        group = KeyboardGroup(desktop.display)
        try:
            group.lock(1)
            assert group.active() == 1
            (target,) = open_windows(TITLE)
            paste = paste_back()
            presses: list[int] = []
            paste.register_hotkey(CTRL_ALT_R, lambda: presses.append(1))
            _focus_with_xdotool(desktop, target.wid)
            # The agent presses the R key, which types к in this layout.
            _xdotool(desktop, "key", "ctrl+alt+Cyrillic_ka")
            qtbot.waitUntil(lambda: presses == [1], timeout=5000)
            selection("clipboard", REPLY)
            window = paste.active_window()
            assert window is not None and window.handle == target.wid
            paste.send_paste(window)  # the V key, which is М here
            qtbot.waitUntil(lambda: target.text() == REPLY, timeout=5000)
            assert group.active() == 1
        finally:
            group.lock(0)
            group.close()


def test_focusing_a_closed_window_says_it_is_gone(desktop, open_windows, paste_back):
    (target,) = open_windows("Closing soon")
    paste = paste_back()
    desktop.terminate(target.proc)
    wait_until(lambda: desktop.run(["xwininfo", "-id", str(target.wid)]).returncode != 0, timeout=10,
               what="the window to be destroyed")
    with pytest.raises(PasteError) as gone:
        paste.focus(TargetWindow(handle=target.wid, title=TITLE))
    assert gone.value.problem is Problem.TARGET_GONE


def test_a_terminal_is_recognised_and_pastes_the_primary_selection(desktop, qtbot, tmp_path, selection,
                                                                   paste_back):
    if shutil.which("xterm") is None:
        pytest.skip("xterm is not installed (Debian package xterm)")
    typed, wid_file = tmp_path / "typed.txt", tmp_path / "xterm.wid"
    # xterm tells its shell the id of its text area in WINDOWID; cat then saves what is typed.
    script = f'echo "$WINDOWID" > "{wid_file}"; exec cat > "{typed}"'
    xterm = desktop.spawn(["xterm", "-e", "sh", "-c", script], env={"LC_ALL": "C.UTF-8"})
    try:
        text_area = _read_window_id(xterm, wid_file)
        paste = paste_back()
        # The focus on the text area (a child window) is read as its top-level window.
        _focus_with_xdotool(desktop, text_area)
        window = paste.active_window()
        assert window is not None and window.terminal and window.app == "XTerm"
        assert window.handle != 0
        # xterm asks for the selection only when the keys arrive, so a Return pressed after the paste
        # could overtake the text: the line ends in the selection itself (xterm pastes it as Return).
        selection("primary", REPLY + "\n")
        assert paste.focus(window) is True
        qtbot.waitUntil(lambda: paste.active_handle() == window.handle, timeout=5000)
        paste.send_paste(window)
        qtbot.waitUntil(lambda: typed.exists() and typed.read_text(encoding="utf-8") == REPLY + "\n",
                        timeout=5000)
    finally:
        desktop.terminate(xterm)
