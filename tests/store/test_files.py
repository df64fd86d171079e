"""write_private: an export is whole, the user's alone, and written through no name another user
could predict or plant (issue 10, point 8 and defect 9)."""

from __future__ import annotations

import errno
import os
import stat
import sys

import pytest

from companion.store import files
from companion.store.files import write_private

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="mode bits and symlinks as on POSIX")


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.fixture
def victim(tmp_path):
    """Another user's file that a planted symlink points at: it must never change."""
    path = tmp_path / "elsewhere" / "victim.txt"
    path.parent.mkdir()
    path.write_text("the victim's own words\n", encoding="utf-8")
    return path


def predictable_names(target) -> list:
    """Every temporary name a writer could be expected to use beside `target`."""
    name = target.name
    return [target.with_name(n) for n in (f"{name}.tmp", f".{name}.tmp", f"{name}~", f".{name}~",
                                          f"{name}.part", f".{name}.part", f"{name}.new", f".#{name}")]


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@posix_only
@pytest.mark.parametrize("mask", [0o000, 0o002, 0o022, 0o077, 0o277], ids=oct)
def test_a_new_file_is_0600_whatever_the_umask(tmp_path, umask, mask):
    umask(mask)
    target = tmp_path / "export.json"
    write_private(target, '{"clients": ["Ольга"]}\n')
    assert mode(target) == 0o600
    assert target.read_text("utf-8") == '{"clients": ["Ольга"]}\n'
    assert leftovers(tmp_path) == ["export.json"]


