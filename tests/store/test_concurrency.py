"""Concurrent writers wait their turn: two connections that read before they write, busy retries,
and a storm of ten CLI writers next to a process writing in a loop — on real SQLite files.

The defect: a peewee transaction begins DEFERRED, so one that reads first asks for the write lock
only at its first write; when another connection wrote meanwhile, SQLite fails it at once with
"database is locked" — busy_timeout cannot help, waiting would deadlock. The CLI showed that as
a traceback in 26 of 400 writes while the app ran. The storm helpers at the end are shared with
tests/e2e/test_concurrent_cli_e2e.py, which runs the same storm next to the real app.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import peewee as pw
import pytest

from companion.cli import main
from companion.store import db as store_db
from companion.store.db import PRAGMAS, CompanionDatabase, DataFileBusy, close_database, db_path, open_database

REPO = Path(__file__).resolve().parents[2]
BUSY_LINE = ("companion: error: the data file is busy (another program is writing); nothing was changed"
             " — try again")


@pytest.fixture
def path(data_dir):
    """A real data file (WAL, our schema) with a counter table for the increment tests."""
    open_database(data_dir)
    close_database()
    file = db_path(data_dir)
    raw = sqlite3.connect(file)
    raw.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    raw.execute("INSERT INTO counter VALUES (1, 0)")
    raw.commit()
    raw.close()
    return file


def count(path: Path, sql: str = "SELECT n FROM counter WHERE id = 1", params=()) -> int:
    raw = sqlite3.connect(path)
    try:
        return raw.execute(sql, params).fetchone()[0]
    finally:
        raw.close()


def _read(database) -> int:
    return database.execute_sql("SELECT n FROM counter WHERE id = 1").fetchone()[0]


def _write(database, n: int) -> None:
    database.execute_sql("UPDATE counter SET n = ? WHERE id = 1", (n,))


@pytest.fixture
def holder(path):
    """Another program's connection, for holding locks by hand."""
    raw = sqlite3.connect(path, isolation_level=None, timeout=0)
    yield raw
    if raw.in_transaction:
        raw.execute("ROLLBACK")
    raw.close()


@pytest.fixture
def sleeps(monkeypatch):
    """The retry pauses, recorded instead of slept; `then` runs at the first pause. SQLite's own
    busy wait is cut to 10 ms, so a lock held for good costs the test 50 ms, not 25 s."""
    record = SimpleNamespace(pauses=[], then=None)

    def sleep(seconds):
        record.pauses.append(seconds)
        if record.then is not None:
            record.then()
            record.then = None

    monkeypatch.setitem(PRAGMAS, "busy_timeout", 10)
    monkeypatch.setattr(store_db, "time", SimpleNamespace(sleep=sleep))
    return record


# -- two connections that read before they write ---------------------------------------------------
def _two_writers_who_read_first(database, wait_for_b: float) -> dict:
    """A and B each add one to the counter in a transaction that reads it first; B begins while A
    is inside, and A waits up to `wait_for_b` seconds for B to have read before it writes. Each
    thread has its own connection to the file (peewee's are per thread)."""
    a_read, b_read = threading.Event(), threading.Event()
    outcome = {}

    def run(name, body):
        try:
            with database.atomic():
                body()
            outcome[name] = "committed"
        except pw.OperationalError as exc:
            outcome[name] = str(exc)
        finally:
            database.close()

    def a():
        n = _read(database)
        a_read.set()
        # Deferred: B reads the old value meanwhile. Immediate: B waits at BEGIN until A commits.
        outcome["b read while a was inside"] = b_read.wait(wait_for_b)
        _write(database, n + 1)

    def b():
        n = _read(database)
        b_read.set()
        _write(database, n + 1)

    def b_once_a_is_inside():
        assert a_read.wait(5)
        run("b", b)

    threads = [threading.Thread(target=run, args=("a", a)), threading.Thread(target=b_once_a_is_inside)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return outcome


def test_plain_deferred_transactions_that_read_first_fail_at_once_despite_busy_timeout(path):
    plain = pw.SqliteDatabase(str(path), pragmas=PRAGMAS)  # what open_database used to make
    started = time.monotonic()
    outcome = _two_writers_who_read_first(plain, wait_for_b=5)
    assert outcome["b read while a was inside"] is True
    failed = [name for name in ("a", "b") if outcome[name] != "committed"]
    assert len(failed) == 1 and outcome[failed[0]] == "database is locked", outcome
    assert time.monotonic() - started < PRAGMAS["busy_timeout"] / 1000  # no waiting: it cannot wait
    assert count(path) == 1


def test_immediate_transactions_take_turns_and_both_count(path):
    outcome = _two_writers_who_read_first(CompanionDatabase(str(path), pragmas=PRAGMAS), wait_for_b=0.3)
    assert outcome == {"b read while a was inside": False, "a": "committed", "b": "committed"}
    assert count(path) == 2  # B read what A wrote


def test_two_connections_incrementing_concurrently_lose_nothing(path):
    database = CompanionDatabase(str(path), pragmas=PRAGMAS)
    rounds, errors = 200, []

    def increment():
        try:
            for _ in range(rounds):
                with database.atomic():
                    _write(database, _read(database) + 1)
        except Exception as exc:  # noqa: BLE001 — collected, the assertion shows it
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=increment) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and count(path) == 2 * rounds


