"""The data file's health, backups that keep good copies, and restore — on real SQLite files.

The issue's repro runs here at the store's level (tests/ui/test_restore.py runs it through the
app): a ticket, a start, the file emptied or scribbled on, six more starts; the backups must
still hold the ticket and the bad file must be exactly as it was left."""

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from companion.core.tickets import TicketInput, TicketService
from companion.store import migrations
from companion.store.db import close_database, db_path, open_database
from companion.store.health import (BadBackupError, DataFileError, FileState, RestoreError, check_data_file,
                                    inspect, list_backups, make_backup, newest_good_backup, restore)
from tests.store.damage import (DAMAGES, RUNNING_AS_ROOT, digest, hand_to_nobody, reachable_dir, scribble,
                                without_root, zero)


def with_tickets(data_dir, clock, schedule, *keys):
    open_database(data_dir)
    service = TicketService(clock, schedule)
    for key in keys:
        service.create(TicketInput(key, client="Иван", subject="Принтер " * 40, notes="x" * 500))
    close_database()
    return db_path(data_dir)


def start(data_dir):
    """What a start does to the data file: open it (refused if bad), back it up, close."""
    open_database(data_dir)
    try:
        return make_backup(db_path(data_dir))
    finally:
        close_database()


def ticket_keys(path):
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return [row[0] for row in con.execute("SELECT key FROM ticket ORDER BY key")]
    finally:
        con.close()


@pytest.fixture
def filled(data_dir, clock, schedule):
    """A data file with 60 tickets (a few dozen pages, so its middle is not its header)."""
    return with_tickets(data_dir, clock, schedule, *[f"SUP-{n}" for n in range(60)])


# -- the check ------------------------------------------------------------------------------------
def test_a_sound_file_is_ok_and_counted(filled):
    health = check_data_file(filled)
    assert health.state is FileState.OK and health.usable
    assert health.version == migrations.LATEST and health.tickets == 60 and health.rows >= 60


def test_no_file_or_a_blank_one_with_no_backup_holding_data_is_new(data_dir):
    assert check_data_file(db_path(data_dir)).state is FileState.NEW
    data_dir.mkdir()
    db_path(data_dir).touch()  # killed between creating the file and SQLite's first write
    assert check_data_file(db_path(data_dir)).state is FileState.NEW
    open_database(data_dir)  # and it is simply initialised
    close_database()
    assert check_data_file(db_path(data_dir)).state is FileState.OK


def test_the_check_writes_nothing(filled):
    before = digest(filled)
    for _ in range(3):
        check_data_file(filled)
    assert digest(filled) == before


@pytest.mark.parametrize("damage,state,words", [
    ("zero", FileState.EMPTY, "empty (0 bytes, while a backup holds data)"),
    ("scribble", FileState.DAMAGED, "damaged ("),
    ("foreign", FileState.NOT_SQLITE, "not an SQLite database"),
    ("newer", FileState.TOO_NEW, f"schema {migrations.LATEST + 1}; this app knows {migrations.LATEST}"),
])
def test_a_bad_file_is_refused_and_left_exactly_as_it_was(filled, data_dir, damage, state, words):
    start(data_dir)  # a backup with data exists
    DAMAGES[damage](filled)
    before = digest(filled)
    health = check_data_file(filled)
    assert health.state is state and not health.usable
    with pytest.raises(DataFileError) as refused:
        open_database(data_dir)
    assert words in str(refused.value) and str(filled) in str(refused.value)
    assert refused.value.health.state is state
    assert digest(filled) == before
    assert not os.path.exists(f"{filled}-journal")


def test_the_scribbled_file_fails_quick_check_itself(filled):
    scribble(filled)
    health = inspect(filled)
    assert health.state is FileState.DAMAGED
    assert health.detail.startswith("quick_check: ")


def test_an_unreadable_file_is_refused(tmp_path, clock, schedule):
    with reachable_dir(tmp_path) as folder:
        data_dir = folder / "data"
        path = with_tickets(data_dir, clock, schedule, "SUP-1")
        hand_to_nobody(data_dir)
        os.chmod(path, 0)
        with without_root():
            health = check_data_file(path)
            with pytest.raises(DataFileError):
                open_database(data_dir)
        assert health.state is FileState.UNREADABLE and "Permission denied" in health.detail
        os.chmod(path, 0o600)
        assert ticket_keys(path) == ["SUP-1"]


def test_a_read_only_file_or_folder_is_refused_before_anything_is_written(tmp_path, clock, schedule):
    with reachable_dir(tmp_path) as folder:
        data_dir = folder / "data"
        path = with_tickets(data_dir, clock, schedule, "SUP-1")
        hand_to_nobody(data_dir)
        os.chmod(path, 0o400)
        with without_root():
            health = check_data_file(path)
        assert health.state is FileState.UNWRITABLE and "read-only" in health.detail
        os.chmod(path, 0o600)
        os.chmod(data_dir, 0o500)  # the agent's choice of folder mode: refused, not changed back
        with without_root():
            health = check_data_file(path)
            with pytest.raises(DataFileError):
                open_database(data_dir)
        assert health.state is FileState.UNWRITABLE and "folder" in health.detail
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o500
        os.chmod(data_dir, 0o700)


def test_a_folder_in_place_of_the_file_is_unreadable(data_dir):
    db_path(data_dir).mkdir(parents=True)
    health = check_data_file(db_path(data_dir))
    assert health.state is FileState.UNREADABLE and "not a regular file" in health.detail


