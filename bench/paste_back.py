"""The reply hotkey on a real X server: how long the palette takes to appear, how long Enter takes
to put the reply into another window, next to a bare clipboard copy.

    cd /work/main && PYTHONPATH=. .venv/bin/python -m bench.paste_back [--rounds 20]

Everything runs on a throw-away X desktop (Xvfb + private D-Bus + dunst + trayer, see
tests/e2e/desktop.py, no window manager): the real app (`python -m companion` on a fresh data dir
and config folder, one ticket, SUP-1234, added with its CLI) and a target window of another process
titled "SUP-1234 · … — Jira", a plain-text editor. Each round:

(a) hotkey → palette mapped: from the XTEST key events for Ctrl+Alt+R leaving this process until
    the X server reports the palette window mapped (MapNotify on the root window, the state
    `xdotool search --onlyvisible` looks for). Event-driven, no polling: the resolution is that of
    the clock, but "mapped" is not "painted", which follows a frame or so later;
(b) Return → reply in the target: from the XTEST Return until the target's text changed to the
    reply, stamped by the target itself on CLOCK_MONOTONIC (the same clock in every process);
then, for orientation, Return → clipboard given back (the app waits 400 ms by design; read by
polling `xclip -o` every 20 ms, so that figure is good to ~25 ms).

(c) a bare clipboard copy, measured in the same run: from spawning `xclip -selection clipboard -i`
    with the same text until `xclip -o` (started again and again, a few ms each) returns it. Two
    process starts are in that figure, as they would be for any copy made by a script.

The query is typed between (a) and (b) with xdotool and not timed. The first press of a run loads
the search (rapidfuzz) and builds the index, so warm-up rounds are printed apart and not counted.
Nothing here asserts: the script prints per-round figures, then medians and p95 (nearest rank).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
KEY = "SUP-1234"
TITLE = f"{KEY} · Не приходят письма — Jira"
PALETTE_TITLE = "^(Find reply|Поиск ответа) — Support Companion$"
BEFORE = "before"
MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
RESTORE_POLL_S = 0.02
# The target (tests/e2e/target_window.py, run with --stamp): an editor that writes
# "<CLOCK_MONOTONIC seconds>\n<its text>" to BASE.txt on every change, its window id to BASE.wid.
TARGET_WINDOW = str(ROOT / "tests" / "e2e" / "target_window.py")


class RoundError(RuntimeError):
    """One round did not complete (no palette, no paste): reported, and the next one starts clean."""


# -- the X side of the bench: keys through XTEST, map events from the root window -------------------

class _XMapEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("event", ctypes.c_ulong), ("window", ctypes.c_ulong),
                ("override_redirect", ctypes.c_int)]


class _XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", _XMapEvent), ("pad", ctypes.c_long * 24)]


class XSide:
    """One connection of the bench's own: it types (XTEST, as the app's paste does) and hears every
    top-level window being mapped. Only requests that cannot fail are sent: Xlib's default error
    handler would end the process."""

    def __init__(self, display: str):
        from companion.platform.paste.x11 import load_xlib, load_xtst

        self.xlib, self.xtst = load_xlib(), load_xtst()
        if self.xlib is None or self.xtst is None:
            raise SystemExit("the bench needs libX11 and libXtst")
        vp = ctypes.c_void_p
        self.xlib.XSelectInput.argtypes = [vp, ctypes.c_ulong, ctypes.c_long]
        self.xlib.XFlush.argtypes = [vp]
        self.xlib.XNextEvent.argtypes = [vp, ctypes.POINTER(_XEvent)]  # our union, not x11.py's
        self.dpy = self.xlib.XOpenDisplay(display.encode())
        if not self.dpy:
            raise SystemExit(f"cannot open display {display}")
        self.xlib.XSelectInput(self.dpy, self.xlib.XDefaultRootWindow(self.dpy), SUBSTRUCTURE_NOTIFY_MASK)
        self.xlib.XSync(self.dpy, 0)
        self.fd = self.xlib.XConnectionNumber(self.dpy)
        self._event = _XEvent()

    def keycode(self, name: str) -> int:
        return int(self.xlib.XKeysymToKeycode(self.dpy, self.xlib.XStringToKeysym(name.encode())))

    def press(self, *names: str) -> float:
        """Press the keys in order, release them in reverse; the CLOCK_MONOTONIC time just before
        they are sent to the server."""
        codes = [self.keycode(name) for name in names]
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.dpy, code, 0, 0)
        sent = time.monotonic()
        self.xlib.XFlush(self.dpy)
        return sent

    def drain(self) -> None:
        """Forget the map events of earlier rounds (toasts, the palette's own hide and show)."""
        while self.xlib.XPending(self.dpy):
            self.xlib.XNextEvent(self.dpy, ctypes.byref(self._event))

    def wait_mapped(self, window: int, timeout: float) -> tuple[float, int] | None:
        """When `window` (0: any window) was reported mapped, on CLOCK_MONOTONIC, and which window
        it was; None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            while self.xlib.XPending(self.dpy):
                self.xlib.XNextEvent(self.dpy, ctypes.byref(self._event))
                mapped = int(self._event.xmap.window)
                if self._event.type == MAP_NOTIFY and window in (0, mapped):
                    return time.monotonic(), mapped
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            select.select([self.fd], [], [], remaining)

    def focused(self) -> int:
        focus, revert = ctypes.c_ulong(), ctypes.c_int()
        self.xlib.XGetInputFocus(self.dpy, ctypes.byref(focus), ctypes.byref(revert))
        return focus.value

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.dpy)


# -- helpers -------------------------------------------------------------------------------------

def wait_for(condition: Callable[[], Any], timeout: float, interval: float = 0.005) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Target:
    def __init__(self, desktop, scratch: Path):
        self.base = scratch / "target"
        self.proc = desktop.spawn([sys.executable, TARGET_WINDOW, TITLE, str(self.base), "--stamp"])
        wid_file = self.base.with_suffix(".wid")

        def shown() -> int | None:
            if self.proc.poll() is not None:
                raise SystemExit(f"the target window exited with {self.proc.returncode}")
            text = wid_file.read_text() if wid_file.exists() else ""
            return int(text) if text.endswith("\n") else None

        self.wid = wait_for(shown, 20, 0.05)
        if not self.wid:
            raise SystemExit("the target window did not show")

    def read(self) -> tuple[float, str]:
        stamp, _, text = self.base.with_suffix(".txt").read_text(encoding="utf-8").partition("\n")
        return float(stamp), text


def clipboard(desktop) -> str | None:
    result = desktop.run(["xclip", "-o", "-selection", "clipboard", "-t", "UTF8_STRING"], timeout=10)
    return result.stdout if result.returncode == 0 else None


def own_clipboard(desktop, text: str) -> subprocess.Popen:
    """xclip holds the clipboard with `text` (in the foreground, so it can be stopped)."""
    proc = desktop.spawn(["xclip", "-selection", "clipboard", "-quiet", "-i"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None
    proc.stdin.write(text.encode())
    proc.stdin.close()
    return proc


# -- the app -------------------------------------------------------------------------------------

def start_app(desktop, scratch: Path) -> tuple[subprocess.Popen, dict[str, str]]:
    """The app on a fresh data dir and config folder, with one ticket; returned once its tray icon
    is embedded (the hotkey is grabbed before that)."""
    env = {"COMPANION_DATA_DIR": str(scratch / "data"), "XDG_CONFIG_HOME": str(scratch / "config"),
           "LANG": "C.UTF-8", "TZ": "UTC"}

    def cli(*args: str) -> str:
        result = desktop.run([sys.executable, "-m", "companion", *args], env=env, cwd=ROOT)
        if result.returncode != 0:
            raise SystemExit(f"companion {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    cli("settings", "set", "interface_language", "en")
    cli("settings", "set", "reply_language", "en")
    cli("settings", "set", "breaks_enabled", "off")  # a break window would take the focus
    cli("ticket", "add", KEY, "--client", "ACME Ltd", "--contact", "Ivan Petrov", "--subject", "Mail does not arrive",
        "--every", "none")
    before = len(desktop.tray_icons())
    proc = desktop.spawn([sys.executable, "-m", "companion"], env=env, cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop.wait_for_tray_icons(before + 1, timeout=30)
    return proc, env


def render(desktop, env: dict[str, str], slug: str) -> str:
    result = desktop.run([sys.executable, "-m", "companion", "reply", "render", slug, "--ticket", KEY],
                         env=env, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"companion reply render failed: {result.stderr.strip()}")
    return result.stdout.removesuffix("\n")


# -- one round -----------------------------------------------------------------------------------

class Round:
    def __init__(self, desktop, x: XSide, target: Target, query: str, expected: str, timeout: float):
        self.desktop, self.x, self.target = desktop, x, target
        self.query, self.expected, self.timeout = query, expected, timeout
        self.palette = 0  # learnt on the first press

    def find_palette(self) -> int:
        found = wait_for(lambda: self.desktop.run(["xdotool", "search", "--onlyvisible", "--name",
                                                   PALETTE_TITLE]).stdout.split(), self.timeout, 0.01)
        if not found:
            raise RoundError("no palette window")
        return int(found[0])

    def run(self) -> dict[str, float]:
        desktop, x, target = self.desktop, self.x, self.target
        # A clean start: the target empty, focused, and "before" on the clipboard for the app to keep.
        desktop.run(["xdotool", "windowfocus", "--sync", str(target.wid)], timeout=10)
        desktop.run(["xdotool", "key", "ctrl+a", "Delete"], timeout=10)
        if not wait_for(lambda: target.read()[1] == "", self.timeout):
            raise RoundError("the target did not clear")
        owner = own_clipboard(desktop, BEFORE)
        try:
            if not wait_for(lambda: clipboard(desktop) == BEFORE, self.timeout, 0.01):
                raise RoundError("xclip did not take the clipboard")
            x.drain()
            pressed = x.press("Control_L", "Alt_L", "r")
            # Before the first press the palette's window id is unknown: the first window mapped
            # then is taken, once xdotool confirms it is the palette.
            mapped = x.wait_mapped(self.palette, self.timeout)
            if mapped is None:
                raise RoundError("the palette was not mapped")
            if not self.palette:
                self.palette = self.find_palette()
                if self.palette != mapped[1]:
                    raise RoundError(f"window {mapped[1]:#x} was mapped first, not the palette {self.palette:#x}")
            figures = {"palette": mapped[0] - pressed}
            if not wait_for(lambda: x.focused() == self.palette, self.timeout):
                raise RoundError("the palette did not take the focus")
            desktop.run(["xdotool", "type", "--delay", "10", self.query], timeout=10)
            time.sleep(0.15)  # let the palette finish searching: Return alone is timed
            entered = x.press("Return")
            if not wait_for(lambda: target.read()[1] == self.expected, self.timeout):
                raise RoundError(f"the target holds {target.read()[1]!r}")
            figures["paste"] = target.read()[0] - entered
            if not wait_for(lambda: clipboard(desktop) == BEFORE, self.timeout, RESTORE_POLL_S):
                raise RoundError("the clipboard was not given back")
            figures["restore"] = time.monotonic() - entered
            return figures
        except RoundError:
            desktop.run(["xdotool", "key", "Escape"], timeout=10)  # a palette left open would eat the next keys
            raise
        finally:
            desktop.terminate(owner)


def bare_copy(desktop, text: str, timeout: float) -> float:
    """Spawn an xclip that copies `text`, until another xclip reads it back; seconds."""
    began = time.monotonic()
    owner = own_clipboard(desktop, text)
    try:
        if not wait_for(lambda: clipboard(desktop) == text, timeout, 0):
            raise RoundError("xclip did not take the clipboard")
        return time.monotonic() - began
    finally:
        desktop.terminate(owner)


# -- main ----------------------------------------------------------------------------------------

def summary_line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<38} no data"
    return (f"  {label:<38} median {statistics.median(values) * 1000:7.1f} ms   p95 {pct(values, 95) * 1000:7.1f} ms"
            f"   [min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}; n={len(values)}]")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time the reply hotkey's palette and paste on a throw-away "
                                                 "X desktop, next to a bare clipboard copy.")
    parser.add_argument("--rounds", type=int, default=20, help="measured rounds (default 20)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted rounds first (default 1)")
    parser.add_argument("--reply", default="close-confirmed", help="the reply pasted (default close-confirmed)")
    parser.add_argument("--query", default="confirmation", help="what is typed in the palette to find it")
    parser.add_argument("--timeout", type=float, default=5.0, help="deadline of each step in seconds")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))  # so `tests.e2e` and `companion` import however the script was started
    from tests.e2e.desktop import Desktop, require

    require("xclip", "xdotool")
    figures: dict[str, list[float]] = {"palette": [], "paste": [], "restore": [], "copy": []}
    failures = 0
    with tempfile.TemporaryDirectory(prefix="paste-bench-") as scratch_name, Desktop.start() as desktop:
        scratch = Path(scratch_name)
        app, env = start_app(desktop, scratch)
        target = Target(desktop, scratch)
        x = XSide(desktop.display)
        try:
            expected = render(desktop, env, args.reply)
            rounds = Round(desktop, x, target, args.query, expected, args.timeout)
            print(f"desktop {desktop.display}; {args.rounds} rounds after {args.warmup} warm-up; reply "
                  f"{args.reply!r} found with {args.query!r}; {os.cpu_count()} CPUs, load "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
            print("  round   hotkey→palette   Return→pasted   Return→clipboard back   bare copy", flush=True)
            for i in range(-args.warmup + 1, args.rounds + 1):
                try:
                    got = rounds.run()
                    copy = bare_copy(desktop, expected, args.timeout)
                except RoundError as exc:
                    failures += 1
                    print(f"  {i:>5}   FAILED: {exc}", flush=True)
                    if failures > args.rounds:
                        raise
                    continue
                got["copy"] = copy
                note = "" if i > 0 else "   (warm-up, not counted)"
                print(f"  {i:>5}   {got['palette'] * 1000:11.1f} ms   {got['paste'] * 1000:10.1f} ms"
                      f"   {got['restore'] * 1000:17.1f} ms   {copy * 1000:6.1f} ms{note}", flush=True)
                if i > 0:
                    for name, value in got.items():
                        figures[name].append(value)
            if app.poll() is not None:
                print(f"the app exited with {app.returncode} during the run", file=sys.stderr)
        finally:
            x.close()
            desktop.terminate(target.proc)
            desktop.terminate(app)

    print(f"\nSummary over {len(figures['paste'])} rounds ({failures} failed), "
          "p95 by nearest rank:")
    print(summary_line("(a) hotkey → palette mapped", figures["palette"]))
    print(summary_line("(b) Return → reply in the target", figures["paste"]))
    print(summary_line("    Return → clipboard given back", figures["restore"]))
    print(summary_line("(c) bare copy: xclip -i until xclip -o", figures["copy"]))
    print("\n  (a) from the XTEST key events to MapNotify, event-driven; (b) stamped by the target on "
          "CLOCK_MONOTONIC;\n  the clipboard given back is polled every "
          f"{RESTORE_POLL_S * 1000:.0f} ms plus one xclip run; (c) includes two or more process starts.")
    return 0 if figures["paste"] else 1


if __name__ == "__main__":
    sys.exit(main())
