"""Tray start-up time, idle memory and idle CPU of the app, next to a bare PySide6 tray app.

    cd /work/main && PYTHONPATH=. .venv/bin/python -m bench.tray_startup [--runs 7] [--settle 5] [--idle 20]

Both programs run on the same throw-away X desktop (Xvfb + private D-Bus + dunst + trayer, see
tests/e2e/desktop.py), one after the other: bare, app, bare, app, ... so that slow phases of a
shared, noisy machine hit both about equally. Every run measures:

* start-to-tray: wall time from just before the process is spawned until a new icon window is
  embedded in trayer (polled as fast as xwininfo allows, at most every --poll seconds);
* CPU to tray: CPU time the process had used by that moment (less noisy than wall time), and
  CPU by the end of the settle pause, which also counts work deferred until after the icon shows.
  Note that "embedded" is trayer's doing: the icon may still be unpainted if the app is busy;
* idle RSS (VmRSS) and PSS (smaps_rollup), read after --settle seconds without input;
* idle CPU over the following --idle seconds: from utime+stime in /proc/PID/stat (clock ticks,
  the figure asked for), and from the per-thread nanosecond counters in /proc/PID/task/*/schedstat
  (same thing with a much finer resolution, which matters when a process is nearly silent);
* wake-ups per second over the same window (context switches of all threads).

The app gets a fresh data directory per run, with a few tickets added beforehand through its own
CLI, so the measured start includes opening, migrating and backing up a real database.

Nothing here asserts: the script prints per-run figures, medians and app/bare ratios next to their
targets, and writes the summary to bench/results/tray_startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BARE_SCRIPT = Path(__file__).resolve().with_name("bare_tray.py")
RESULTS = ROOT / "bench" / "results" / "tray_startup.json"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Targets for app/bare ratios of the medians. Printed for orientation, never enforced.
TARGETS = {"start_s": 2.0, "rss_kib": 1.3, "idle_cpu": 2.0}


class RunError(RuntimeError):
    """A measured process died or never showed its icon."""


# -- reading /proc -------------------------------------------------------------------------------

def cpu_ticks(pid: int) -> int:
    """utime + stime of the whole process (all threads, living and dead), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        # The command name may contain spaces and parentheses: split after the last ')'.
        fields = f.read().rsplit(")", 1)[1].split()
    # After the name, fields[0] is the state (field 3 of proc(5)); utime, stime are fields 14, 15.
    return int(fields[11]) + int(fields[12])


def _tasks(pid: int) -> list[str]:
    try:
        return os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []


def sched_ns(pid: int) -> int | None:
    """Nanoseconds on CPU summed over the process's current threads; None if not available.

    Threads that exit between two readings take their time with them, so this is for idle
    periods, when the thread set is stable.
    """
    total, seen = 0, False
    for tid in _tasks(pid):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
                seen = True
        except (OSError, ValueError, IndexError):
            continue
    return total if seen else None


def context_switches(pid: int) -> int:
    """Voluntary + involuntary context switches over the current threads: roughly, wake-ups."""
    total = 0
    for tid in _tasks(pid):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total


