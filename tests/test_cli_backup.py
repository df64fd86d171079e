"""`companion backup FILE` and `companion restore FILE` on real data dirs (issue 12, point 7): one
line each, the copy whole and private, a second data dir given exactly the first one's data,
and every refusal one line with nothing written."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import sys

import pytest

from companion.cli import main
from companion.store.db import close_database, db_path
from tests.store.damage import digest, newer, scribble

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="mode bits and symlinks as on POSIX")


@pytest.fixture
def cli(tmp_path, capsys):
    """`companion --data-dir DIR …` for the first data dir, or another with `data=`."""
    first = tmp_path / "data"

    def run(*args, data=first):
        code = main(["--data-dir", str(data), *args])
        close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    run("settings", "set", "timezone", "Europe/Moscow")
    run("ticket", "add", "SUP-1", "--client", "Иван", "--every", "4h")
    run("ticket", "add", "SUP-2", "--client", "Ольга")
    run("ticket", "updated", "SUP-1", "--note", "sent the logs")
    run("reply", "list")  # seeds the shipped replies
    return run


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def rows(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(con.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}
    finally:
        con.close()


def test_backup_then_restore_into_a_second_data_dir(cli, tmp_path):
    copy = tmp_path / "full.sqlite3"
    code, out, err = cli("backup", str(copy))
    assert code == 0 and err == "" and out.count("\n") == 1
    assert re.fullmatch(rf"backed up 2 tickets \(1 update\), [1-9]\d* replies, \d+ break kinds?, 0 journal rows "
                        rf"and \d+ settings? to {re.escape(str(copy))} \(\d+ KiB\)\n", out), out
    second = tmp_path / "second"
    code, out, err = cli("restore", str(copy), data=second)
    assert code == 0 and err == ""
    assert out == f"restored {copy} (tickets: 2); there was no data file before\n"
    assert rows(db_path(second)) == rows(db_path(tmp_path / "data"))
    code, out, _ = cli("ticket", "list", "--json", data=second)
    assert [t["key"] for t in json.loads(out)] == ["SUP-1", "SUP-2"]
    assert cli("ticket", "add", "SUP-3", data=second)[0] == 0  # an ordinary, writable data file


def test_restore_over_the_current_data_keeps_it_aside(cli, tmp_path):
    copy = tmp_path / "full.sqlite3"
    assert cli("backup", str(copy))[0] == 0
    assert cli("ticket", "add", "SUP-9")[0] == 0
    code, out, err = cli("restore", str(copy))
    assert code == 0 and err == ""
    aside = out.rsplit(" ", 1)[1].strip()
    assert os.path.basename(aside).startswith("companion.sqlite3.replaced-")
    assert "SUP-9" in {row[1] for row in rows(aside)["ticket"]}
    code, out, _ = cli("ticket", "list", "--json")
    assert [t["key"] for t in json.loads(out)] == ["SUP-1", "SUP-2"]


@posix_only
def test_the_copy_is_the_user_s_alone(cli, tmp_path):
    old = os.umask(0o022)
    try:
        assert cli("backup", str(tmp_path / "full.sqlite3"))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "full.sqlite3").stat().st_mode) == 0o600


def test_an_existing_file_needs_force(cli, tmp_path):
    copy = tmp_path / "full.sqlite3"
    copy.write_text("yesterday's copy")
    code, out, err = cli("backup", str(copy))
    assert code == 2 and out == ""
    assert one_line(err) == f"companion: error: {copy} already exists; add --force to replace it"
    assert copy.read_text() == "yesterday's copy"
    code, out, err = cli("backup", str(copy), "--force")
    assert code == 0 and out.startswith("backed up 2 tickets") and err == ""
    assert rows(copy)["ticket"] == rows(db_path(tmp_path / "data"))["ticket"]


@posix_only
def test_a_symbolic_link_is_refused_even_with_force(cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    link = tmp_path / "full.sqlite3"
    link.symlink_to(victim)
    code, out, err = cli("backup", str(link), "--force")
    assert code == 2 and out == "" and "is a symbolic link (not followed)" in one_line(err)
    assert link.is_symlink() and victim.read_text() == "someone else's file"


@pytest.mark.parametrize("where,words", [("folder", "is a folder"), ("missing/full.sqlite3", "cannot write"),
                                         ("data/companion.sqlite3", "is the data file itself")])
def test_a_bad_target_is_one_line_exit_2_and_nothing_is_written(cli, tmp_path, where, words):
    (tmp_path / "folder").mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = cli("backup", str(tmp_path / where), "--force")
    assert code == 2 and out == "" and words in one_line(err)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_damaged_data_file_is_not_backed_up(cli, tmp_path):
    path = db_path(tmp_path / "data")
    for n in range(40):  # enough pages that the damage misses the header
        cli("ticket", "add", f"BULK-{n}", "--notes", "x" * 900)
    scribble(path)
    code, out, err = cli("backup", str(tmp_path / "full.sqlite3"))
    assert code == 1 and out == ""
    assert one_line(err).startswith(f"companion: error: the data file {path} is damaged (")
    assert not (tmp_path / "full.sqlite3").exists()
    code, out, err = cli("backup", str(tmp_path / "full.sqlite3"), data=tmp_path / "nothing")
    assert code == 1 and "there is no data file" in one_line(err)


@pytest.mark.parametrize("spoil,words", [(scribble, "is not a good backup: it is damaged (quick_check: "),
                                         (newer, "is not a good backup: it is from a newer Support Companion")])
def test_restore_refuses_a_damaged_or_newer_copy_in_one_line(cli, tmp_path, spoil, words):
    copy = tmp_path / "full.sqlite3"
    assert cli("backup", str(copy))[0] == 0
    spoil(copy)
    path = db_path(tmp_path / "data")
    before, files = digest(path), sorted((tmp_path / "data").iterdir())
    code, out, err = cli("restore", str(copy))
    assert code == 2 and out == "" and words in one_line(err)
    assert digest(path) == before and sorted((tmp_path / "data").iterdir()) == files


def test_export_says_it_is_not_the_backup(capsys):
    assert main(["--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "backup copy all data (tickets, replies, break kinds, settings, the wellbeing journal)" in text
    assert "as JSON for other tools (not a backup: see `companion backup`)" in text
