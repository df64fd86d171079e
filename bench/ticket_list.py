"""Ticket list at 100,000 tickets: time to open the list and per-keystroke filter latency.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.ticket_list [--tickets 100000]

Prints medians and p95 over several runs. Uses a real SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

UTC = timezone.utc
WORDS_RU = ["сервер", "почта", "принтер", "счёт", "доступ", "пароль", "отчёт", "оплата", "VPN", "1С"]
WORDS_EN = ["login", "export", "invoice", "printer", "mail", "crash", "slow", "sync", "backup", "API"]
NAMES = ["Иван", "Ольга", "Мария", "Пётр", "Anna", "John", "Zoe", "ООО Ромашка", "ACME Ltd", "Сергей"]


def populate(n: int) -> None:
    from companion.core.tickets import search_text
    from companion.store.models import Ticket, db

    rnd = random.Random(42)
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    rows = []
    for i in range(n):
        key = f"SUP-{i + 1}"
        client = f"{rnd.choice(NAMES)} {i % 997}"
        subject = " ".join(rnd.choice(WORDS_RU + WORDS_EN) for _ in range(4))
        notes = "" if i % 3 else "перезвонить после обеда"
        status = rnd.choice(["open", "open", "waiting_client", "waiting_dev", "resolved"])
        due = now + timedelta(minutes=rnd.randint(-600, 6000)) if status in ("open", "waiting_dev") else None
        rows.append(dict(key=key, client=client, subject=subject, notes=notes, status=status,
                         cadence="1d", next_update_due=due, created_at=now, modified_at=now,
                         cadence_from=now, search_text=search_text(key, client, subject, notes)))
    with db.atomic():
        for start in range(0, n, 2000):
            Ticket.insert_many(rows[start:start + 2000]).execute()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gap-ms", type=int, default=150,
                        help="idle time between keystrokes, as a person types (~6-7 keys a second); "
                             "0 for text pasted at once")
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from companion.core.clock import FakeClock
    from companion.core.schedule import WorkSchedule
    from companion.core.tickets import TicketService
    from companion.store.db import open_database
    from companion.ui.main_window import MainWindow
    from companion.ui.ticket_actions import TicketActions

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="companion-bench-"))
    open_database(tmp)
    t0 = time.perf_counter()
    populate(args.tickets)
    print(f"populated {args.tickets} tickets in {time.perf_counter() - t0:.1f} s")
    service = TicketService(FakeClock(datetime(2026, 11, 23, 12, 0, tzinfo=UTC)),
                            WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow"))
    actions = TicketActions(service)

    def idle(ms: int) -> None:
        """Let the event loop run for `ms` as it does between a person's keystrokes."""
        if ms > 0:
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

    open_times, keystrokes = [], []
    queries = ["с", "се", "сер", "серв", "серве", "сервер", "", "i", "in", "inv", "invo", "", "sup-12",
               "ромашка 5", "", "zzz", ""]
    for _ in range(args.runs):
        t0 = time.perf_counter()
        window = MainWindow(service, actions)
        window.show()
        app.processEvents()
        open_times.append((time.perf_counter() - t0) * 1000)
        window.filter.setFocus()  # Ctrl+F, or a click: the filter's index starts building
        idle(args.gap_ms)
        for text in queries:
            t0 = time.perf_counter()
            window.filter.setText(text)  # the same path as typing: textChanged -> model filter
            app.processEvents()  # the view repaints
            keystrokes.append((time.perf_counter() - t0) * 1000)
            idle(args.gap_ms)  # the person reaches for the next key; not counted
        window.close()
        window.deleteLater()
        app.processEvents()
    print(f"open the ticket list ({args.tickets} tickets): median {statistics.median(open_times):.0f} ms, "
          f"max {max(open_times):.0f} ms over {args.runs} runs")
    print(f"filter per keystroke ({args.gap_ms} ms between keys): median {statistics.median(keystrokes):.1f} ms, "
          f"p95 {pct(keystrokes, 95):.1f} ms, max {max(keystrokes):.1f} ms over {len(keystrokes)} keystrokes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
