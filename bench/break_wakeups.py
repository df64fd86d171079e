"""Timer wake-ups of the idle app with rest breaks active, next to the bare PySide6 tray app.

    cd /work/main && PYTHONPATH=. .venv/bin/python -m bench.break_wakeups [--runs 3] [--idle 120]

Same throw-away X desktop and same subjects as bench.tray_startup (the app on a fresh data dir
with a round-the-clock schedule, so breaks are active at any hour), run bare, app, bare, app, ...
After the icon shows and a settle pause, the per-thread context-switch counters in
/proc/PID/task/*/status are read once a second for --idle seconds. A voluntary switch is the
thread going to sleep, so voluntary switches count wake-ups; the per-second readings show whether
they come in rare bursts (timers) or all the time (polling). The app's next break is read from its
database (break kinds and the saved anchors), to show that breaks were indeed scheduled.
With --input N the pointer is moved (xdotool, away from the tray) every N seconds, so the X
idle time stays short as when the agent works in other programs; without it nobody touches the
machine, which the app sees as the agent being away (a natural break credited every minute).
With --breaks-off the same app with `breaks_enabled off` runs too, to tell the breaks' share from
the rest of the app's timers. CPU over the window is summed from /proc/PID/task/*/schedstat.

Prints figures only; nothing is asserted and nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.tray_startup import (
    ROOT,
    RunError,
    Subject,
    _check_alive,
    _wait_for,
    app_subject,
    bare_subject,
    icon_ids,
    sched_ns,
)


def thread_switches(pid: int) -> dict[str, tuple[str, int, int]]:
    """tid → (thread name, voluntary, involuntary) for the living threads of `pid`."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        name, vol, invol = "?", 0, 0
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key == "Name":
                        name = value.strip()
                    elif key == "voluntary_ctxt_switches":
                        vol = int(value)
                    elif key == "nonvoluntary_ctxt_switches":
                        invol = int(value)
        except (OSError, ValueError):
            continue
        out[tid] = (name, vol, invol)
    return out


def next_break(data_dir: Path) -> str:
    """The earliest planned break from the app's database: "kind in N min", or why there is none."""
    try:
        con = sqlite3.connect(f"file:{data_dir / 'companion.sqlite3'}?mode=ro", uri=True)
        kinds = con.execute("SELECT slug, interval_min FROM break_kind WHERE enabled").fetchall()
        row = con.execute("SELECT value FROM setting WHERE key = 'breaks_state'").fetchone()
        enabled = con.execute("SELECT value FROM setting WHERE key = 'breaks_enabled'").fetchone()
        con.close()
    except sqlite3.Error as exc:
        return f"unknown ({exc})"
    if enabled and not json.loads(enabled[0]):
        return "none: breaks switched off"
    if not kinds:
        return "none: no break kinds enabled"
    anchors = json.loads(row[0]).get("anchor", {}) if row else {}
    now = datetime.now(UTC).timestamp()
    due = sorted((anchors[slug] + minutes * 60 - now, slug) for slug, minutes in kinds if slug in anchors)
    if not due:
        return f"none planned yet ({len(kinds)} kinds)"
    seconds, slug = due[0]
    return f"{slug} in {seconds / 60:.1f} min ({len(kinds)} kinds on)"


def measure(desktop, subject: Subject, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"wakeups-{subject.name}-") as scratch:
        scratch_dir = Path(scratch)
        env = subject.prepare(scratch_dir)
        before = icon_ids(desktop)
        log_path = scratch_dir / "output.log"
        with open(log_path, "wb") as log:
            proc = desktop.spawn(subject.argv, env=env, cwd=ROOT, stdout=log, stderr=log)
            stop = threading.Event()
            try:
                if not _wait_for(lambda: icon_ids(desktop) - before or proc.poll() is not None, 30.0) \
                        or proc.poll() is not None:
                    raise RunError(f"{subject.name}: no tray icon ({log_path.read_text(errors='replace')[-800:]})")
                if args.input:
                    threading.Thread(target=wiggle, args=(desktop, args.input, stop), daemon=True).start()
                time.sleep(args.settle)
                first = thread_switches(proc.pid)
                cpu0 = sched_ns(proc.pid) or 0
                last = dict(first)
                per_second, t0 = [], time.monotonic()
                prev_total = sum(v for _, v, _ in first.values())
                for i in range(1, int(args.idle) + 1):
                    time.sleep(max(0.0, t0 + i - time.monotonic()))
                    now = thread_switches(proc.pid)
                    last.update(now)  # a thread that exits keeps its last reading
                    total = sum(v for _, v, _ in last.values())
                    per_second.append(total - prev_total)
                    prev_total = total
                wall = time.monotonic() - t0
                _check_alive(proc, subject.name, log_path)
                cpu_ns = (sched_ns(proc.pid) or 0) - cpu0
                planned = next_break(Path(env["COMPANION_DATA_DIR"])) if "COMPANION_DATA_DIR" in env else ""
            finally:
                stop.set()
                desktop.terminate(proc)
        _wait_for(lambda: not (icon_ids(desktop) - before), 10.0)

    by_thread: dict[str, list[int]] = {}
    for tid, (name, vol, invol) in last.items():
        _, vol0, invol0 = first.get(tid, (name, 0, 0))
        counts = by_thread.setdefault(name, [0, 0])
        counts[0] += vol - vol0
        counts[1] += invol - invol0
    voluntary = sum(c[0] for c in by_thread.values())
    involuntary = sum(c[1] for c in by_thread.values())
    busy = [s for s in per_second if s]
    return {"subject": subject.name, "wall_s": wall, "voluntary": voluntary, "involuntary": involuntary,
            "wakeups_per_s": voluntary / wall, "cpu_ms_per_min": cpu_ns / 1e6 * 60 / wall,
            "seconds_with_wakeups": len(busy),
            "max_in_a_second": max(per_second, default=0), "threads": len(last),
            "by_thread": {n: c for n, c in sorted(by_thread.items()) if c[0] or c[1]},
            "busy_seconds": [i + 1 for i, s in enumerate(per_second) if s], "next_break": planned}


