"""Opening the database: location, pragmas, file permissions, migrations and rolling backups."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import peewee as pw

from companion.store import migrations
from companion.store.models import db

DB_NAME = "companion.sqlite3"
BACKUP_DIR = "backups"
KEEP_BACKUPS = 5

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
    """Open (creating if needed) the data file in `data_dir`, migrate it and bind the models."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(data_dir, stat.S_IRWXU)
    except OSError:
        pass
    path = db_path(data_dir)
    existed = path.exists()
    if not existed:
        # Create the file with 0600 before SQLite writes anything into it.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    if backup and existed and path.stat().st_size > 0:
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


def make_backup(path: Path, keep: int = KEEP_BACKUPS) -> Path:
    """Copy the database (consistently, via SQLite's backup API) and keep the newest `keep`."""
    backups = path.parent / BACKUP_DIR
    backups.mkdir(exist_ok=True)
    try:
        os.chmod(backups, stat.S_IRWXU)
    except OSError:
        pass
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = backups / f"companion-{stamp}.sqlite3"
    n = 1
    while target.exists():
        target = backups / f"companion-{stamp}-{n}.sqlite3"
        n += 1
    fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    old = sorted(backups.glob("companion-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-keep]:
        stale.unlink(missing_ok=True)
    return target
