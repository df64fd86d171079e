"""`backup_to` and `restore` lose nothing (issue 12, point 7): a data dir filled through the core
services with every kind of data the agent makes is copied out, restored into a second, empty
data dir, and every table of the two files is compared row by row. The tables are read from
sqlite_master, so a table added later is compared without a change here (and `fill` must then
put rows into it: an empty table proves nothing)."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import sys
import threading
from datetime import timedelta

import pytest

from companion.core.break_library import BreakLibrary, KindInput
from companion.core.breaks import Outcome, Record, Rest
from companion.core.journal import Journal
from companion.core.reminders import ReminderService
from companion.core.reply_library import ReplyInput, ReplyLibrary, Variant
from companion.core.settings import Settings
from companion.core.tickets import TicketInput, TicketService
from companion.runtime.seeding import seed_shipped
from companion.store import health, migrations
from companion.store.db import close_database, db_path, open_database
from companion.store.health import (BackupError, BackupTargetError, BadBackupError, DataFileError,
                                    TargetExistsError, backup_to, restore)
from companion.store.models import ALL_MODELS, Handoff
from tests.store.damage import digest, newer, scribble

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="mode bits and symlinks as on POSIX")


def fill(data_dir, clock):
    """A working week's worth of everything, made the way the app makes it."""
    open_database(data_dir)
    seed_shipped(clock)
    settings = Settings()
    settings.set_many({"timezone": "Europe/Moscow", "agent_name": "Анна", "schedule": "mon-fri 09:00-18:00",
                       "capacity_updates": 15, "tough_after_difficult": True,
                       "breaks_state": {"seen": clock.now().isoformat(), "timers": {"micro": 1200}}})
    service = TicketService(clock, settings.schedule(), settings.update_lead())
    first = service.create(TicketInput("SUP-1", client="Иван", subject="Принтер", cadence="2h",
                                       notes="x" * 300, difficult=True))
    second = service.create(TicketInput("SUP-2", client="Ольга", cadence="1d",
                                        promised_at=clock.now() + timedelta(days=2)))
    service.create(TicketInput("SUP-3", client="Пётр", cadence="4h"))
    clock.advance(hours=1)
    service.mark_updated("SUP-1", note="sent the logs", template="status-no-news")
    service.snooze("SUP-2", clock.now() + timedelta(hours=1))
    service.set_status("SUP-3", "waiting_client")
    clock.advance(days=1)
    reminders = ReminderService(clock, service, settings)
    fired = reminders.plan().fire
    assert fired, "nothing fell due: the fired-reminder table would stay empty"
    reminders.mark_delivered(fired)
    service.archive("SUP-3")

    replies = ReplyLibrary(clock)
    category = replies.add_category("Мои", "Mine")
    own = replies.create(ReplyInput(category.id, {"ru": Variant("Свой ответ", "Здравствуйте, {client}!"),
                                                  "en": Variant("My own", "Hello, {client}!")}))
    shipped = replies.find("status-no-news")
    replies.update(shipped.id, ReplyInput(shipped.category_id, {"en": Variant("No news (edited)", "Still on it.")},
                                          favourite=True))
    replies.set_favourite(own.id, True)
    for _ in range(3):
        replies.record_use(own.id)
    replies.record_use(shipped.id)

    kinds = BreakLibrary()
    micro = KindInput.from_kind(kinds.get("micro"))
    micro.interval_min, micro.suggestions = 25, {"ru": ["Посмотрите вдаль"], "en": ["Look far away", "Blink"]}
    kinds.save(micro)
    kinds.save(KindInput({"en": "Hydration", "ru": "Вода"}, 60, 30, 10, suggestions={"en": ["Drink water"]}))
    kinds.set_enabled("hydration", False)

    journal = Journal(clock, lambda: settings.schedule().tz)
    now = clock.now()
    taken = now - timedelta(hours=2)
    journal.record(Record("micro", Outcome.TAKEN, taken, taken + timedelta(seconds=20), 20, due_at=taken))
    journal.record(Record("micro", Outcome.SKIPPED, now - timedelta(hours=1), None, 0))
    journal.record(Record("long", Outcome.NATURAL, now - timedelta(minutes=30), now - timedelta(minutes=10), 1200,
                          reason=Rest.IDLE))
    journal.tough(first.id, 60, completed=True, automatic=False)
    journal.tough(second.id, 25, completed=False, automatic=True)
    journal.overtime(now + timedelta(hours=9), now + timedelta(hours=10))
    # A hand-off offered to a colleague and not yet on the team server (core/team).
    Handoff.create(token="5f0c3a52-4d0e-4c1e-9a0b-3f7e2f1d9c11", direction="out", ticket=first.id,
                   ticket_key="SUP-1", colleague="boris", colleague_name="Борис", note="возьмёшь?",
                   payload="{}", state="queued", pending="send", created_at=now)
    close_database()
    return db_path(data_dir)