def test_open_database_begins_immediate_and_nested_atomic_blocks_stay_savepoints(data_dir, holder):
    database = open_database(data_dir)
    try:
        assert isinstance(database, CompanionDatabase)
        database.execute_sql("CREATE TABLE t (x INTEGER)")
        with database.atomic():
            database.execute_sql("SELECT count(*) FROM t").fetchone()
            # Having only read, we already hold the write lock: another writer cannot begin.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                holder.execute("BEGIN IMMEDIATE")
            database.execute_sql("INSERT INTO t VALUES (1)")
            with pytest.raises(RuntimeError):
                with database.atomic():
                    database.execute_sql("INSERT INTO t VALUES (2)")
                    raise RuntimeError("undo the inner block only")
            with database.atomic():
                database.execute_sql("INSERT INTO t VALUES (3)")
        assert [x for (x,) in database.execute_sql("SELECT x FROM t ORDER BY x")] == [1, 3]
        holder.execute("BEGIN IMMEDIATE")  # free again after the commit
        holder.execute("ROLLBACK")
    finally:
        close_database()


# -- the bounded retry ----------------------------------------------------------------------------
def test_begin_waits_then_retries_while_another_writer_holds_the_lock(path, holder, sleeps):
    database = CompanionDatabase(str(path), pragmas=PRAGMAS)
    holder.execute("BEGIN IMMEDIATE")
    sleeps.then = lambda: holder.execute("COMMIT")  # the other writer finishes during our pause
    with database.atomic():
        _write(database, _read(database) + 1)
    assert count(path) == 1 and len(sleeps.pauses) == 1
    assert store_db.RETRY_DELAYS[0] * 0.5 <= sleeps.pauses[0] <= store_db.RETRY_DELAYS[0] * 1.5


def test_a_lock_held_past_every_retry_is_data_file_busy_with_nothing_written(path, holder, sleeps):
    database = CompanionDatabase(str(path), pragmas=PRAGMAS)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(DataFileBusy, match="the data file is busy"):
        with database.atomic():
            _write(database, 99)
    assert len(sleeps.pauses) == len(store_db.RETRY_DELAYS)  # five tries in all
    with pytest.raises(DataFileBusy):  # a statement on its own: retried the same way
        _write(database, 98)
    holder.execute("COMMIT")
    assert count(path) == 0
    with database.atomic():  # the connection is fine afterwards
        _write(database, 1)
    assert count(path) == 1


