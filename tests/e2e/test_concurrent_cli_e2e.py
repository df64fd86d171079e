"""Ten CLI writers and a looping writer while the real app runs: every write gets its turn.

The storm of tests/store/test_concurrency.py (400 CLI writes from ten processes at once, next to
a process writing in a loop), this time with the tray app on the test desktop — the set-up of
issue 10's defect 6, where 26 of 400 writes failed with a 'database is locked' traceback. The
tickets the storm adds are due already, so the app writes too: it announces them and records
each one as fired. (Today it looks at the file only once a burst of changes has paused for
50 ms, so it records them as the storm ends.)
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from companion.cli import main
from companion.store.db import close_database, db_path
from tests.e2e.desktop import wait_until
from tests.store.test_concurrency import check_storm, prepare_storm, run_storm


def _fired_for_storm_tickets(data_dir) -> set[str]:
    """The storm's tickets the app recorded as announced."""
    raw = sqlite3.connect(db_path(data_dir))
    try:
        return {key for (key,) in raw.execute("SELECT DISTINCT t.key FROM fired_reminder f JOIN ticket t "
                                              "ON t.id = f.ticket_id WHERE t.key LIKE 'W-%'")}
    finally:
        raw.close()


def test_ten_cli_writers_while_the_app_runs_lose_nothing_and_print_no_traceback(desktop, tmp_path):
    data = tmp_path / "data"
    env = prepare_storm(data)
    for args in (("settings", "set", "schedule", "mon-sun 00:00-24:00"), ("settings", "set", "timezone", "UTC"),
                 ("ticket", "add", "DUE-1", "--client", "Olga", "--next-update=-5m")):
        assert main(["--data-dir", str(data), *args]) == 0
    close_database()
    desktop.clear_notifications()
    app_log = tmp_path / "app-stderr.txt"
    with open(app_log, "w") as log:  # started as tests/e2e/test_app_e2e.py does, its stderr kept
        before = len(desktop.tray_icons())
        app = desktop.spawn([sys.executable, "-m", "companion"], env={"COMPANION_DATA_DIR": str(data), "TZ": "UTC"},
                            stdout=subprocess.DEVNULL, stderr=log)
        try:
            desktop.wait_for_tray_icons(before + 1, timeout=20)
            desktop.wait_for_notification(lambda n: "DUE-1" in n["summary"], timeout=10)

            storm = run_storm(data, env, spawned=4, add_args=("--next-update=-1m",))
            print(storm.summary())
            check_storm(data, storm)
            assert storm.failed() == []

            # The app saw every ticket the storm added and recorded each as announced.
            added = {r["argv"][2] for r in storm.results if r["argv"][:2] == ["ticket", "add"]}
            wait_until(lambda: _fired_for_storm_tickets(data) >= added, 15, "the app announcing the storm's tickets")
            assert app.poll() is None
        finally:
            assert desktop.terminate(app) in (0, -15, 143)
    app_errors = app_log.read_text()
    assert "Traceback" not in app_errors and "locked" not in app_errors, app_errors
