"""One truth about time, on the real desktop: the time an agent types, the time a reply promises
the client and the time the reminder keeps are one instant, and the reminder comes when the
app's own wall clock reaches it.

The app and the CLI run under libfaketime with an absolute "@…" start time in a file that is
re-read on every call (FAKETIME_NO_CACHE), so rewriting the file moves their wall clock while
they run. The monotonic clock is left alone (DONT_FAKE_MONOTONIC): Qt timers keep running in real
time, and a rewrite looks to the app exactly like a clock change or a resume from sleep.

Note on libfaketime 0.9.10 with "@": a process anchors to the written instant the first time it
reads the clock after it started or after the file changed, and runs on in real time from there.
So every process started with FakeWallClock.env is at the written instant plus at most the few
seconds since it was written; a CLI started later begins at the written instant again.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.core.schedule import WorkSchedule
from companion.core.timeparse import read_time
from tests.e2e.conftest import _missing_tools
from tests.e2e.desktop import MissingBinaries, wait_until
from tests.e2e.test_app_e2e import start_app
from tests.e2e.test_replies_e2e import clipboard

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
UTC = timezone.utc
MOSCOW = ZoneInfo("Europe/Moscow")
SCHEDULE = "mon-fri 09:00-18:00"
START = datetime(2026, 12, 2, 10, 20, tzinfo=MOSCOW)  # a Wednesday, mid-morning
KEY = "SUP-1234"
CLIENT = "Ирина Петрова"
TYPED = "завтра в 15"  # what the agent types into "Next update by"
LEAD = timedelta(minutes=15)  # update_lead_minutes, the default
REPLY = "status-no-news"
# Window titles, in English or in Russian (the interface follows reply_language).
MAIN_TITLE = "^(Tickets|Тикеты)( |$)"  # Qt adds " — Support Companion" on X11
DIALOG_TITLE = "^(New ticket|Новый тикет)$"
PALETTE_TITLE = "^(Find reply|Поиск ответа) — Support Companion$"
# A deadline as replies word it (core/replies.deadline): "завтра до 15:00", "в пятницу до 16:00",
# "3 декабря до 15:00", "сегодня до 14:45".
DEADLINE = re.compile(r"(?:сегодня|завтра|послезавтра|в\s+\w+|\d{1,2}\s+\w+)\s+до\s+\d{1,2}:\d{2}")
# A time as reminders name it (ui/fmt.when): "сегодня 15:00", "tomorrow 09:00".
NOTICE_TIME = re.compile(r"(?:сегодня|завтра|today|tomorrow)\s+\d{1,2}:\d{2}")

LIBFAKETIME = "libfaketime.so.1"
LIBFAKETIME_DIRS = ("/usr/lib/x86_64-linux-gnu/faketime", "/usr/lib/*-linux-gnu*/faketime",
                    "/usr/lib/faketime", "/usr/lib64/faketime", "/usr/local/lib/faketime")


def find_libfaketime() -> str | None:
    for pattern in LIBFAKETIME_DIRS:
        for directory in sorted(glob.glob(pattern)):
            path = Path(directory) / LIBFAKETIME
            if path.is_file():
                return str(path)
    return None


@pytest.fixture
def libfaketime(require_tools) -> str:
    """The preload library; skipped when absent, a failure on CI (as require_tools does)."""
    require_tools("xclip", "import", "setxkbmap")
    path = find_libfaketime()
    if path is None:
        _missing_tools(MissingBinaries([(LIBFAKETIME, "libfaketime")]))
    return path


class FakeWallClock:
    """The wall clock of every process started with `env`: libfaketime reads the time from a file
    we rewrite; real time runs on from each written instant."""

    def __init__(self, path: Path, library: str):
        self.path = path
        self.env = {
            "LD_PRELOAD": library,
            "FAKETIME_TIMESTAMP_FILE": str(path),
            "FAKETIME_NO_CACHE": "1",
            # Qt timers and the app's sleep watchdog run on the monotonic clock: keep it real
            # (the first name is what libfaketime 0.9.x reads, the second newer releases).
            "DONT_FAKE_MONOTONIC": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        }
        self._set_at: tuple[datetime, float] | None = None

    def set(self, when: datetime) -> None:
        utc = when.astimezone(UTC)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(f"@{utc:%Y-%m-%d %H:%M:%S}\n")
        os.replace(tmp, self.path)  # never a half-written file for a process to read
        self._set_at = (utc, time.monotonic())

    def now(self) -> datetime:
        """The latest the faked clock can read now (a process re-anchors on its first read)."""
        written, at = self._set_at
        return written + timedelta(seconds=time.monotonic() - at)


def visible_windows(desktop, title: str) -> list[str]:
    found = desktop.run(["xdotool", "search", "--onlyvisible", "--name", title])
    return found.stdout.split() if found.returncode == 0 else []


def keys(desktop, *names: str) -> None:
    result = desktop.run(["xdotool", "key", "--delay", "60", *names])
    assert result.returncode == 0, result.stderr


def type_text(desktop, text: str) -> None:
    result = desktop.run(["xdotool", "type", "--delay", "20", text])
    assert result.returncode == 0, result.stderr


def focus(desktop, window: str) -> None:
    """Give a window the keyboard focus, as a window manager would when it is shown or clicked
    (Xvfb runs none); Qt makes it the active window then."""
    result = desktop.run(["xdotool", "windowfocus", "--sync", window], timeout=10)
    assert result.returncode == 0, result.stderr


def stays_absent(find, seconds: float, what: str) -> None:
    """Poll for `seconds`; fail as soon as `find()` returns something."""
    try:
        found = wait_until(find, seconds, what, interval=0.1)
    except TimeoutError:
        return
    raise AssertionError(f"{what} came too early: {found!r}")


def test_typed_time_reply_and_reminder_agree_on_the_fake_wall_clock(desktop, tmp_path, libfaketime):
    clock = FakeWallClock(tmp_path / "faketime", libfaketime)
    clock.set(START)
    env = {"COMPANION_DATA_DIR": str(tmp_path / "data"), "TZ": "UTC", "LANG": "C.UTF-8", **clock.env}

    def cli(*args: str) -> str:
        result = desktop.run([sys.executable, "-m", "companion", *args], env=env)
        assert result.returncode == 0, f"companion {' '.join(args)}: {result.stderr}"
        return result.stdout

    def ticket() -> dict:
        return json.loads(cli("ticket", "show", KEY, "--json"))

    def reminders() -> list[dict]:
        return [n for n in desktop.notifications() if KEY in n.get("summary", "") + n.get("body", "")]

    cli("settings", "set", "schedule", SCHEDULE)
    cli("settings", "set", "timezone", "Europe/Moscow")
    cli("settings", "set", "reply_language", "ru")  # the interface follows it
    cli("settings", "set", "agent_name", "Анна")
    # Break windows would take the keyboard focus from the dialogs this test types into.
    cli("settings", "set", "breaks_enabled", "off")
    schedule = WorkSchedule.parse(SCHEDULE, MOSCOW)
    desktop.run(["xclip", "-selection", "clipboard", "-i"], input="before",
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop.clear_notifications()
    ARTIFACTS.mkdir(exist_ok=True)
    timings: dict[str, float] = {}

    # With a Russian layout in the keymap, xdotool types Cyrillic with real keys (see
    # Desktop.keyboard_layouts). It is set before the app starts, which reads it once.
    with desktop.keyboard_layouts("us,ru"):
        began = time.monotonic()
        proc = start_app(desktop, env)
        timings["tray icon"] = time.monotonic() - began
        try:
            # A second `companion` raises the running app's window.
            second = desktop.run([sys.executable, "-m", "companion"], env=env, timeout=30)
            assert second.returncode == 0, second.stderr
            main = wait_until(lambda: visible_windows(desktop, MAIN_TITLE), 10, "the main window")[0]

            # -- 1. New ticket: key, client, and "завтра в 15" in "Next update by" ----------------
            began = time.monotonic()
            focus(desktop, main)
            keys(desktop, "ctrl+n")
            dialog = wait_until(lambda: visible_windows(desktop, DIALOG_TITLE), 10, "the New ticket dialog")
            focus(desktop, dialog[0])
            # Focus starts in Link; the tab order is Link, Key, Client, Contact, Subject, Channel,
            # Status, Priority, Difficult client, Update the client, Next update by.
            keys(desktop, "Tab")
            type_text(desktop, KEY)
            keys(desktop, "Tab")
            type_text(desktop, CLIENT)
            keys(desktop, *["Tab"] * 8)
            typed_at = clock.now()
            type_text(desktop, TYPED)
            # The reading shows under the field 250 ms after typing stops; leaving the field shows
            # it at once. Shift+Tab and End come back, so Return below saves from the field.
            keys(desktop, "Tab", "shift+Tab", "End")
            desktop.screenshot(ARTIFACTS / "e2e-time-preview.png")
            keys(desktop, "Return")  # Save is the dialog's default button
            wait_until(lambda: not visible_windows(desktop, DIALOG_TITLE), 10, "the dialog to close")
            timings["new ticket typed and saved"] = time.monotonic() - began

            saved = ticket()
            assert (saved["key"], saved["client"]) == (KEY, CLIENT), saved
            expected_due = read_time(TYPED, typed_at, schedule, "ru").at
            assert expected_due == datetime(2026, 12, 3, 15, 0, tzinfo=MOSCOW)
            due = datetime.fromisoformat(saved["next_update_due"])
            assert due == expected_due, f"the dialog saved {due}; {TYPED!r} reads {expected_due}"

            # -- 2. The reply palette: "no news yet" for the ticket, copied and marked updated -----
            expected_text = cli("reply", "render", REPLY, "--ticket", KEY)[:-1]
            began = time.monotonic()
            # When the dialog closes X hands the focus to the root window: Xvfb has no window
            # manager to give it back to the main window.
            focus(desktop, main)
            keys(desktop, "ctrl+k")  # the palette opens for the ticket selected in the window
            palette = wait_until(lambda: visible_windows(desktop, PALETTE_TITLE), 10, "the reply palette")
            focus(desktop, palette[0])
            type_text(desktop, "новостей")
            copied_at = clock.now()
            keys(desktop, "ctrl+Return")
            text = wait_until(lambda: (c := clipboard(desktop)) not in (None, "before") and c, 10,
                              "the reply on the X clipboard")
            timings["reply found and copied"] = time.monotonic() - began
            assert text == expected_text
            wait_until(lambda: not visible_windows(desktop, PALETTE_TITLE), 10, "the palette to close")
            updated = ticket()
            assert len(updated["updates"]) == 1, updated["updates"]  # marked updated

            # The reply names a time; the app's own reader reads it as the due time kept.
            phrase = DEADLINE.search(text)
            assert phrase is not None, f"no deadline in the reply: {text!r}"
            assert phrase.group(0) == "завтра до 15:00", text
            promised = read_time(phrase.group(0), copied_at, schedule, "ru").at
            due = datetime.fromisoformat(updated["next_update_due"])
            assert promised == due == expected_due, (phrase.group(0), promised, due)

            # -- 3. The app's wall clock moves to a minute before the reminder: nothing yet -------
            remind_at = due - LEAD
            clock.set(remind_at - timedelta(minutes=1))
            cli("settings", "set", "agent_name", "Анна П.")  # a write: the app re-plans within ~1 s
            stays_absent(reminders, 3.0, f"a reminder for {KEY} before {remind_at.astimezone(MOSCOW):%H:%M}")
            assert proc.poll() is None, "the app died"

            # -- 4. …and past it: the reminder, naming the time the client was promised -----------
            clock.set(remind_at + timedelta(seconds=30))
            began = time.monotonic()
            cli("settings", "set", "agent_name", "Анна")
            note = desktop.wait_for_notification(lambda n: KEY in n["summary"], timeout=10)
            timings["reminder after the clock moved"] = time.monotonic() - began
            desktop.screenshot(ARTIFACTS / "e2e-time-reminder.png")
            assert CLIENT in note["summary"], note
            # "срок обновления — сегодня 15:00, осталось 14 мин": the very instant the reply promised.
            named = NOTICE_TIME.search(note["body"])
            assert named is not None and f"{due.astimezone(MOSCOW):%H:%M}" in named.group(0), note
            assert read_time(named.group(0), clock.now(), schedule, "ru").at == due, note
            assert len(reminders()) == 1, "announced more than once"
        finally:
            desktop.terminate(proc)
    print("\ntimings:", {k: round(v, 2) for k, v in timings.items()})
