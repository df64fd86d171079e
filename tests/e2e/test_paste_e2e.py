"""The reply hotkey end to end (issue 14): the real app process on the e2e desktop's Xvfb, another
application's window holding the focus, and only the keys an agent would press.

What these prove, each against what the app's own CLI says:
- Ctrl+Alt+R over a window titled "SUP-1234 · … — Jira" opens the palette with that ticket chosen;
  a few letters of a reply's name, typed in the right layout or in the wrong one, find it; Enter
  puts the reply, filled for SUP-1234, into that window, which has the focus again, and the
  clipboard gets back what it held before;
- in a terminal (xterm, its title naming no ticket) Enter pastes as well: xterm's Shift+Insert
  reads the PRIMARY selection, which the app fills too;
- Ctrl+Enter pastes and logs the ticket's update.

One app serves the whole module: it is started under a "us,ru" keyboard, because Qt reads the
keymap when it starts and xdotool can type Cyrillic with real keys only when a layout has it
(see Desktop.keyboard_layouts). The targets are separate processes, one per test. Xvfb runs no
window manager: the input focus stands in for the active window, as on such sessions.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import _missing_tools
from tests.e2e.desktop import Desktop, MissingBinaries, require, wait_until
from tests.e2e.target_window import PATH as TARGET_WINDOW
from tests.e2e.test_app_e2e import start_app
from tests.e2e.test_replies_e2e import clipboard
from tests.e2e.test_time_e2e import PALETTE_TITLE, keys, type_text, visible_windows

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
KEY = "SUP-1234"
TITLE = f"{KEY} · Не приходят письма — Jira"
TERMINAL_TITLE = "build — sh"  # names no ticket
BEFORE = "before"  # what the agent had copied before pressing the hotkey

@dataclass
class App:
    """The running app and its CLI, on one data directory."""

    desktop: Desktop
    env: dict[str, str]
    proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        result = self.desktop.run([sys.executable, "-m", "companion", *args], env=self.env)
        assert result.returncode == 0, f"companion {' '.join(args)}: {result.stderr}"
        return result.stdout

    def render(self, slug: str, ticket: str | None = None) -> str:
        """The reply as the CLI fills it now, without the newline print adds."""
        out = self.cli("reply", "render", slug, *(("--ticket", ticket) if ticket else ()))
        return out[:-1] if out.endswith("\n") else out

    def updates(self) -> list[dict]:
        """The client updates logged for the ticket (`ticket show --json`)."""
        return json.loads(self.cli("ticket", "show", KEY, "--json"))["updates"]

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


@pytest.fixture(scope="module")
def app(desktop, tmp_path_factory):
    try:
        require("xclip", "setxkbmap", "import")
    except MissingBinaries as exc:
        _missing_tools(exc)
    scratch = tmp_path_factory.mktemp("paste")
    # Window geometry is remembered in the user's config folder, not the data dir: a private one,
    # so a palette size left by another run cannot move this one.
    running = App(desktop, {"COMPANION_DATA_DIR": str(scratch / "data"), "XDG_CONFIG_HOME": str(scratch / "config"),
                            "TZ": "UTC", "LANG": "C.UTF-8"})
    running.cli("settings", "set", "timezone", "Europe/Moscow")
    running.cli("settings", "set", "interface_language", "ru")
    running.cli("settings", "set", "reply_language", "ru")
    running.cli("settings", "set", "agent_name", "Анна")
    # A break window would take the keyboard focus from the windows this test types into.
    running.cli("settings", "set", "breaks_enabled", "off")
    # No cadence: no reminder comes while the tests run.
    running.cli("ticket", "add", KEY, "--client", "ООО Ромашка", "--contact", "Иван Петров",
                "--subject", "Не приходят письма", "--every", "none")
    with desktop.keyboard_layouts("us,ru"):
        # The hotkey is grabbed while the app is built, before its tray icon shows.
        running.proc = start_app(desktop, running.env)
        try:
            yield running
        finally:
            desktop.terminate(running.proc)


@pytest.fixture
def own_clipboard(desktop):
    """own_clipboard(text): xclip holds the CLIPBOARD with `text` (until something else takes it)."""
    owners: list[subprocess.Popen] = []

    def own(text: str) -> None:
        # -quiet keeps xclip in the foreground, so it can be stopped; it exits once it loses the selection.
        proc = desktop.spawn(["xclip", "-selection", "clipboard", "-quiet", "-i"], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        owners.append(proc)
        assert proc.stdin is not None
        proc.stdin.write(text.encode())
        proc.stdin.close()
        wait_until(lambda: clipboard(desktop) == text, 10, f"xclip to own the clipboard with {text!r}")

    yield own
    for proc in owners:
        desktop.terminate(proc)


@pytest.fixture
def target_window(desktop, tmp_path):
    """target_window(title) → (window id, read its text): a separate Qt window, shown and focused."""
    started: list[subprocess.Popen] = []

    def open_(title: str):
        base = tmp_path / f"target{len(started)}"
        proc = desktop.spawn([sys.executable, TARGET_WINDOW, title, str(base)])
        started.append(proc)
        wid = read_window_id(proc, base.with_suffix(".wid"))
        give_focus(desktop, wid)
        return wid, lambda: base.with_suffix(".txt").read_text(encoding="utf-8")

    yield open_
    for proc in started:
        desktop.terminate(proc)


def read_window_id(proc: subprocess.Popen, path: Path) -> int:
    def window_id() -> int | None:
        if proc.poll() is not None:
            raise AssertionError(f"the target window exited with {proc.returncode}")
        text = path.read_text() if path.exists() else ""
        return int(text) if text.endswith("\n") else None

    return wait_until(window_id, 20, f"a window id in {path.name}")


def give_focus(desktop, wid: int) -> None:
    """What a click on the window would do; windowactivate needs a window manager, windowfocus does not."""
    result = desktop.run(["xdotool", "windowfocus", "--sync", str(wid)], timeout=10)
    assert result.returncode == 0, result.stderr


def ancestry(desktop, window: int) -> list[int]:
    """`window` and each window it sits in, up to (not including) the root."""
    chain = [window]
    while len(chain) < 32:
        tree = desktop.run(["xwininfo", "-tree", "-id", str(chain[-1])], timeout=10).stdout
        parent = next((line for line in tree.splitlines() if "Parent window id:" in line), "")
        if not parent or "(the root window)" in parent:
            break
        chain.append(int(parent.split(":", 1)[1].split()[0], 16))
    return chain


def focus_chain(desktop) -> list[int]:
    """The window with the keyboard focus and the windows it sits in."""
    found = desktop.run(["xdotool", "getwindowfocus", "-f"], timeout=10)
    assert found.returncode == 0, found.stderr
    return ancestry(desktop, int(found.stdout.split()[0]))


def open_palette(desktop) -> str:
    """Press the hotkey; the palette's window id once it is shown and has the keyboard focus."""
    keys(desktop, "ctrl+alt+r")
    palette = wait_until(lambda: visible_windows(desktop, PALETTE_TITLE), 10, "the reply palette")[0]
    # The palette takes the focus itself (there is no window manager to hand it over): typing
    # before it has it would go into the window under it.
    wait_until(lambda: int(palette) in focus_chain(desktop), 5, "the palette to take the keyboard focus")
    return palette


