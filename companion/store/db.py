"""Opening the database: location, pragmas, file permissions, migrations and rolling backups,
and the connection that lets concurrent writers (the app, CLI commands) wait their turn.

A data file is opened only after `health.check_data_file` found it new or sound: a damaged,
emptied, foreign, newer or inaccessible file raises DataFileError before anything touches it.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import peewee as pw

from companion.store import migrations
from companion.store.health import (BACKUP_DIR, KEEP_BACKUPS, DataFileError, FileState, Health,  # noqa: F401
                                    check_data_file, make_backup)
from companion.store.models import db

log = logging.getLogger(__name__)

DB_NAME = "companion.sqlite3"

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 5000,  # wait up to 5 s for another writer's lock, polling, before SQLITE_BUSY
    "cache_size": -8000,
}
# Pauses before each further try when SQLite still says busy after busy_timeout's wait (or when it
# said so without waiting): five tries in all, then DataFileBusy.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4)
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)

_T = TypeVar("_T")


class DataFileBusy(pw.OperationalError):
    """Another program kept the data file's write lock for longer than we wait. What was being
    written was not: the transaction is rolled back, the statement never took effect."""

    def __init__(self) -> None:
        super().__init__("the data file is busy (another program is writing); nothing was changed")


def _busy(exc: BaseException) -> bool:
    """Is this (peewee-wrapped) error SQLITE_BUSY or SQLITE_LOCKED, "database is locked"?"""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], sqlite3.Error) else exc.__context__
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _BUSY_CODES  # extended codes too: BUSY_SNAPSHOT, BUSY_RECOVERY, …
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


class CompanionDatabase(pw.SqliteDatabase):
    """A SQLite connection whose transactions begin IMMEDIATE and which retries busy errors.

    A plain (deferred) transaction that reads first takes the write lock only at its first write;
    if another connection writes meanwhile, SQLite cannot let it wait — its snapshot is stale or
    the two would deadlock — and fails at once with "database is locked", busy_timeout or not.
    That was the CLI's traceback in 26 of 400 writes while the app ran. BEGIN IMMEDIATE takes the
    write lock first, where the busy handler does wait; every `atomic()` and `transaction()` gets
    it here, through `begin()` (nested `atomic()` blocks stay savepoints). On top of the busy wait,
    a few short retries with backoff: of BEGIN and of statements outside a transaction (neither
    has done anything yet), and of COMMIT while the transaction is still open (SQLite keeps it
    open on SQLITE_BUSY). When all fail, DataFileBusy; `atomic()` rolls back.
    """

    _state: pw._ConnectionState  # peewee's per-thread connection state, set in __init__

    def begin(self, lock_type: str | None = None) -> None:
        self._retry(lambda: super(CompanionDatabase, self).begin(lock_type or "IMMEDIATE"))

    def commit(self) -> None:
        self._retry(super().commit, again=self._in_sqlite_transaction)

    def rollback(self) -> None:
        if self.is_closed() or self._in_sqlite_transaction():
            super().rollback()
        # else SQLite has rolled back already (a failed COMMIT may): ROLLBACK would only fail

    def execute_sql(self, sql: str, params: Sequence[object] | None = None) -> sqlite3.Cursor:
        def run() -> sqlite3.Cursor:
            cursor: sqlite3.Cursor = pw.SqliteDatabase.execute_sql(self, sql, params)
            return cursor

        # Inside a transaction a retried statement would repeat one part of it: no retry there.
        return self._retry(run, again=lambda: not self._in_sqlite_transaction())

    def _in_sqlite_transaction(self) -> bool:
        conn: sqlite3.Connection | None = self._state.conn
        return conn is not None and conn.in_transaction

    @staticmethod
    def _retry(action: Callable[[], _T], again: Callable[[], bool] = lambda: True) -> _T:
        """`action()`, tried again after a pause while SQLite says busy and `again()` allows."""
        for delay in (*RETRY_DELAYS, None):
            try:
                return action()
            except pw.OperationalError as exc:
                if not _busy(exc):
                    raise
                if delay is None or not again():
                    raise DataFileBusy() from exc
            # Jittered, so that writers who failed together do not come back together.
            time.sleep(delay * random.uniform(0.5, 1.5))
        raise AssertionError("unreachable: the last try returns or raises")


def default_data_dir() -> Path:
    env = os.environ.get("COMPANION_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("support-companion", appauthor=False))


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / DB_NAME


def _secure(path: Path) -> None:
    try:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    except OSError:
        pass


def open_database(data_dir: Path, *, backup: bool = False) -> CompanionDatabase:
    """Open (creating if needed) the data file in `data_dir`, migrate it and bind the models.
    Raises DataFileError, having written nothing, when the file is not new and not sound."""
    data_dir = Path(data_dir)
    path = db_path(data_dir)
    health = check_data_file(path)
    if not health.usable:
        raise DataFileError(health)
    created = not data_dir.exists()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(Health(path, FileState.UNWRITABLE, f"cannot create {data_dir}: {exc.strerror}")) from None
    if created:
        try:
            os.chmod(data_dir, stat.S_IRWXU)  # ours: the user's alone
        except OSError:
            pass
    elif os.name == "posix" and data_dir.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        # A folder the user chose keeps its permissions; say so when others could replace our files.
        log.warning("others can write to the data folder %s: they could replace its files", data_dir)
    if health.state is FileState.NEW:
        # Create the file with 0600 before SQLite writes anything into it.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    elif backup:
        make_backup(path)
    database = CompanionDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    # SQLite's lower() and NOCASE know only ASCII; keys like "ЗАЯВКА-7" need Unicode case folding.
    database.register_function(lambda text: text.casefold() if isinstance(text, str) else text,
                               "casefold", 1, deterministic=True)
    database.connect(reuse_if_open=True)
    db.initialize(database)
    migrations.migrate(database)
    for suffix in ("", "-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            _secure(side)
    return database


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def data_version(database: pw.Database) -> int:
    """Changes whenever another connection commits: a cheap way to notice CLI edits."""
    version: int = database.execute_sql("PRAGMA data_version").fetchone()[0]
    return version
