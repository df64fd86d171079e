"""Scale: what planning, the minute tick and import cost with many tickets (issue 10, point 9).

    cd /work/main && .venv/bin/python -m bench.scale [--active 500] [--archived 100000] [--import-n 10000]

Builds a real SQLite data dir with `--active` open tickets (cadences 1h…1w, some promises) and
`--archived` archived ones (resolved, with an update each), then times on the UI thread's code
paths, without Qt: one re-plan (ReminderService.plan — what runs on every change and reminder),
the popup/badge list (pending_now), the catch-up plan at start, today's workload, and the list
query of the main window's "all" view. Separately: `companion import` of `--import-n` tickets
into an empty data dir (import_data). Medians of --runs; nothing asserts. Run it on two checkouts
(e.g. with PYTHONPATH pointing at an older worktree) to compare.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

UTC = timezone.utc


def _median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--active", type=int, default=500)
    parser.add_argument("--archived", type=int, default=100_000)
    parser.add_argument("--import-n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from companion.core.clock import FakeClock
    from companion.core.reminders import ReminderService
    from companion.core.settings import Settings
    from companion.core.tickets import TicketInput, TicketService
    from companion.core.transfer import import_data
    from companion.store.db import close_database, open_database
    from companion.store.models import ClientUpdate, Ticket, db

    now = datetime(2026, 12, 2, 7, 20, tzinfo=UTC)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        open_database(Path(tmp) / "big")
        settings = Settings()
        settings.set("timezone", "Europe/Moscow")
        clock = FakeClock(now - timedelta(days=3))
        tickets = TicketService(clock, settings.schedule())
        cadences = ["1h", "2h", "4h", "1d", "2d", "1w"]
        started = time.perf_counter()
        with db.atomic():
            for i in range(args.active):
                promise = now + timedelta(hours=3 * (i % 40)) if i % 5 == 0 else None
                tickets.create(TicketInput(f"A-{i}", client=f"Client {i}", subject="Subject", cadence=cadences[i % 6],
                                           promised_at=promise))
        stamp = int((now - timedelta(days=30)).timestamp())
        rows = [{"key": f"Z-{i}", "client": f"Old client {i}", "status": "closed", "archived_at": stamp,
                 "created_at": stamp, "modified_at": stamp, "cadence_from": stamp, "search_text": f"z-{i}"}
                for i in range(args.archived)]
        with db.atomic():
            for chunk in range(0, len(rows), 2000):
                Ticket.insert_many(rows[chunk:chunk + 2000]).execute()
        first = Ticket.select(Ticket.id).where(Ticket.key == "Z-0").scalar()
        with db.atomic():
            updates = [{"ticket": first + i, "at": stamp, "channel": "chat"} for i in range(args.archived)]
            for chunk in range(0, len(updates), 2000):
                ClientUpdate.insert_many(updates[chunk:chunk + 2000]).execute()
        figures["build_s"] = time.perf_counter() - started
        clock.set(now)
        service = ReminderService(clock, tickets, settings)
        figures["plan_ms"] = _median_ms(lambda: service.plan(), args.runs)
        figures["catch_up_plan_ms"] = _median_ms(lambda: service.plan(catch_up=True), args.runs)
        figures["pending_now_ms"] = _median_ms(lambda: service.pending_now(), args.runs)
        figures["all_view_query_ms"] = _median_ms(lambda: list(tickets.view_query("all").tuples()), args.runs)
        try:
            from companion.core.workload import Workload

            workload = Workload(tickets, lambda: (25, 20))
            figures["workload_today_ms"] = _median_ms(lambda: workload.today(), args.runs)
        except Exception:  # noqa: BLE001 - an older checkout may lack it
            pass
        close_database()

        open_database(Path(tmp) / "import")
        data = {"format": "support-companion", "version": 1, "tickets": [
            {"key": f"I-{i}", "client": f"Client {i}", "status": "open", "cadence": "1d",
             "created_at": "2026-11-20T10:00:00+00:00",
             "updates": [{"at": "2026-11-21T10:00:00+00:00", "channel": "chat", "note": "n"}]}
            for i in range(args.import_n)]}
        started = time.perf_counter()
        import_data(data, FakeClock(now))
        figures["import_s"] = time.perf_counter() - started
        close_database()

    print(f"{args.active} active + {args.archived} archived tickets (built in {figures.pop('build_s'):.1f} s):")
    for name, value in figures.items():
        unit = "s" if name.endswith("_s") else "ms"
        print(f"  {name[:-3] if unit == 'ms' else name[:-2]:<22} {value:10.1f} {unit}")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "scale.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
