"""Opening the database: location, pragmas, file permissions, migrations and rolling backups.

A data file is opened only after `health.check_data_file` found it new or sound: a damaged,
emptied, foreign, newer or inaccessible file raises DataFileError before anything touches it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import peewee as pw

from companion.store import migrations
from companion.store.health import (BACKUP_DIR, KEEP_BACKUPS, DataFileError, FileState, Health,  # noqa: F401
                                    check_data_file, make_backup)
from companion.store.models import db

DB_NAME = "companion.sqlite3"

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 5000,
    "cache_size": -8000,
}


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


def open_database(data_dir: Path, *, backup: bool = False) -> pw.SqliteDatabase:
    """Open (creating if needed) the data file in `data_dir`, migrate it and bind the models.
    Raises DataFileError, having written nothing, when the file is not new and not sound."""
    data_dir = Path(data_dir)
    path = db_path(data_dir)
    health = check_data_file(path)
    if not health.usable:
        raise DataFileError(health)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(Health(path, FileState.UNWRITABLE, f"cannot create {data_dir}: {exc.strerror}")) from None
    try:
        os.chmod(data_dir, stat.S_IRWXU)
    except OSError:
        pass
    if health.state is FileState.NEW:
        # Create the file with 0600 before SQLite writes anything into it.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    elif backup:
        make_backup(path)
    database = pw.SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
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
    return database.execute_sql("PRAGMA data_version").fetchone()[0]