@posix_only
def test_an_existing_readable_file_is_replaced_by_a_private_one(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    write_private(target, b"new")
    assert mode(target) == 0o600 and target.read_bytes() == b"new"


def test_text_is_utf8_with_its_newlines_kept_and_bytes_are_written_as_they_are(tmp_path):
    target = tmp_path / "out.csv"
    write_private(target, "date,note\r\n2026-11-23,Ёж\n")
    assert target.read_bytes() == "date,note\r\n2026-11-23,Ёж\n".encode("utf-8")
    write_private(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    write_private(target, "")
    assert target.read_bytes() == b""


@posix_only
def test_symlinks_planted_at_every_predictable_name_are_not_followed(tmp_path, victim):
    target = tmp_path / "export.json"
    planted = predictable_names(target)
    for name in planted:
        name.symlink_to(victim)
    write_private(target, "every client and note")
    assert victim.read_text("utf-8") == "the victim's own words\n"
    assert target.read_text("utf-8") == "every client and note" and not target.is_symlink()
    assert all(name.is_symlink() and name.resolve() == victim for name in planted)  # left alone
    assert leftovers(tmp_path) == sorted(["elsewhere", "export.json", *(p.name for p in planted)])


def test_the_temporary_name_is_random_each_time_and_never_a_predictable_one(tmp_path, monkeypatch):
    renamed = []
    real_replace = os.replace

    def spy(source, destination):
        renamed.append(os.path.basename(source))
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", spy)
    target = tmp_path / "export.json"
    for _ in range(3):
        write_private(target, "x")
    assert len(set(renamed)) == 3
    assert not set(renamed) & {p.name for p in predictable_names(target)}
    assert all(name.startswith(".export.json.") and name.endswith(".tmp") for name in renamed)


@posix_only
def test_a_symlink_planted_at_the_very_name_drawn_is_refused_and_another_drawn(tmp_path, victim, monkeypatch):
    """Even an attacker who guesses the random part gains nothing: the name is created exclusively."""
    draws = iter(["guessed", "guessed", "fresh"])
    monkeypatch.setattr(files, "_random_part", lambda: next(draws))
    target = tmp_path / "export.json"
    planted = target.with_name(".export.json.guessed.tmp")
    planted.symlink_to(victim)
    write_private(target, "every client and note")
    assert victim.read_text("utf-8") == "the victim's own words\n"
    assert target.read_text("utf-8") == "every client and note" and mode(target) == 0o600
    assert planted.is_symlink()
    assert leftovers(tmp_path) == [".export.json.guessed.tmp", "elsewhere", "export.json"]


@posix_only
def test_a_dangling_symlink_at_the_name_drawn_is_not_created_through(tmp_path, monkeypatch):
    draws = iter(["guessed", "fresh"])
    monkeypatch.setattr(files, "_random_part", lambda: next(draws))
    (tmp_path / "elsewhere").mkdir()
    would_be = tmp_path / "elsewhere" / "created-by-us"
    target = tmp_path / "export.json"
    target.with_name(".export.json.guessed.tmp").symlink_to(would_be)
    write_private(target, "x")
    assert not would_be.exists() and target.read_text("utf-8") == "x"


def test_no_free_name_after_many_draws_is_one_error_and_nothing_written(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_random_part", lambda: "taken")
    target = tmp_path / "export.json"
    target.with_name(".export.json.taken.tmp").write_text("someone's", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_private(target, "x")
    assert leftovers(tmp_path) == [".export.json.taken.tmp"]
    assert target.with_name(".export.json.taken.tmp").read_text("utf-8") == "someone's"


@posix_only
def test_a_symlink_as_the_target_is_refused_and_its_file_untouched(tmp_path, victim):
    target = tmp_path / "export.json"
    target.symlink_to(victim)
    with pytest.raises(OSError) as caught:
        write_private(target, "every client and note")
    assert caught.value.errno == errno.ELOOP and caught.value.strerror == "Is a symbolic link (not followed)"
    assert caught.value.filename == str(target)
    assert target.is_symlink() and victim.read_text("utf-8") == "the victim's own words\n"
    assert leftovers(tmp_path) == ["elsewhere", "export.json"]


@posix_only
def test_a_hard_link_as_the_target_is_replaced_not_written_through(tmp_path, victim):
    target = tmp_path / "export.json"
    os.link(victim, target)
    write_private(target, "every client and note")
    assert victim.read_text("utf-8") == "the victim's own words\n"
    assert target.read_text("utf-8") == "every client and note" and os.stat(target).st_nlink == 1


def test_a_directory_as_the_target_is_one_error_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "exports"
    target.mkdir()
    (target / "inside.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(IsADirectoryError) as caught:
        write_private(target, "every client and note")
    assert caught.value.strerror == os.strerror(errno.EISDIR) and caught.value.filename == str(target)
    assert leftovers(tmp_path) == ["exports"]  # no exports.tmp, no hidden temporary file
    assert leftovers(target) == ["inside.txt"]


def test_a_missing_folder_is_the_system_error(tmp_path):
    target = tmp_path / "no such folder" / "export.json"
    with pytest.raises(FileNotFoundError) as caught:
        write_private(target, "x")
    assert caught.value.strerror == os.strerror(errno.ENOENT)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failure_mid_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch, failing):
    target = tmp_path / "export.json"
    write_private(target, "the good export")
    before = os.stat(target)

    def fail(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, failing, fail)
    with pytest.raises(OSError) as caught:
        write_private(target, "a newer export " * 10_000)
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert target.read_text("utf-8") == "the good export" and os.stat(target).st_ino == before.st_ino
    assert leftovers(tmp_path) == ["export.json"]


def test_an_interrupt_mid_write_also_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "export.json"

    def interrupted(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_private(target, "x")
    monkeypatch.undo()
    assert leftovers(tmp_path) == []


def test_a_partial_os_write_is_continued_until_everything_is_written(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(files.os, "write", lambda fd, data: real_write(fd, bytes(data[:7])))
    target = tmp_path / "export.json"
    text = "a long export, written seven bytes at a time " * 50
    write_private(target, text)
    assert target.read_text("utf-8") == text


def test_a_very_long_file_name_still_gets_a_temporary_name_that_fits(tmp_path):
    target = tmp_path / ("к" * 60 + "e" * 130 + ".json")  # 255 bytes in UTF-8, the usual limit
    try:
        target.write_bytes(b"")
        target.unlink()
    except OSError:
        pytest.skip("this file system takes shorter names")
    write_private(target, "x")
    assert target.read_text("utf-8") == "x" and leftovers(tmp_path) == [target.name]