@pytest.fixture
def rollback_journal(tmp_path, sleeps):
    """A file in rollback-journal mode, where COMMIT itself can be busy: it needs every reader gone.
    (WAL, our mode, never makes COMMIT wait; a file system without shared memory falls back.)
    A reader holds its shared lock; the busy wait is the short one of `sleeps`."""
    file = tmp_path / "journal.sqlite3"
    raw = sqlite3.connect(file)
    raw.execute("CREATE TABLE t (x INTEGER)")
    raw.commit()
    raw.close()
    database = CompanionDatabase(str(file), pragmas={**PRAGMAS, "journal_mode": "delete"})
    reader = sqlite3.connect(file, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM t").fetchone()  # a shared lock until the read ends
    yield database, reader, file
    if reader.in_transaction:
        reader.execute("ROLLBACK")
    reader.close()
    database.close()


def test_a_busy_commit_is_retried_while_sqlite_keeps_the_transaction(rollback_journal, sleeps):
    database, reader, file = rollback_journal
    sleeps.then = lambda: reader.execute("COMMIT")
    with database.atomic():
        database.execute_sql("INSERT INTO t VALUES (1)")
    assert len(sleeps.pauses) == 1 and count(file, "SELECT count(*) FROM t") == 1


def test_a_commit_busy_past_every_retry_rolls_back(rollback_journal, sleeps):
    database, reader, file = rollback_journal
    with pytest.raises(DataFileBusy):
        with database.atomic():
            database.execute_sql("INSERT INTO t VALUES (1)")
    reader.execute("COMMIT")
    assert not database.in_transaction() and not database.connection().in_transaction
    assert count(file, "SELECT count(*) FROM t") == 0


@pytest.mark.parametrize("args", [
    ("ticket", "add", "SUP-9", "--client", "Olga"),
    ("ticket", "updated", "SUP-1", "--note", "called back"),
    ("settings", "set", "agent_name", "Boris"),
])
def test_the_cli_says_busy_in_one_line_exit_1_and_changes_nothing(data_dir, capsys, sleeps, args):
    assert main(["--data-dir", str(data_dir), "ticket", "add", "SUP-1"]) == 0
    close_database()
    capsys.readouterr()
    before = _dump(db_path(data_dir))
    other = sqlite3.connect(db_path(data_dir), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code = main(["--data-dir", str(data_dir), *args])
        close_database()
    finally:
        other.execute("ROLLBACK")
        other.close()
    out = capsys.readouterr()
    assert (code, out.err, out.out) == (1, BUSY_LINE + "\n", "")
    assert _dump(db_path(data_dir)) == before


def _dump(path: Path) -> list:
    raw = sqlite3.connect(path)
    try:
        return list(raw.iterdump())
    finally:
        raw.close()


# -- a storm of CLI writers next to a process writing in a loop -----------------------------------
WRITERS, WRITES_EACH = 10, 40

# Another program with the data file open, writing in a loop as the app does: each round a
# transaction that reads before it writes (logging an update on HOLD). Stops when stdin closes.
HOLDER = r"""
import os, sys, threading
from pathlib import Path
from companion.core.clock import SystemClock
from companion.core.settings import Settings
from companion.core.tickets import TicketService
from companion.store.db import open_database

open_database(Path(sys.argv[1]))
settings = Settings()
service = TicketService(SystemClock(), settings.schedule(), settings.update_lead())
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
done = failed = 0
while not stop.is_set():
    try:
        service.mark_updated("HOLD", note=f"hold {done}")
        done += 1
    except Exception as exc:
        failed += 1
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    if done == 1:
        print("ready", flush=True)
    os.sched_yield()  # let a waiting writer in between two of ours (no timed pause)
print(done, failed, flush=True)
"""

# One CLI writer process: runs `companion` once per job, as `python -m companion` would (exit code
# and stderr kept, an escaping exception counts as the traceback a user would see); jobs marked
# "spawn" really are `python -m companion`. Waits for "go" on stdin so that all ten start together.
WRITER = r"""
import contextlib, io, json, os, subprocess, sys, traceback
from companion.cli import main
jobs = json.loads(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
results = []
for job in jobs:
    if job["spawn"]:
        done = subprocess.run([sys.executable, "-m", "companion", *job["argv"]], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=120)
        code, err = done.returncode, done.stderr
    else:
        err_buffer = io.StringIO()
        with contextlib.redirect_stderr(err_buffer), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(job["argv"])
            except BaseException:
                code = None
                traceback.print_exc()
        err = err_buffer.getvalue()
    results.append({**job, "code": code, "stderr": err})
print(json.dumps(results), flush=True)
"""


@dataclass
class Storm:
    results: list[dict]
    holder_done: int
    holder_failed: int
    seconds: float

    def failed(self) -> list[dict]:
        return [r for r in self.results if r["code"] != 0]

    def tracebacks(self) -> list[dict]:
        return [r for r in self.results if r["code"] is None or "Traceback" in r["stderr"]]

    def summary(self) -> str:
        return (f"{len(self.results)} CLI writes in {self.seconds:.1f} s: {len(self.failed())} exit 1, "
                f"{len(self.tracebacks())} tracebacks; the looping writer: {self.holder_done} writes, "
                f"{self.holder_failed} failed")


def storm_jobs(writer: int, spawned: int, add_args: tuple[str, ...] = ()) -> list[dict]:
    """Ticket adds (with `add_args`), updates logged on tickets every writer shares, settings —
    mixed; the first `spawned` jobs of each writer go through a real `python -m companion`."""
    jobs = []
    for j in range(WRITES_EACH):
        n = writer * WRITES_EACH + j
        argv = (["ticket", "add", f"W-{n}", "--client", f"Client {n}", *add_args] if n % 3 == 0
                else ["ticket", "updated", f"BASE-{n % WRITERS}", "--note", f"note {n}"] if n % 3 == 1
                else ["settings", "set", "agent_name", f"Agent {n}"])
        jobs.append({"n": n, "argv": argv, "spawn": j < spawned})
    return jobs


def prepare_storm(data_dir: Path) -> dict:
    """The tickets the storm updates; returns the environment for its processes."""
    env = {**os.environ, "COMPANION_DATA_DIR": str(data_dir), "TZ": "UTC", "PYTHONPATH": str(REPO)}
    for key in ["HOLD", *(f"BASE-{k}" for k in range(WRITERS))]:
        assert main(["--data-dir", str(data_dir), "ticket", "add", key]) == 0
    close_database()
    return env


def run_storm(data_dir: Path, env: dict, *, spawned: int = 1, add_args: tuple[str, ...] = ()) -> Storm:
    """Ten CLI writer processes, WRITES_EACH writes each, all at once, while HOLDER writes in a loop."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], env=env, cwd=REPO, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writers = []
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        writers = [subprocess.Popen([sys.executable, "-c", WRITER, json.dumps(storm_jobs(w, spawned, add_args))],
                                    env=env, cwd=REPO, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                   for w in range(WRITERS)]
        for writer in writers:
            assert writer.stdout.readline().strip() == "ready"
        started = time.monotonic()
        for writer in writers:
            writer.stdin.write("go\n")
            writer.stdin.flush()
        results = []
        for writer in writers:
            out, _ = writer.communicate(timeout=180)
            results += json.loads(out)
        seconds = time.monotonic() - started
        out, err = holder.communicate(timeout=30)
    finally:
        for process in [holder, *writers]:
            if process.poll() is None:
                process.kill()
                process.wait()
    done, failed = map(int, out.split())
    assert failed == 0, err
    return Storm(results, done, failed, seconds)


def check_storm(data_dir: Path, storm: Storm) -> None:
    """0 tracebacks, exit 0 or 1 with the one line, every write that said so is there (none lost),
    none that failed is (nothing half-written), the looping writer's every write is there."""
    assert len(storm.results) == WRITERS * WRITES_EACH
    assert storm.tracebacks() == [], storm.tracebacks()[0]["stderr"]
    for result in storm.results:
        assert result["code"] in (0, 1), result
        if result["code"] == 1:
            assert result["stderr"] == BUSY_LINE + "\n", result
    raw = sqlite3.connect(db_path(data_dir))
    try:
        keys = {key for (key,) in raw.execute("SELECT key FROM ticket WHERE key LIKE 'W-%'")}
        notes = {note for (note,) in raw.execute("SELECT note FROM client_update")}
        agent = json.loads(raw.execute("SELECT value FROM setting WHERE key = 'agent_name'").fetchone()[0])
    finally:
        raw.close()
    for result in storm.results:
        n, ok = result["n"], result["code"] == 0
        if n % 3 == 0:
            assert (f"W-{n}" in keys) == ok, result
        elif n % 3 == 1:
            assert (f"note {n}" in notes) == ok, result
    assert agent in {f"Agent {r['n']}" for r in storm.results if r["n"] % 3 == 2 and r["code"] == 0}
    assert {f"hold {i}" for i in range(storm.holder_done)} <= notes


def test_ten_cli_writers_next_to_a_looping_writer_all_get_their_turn(data_dir):
    env = prepare_storm(data_dir)
    storm = run_storm(data_dir, env)
    print(storm.summary())
    check_storm(data_dir, storm)
    assert storm.failed() == []  # with IMMEDIATE and the busy wait, none even has to give up
