"""The Russian interface end to end: the real app started with COMPANION_LANG=ru on a real X
server says everything a Russian-speaking agent reads in Russian: the break notice (in dunst),
the break window and its suggestion, and the end-of-shift notice (read back from dunst's history).
The break window's screenshot goes to test-artifacts/e2e-ru-break-window.png for a person to read."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.e2e.desktop import wait_until
from tests.e2e.test_app_e2e import ARTIFACTS, app_env, start_app  # fixture

assert app_env

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _plant(data_dir: Path, break_in: int, shift_end: datetime) -> None:
    """The eye break falls due `break_in` seconds from now; the shift ends at `shift_end`, so its
    notice (10 minutes before) comes within the test."""
    from companion.core.settings import Settings
    from companion.store.db import close_database, open_database

    open_database(data_dir)
    try:
        now = int(time.time())
        settings = Settings()
        settings.set("breaks_state", {"anchor": {"micro": now - 20 * 60 + break_in, "long": now}})
        settings.set("schedule", f"mon-sun 00:00-{shift_end:%H:%M}")
        settings.set("shift_end_nudge_minutes", 10)
    finally:
        close_database()


def _visible(desktop, name: str) -> list[str]:
    found = desktop.run(["xdotool", "search", "--onlyvisible", "--name", name])
    return found.stdout.split() if found.returncode == 0 else []


def test_break_notice_break_window_and_shift_notice_are_russian(desktop, app_env):
    env, cli = app_env
    now = datetime.now(timezone.utc)
    # The shift ends on a whole minute 10½–11½ minutes away: its notice is due in 30–90 s.
    shift_end = (now + timedelta(minutes=10, seconds=90)).replace(second=0, microsecond=0)
    if shift_end.date() != now.date():
        pytest.skip("too close to midnight UTC for a same-day shift end")
    cli("doctor")  # creates the data file
    _plant(Path(env["COMPANION_DATA_DIR"]), 20, shift_end)
    env = {**env, "COMPANION_LANG": "ru"}
    # A user at work: the pointer moves every half second, so the wait is not a natural break.
    mover = desktop.spawn(["sh", "-c", "while :; do xdotool mousemove_relative -- 1 0; sleep 0.5; "
                                       "xdotool mousemove_relative -- -1 0; sleep 0.5; done"])
    proc = start_app(desktop, env)
    try:
        note = desktop.wait_for_notification(lambda n: "Пауза для глаз через" in n["summary"], timeout=30)
        assert re.search(r"через \d+ (секунд[уы]?|минут[уы]?)$", note["summary"]), note["summary"]
        assert note["body"] and not LATIN_WORD.search(note["body"])  # the suggestion, in Russian
        windows = wait_until(lambda: _visible(desktop, "Перерыв — Support Companion"), 30,
                             "the Russian break window appears")
        assert windows
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "e2e-ru-break-window.png")
        wait_until(lambda: not _visible(desktop, "Перерыв — Support Companion"), 40, "the break ends")

        shift = desktop.wait_for_notification(lambda n: n["summary"].startswith("Смена"), timeout=120)
        assert shift["summary"] == f"Смена заканчивается в {shift_end:%H:%M}"
        assert "Пора заканчивать" in shift["body"] and "Открытых обещаний клиентам" in shift["body"]
        assert not LATIN_WORD.search(shift["summary"] + shift["body"])
    finally:
        desktop.terminate(mover)
        assert desktop.terminate(proc) in (0, -15, 143)