def contents(path):
    """Everything a data file holds: its schema version, its schema, every table's rows."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        schema = sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"), key=repr)
        names = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables = {}
        for name in names:
            quoted = name.replace('"', '""')
            tables[name] = sorted(con.execute(f'SELECT * FROM "{quoted}"'), key=repr)
        return version, schema, tables
    finally:
        con.close()


@pytest.fixture
def filled(data_dir, clock):
    return fill(data_dir, clock)


def test_a_round_trip_between_two_data_dirs_gives_identical_data(filled, tmp_path, clock):
    copy = tmp_path / "full.sqlite3"
    summary = backup_to(filled, copy)
    version, schema, tables = contents(filled)
    assert version == migrations.LATEST
    empty = [model._meta.table_name for model in ALL_MODELS if not tables.get(model._meta.table_name)]
    assert not empty, f"fill() puts no rows into {empty}: add some, or the round trip proves nothing for them"
    assert summary.counts == {name: len(rows) for name, rows in tables.items()}
    assert summary.journal == sum(len(tables[name]) for name in health.JOURNAL_TABLES)

    second = tmp_path / "second"
    done = restore(db_path(second), copy)
    assert done.moved_aside is None and done.health.tickets == 3
    assert contents(db_path(second)) == (version, schema, tables)
    # and the restored file is an ordinary data file: opened, migrated (nothing to do), written
    open_database(second)
    try:
        assert {r.slug for r in ReplyLibrary(clock).replies() if r.use_count} == {"my-own", "status-no-news"}
        assert not BreakLibrary().get("hydration").enabled
    finally:
        close_database()
    assert contents(db_path(second))[2] == tables


def test_the_copy_is_a_plain_file_that_needs_no_side_files(filled, tmp_path):
    copy = tmp_path / "full.sqlite3"
    backup_to(filled, copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "full.sqlite3"]
    con = sqlite3.connect(f"file:{copy}?immutable=1", uri=True)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def test_a_write_transaction_held_open_elsewhere_neither_blocks_nor_leaks_into_the_copy(filled, tmp_path):
    before = contents(filled)
    other = sqlite3.connect(str(filled), isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO setting (key, value) VALUES ('uncommitted', '1')")
        other.execute("DELETE FROM break_log")
        copy = tmp_path / "full.sqlite3"
        backup_to(filled, copy)
        other.execute("COMMIT")
    finally:
        other.close()
    assert contents(copy) == before  # the last commit, exactly


def test_a_copy_taken_while_another_process_commits_is_one_commit_s_state(filled, tmp_path):
    """Each commit of the writer adds two settings; a copy must never hold one of a pair."""
    stop = threading.Event()
    commits = []

    def writer():
        con = sqlite3.connect(str(filled), isolation_level=None, timeout=5)
        try:
            n = 0
            while not stop.is_set():
                con.execute("BEGIN IMMEDIATE")
                con.execute("INSERT INTO setting (key, value) VALUES (?, '1'), (?, '1')", (f"w{n}a", f"w{n}b"))
                con.execute("COMMIT")
                n += 1
                commits.append(n)
        finally:
            con.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        seen = []
        for i in range(8):
            copy = tmp_path / f"copy-{i}.sqlite3"
            backup_to(filled, copy)
            con = sqlite3.connect(f"file:{copy}?immutable=1", uri=True)
            keys = {row[0] for row in con.execute("SELECT key FROM setting WHERE key GLOB 'w[0-9]*'")}
            con.close()
            assert {key[:-1] for key in keys if key.endswith("a")} == {key[:-1] for key in keys if key.endswith("b")}
            seen.append(len(keys))
    finally:
        stop.set()
        thread.join()
    assert commits and seen == sorted(seen)


def test_an_existing_file_is_replaced_only_when_asked(filled, tmp_path):
    copy = tmp_path / "full.sqlite3"
    copy.write_text("an older copy")
    with pytest.raises(TargetExistsError, match="already exists"):
        backup_to(filled, copy)
    assert copy.read_text() == "an older copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "full.sqlite3"]
    backup_to(filled, copy, force=True)
    assert contents(copy)[2] == contents(filled)[2]


@posix_only
def test_the_copy_is_0600_whatever_the_umask(filled, tmp_path):
    old = os.umask(0o022)
    try:
        copy = tmp_path / "full.sqlite3"
        backup_to(filled, copy)
        existing = tmp_path / "again.sqlite3"
        existing.write_text("x")
        os.chmod(existing, 0o644)
        backup_to(filled, existing, force=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600


@posix_only
def test_a_symbolic_link_at_the_target_is_never_followed(filled, tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    link = tmp_path / "full.sqlite3"
    link.symlink_to(victim)
    for force in (False, True):
        with pytest.raises(BackupTargetError, match="symbolic link"):
            backup_to(filled, link, force=force)
    assert link.is_symlink() and victim.read_text() == "someone else's file"
    # A link planted between the check and the rename: the rename replaces the link itself.
    planted = tmp_path / "planted.sqlite3"
    monkeypatch.setattr(health, "_check_target", lambda *args: None)
    planted.symlink_to(victim)
    with pytest.raises(TargetExistsError):
        backup_to(filled, planted)
    assert planted.is_symlink()
    backup_to(filled, planted, force=True)
    assert not planted.is_symlink() and contents(planted)[2] == contents(filled)[2]
    assert victim.read_text() == "someone else's file"
    assert not list(tmp_path.glob(".*.tmp*"))


def test_the_data_file_itself_or_a_folder_is_refused(filled, tmp_path):
    before = digest(filled)
    for target in (filled, filled.parent / ".." / "data" / filled.name, filled.with_name(f"{filled.name}-wal")):
        with pytest.raises(BackupTargetError, match="the data file itself"):
            backup_to(filled, target, force=True)
    with pytest.raises(BackupTargetError, match="is a folder"):
        backup_to(filled, tmp_path, force=True)
    with pytest.raises(BackupTargetError, match="cannot write"):
        backup_to(filled, tmp_path / "no-such-folder" / "full.sqlite3")
    assert digest(filled) == before


def test_a_copy_that_fails_leaves_nothing_behind(filled, tmp_path, monkeypatch):
    def broken(path, into, **kwargs):
        into.write_bytes(b"half a copy")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(health, "_copy_database", broken)
    with pytest.raises(BackupError, match="disk I/O error; nothing was written"):
        backup_to(filled, tmp_path / "full.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_copy_that_does_not_verify_is_not_kept(filled, tmp_path, monkeypatch):
    real = health._copy_database

    def damaging(path, into, **kwargs):
        real(path, into, **kwargs)
        scribble(into)

    monkeypatch.setattr(health, "_copy_database", damaging)
    with pytest.raises(BackupError, match="did not verify"):
        backup_to(filled, tmp_path / "full.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_bad_or_missing_data_file_is_not_copied(filled, tmp_path):
    scribble(filled)
    with pytest.raises(DataFileError, match="damaged"):
        backup_to(filled, tmp_path / "full.sqlite3")
    with pytest.raises(BackupError, match="there is no data file"):
        backup_to(tmp_path / "elsewhere" / "companion.sqlite3", tmp_path / "full.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("spoil,words", [(scribble, "it is damaged (quick_check: "),
                                         (newer, "it is from a newer Support Companion")])
def test_restore_refuses_a_damaged_or_newer_copy_and_changes_nothing(filled, tmp_path, spoil, words):
    copy = tmp_path / "full.sqlite3"
    backup_to(filled, copy)
    spoil(copy)
    before, files = digest(filled), sorted(filled.parent.iterdir())
    with pytest.raises(BadBackupError, match=re.escape(words)):
        restore(filled, copy)
    assert digest(filled) == before and sorted(filled.parent.iterdir()) == files


def test_restore_refuses_someone_else_s_sqlite_file(filled, tmp_path):
    foreign = tmp_path / "places.sqlite"
    con = sqlite3.connect(str(foreign))
    con.execute("CREATE TABLE moz_places (url TEXT)")
    con.commit()
    con.close()
    with pytest.raises(BadBackupError, match="not a Support Companion data file"):
        restore(filled, foreign)


def test_restore_over_a_data_file_keeps_it_aside(filled, tmp_path, clock):
    copy = tmp_path / "full.sqlite3"
    backup_to(filled, copy)
    saved = contents(filled)
    open_database(filled.parent)
    TicketService(clock, Settings().schedule()).create(TicketInput("SUP-4"))
    close_database()
    later = contents(filled)
    done = restore(filled, copy)
    assert done.moved_aside is not None and done.moved_aside.name.startswith("companion.sqlite3.replaced-")
    assert contents(filled) == saved
    assert contents(done.moved_aside)[2]["ticket"] == later[2]["ticket"]