def wait_for(read, expected: str, what: str, timeout: float = 5) -> None:
    """Poll `read()` until it returns `expected`; fail showing the last value otherwise."""
    seen = None

    def arrived() -> bool:
        nonlocal seen
        seen = read()
        return seen == expected

    try:
        wait_until(arrived, timeout, what)
    except TimeoutError:
        raise AssertionError(f"{what}: expected {expected!r}, have {seen!r}") from None


def text_arrived(read, what: str, timeout: float = 5) -> str:
    """The text once `read()` returns any: the editor gets a paste in one piece."""
    return wait_until(read, timeout, what)


# The same reply ("Второе напоминание", {hello} and {ticket}: it shows the ticket's contact and key)
# asked for in the layout the agent meant, and with the keys of those letters pressed while the
# Latin layout was on: "dnjhjt" are the keys of "второе" on a ЙЦУКЕН keyboard.
@pytest.mark.parametrize("typed", ["второе", "dnjhjt"], ids=["right-layout", "wrong-layout"])
def test_enter_pastes_the_reply_for_the_ticket_the_title_names(desktop, app, own_clipboard, target_window, typed):
    wid, text = target_window(TITLE)
    own_clipboard(BEFORE)
    expected = app.render("wait-reminder-2", KEY)
    assert "Иван" in expected and KEY in expected  # the reply does show which ticket it was filled for
    timings: dict[str, float] = {}

    began = time.monotonic()
    palette = open_palette(desktop)
    timings["hotkey → palette"] = time.monotonic() - began
    type_text(desktop, typed)
    if typed == "второе":
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "e2e-paste-palette.png")
    began = time.monotonic()
    keys(desktop, "Return")
    pasted = text_arrived(text, "the reply in the target window")
    timings["Return → text in the target"] = time.monotonic() - began
    if pasted != expected:  # the greeting follows the hour: the minute may have crossed one
        expected = app.render("wait-reminder-2", KEY)
    assert pasted == expected

    wait_until(lambda: not visible_windows(desktop, PALETTE_TITLE), 5, "the palette to close")
    assert wid in focus_chain(desktop), "the target window did not get the focus back"
    assert int(palette) not in focus_chain(desktop)
    began = time.monotonic()
    wait_for(lambda: clipboard(desktop), BEFORE, "the clipboard given back", timeout=3)
    timings["text → clipboard given back"] = time.monotonic() - began
    assert app.alive(), "the app died"
    print("\ntimings:", {k: round(v, 2) for k, v in timings.items()})