def status_fields(pid: int) -> dict[str, int]:
    """VmRSS, RssAnon, RssFile (kiB) and Threads from /proc/PID/status."""
    wanted = {"VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "Threads"}
    out: dict[str, int] = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in wanted:
                out[key] = int(value.split()[0])
    return out


def pss_kib(pid: int) -> int | None:
    """Proportional set size from smaps_rollup, or None where the kernel does not offer it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# -- one measured run ----------------------------------------------------------------------------

@dataclass
class Run:
    subject: str
    index: int
    start_s: float = float("nan")
    cpu_to_tray_s: float = float("nan")
    cpu_settled_s: float = float("nan")     # all CPU used up to the end of the settle pause
    polls: int = 0
    rss_kib: int = 0
    hwm_kib: int = 0
    anon_kib: int = 0
    file_kib: int = 0
    pss_kib: int | None = None
    threads: int = 0
    idle_wall_s: float = float("nan")
    idle_cpu_s: float = float("nan")        # from clock ticks
    idle_sched_s: float | None = None       # from schedstat nanoseconds
    wakeups_per_s: float = float("nan")
    warmup: bool = False

    @property
    def idle_cpu_pct(self) -> float:
        return 100.0 * self.idle_cpu_s / self.idle_wall_s

    @property
    def idle_cpu_ms_min(self) -> float:
        return 60_000.0 * self.idle_cpu_s / self.idle_wall_s

    @property
    def idle_sched_ms_min(self) -> float | None:
        if self.idle_sched_s is None:
            return None
        return 60_000.0 * self.idle_sched_s / self.idle_wall_s

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(idle_cpu_pct=self.idle_cpu_pct, idle_cpu_ms_per_min=self.idle_cpu_ms_min,
                    idle_sched_ms_per_min=self.idle_sched_ms_min)
        return data


@dataclass
class Subject:
    """A program to measure: how to start it, and what to prepare before each start."""

    name: str
    argv: list[str]
    # Called before each run with a scratch dir; returns extra environment for the process.
    prepare: Callable[[Path], dict[str, str]] = lambda _tmp: {}
    runs: list[Run] = field(default_factory=list)


def icon_ids(desktop) -> set[int]:
    return {w.id for w in desktop.tray_icons()}


def measure(desktop, subject: Subject, index: int, args, *, warmup: bool = False) -> Run:
    """Start `subject`, time its tray icon, let it idle, read memory and CPU, stop it."""
    run = Run(subject.name, index, warmup=warmup)
    with tempfile.TemporaryDirectory(prefix=f"tray-bench-{subject.name}-") as scratch:
        scratch_dir = Path(scratch)
        extra_env = subject.prepare(scratch_dir)
        before = icon_ids(desktop)
        log_path = scratch_dir / "output.log"
        with open(log_path, "wb") as log:
            proc = None
            try:
                # The clock starts before Popen, so interpreter start-up and imports are included.
                t0 = time.perf_counter()
                proc = desktop.spawn(subject.argv, env=extra_env, cwd=ROOT,
                                     stdout=log, stderr=subprocess.STDOUT)
                deadline = t0 + args.timeout
                while True:
                    run.polls += 1
                    if icon_ids(desktop) - before:
                        run.start_s = time.perf_counter() - t0
                        run.cpu_to_tray_s = cpu_ticks(proc.pid) / CLK_TCK
                        break
                    if proc.poll() is not None:
                        raise RunError(f"{subject.name} exited with code {proc.returncode} "
                                       f"before its icon appeared:\n{_tail(log_path)}")
                    if time.perf_counter() > deadline:
                        raise RunError(f"{subject.name}: no tray icon within {args.timeout:g} s:\n"
                                       f"{_tail(log_path)}")
                    time.sleep(args.poll)

                if not warmup:
                    # Let start-up leftovers (deferred timers, lazy loading, GC) finish first.
                    time.sleep(args.settle)
                    _check_alive(proc, subject.name, log_path)
                    # Work deferred until after the icon shows (backups, late imports) is in here.
                    run.cpu_settled_s = cpu_ticks(proc.pid) / CLK_TCK
                    status = status_fields(proc.pid)
                    run.rss_kib = status.get("VmRSS", 0)
                    run.hwm_kib = status.get("VmHWM", 0)
                    run.anon_kib = status.get("RssAnon", 0)
                    run.file_kib = status.get("RssFile", 0)
                    run.threads = status.get("Threads", 0)
                    run.pss_kib = pss_kib(proc.pid)

                    # The idle window: CPU and wake-ups consumed while nobody touches the app.
                    w0, c0, s0, x0 = (time.perf_counter(), cpu_ticks(proc.pid),
                                      sched_ns(proc.pid), context_switches(proc.pid))
                    time.sleep(args.idle)
                    _check_alive(proc, subject.name, log_path)
                    w1, c1, s1, x1 = (time.perf_counter(), cpu_ticks(proc.pid),
                                      sched_ns(proc.pid), context_switches(proc.pid))
                    run.idle_wall_s = w1 - w0
                    run.idle_cpu_s = (c1 - c0) / CLK_TCK
                    run.idle_sched_s = (s1 - s0) / 1e9 if s0 is not None and s1 is not None else None
                    run.wakeups_per_s = (x1 - x0) / run.idle_wall_s
            finally:
                if proc is not None:
                    desktop.terminate(proc)
        # Wait for the icon to leave the tray so the next run starts from a clean panel.
        _wait_for(lambda: not (icon_ids(desktop) - before), 10.0)
    subject.runs.append(run)
    return run


def _check_alive(proc: subprocess.Popen, name: str, log_path: Path) -> None:
    if proc.poll() is not None:
        raise RunError(f"{name} exited with code {proc.returncode} while idle:\n{_tail(log_path)}")


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no output)"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


# -- the two subjects ----------------------------------------------------------------------------

def app_subject(desktop, tickets: int, schedule: str = "", program: list[str] | None = None) -> Subject:
    """`python -m companion` (or `program`, e.g. the PyInstaller bundle's executable) on a fresh
    data dir holding a few tickets made with the CLI. With a round-the-clock schedule the rest
    breaks are active whenever the benchmark runs."""
    command = program or [sys.executable, "-m", "companion"]

    def prepare(scratch: Path) -> dict[str, str]:
        data_dir = scratch / "data"
        env = {"COMPANION_DATA_DIR": str(data_dir)}
        if schedule:
            result = desktop.run([*command, "settings", "set", "schedule", schedule],
                                 env=env, cwd=ROOT)
            if result.returncode != 0:
                raise RunError(f"`companion settings set schedule` failed: {result.stderr.strip()}")
        for i in range(1, tickets + 1):
            result = desktop.run([*command, "ticket", "add", f"BENCH-{i}",
                                  "--client", f"Client {i}", "--subject", f"Benchmark ticket {i}",
                                  "--every", "1d"], env=env, cwd=ROOT)
            if result.returncode != 0:
                raise RunError(f"`companion ticket add` failed with code {result.returncode}: "
                               f"{(result.stderr or result.stdout).strip() or '(no output)'}")
        return env

    return Subject("app", command, prepare)


def bare_subject() -> Subject:
    return Subject("bare", [sys.executable, str(BARE_SCRIPT)])


# -- reporting -----------------------------------------------------------------------------------

def _median(values) -> float | None:
    values = [v for v in values if v is not None and v == v]  # drop None and NaN
    return statistics.median(values) if values else None


def _fmt(value: float | None, spec: str, missing: str = "n/a") -> str:
    return missing if value is None else format(value, spec)


def print_run(run: Run) -> None:
    if run.warmup:
        print(f"  warm-up {run.subject:<4}  start {run.start_s * 1000:7.0f} ms "
              f"(cpu {run.cpu_to_tray_s * 1000:.0f} ms)  [not counted]", flush=True)
        return
    print(f"  {run.index:>3}  {run.subject:<4}  {run.start_s * 1000:8.0f}  {run.cpu_to_tray_s * 1000:8.0f}"
          f"  {run.cpu_settled_s * 1000:8.0f}"
          f"  {run.rss_kib / 1024:7.1f}  {_fmt(run.pss_kib and run.pss_kib / 1024, '7.1f'):>7}"
          f"  {run.threads:>3}  {run.idle_cpu_pct:7.3f}  {run.idle_cpu_ms_min:8.1f}"
          f"  {_fmt(run.idle_sched_ms_min, '8.2f'):>8}  {run.wakeups_per_s:7.1f}", flush=True)


RUN_HEADER = ("  run  who   start ms  cpu→tray  cpu@settle  RSS MiB  PSS MiB  thr   idle %   ms/min"
              "    ms/min  wake/s\n"
              "                        ms (CPU)  ms (CPU)                           (ticks)  (ticks)"
              "  (schedstat)")


def summarise(subjects: dict[str, Subject]) -> dict:
    """Medians (with min and max) for each subject, and app/bare ratios of the medians."""
    metrics = {
        "start_s": lambda r: r.start_s,
        "cpu_to_tray_s": lambda r: r.cpu_to_tray_s,
        "cpu_settled_s": lambda r: r.cpu_settled_s,
        "rss_kib": lambda r: r.rss_kib,
        "pss_kib": lambda r: r.pss_kib,
        "anon_kib": lambda r: r.anon_kib,
        "file_kib": lambda r: r.file_kib,
        "threads": lambda r: r.threads,
        "idle_cpu_pct": lambda r: r.idle_cpu_pct,
        "idle_cpu_ms_per_min": lambda r: r.idle_cpu_ms_min,
        "idle_sched_ms_per_min": lambda r: r.idle_sched_ms_min,
        "wakeups_per_s": lambda r: r.wakeups_per_s,
    }
    summary: dict = {}
    for name, subject in subjects.items():
        runs = [r for r in subject.runs if not r.warmup]
        entry = {"runs": len(runs)}
        for key, get in metrics.items():
            values = [get(r) for r in runs]
            values = [v for v in values if v is not None and v == v]
            entry[key] = {"median": _median(values), "min": min(values, default=None),
                          "max": max(values, default=None)}
        summary[name] = entry

    def ratio(key: str) -> float | None:
        app, bare = summary["app"][key]["median"], summary["bare"][key]["median"]
        if app is None or not bare:
            return None  # no data, or a zero baseline (e.g. no clock tick in the whole window)
        return app / bare

    # Paired ratios (each app run against the bare run next to it) resist slow drifts of the
    # machine better than a ratio of medians; both are reported.
    # Runs pair up by their index, so a failed run drops only its own pair.
    def paired(key: str) -> float | None:
        bare_runs = {r.index: r for r in subjects["bare"].runs if not r.warmup}
        values = []
        for app_run in (r for r in subjects["app"].runs if not r.warmup):
            bare_run = bare_runs.get(app_run.index)
            if bare_run is None:
                continue
            b, a = metrics[key](bare_run), metrics[key](app_run)
            if b and a is not None:  # no ratio against a zero or missing baseline
                values.append(a / b)
        return _median(values)

    summary["ratios"] = {key: {"of_medians": ratio(key), "median_of_pairs": paired(key)}
                         for key in ("start_s", "cpu_to_tray_s", "cpu_settled_s", "rss_kib", "pss_kib",
                                     "idle_cpu_ms_per_min", "idle_sched_ms_per_min", "wakeups_per_s")}
    summary["targets"] = {"start_s": TARGETS["start_s"], "rss_kib": TARGETS["rss_kib"],
                          "idle_cpu": TARGETS["idle_cpu"]}
    return summary


def print_summary(summary: dict, poll_ms: float | None) -> None:
    bare, app, ratios = summary["bare"], summary["app"], summary["ratios"]
    print(f"\nSummary: medians over {bare['runs']} bare and {app['runs']} app runs "
          f"(min–max in brackets)\n")

    def cell(entry: dict, key: str, scale: float, spec: str) -> str:
        m = entry[key]
        if m["median"] is None:
            return "n/a"
        return (f"{m['median'] * scale:{spec}} "
                f"[{m['min'] * scale:{spec}}–{m['max'] * scale:{spec}}]")

    def zero_baseline(key: str) -> bool:
        # The bare app can idle so quietly that its figure is exactly 0: no finite ratio then.
        return bare[key]["median"] == 0 and (app[key]["median"] or 0) > 0

    def both_zero(key: str) -> bool:
        return bare[key]["median"] == 0 and app[key]["median"] == 0

    def ratio_cell(key: str) -> str:
        r = ratios[key]
        if r["of_medians"] is None and zero_baseline(key):
            return "∞ (bare is 0)"
        if r["of_medians"] is None and both_zero(key):
            return "— (both 0)"
        return f"{_fmt(r['of_medians'], '.2f')}× (paired {_fmt(r['median_of_pairs'], '.2f')}×)"

    def verdict(key: str, target: float) -> str:
        value = ratios[key]["of_medians"]
        if value is None:
            if zero_baseline(key):
                return f"target ≤ {target:g}×: OVER (anything is, against 0)"
            if both_zero(key):
                return f"target ≤ {target:g}×: both below this resolution"
            return f"target ≤ {target:g}×: no data"
        return f"target ≤ {target:g}×: {'within' if value <= target else 'OVER'}"

    rows = [
        ("start to tray, ms", "start_s", 1000, ".0f", verdict("start_s", TARGETS["start_s"])),
        ("CPU to tray, ms", "cpu_to_tray_s", 1000, ".0f", ""),
        ("CPU by end of settle, ms", "cpu_settled_s", 1000, ".0f", ""),
        ("idle RSS, MiB", "rss_kib", 1 / 1024, ".1f", verdict("rss_kib", TARGETS["rss_kib"])),
        ("idle PSS, MiB", "pss_kib", 1 / 1024, ".1f", ""),
        ("  anon RSS, MiB", "anon_kib", 1 / 1024, ".1f", ""),
        ("  file RSS, MiB", "file_kib", 1 / 1024, ".1f", ""),
        ("threads", "threads", 1, ".0f", ""),
        ("idle CPU, % of a core", "idle_cpu_pct", 1, ".3f", ""),
        ("idle CPU, ms/min (ticks)", "idle_cpu_ms_per_min", 1, ".1f",
         verdict("idle_cpu_ms_per_min", TARGETS["idle_cpu"])),
        ("idle CPU, ms/min (schedstat)", "idle_sched_ms_per_min", 1, ".2f",
         verdict("idle_sched_ms_per_min", TARGETS["idle_cpu"])),
        ("wake-ups per second", "wakeups_per_s", 1, ".1f", ""),
    ]
    ratio_keys = {"start_s", "cpu_to_tray_s", "cpu_settled_s", "rss_kib", "pss_kib", "idle_cpu_ms_per_min",
                  "idle_sched_ms_per_min", "wakeups_per_s"}
    print(f"  {'':<29}{'bare':<24}{'app':<26}{'app/bare':<26}")
    for label, key, scale, spec, note in rows:
        ratio = ratio_cell(key) if key in ratio_keys else ""
        print(f"  {label:<29}{cell(bare, key, scale, spec):<24}{cell(app, key, scale, spec):<26}"
              f"{ratio:<26}{note}")
    if poll_ms is not None:
        print(f"\n  tray polling: one xwininfo sweep took ~{poll_ms:.0f} ms, which bounds the "
              f"start-time resolution")
    print("  idle CPU from ticks has a resolution of "
          f"{1000 / CLK_TCK:.0f} ms per window; the schedstat figure is in nanoseconds.")


# -- main ----------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Compare tray start-up, idle memory and idle CPU of the app with a bare "
                    "PySide6 tray app on a throw-away X desktop.")
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each program (default 7)")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds to wait after the icon appears before reading memory (default 5)")
    parser.add_argument("--idle", type=float, default=20.0,
                        help="length of the idle CPU window in seconds (default 20); timers with "
                             "a longer period (a 30 s watchdog, a 60 s refresh) need a longer one")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted start-only runs of each program first, to warm the disk "
                             "cache and .pyc files (default 1)")
    parser.add_argument("--tickets", type=int, default=5, help="tickets created in the app's data dir (default 5)")
    parser.add_argument("--schedule", default="mon-sun 00:00-24:00",
                        help="the app's working hours; the default keeps rest breaks active at any hour "
                             "(pass '' for the app's default schedule)")
    parser.add_argument("--program", type=Path, default=None,
                        help="run this executable as the app (e.g. dist/support-companion/support-companion)")
    parser.add_argument("--timeout", type=float, default=30.0, help="deadline for the tray icon in seconds")
    parser.add_argument("--poll", type=float, default=0.005, help="pause between tray polls in seconds")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where to write the summary "
                        f"(default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))  # so `tests.e2e` imports however the script was started
    from tests.e2e.desktop import Desktop

    interrupted = False
    failures = 0
    commit = _git_commit()  # taken at the start: the tree may change while the benchmark runs
    with Desktop.start() as desktop:
        # How long one look at the tray takes: the granularity of the start-to-tray figure.
        t = time.perf_counter()
        for _ in range(10):
            desktop.tray_icons()
        poll_ms = (time.perf_counter() - t) * 100

        subjects = {"bare": bare_subject(), "app": app_subject(desktop, args.tickets, args.schedule,
                                                                 [str(args.program)] if args.program else None)}
        print(f"desktop {desktop.display} up in {desktop.startup_seconds:.2f} s; "
              f"{args.runs} runs each, settle {args.settle:g} s, idle window {args.idle:g} s; "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}", flush=True)
        try:
            for i in range(args.warmup):
                for subject in subjects.values():
                    print_run(measure(desktop, subject, -(i + 1), args, warmup=True))
            print(RUN_HEADER, flush=True)
            for i in range(1, args.runs + 1):
                for subject in subjects.values():  # bare first, then the app: alternating
                    try:
                        print_run(measure(desktop, subject, i, args))
                    except RunError as exc:  # one bad run is reported, not fatal
                        failures += 1
                        print(f"  {i:>3}  {subject.name:<4}  FAILED: {exc}", flush=True)
                        if failures > args.runs:
                            raise
        except KeyboardInterrupt:
            interrupted = True
            print("\ninterrupted: summarising the runs completed so far", file=sys.stderr)

    if not all(any(not r.warmup for r in s.runs) for s in subjects.values()):
        print("not enough completed runs for a summary", file=sys.stderr)
        return 130 if interrupted else 1

    summary = summarise(subjects)
    print_summary(summary, poll_ms)
    commit_at_end = _git_commit()
    if commit != commit_at_end:
        print(f"\n  WARNING: HEAD moved from {commit} to {commit_at_end} during the benchmark; "
              f"the app runs may mix versions.")

    report = {
        "benchmark": "tray_startup",
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "interrupted": interrupted,
        "failed_runs": failures,
        "commit": commit,
        "commit_at_end": commit_at_end,
        "machine": {"cpus": os.cpu_count(), "load_at_end": os.getloadavg(),
                    "python": platform.python_version(), "kernel": platform.release(),
                    "pyside6": _pyside_version()},
        "parameters": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "tray_poll_ms": poll_ms,
        "summary": summary,
        "runs": [r.as_dict() for s in subjects.values() for r in s.runs],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}")
    return 130 if interrupted else 0


def _git_commit() -> str | None:
    """The commit measured (read-only query; uncommitted edits are not reflected)."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None


def _pyside_version() -> str | None:
    try:
        import PySide6
        return PySide6.__version__
    except ImportError:
        return None


if __name__ == "__main__":
    sys.exit(main())
