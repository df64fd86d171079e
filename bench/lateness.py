"""Reminder lateness on the real Qt event loop with many tickets (issue 10, point 9).

    cd /work/main && QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.lateness \
        [--active 500] [--archived 100000] [--rounds 3]

The real ReminderService, ReminderLoop and Scheduler (APScheduler's QtScheduler
behind our adapter) on the system clock, a real SQLite file with `--active` open and `--archived`
archived tickets, a recording notifier. Each round adds a ticket whose reminder falls on the next
whole minute and measures how far past that minute it is delivered; meanwhile a CLI-like writer
changes another ticket every 2 s (each change re-plans on the UI thread, as the app does).
Also the longest stall of the loop (a 10 ms timer's largest gap). Takes about a minute a round.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

UTC = timezone.utc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--active", type=int, default=500)
    parser.add_argument("--archived", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from PySide6.QtCore import QCoreApplication, QTimer

    from companion.core.clock import SystemClock
    from companion.core.reminders import ReminderService
    from companion.core.settings import Settings
    from companion.core.tickets import TicketInput, TicketService
    from companion.platform.notifications import FakeBackend, Notifier
    from companion.platform.scheduler import Scheduler
    from companion.store.db import open_database
    from companion.store.models import Ticket, db
    from companion.runtime.reminder_loop import ReminderLoop

    app = QCoreApplication([])
    tmp = tempfile.mkdtemp()
    open_database(Path(tmp))
    settings = Settings()
    settings.set("schedule", "mon-sun 00:00-24:00")
    settings.set("update_lead_minutes", 0)
    clock = SystemClock()
    tickets = TicketService(clock, settings.schedule(), settings.update_lead())
    far = clock.now() + timedelta(days=30)
    with db.atomic():
        for i in range(args.active):
            tickets.create(TicketInput(f"A-{i}", cadence="none", next_update_at=far + timedelta(minutes=i)))
        stamp = int((clock.now() - timedelta(days=30)).timestamp())
        rows = [{"key": f"Z-{i}", "status": "closed", "archived_at": stamp, "created_at": stamp,
                 "modified_at": stamp, "cadence_from": stamp, "search_text": f"z-{i}"} for i in range(args.archived)]
        for chunk in range(0, len(rows), 2000):
            Ticket.insert_many(rows[chunk:chunk + 2000]).execute()
    backend = FakeBackend()
    delivered: list[tuple[float, list]] = []
    scheduler = Scheduler()
    controller = ReminderLoop(ReminderService(clock, tickets, settings), Notifier([backend]),
                              scheduler.alarm("reminders"), None)
    controller.delivered.connect(lambda items: delivered.append((time.time(), items)))
    scheduler.start()
    controller.run(catch_up=True)

    stall = {"last": None, "max": 0.0, "worst_at": ""}

    def tick() -> None:
        now = time.monotonic()
        if stall["last"] is not None and now - stall["last"] - 0.010 > stall["max"]:
            stall["max"] = now - stall["last"] - 0.010
        stall["last"] = now

    beat = QTimer()
    beat.setInterval(10)
    beat.timeout.connect(tick)
    beat.start()
    writer = QTimer()
    writer.setInterval(2000)
    slowest = {"write": 0.0}

    def write() -> None:
        started = time.monotonic()
        tickets.mark_updated("A-0")
        controller.run()
        slowest["write"] = max(slowest["write"], time.monotonic() - started)

    writer.timeout.connect(write)
    writer.start()

    lateness = []
    for round_ in range(args.rounds):
        stall["last"] = None  # the bench's own set-up between rounds is not the app's stall
        minute = (datetime.now(UTC) + timedelta(seconds=65)).replace(second=0, microsecond=0)
        tickets.create(TicketInput(f"L-{round_}", cadence="none", next_update_at=minute))
        controller.run()
        seen = len(delivered)
        app.processEvents()
        stall["last"] = None
        deadline = time.time() + 130
        while time.time() < deadline and not any(
                any(i.key == f"L-{round_}" for i in items) for _t, items in delivered[seen:]):
            app.processEvents()
            time.sleep(0.002)
        hit = next(t for t, items in delivered[seen:] if any(i.key == f"L-{round_}" for i in items))
        lateness.append(hit - minute.timestamp())
        print(f"round {round_ + 1}: delivered {lateness[-1] * 1000:.0f} ms after its minute")
    print(f"{args.active} active + {args.archived} archived: lateness median "
          f"{statistics.median(lateness) * 1000:.0f} ms, max {max(lateness) * 1000:.0f} ms; "
          f"longest loop stall {stall['max'] * 1000:.0f} ms; slowest change + re-plan "
          f"{slowest['write'] * 1000:.0f} ms (one every 2 s meanwhile)")


if __name__ == "__main__":
    main()
