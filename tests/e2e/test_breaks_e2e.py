"""A rest break in the real app on a real X server: the notice reaches dunst, then the break
window covers the screen, then the break is logged. The agent is kept "active" by real pointer
motion (xdotool), so the X11 idle backend does not count the wait as a natural break."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.e2e.desktop import wait_until
from tests.e2e.test_app_e2e import ARTIFACTS, app_env, start_app  # fixture

assert app_env


def _plant_break_soon(data_dir: Path, seconds: int) -> None:
    """Make the eye break fall due `seconds` from now (its timer started 20 minutes ago, less that)."""
    from companion.core.settings import Settings
    from companion.store.db import close_database, open_database

    open_database(data_dir)
    try:
        anchor = int(time.time()) - 20 * 60 + seconds
        Settings().set("breaks_state", {"anchor": {"micro": anchor, "long": int(time.time())}})
        Settings().set("reply_language", "en")
    finally:
        close_database()


def _visible(desktop, name: str) -> list[str]:
    found = desktop.run(["xdotool", "search", "--onlyvisible", "--name", name])
    return found.stdout.split() if found.returncode == 0 else []


def test_break_notice_reaches_dunst_and_the_break_window_covers_the_screen(desktop, app_env):
    env, cli = app_env
    data_dir = Path(env["COMPANION_DATA_DIR"])
    cli("doctor")  # creates the data file
    _plant_break_soon(data_dir, 25)
    # A user at work: the pointer moves every half second while we wait.
    mover = desktop.spawn(["sh", "-c", "while :; do xdotool mousemove_relative -- 1 0; sleep 0.5; "
                                       "xdotool mousemove_relative -- -1 0; sleep 0.5; done"])
    proc = start_app(desktop, env)
    try:
        note = desktop.wait_for_notification(lambda n: "Eye break in" in n["summary"], timeout=30)
        assert note["body"]  # a suggestion, not an empty notice
        windows = wait_until(lambda: _visible(desktop, "Break — Support Companion"), 20,
                             "the break window appears")
        geometry = desktop.run(["xdotool", "getwindowgeometry", windows[0]]).stdout
        assert "Geometry:" in geometry
        width, height = (int(v) for v in geometry.split("Geometry:")[1].split()[0].split("x"))
        root = desktop.run(["xdotool", "getdisplaygeometry"]).stdout.split()
        assert (width, height) == (int(root[0]), int(root[1]))  # the whole screen
        ARTIFACTS.mkdir(exist_ok=True)
        desktop.screenshot(ARTIFACTS / "e2e-break-window.png")
        # 20 seconds later the break is over: the window goes and the break is logged as taken.
        wait_until(lambda: not _visible(desktop, "Break — Support Companion"), 40, "the break ends")
    finally:
        desktop.terminate(mover)
        assert desktop.terminate(proc) in (0, -15, 143)
    result = desktop.run([sys.executable, "-m", "companion", "stats", "--json"], env=env)
    assert result.returncode == 0, result.stderr
    assert '"taken": 1' in result.stdout.replace(" ", "").replace('"taken":1', '"taken": 1')


def test_x11_idle_is_the_backend_the_app_uses(desktop, app_env):
    env, cli = app_env
    result = desktop.run([sys.executable, "-m", "companion", "doctor"], env=env)
    assert result.returncode == 0
    assert "idle time:      X11" in result.stdout
