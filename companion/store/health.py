"""The data file's health, backups that keep good copies, and restoring one.

A bad data file must never be written to, migrated or replaced by the code that opens it: a
zero-length file used to become a fresh empty database, and each start then rotated one more
good backup away. So the file is judged first, by reading only — its header, SQLite's
`PRAGMA quick_check`, whether its tables read, its schema version against
`migrations.LATEST`, whether this user may read and write it — and `db.open_database` opens
only a file that is new or sound. Backups are judged the same way after copying: a damaged or
newly-empty copy is not kept, and rotation never deletes the newest copy that holds data.
`backup_to` makes the same verified copy at a place the agent names (`companion backup`), and
`restore` takes such a file back like any backup.

This module does not open the database for the app, does not show anything (the CLI and the
app say what is wrong, each in its own words), and never deletes a data file: a restore moves
the current one aside.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from urllib.parse import quote

from companion.store import migrations
from companion.store.files import private_temporary, sync_folder

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
KEEP_BACKUPS = 5
MAGIC = b"SQLite format 3\x00"
_BACKUP_NAME = re.compile(r"companion-(\d{8}-\d{6})(?:-(\d+))?\.sqlite3")
_SIDE_FILES = ("-wal", "-shm")  # SQLite's companions of a WAL database: they move with it


class FileState(Enum):
    NEW = "new"                # no data file yet, or a blank one while no backup ever held data
    OK = "ok"
    EMPTY = "empty"            # zero bytes (or SQLite without a single table) while a backup holds data
    NOT_SQLITE = "not-sqlite"  # no SQLite header: another kind of file, or the header is destroyed
    DAMAGED = "damaged"        # quick_check complains, or a table cannot be read
    TOO_NEW = "too-new"        # written by a newer app: its schema version is above ours
    UNREADABLE = "unreadable"  # permissions, or not a regular file
    UNWRITABLE = "unwritable"  # readable, but the file, its folder or its WAL files are read-only


@dataclass(frozen=True)
class Health:
    """What reading a data file (or a backup) found. `rows` counts every row of every table;
    `tickets` the ticket rows; both are None when the tables were not read."""

    path: Path
    state: FileState
    detail: str = ""
    version: int | None = None
    rows: int | None = None
    tickets: int | None = None

    @property
    def usable(self) -> bool:
        """May the app open (and migrate) this file?"""
        return self.state in (FileState.NEW, FileState.OK)

    @property
    def holds_data(self) -> bool:
        """The agent's own work is in it: tickets. A fresh file already has rows (the shipped
        replies, the settings), so rows alone would let a reset file rotate the real copies away."""
        return self.state is FileState.OK and bool(self.tickets)

    def summary(self) -> str:
        """What is wrong, in a few English words: 'damaged (quick_check: …)'."""
        detail = f" ({self.detail})" if self.detail else ""
        return {
            FileState.NEW: "new",
            FileState.OK: "sound",
            FileState.EMPTY: f"empty{detail}",
            FileState.NOT_SQLITE: "not an SQLite database, or its header is damaged",
            FileState.DAMAGED: f"damaged{detail}",
            FileState.TOO_NEW: f"from a newer Support Companion{detail}",
            FileState.UNREADABLE: f"unreadable{detail}",
            FileState.UNWRITABLE: f"not writable{detail}",
        }[self.state]

    def problem(self) -> str:
        """One English line for logs and the CLI (the app words it in the interface language)."""
        return f"the data file {self.path} is {self.summary()}"


class DataFileError(RuntimeError):
    """The data file is not fit to be opened; nothing was written to it."""

    def __init__(self, health: Health):
        super().__init__(health.problem())
        self.health = health


class RestoreError(RuntimeError):
    """A restore could not be done; the data file is as it was."""


class BadBackupError(RestoreError):
    """The backup asked for is not sound (or not there)."""


# -- judging a file -------------------------------------------------------------------------------
def _connect_readonly(path: Path, frozen: bool) -> sqlite3.Connection:
    # `mode=ro` reads a live WAL database (the -wal file included, which holds whatever a killed
    # process committed last) without checkpointing it. A backup never changes: `immutable`
    # reads it without creating -wal/-shm files beside it.
    flags = "immutable=1" if frozen else "mode=ro"
    return sqlite3.connect(f"file:{quote(str(path))}?{flags}", uri=True, timeout=5)


def _access(path: Path, mode: int) -> bool:
    # The effective user is the one whose rights count (tests drop it below root).
    if os.access in os.supports_effective_ids:
        return os.access(path, mode, effective_ids=True)
    return os.access(path, mode)


def _not_writable(path: Path) -> str:
    if not _access(path, os.W_OK):
        return "it is read-only for this user"
    if not _access(path.parent, os.W_OK | os.X_OK):
        return f"the folder {path.parent} is read-only for this user"
    for suffix in _SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists() and not _access(side, os.R_OK | os.W_OK):
            return f"{side.name} is not readable and writable for this user"
    return ""


def inspect(path: Path, *, frozen: bool = False, live: bool = False) -> Health:
    """Judge one SQLite file without writing to it. `frozen`: a backup (read as immutable);
    `live`: the data file itself, which must also be writable."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if live and path.parent.exists() and not _access(path.parent, os.W_OK | os.X_OK):
            return Health(path, FileState.UNWRITABLE, f"cannot create files in {path.parent}")
        return Health(path, FileState.NEW)
    except OSError as exc:  # a folder on the way that this user cannot enter, or is a file
        return Health(path, FileState.UNREADABLE, exc.strerror or str(exc))
    if not stat.S_ISREG(info.st_mode):
        return Health(path, FileState.UNREADABLE, "it is not a regular file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        return Health(path, FileState.UNREADABLE, exc.strerror or str(exc))
    if not header:
        return Health(path, FileState.EMPTY, "0 bytes", rows=0, tickets=0)
    if not header.startswith(MAGIC):
        return Health(path, FileState.NOT_SQLITE)
    if live and (why := _not_writable(path)):
        return Health(path, FileState.UNWRITABLE, why)
    return _read(path, frozen)


def _read(path: Path, frozen: bool) -> Health:
    try:
        con = _connect_readonly(path, frozen)
    except sqlite3.Error as exc:
        return Health(path, FileState.UNREADABLE, f"SQLite: {exc}")
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.LATEST:
            return Health(path, FileState.TOO_NEW, f"schema {version}; this app knows {migrations.LATEST}",
                          version=version)
        try:
            problems = [row[0] for row in con.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself stops
            if isinstance(exc, sqlite3.OperationalError):
                raise
            problems = [str(exc)]
        if problems != ["ok"]:
            more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
            first = " ".join(str(problems[0]).split())  # one row can hold several lines ("*** in database main ***")
            return Health(path, FileState.DAMAGED, f"quick_check: {first}{more}", version=version)
        tables = [row[0] for row in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {}
        for table in tables:
            try:
                quoted = table.replace('"', '""')  # a name read from the file itself
                counts[table] = con.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0]
            except sqlite3.DatabaseError as exc:
                return Health(path, FileState.DAMAGED, f"reading {table}: {exc}", version=version)
    except sqlite3.OperationalError as exc:  # cannot open, I/O error, busy for 5 s
        return Health(path, FileState.UNREADABLE, f"SQLite: {exc}")
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return Health(path, FileState.DAMAGED, str(exc))
    finally:
        con.close()
    rows, tickets = sum(counts.values()), counts.get("ticket", 0)
    if version == 0 and not tables:  # a valid SQLite file with nothing of ours in it
        return Health(path, FileState.EMPTY, "no tables", version=0, rows=0, tickets=0)
    return Health(path, FileState.OK, version=version, rows=rows, tickets=tickets)


def check_data_file(path: Path) -> Health:
    """The data file, judged before it is opened. A blank file is new unless a backup shows that
    this place held data; then it is a file that lost everything and must not be built upon."""
    health = inspect(path, live=True)
    if health.state is not FileState.EMPTY:
        return health
    if newest_good_backup(path) is not None:
        return Health(health.path, FileState.EMPTY, f"{health.detail}, while a backup holds data", rows=0, tickets=0)
    if (why := _not_writable(Path(path))):
        return Health(health.path, FileState.UNWRITABLE, why)
    return Health(health.path, FileState.NEW, health.detail)


# -- backups --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # when the copy was made (its file time), aware, UTC


def backups_dir(path: Path) -> Path:
    return Path(path).parent / BACKUP_DIR


def list_backups(path: Path) -> list[Backup]:
    """The backups of the data file at `path`, newest first."""
    found = []
    for candidate in backups_dir(path).glob("companion-*.sqlite3"):
        match = _BACKUP_NAME.fullmatch(candidate.name)
        try:
            info = candidate.stat()
        except OSError:
            continue
        if match and stat.S_ISREG(info.st_mode):
            # File time first; the name's stamp and counter order copies made within one tick.
            key = (info.st_mtime_ns, match.group(1), int(match.group(2) or 0))
            found.append((key, Backup(candidate, datetime.fromtimestamp(info.st_mtime, timezone.utc))))
    return [backup for _key, backup in sorted(found, key=lambda item: item[0], reverse=True)]


def newest_good_backup(path: Path) -> tuple[Backup, Health] | None:
    """The newest backup that is sound, not newer than this app, and holds data."""
    for backup in list_backups(path):
        health = inspect(backup.path, frozen=True)
        if health.holds_data:
            return backup, health
    return None


def _exclusive(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _unique(folder: Path, stem: str, suffix: str) -> Path:
    target, n = folder / f"{stem}{suffix}", 1
    while target.exists() or target.is_symlink():
        target, n = folder / f"{stem}-{n}{suffix}", n + 1
    return target


def _private_dir(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    try:
        os.chmod(folder, stat.S_IRWXU)
    except OSError:
        pass


def make_backup(path: Path, keep: int = KEEP_BACKUPS) -> Path | None:
    """Copy the data file into backups/ (consistently, through SQLite's backup API) when the copy
    is worth keeping, and keep the newest `keep` copies plus, always, the newest one that holds
    data. Returns the new copy, or None when none was kept (the reason is logged): a copy that
    fails quick_check, or one without data while an earlier copy has some."""
    path = Path(path)
    folder = backups_dir(path)
    partial = folder / f".companion-{os.getpid()}-{time.monotonic_ns()}.partial"
    try:
        _private_dir(folder)
        _exclusive(partial)  # 0600 before SQLite writes a byte into it
        _copy_database(path, partial)
        health = inspect(partial, frozen=True)
        if health.state is not FileState.OK:
            log.warning("no backup made of %s: the copy is %s", path, health.summary())
            partial.unlink(missing_ok=True)
            return None
        if not health.tickets and newest_good_backup(path) is not None:
            log.warning("no backup made: %s holds no data, and an earlier backup does", path)
            partial.unlink(missing_ok=True)
            return None
        target = _unique(folder, f"companion-{time.strftime('%Y%m%d-%H%M%S')}", ".sqlite3")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:  # a backup that cannot be made never stops a start
        log.warning("no backup made of %s: %s", path, exc)
        partial.unlink(missing_ok=True)
        return None
    _rotate(path, keep, target, health)
    return target


def _copy_database(path: Path, into: Path, *, tidy: bool = False) -> None:
    """Copy the live data file into the empty file `into` through SQLite's backup API: in one
    step, so every page comes from one read snapshot — the last commit, whatever another
    connection is writing meanwhile (WAL readers do not wait for writers).

    `tidy`: read through a read-write connection that runs queries only, so that when it is the
    last one open (no app running) SQLite folds the WAL back in and removes the -wal and -shm a
    read-only reader leaves behind, as every other command's connection does."""
    if tidy:
        source = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, timeout=5)
        source.execute("PRAGMA query_only = 1")
    else:
        source = _connect_readonly(path, frozen=False)
    try:
        copy = sqlite3.connect(str(into))
        try:
            source.backup(copy)
            # The copy is a plain rollback-journal file: readable in place without -wal/-shm.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        source.close()


def _rotate(path: Path, keep: int, made: Path, health: Health) -> None:
    """Keep the newest `keep` copies, the one just made (whatever the file times say after a
    clock change) and the newest one that holds data."""
    protected = {made}
    if not health.tickets:  # kept only because no copy holds data; should one appear, it stays
        found = newest_good_backup(path)
        if found is not None:
            protected.add(found[0].path)
    for stale in [backup.path for backup in list_backups(path)][keep:]:
        if stale not in protected:
            stale.unlink(missing_ok=True)
    for partial in backups_dir(path).glob(".companion-*.partial"):  # left by a process killed mid-copy
        try:
            if partial.stat().st_mtime < time.time() - 3600:
                partial.unlink()
        except OSError:
            pass


# -- a full copy, where the agent asks -------------------------------------------------------------
JOURNAL_TABLES = ("break_log", "tough_conversation", "overtime_span")  # the wellbeing history


class BackupError(RuntimeError):
    """No copy was made, and nothing is left at the target or beside it."""


class BackupTargetError(BackupError):
    """The target is no place for the copy: a folder, a symbolic link, the data file itself, or a
    folder that cannot be written."""


class TargetExistsError(BackupTargetError):
    """A file is at the target and replacing it was not asked for."""


@dataclass(frozen=True)
class BackupSummary:
    """What `backup_to` wrote: the file, its size in bytes, its health and the rows of each of
    its tables, read from the copy itself (so the report is what a restore will bring back)."""

    target: Path
    size: int
    health: Health
    counts: dict[str, int]

    def rows(self, *tables: str) -> int:
        return sum(self.counts.get(table, 0) for table in tables)

    @property
    def journal(self) -> int:
        return self.rows(*JOURNAL_TABLES)


def table_counts(path: Path) -> dict[str, int]:
    """The rows of every table of a file that does not change (a backup), by table name."""
    con = _connect_readonly(Path(path), frozen=True)
    try:
        tables = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts: dict[str, int] = {}
        for table in tables:
            quoted = table.replace('"', '""')
            counts[table] = int(con.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()[0])
        return counts
    finally:
        con.close()


def backup_to(path: Path, target: Path, force: bool = False) -> BackupSummary:
    """Copy the data file at `path` to `target`, whole: every table, as of its last commit (the
    app may be running). The copy is written 0600 under a random name beside the target,
    verified as the backups in backups/ are, and only then renamed into place; a file already
    at `target` is replaced only with `force`, a symbolic link there never followed.

    Raises DataFileError for a data file that is not sound (a bad copy of it helps nobody),
    TargetExistsError / BackupTargetError for the target, BackupError for a copy that failed."""
    path, target = Path(path), Path(target)
    _check_target(path, target, force)  # first: a refusal leaves even the data file's folder as it was
    source = inspect(path)
    if source.state is FileState.NEW:
        raise BackupError(f"there is no data file {path} to back up")
    if source.state is not FileState.OK:
        raise DataFileError(source)
    temp: Path | None = None
    try:
        temp = private_temporary(target)
        _copy_database(path, temp, tidy=True)
        copied = inspect(temp, frozen=True)
        if copied.state is not FileState.OK:
            raise BackupError(f"the copy of {path} did not verify (it is {copied.summary()}); nothing was written")
        counts = table_counts(temp)
        size = temp.stat().st_size
        _place(temp, target, force)
    except OSError as exc:
        raise BackupTargetError(f"cannot write {target}: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy {path}: {exc}; nothing was written") from None
    finally:
        if temp is not None:  # after a rename: nothing; after a hard link: the spare name
            for leftover in (Path(f"{temp}{suffix}") for suffix in ("", "-journal", *_SIDE_FILES)):
                try:
                    leftover.unlink(missing_ok=True)
                except OSError as exc:
                    log.warning("could not remove %s: %s", leftover, exc)
    sync_folder(target.parent)
    return BackupSummary(target, size, copied, counts)


def _check_target(path: Path, target: Path, force: bool) -> None:
    """Refuse a target the copy must not go to, before the data file is even read."""
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a folder on the way that this user cannot enter, or that is a file
        raise BackupTargetError(f"cannot write {target}: {exc.strerror or exc}") from None
    ours = [Path(f"{path}{suffix}") for suffix in ("", *_SIDE_FILES)]
    where = target.parent.resolve() / target.name
    if where in [side.resolve() for side in ours] or (
            info is not None and any(side.exists() and os.path.samestat(info, side.stat()) for side in ours)):
        raise BackupTargetError(f"{target} is the data file itself; name another file for the copy")
    if info is None:
        if not target.parent.is_dir():
            raise BackupTargetError(f"cannot write {target}: there is no folder {target.parent}")
        return
    if stat.S_ISLNK(info.st_mode):
        raise BackupTargetError(f"{target} is a symbolic link (not followed); name the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise BackupTargetError(f"{target} is a folder; name a file in it")
    if not force:
        raise TargetExistsError(f"{target} already exists")


def _place(temp: Path, target: Path, force: bool) -> None:
    """Give the verified copy its name. Either way only the name at `target` changes, never what
    a link there points to."""
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)  # refuses a name that appeared since the check: no race to lose
    except FileExistsError:
        raise TargetExistsError(f"{target} already exists") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise TargetExistsError(f"{target} already exists") from None
        os.replace(temp, target)


# -- restoring ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Restored:
    backup: Path
    health: Health            # of the copy now in place
    moved_aside: Path | None  # where the previous data file went (None: there was none)


def in_use(path: Path) -> bool:
    """Has another process (the app, a CLI command) the data file open? Only asked of a sound
    file: taking SQLite's exclusive lock fails while any other connection has the file open."""
    con = sqlite3.connect(str(path), timeout=0)
    try:
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()


def restore(path: Path, backup: Path | None = None) -> Restored:
    """Put a verified backup (the newest good one unless given) in place of the data file at
    `path`. The current file and its -wal/-shm are moved aside as `<name>.damaged-<stamp>` (or
    `.replaced-<stamp>` when it was sound), never deleted; the copy is verified before the swap."""
    path = Path(path)
    if backup is None:
        found = newest_good_backup(path)
        if found is None:
            raise RestoreError(f"there is no good backup in {backups_dir(path)}")
        backup, health = found[0].path, found[1]
    else:
        backup = Path(backup)
        health = inspect(backup, frozen=True)
        if health.state is FileState.NEW:
            raise BadBackupError(f"there is no file {backup}")
        if health.state is not FileState.OK:
            raise BadBackupError(f"{backup} is not a good backup: it is {health.summary()}")
        if not health.version:  # SQLite, but never opened by this app: someone else's database
            raise BadBackupError(f"{backup} is not a Support Companion data file (its schema version is 0)")
    current = inspect(path, live=True)
    if current.state is FileState.OK and in_use(path):
        raise RestoreError(f"{path} is in use (is Support Companion running?); quit it first")
    folder = path.parent
    temp = folder / f".{path.name}.restoring-{os.getpid()}-{time.monotonic_ns()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _exclusive(temp)  # 0600, and never a file someone else planted
        with open(backup, "rb") as src, open(temp, "r+b") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        copied = inspect(temp, frozen=True)
        if copied.state is not FileState.OK:
            raise RestoreError(f"the copy of {backup} did not verify (it is {copied.summary()}); nothing was changed")
        kind = "replaced" if current.state is FileState.OK else "damaged"
        aside = _unique(folder, f"{path.name}.{kind}-{time.strftime('%Y%m%d-%H%M%S')}", "")
        moves = [(Path(f"{path}{suffix}"), Path(f"{aside}{suffix}")) for suffix in ("", *_SIDE_FILES)]
        moves = [(old, new) for old, new in moves if old.exists() or old.is_symlink()]
        done = []
        try:
            # The -wal and -shm go too: a stale -wal would be replayed onto the restored copy.
            for old, new in moves:
                os.replace(old, new)
                done.append((old, new))
            os.replace(temp, path)
        except OSError:
            for old, new in reversed(done):  # put everything back as it was
                os.replace(new, old)
            raise
    except OSError as exc:
        raise RestoreError(f"cannot restore into {folder}: {exc.strerror or exc}; nothing was changed") from None
    finally:
        temp.unlink(missing_ok=True)
    return Restored(backup, copied, aside if moves else None)