# -- backups --------------------------------------------------------------------------------------
def test_issue_repro_emptied_file_then_six_starts_keep_the_copy_with_the_ticket(data_dir, clock, schedule):
    path = with_tickets(data_dir, clock, schedule, "SUP-1")
    assert start(data_dir) is not None
    zero(path)
    for _ in range(6):
        with pytest.raises(DataFileError):
            start(data_dir)
        assert make_backup(path) is None  # and a backup asked for directly is not made either
    assert path.stat().st_size == 0
    copies = list_backups(path)
    assert len(copies) == 1 and ticket_keys(copies[0].path) == ["SUP-1"]
    found = newest_good_backup(path)
    assert found is not None and found[1].tickets == 1


def test_issue_repro_scribbled_file_never_replaces_the_backups_with_corrupt_copies(filled, data_dir):
    for _ in range(3):
        assert start(data_dir) is not None
    before = {b.path: digest(b.path) for b in list_backups(filled)}
    scribble(filled)
    for _ in range(6):
        with pytest.raises(DataFileError):
            start(data_dir)
        assert make_backup(filled) is None
    assert {b.path: digest(b.path) for b in list_backups(filled)} == before
    assert all(inspect(p, frozen=True).holds_data for p in before)
    assert not list((data_dir / "backups").glob(".*"))  # no partial copy left behind


def test_backups_are_private_verified_plain_files(filled, data_dir):
    made = start(data_dir)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    with open(made, "rb") as handle:
        assert handle.read(20)[18:20] == b"\x01\x01"  # rollback journal: read in place, no -wal/-shm
    assert inspect(made, frozen=True).tickets == 60
    assert sorted(os.listdir(made.parent)) == [made.name]


def test_an_empty_database_is_not_backed_up_over_one_that_held_data(data_dir, clock, schedule):
    path = with_tickets(data_dir, clock, schedule, "SUP-1")
    start(data_dir)
    path.unlink()  # the agent deleted the file: it starts afresh, as new
    open_database(data_dir)
    close_database()
    assert check_data_file(path).state is FileState.OK
    assert make_backup(path) is None
    assert [ticket_keys(b.path) for b in list_backups(path)] == [["SUP-1"]]


def test_rotation_keeps_five_and_never_the_new_copy_away_even_after_a_clock_change(filled, data_dir):
    first = start(data_dir)
    folder = first.parent
    future = time.time() + 86400
    for n in range(6):  # corrupt copies from before this fix, their file times ahead of the clock
        planted = folder / f"companion-29990101-00000{n}.sqlite3"
        planted.write_bytes(first.read_bytes())
        scribble(planted, seed=n)
        os.utime(planted, (future + n, future + n))
    made = start(data_dir)
    left = [b.path for b in list_backups(filled)]
    assert made in left and len(left) == 6  # the five newest by file time, and the copy just made
    assert newest_good_backup(filled)[0].path == made


def test_rolling_keeps_the_newest_five(filled, data_dir):
    made = [start(data_dir) for _ in range(7)]
    assert [b.path for b in list_backups(filled)] == made[::-1][:5]


# -- restore --------------------------------------------------------------------------------------
def test_restore_latest_puts_the_newest_good_copy_back_and_keeps_the_bad_file(data_dir, clock, schedule):
    path = with_tickets(data_dir, clock, schedule, "SUP-1")
    start(data_dir)
    open_database(data_dir)
    TicketService(clock, schedule).create(TicketInput("SUP-2"))
    close_database()
    start(data_dir)
    zero(path)
    Path(f"{path}-wal").write_bytes(b"stale")  # must not be replayed onto the restored copy
    done = restore(path)
    assert ticket_keys(path) == ["SUP-1", "SUP-2"] and done.health.tickets == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert done.moved_aside.name.startswith("companion.sqlite3.damaged-") and done.moved_aside.stat().st_size == 0
    assert Path(f"{done.moved_aside}-wal").read_bytes() == b"stale" and not Path(f"{path}-wal").exists()
    open_database(data_dir)  # and the app opens it
    close_database()


def test_restore_of_a_given_file_verifies_it_first(filled, data_dir, tmp_path):
    good = start(data_dir)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(good.read_bytes())
    scribble(bad)
    before = digest(filled)
    with pytest.raises(BadBackupError, match="not a good backup: it is damaged"):
        restore(filled, bad)
    with pytest.raises(BadBackupError, match="no file"):
        restore(filled, tmp_path / "missing.sqlite3")
    assert digest(filled) == before
    done = restore(filled, good)
    assert done.moved_aside.name.startswith("companion.sqlite3.replaced-")  # it was sound: kept too
    assert digest(done.moved_aside) == before


def test_restore_without_a_good_backup_changes_nothing(filled):
    zero(filled)
    with pytest.raises(RestoreError, match="no good backup"):
        restore(filled)
    assert filled.stat().st_size == 0


def test_restore_refuses_a_file_another_process_has_open(filled, data_dir):
    start(data_dir)
    before = digest(filled)
    other = sqlite3.connect(str(filled))
    other.execute("PRAGMA journal_mode = wal")
    other.execute("SELECT count(*) FROM ticket").fetchone()
    try:
        with pytest.raises(RestoreError, match="in use"):
            restore(filled)
    finally:
        other.close()
    assert digest(filled) == before


@pytest.mark.skipif(not RUNNING_AS_ROOT, reason="the root check of the helper itself")
def test_without_root_really_drops_the_rights(tmp_path):
    with reachable_dir(tmp_path) as folder:
        secret = folder / "secret"
        secret.write_text("x")
        os.chmod(secret, 0)
        with without_root():
            assert os.geteuid() != 0
            with pytest.raises(PermissionError):
                secret.read_text()
        assert os.geteuid() == 0 and secret.read_text() == "x"