def wiggle(desktop, every: float, stop: threading.Event) -> None:
    """Move the pointer a little every `every` seconds, in the middle of the screen."""
    x = 0
    while not stop.wait(every):
        x = 1 - x
        desktop.run(["xdotool", "mousemove", str(400 + 10 * x), "400"], timeout=10)


def breaks_off_subject(desktop, args) -> Subject:
    app = app_subject(desktop, args.tickets, args.schedule)

    def prepare(scratch: Path) -> dict[str, str]:
        env = app.prepare(scratch)
        result = desktop.run([sys.executable, "-m", "companion", "settings", "set", "breaks_enabled", "off"],
                             env=env, cwd=ROOT)
        if result.returncode != 0:
            raise RunError(f"`companion settings set breaks_enabled off` failed: {result.stderr.strip()}")
        return env

    return Subject("off", app.argv, prepare)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each program (default 3)")
    parser.add_argument("--idle", type=float, default=120.0, help="seconds counted per run (default 120)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after the icon shows (default 5)")
    parser.add_argument("--tickets", type=int, default=5)
    parser.add_argument("--schedule", default="mon-sun 00:00-24:00")
    parser.add_argument("--input", type=float, default=0.0,
                        help="move the pointer every this many seconds (default 0: no input at all)")
    parser.add_argument("--breaks-off", action="store_true", help="also run the app with breaks switched off")
    args = parser.parse_args(argv)
    from tests.e2e.desktop import Desktop

    with Desktop.start() as desktop:
        subjects = [bare_subject(), app_subject(desktop, args.tickets, args.schedule)]
        if args.breaks_off:
            subjects.append(breaks_off_subject(desktop, args))
        results: dict[str, list[dict]] = {s.name: [] for s in subjects}
        print(f"{args.runs} runs each, {args.idle:g} s counted after {args.settle:g} s; "
              f"{f'pointer moved every {args.input:g} s' if args.input else 'no input'}; "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        for i in range(1, args.runs + 1):
            for subject in subjects:
                r = measure(desktop, subject, args)
                results[subject.name].append(r)
                threads = ", ".join(f"{n} {v}+{inv}" for n, (v, inv) in r["by_thread"].items())
                print(f"  {i} {r['subject']:<4} {r['wakeups_per_s']:.3f} wake-ups/s, "
                      f"{r['cpu_ms_per_min']:.2f} ms CPU/min "
                      f"({r['voluntary']} voluntary + {r['involuntary']} involuntary in {r['wall_s']:.0f} s; "
                      f"{r['seconds_with_wakeups']} of {int(args.idle)} seconds had any, at most "
                      f"{r['max_in_a_second']} in one) threads: {threads or 'none woke'}", flush=True)
                print(f"         seconds with wake-ups: {r['busy_seconds']}"
                      + (f"; next break: {r['next_break']}" if r["next_break"] else ""), flush=True)

    print("\nmedians:")
    med = {}
    for name, runs in results.items():
        med[name] = statistics.median(r["wakeups_per_s"] for r in runs)
        secs = statistics.median(r["seconds_with_wakeups"] for r in runs)
        cpu = statistics.median(r["cpu_ms_per_min"] for r in runs)
        print(f"  {name:<4} {med[name]:.3f} wake-ups/s ({med[name] * 60:.1f} per minute), {cpu:.2f} ms CPU/min, "
              f"{secs:g} seconds of {int(args.idle)} with any")
    ratio = f"{med['app'] / med['bare']:.1f}×" if med["bare"] else "n/a (bare is 0)"
    print(f"  app/bare {ratio}; app minus bare {(med['app'] - med['bare']) * 60:.1f} wake-ups per minute; "
          f"load at end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
