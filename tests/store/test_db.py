import sqlite3
import stat

import peewee
import pytest

from companion.store import migrations
from companion.store.db import DataFileError, close_database, db_path, make_backup, open_database


def test_new_database_is_private_wal_with_foreign_keys_and_latest_schema(data_dir):
    database = open_database(data_dir)
    try:
        path = db_path(data_dir)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert migrations.schema_version(database) == migrations.LATEST
    finally:
        close_database()


def test_reopening_keeps_data_and_does_not_migrate_again(data_dir):
    from companion.store.models import Setting

    open_database(data_dir)
    Setting.create(key="agent_name", value='"Анна"')
    close_database()
    open_database(data_dir)
    try:
        assert Setting.get_by_id("agent_name").value == '"Анна"'
    finally:
        close_database()


def test_migrations_run_in_order_and_a_failing_step_leaves_the_last_good_version(tmp_path):
    database = peewee.SqliteDatabase(str(tmp_path / "m.sqlite3"))
    ran = []

    def v1(db):
        ran.append(1)
        db.execute_sql("CREATE TABLE a (x INTEGER)")

    def v2(db):
        ran.append(2)
        db.execute_sql("ALTER TABLE a ADD COLUMN y TEXT DEFAULT 'new'")

    def broken(db):
        db.execute_sql("CREATE TABLE b (x INTEGER)")
        raise RuntimeError("boom")

    assert migrations.migrate(database, [v1]) == 1
    database.execute_sql("INSERT INTO a (x) VALUES (7)")
    assert migrations.migrate(database, [v1, v2]) == 2
    assert ran == [1, 2]
    assert database.execute_sql("SELECT x, y FROM a").fetchall() == [(7, "new")]
    with pytest.raises(RuntimeError):
        migrations.migrate(database, [v1, v2, broken])
    assert migrations.schema_version(database) == 2
    assert database.execute_sql("SELECT name FROM sqlite_master WHERE name = 'b'").fetchall() == []


def test_a_file_from_a_newer_app_is_refused_not_damaged(data_dir):
    open_database(data_dir)
    close_database()
    raw = sqlite3.connect(str(db_path(data_dir)))
    raw.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    raw.close()
    with pytest.raises(DataFileError, match="from a newer Support Companion"):
        open_database(data_dir)
    close_database()
    raw = sqlite3.connect(str(db_path(data_dir)))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST + 1
    raw.close()


def test_migrate_itself_still_refuses_a_newer_schema(tmp_path):
    """The second line of defence, should a newer app migrate the file between check and open."""
    database = peewee.SqliteDatabase(str(tmp_path / "m.sqlite3"))
    database.execute_sql("PRAGMA user_version = 9")
    with pytest.raises(migrations.SchemaTooNewError, match="newer than this app"):
        migrations.migrate(database, [lambda db: None])
    database.close()


def test_rolling_backups_keep_the_newest_few(data_dir):
    open_database(data_dir)
    close_database()
    for _ in range(7):
        make_backup(db_path(data_dir), keep=3)
    backups = sorted((data_dir / "backups").glob("*.sqlite3"))
    assert len(backups) == 3
    for backup in backups:
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert sqlite3.connect(str(backup)).execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST


def test_start_with_backup_copies_the_existing_file(data_dir):
    open_database(data_dir)
    close_database()
    open_database(data_dir, backup=True)
    close_database()
    assert len(list((data_dir / "backups").glob("*.sqlite3"))) == 1