def test_enter_pastes_into_a_terminal_through_the_primary_selection(desktop, app, own_clipboard, tmp_path):
    if shutil.which("xterm") is None:
        pytest.skip("xterm is not installed (Debian package xterm)")
    typed, wid_file = tmp_path / "typed.txt", tmp_path / "xterm.wid"
    # xterm tells its shell the id of its text area in WINDOWID. Without canonical mode the tty hands
    # cat what is pasted at once, so the reply (which ends in no newline) is saved without a Return.
    script = f'echo "$WINDOWID" > "{wid_file}"; stty -icanon; exec cat > "{typed}"'
    xterm = desktop.spawn(["xterm", "-T", TERMINAL_TITLE, "-e", "sh", "-c", script], env={"LC_ALL": "C.UTF-8"})
    try:
        text_area = read_window_id(xterm, wid_file)
        give_focus(desktop, text_area)
        own_clipboard(BEFORE)
        expected = app.render("ask-screenshot")  # needs no ticket

        open_palette(desktop)
        type_text(desktop, "скриншот")
        keys(desktop, "Return")
        wait_for(lambda: typed.read_text(encoding="utf-8") if typed.exists() else "", expected,
                 "the reply typed into the terminal")
        # The focus is on the terminal's top-level window or on its text area inside it.
        assert set(focus_chain(desktop)) & set(ancestry(desktop, text_area)), "the terminal did not get the focus back"
        wait_for(lambda: clipboard(desktop), BEFORE, "the clipboard given back", timeout=3)
    finally:
        desktop.terminate(xterm)


def test_ctrl_enter_pastes_and_logs_the_update(desktop, app, own_clipboard, target_window):
    wid, text = target_window(TITLE)
    own_clipboard(BEFORE)
    expected = app.render("close-confirmed", KEY)
    logged_before = len(app.updates())

    open_palette(desktop)
    type_text(desktop, "закрываем")
    keys(desktop, "ctrl+Return")
    wait_for(text, expected, "the reply in the target window")
    updates = app.updates()
    assert len(updates) == logged_before + 1, updates
    assert wid in focus_chain(desktop), "the target window did not get the focus back"
    wait_for(lambda: clipboard(desktop), BEFORE, "the clipboard given back", timeout=3)
