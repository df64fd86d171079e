"""kill -9 in the middle of writing (issue 10, "what we promise"): the data file stays sound and
keeps every change that was committed; nothing half-written appears."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.store.health import FileState, check_data_file

ROOT = Path(__file__).resolve().parents[2]
WRITER = r"""
import sys
from datetime import datetime, timezone
from pathlib import Path
from companion.core.clock import FakeClock
from companion.core.schedule import WorkSchedule
from companion.core.tickets import TicketInput, TicketService
from companion.store.db import open_database
open_database(Path(sys.argv[1]))
service = TicketService(FakeClock(datetime(2026, 12, 2, 7, tzinfo=timezone.utc)),
                        WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow"))
for n in range(100000):
    ticket = service.create(TicketInput(f"K-{n}", client="client " * 20, notes="note " * 200, cadence="1d"))
    service.mark_updated(ticket.id, note="sent")
    print(n, flush=True)  # committed: both transactions are done
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")
@pytest.mark.parametrize("round_", range(4))
def test_a_writer_killed_mid_write_leaves_a_sound_file_with_every_commit(tmp_path, round_):
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    done = -1
    deadline = time.monotonic() + 30
    while done < 30 + 17 * round_ and time.monotonic() < deadline:  # a different moment each round
        line = proc.stdout.readline()
        if not line:
            break
        done = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # What it printed before it died is still in the pipe: the last line is the last commit.
    for line in proc.stdout.read().split():
        done = int(line)
    assert done >= 30, "the writer did not get going"

    health = check_data_file(data / "companion.sqlite3")
    assert health.state is FileState.OK, health.summary()
    import sqlite3

    con = sqlite3.connect(str(data / "companion.sqlite3"))
    try:
        tickets = con.execute("SELECT COUNT(*) FROM ticket").fetchone()[0]
        updates = con.execute("SELECT COUNT(*) FROM client_update").fetchone()[0]
        orphans = con.execute("SELECT COUNT(*) FROM client_update WHERE ticket_id NOT IN (SELECT id FROM ticket)"
                              ).fetchone()[0]
    finally:
        con.close()
    # Every ticket reported committed is there; the one being written may or may not be.
    assert done + 1 <= tickets <= done + 2
    assert tickets - 1 <= updates <= tickets and orphans == 0
