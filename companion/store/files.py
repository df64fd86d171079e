"""Writing a file the user asked for (an export) so that it is whole and theirs alone.

Exports hold every client and note, and agents often share a terminal server, so a written file
is readable by its owner only, and the temporary file it is written through has a random name,
is created exclusively (never opening a name someone else planted, symlink or not) and is gone
after any failure. The final rename replaces the directory entry, never what a symlink or a hard
link at the target points to.

`private_temporary` and `sync_folder` give the same promises to a writer that must open the file by
name (SQLite's backup API, for `health.backup_to`).

This does not lock, merge or back up: a file written here simply replaces what was there. On
Windows, where mode bits mean nothing, the new file takes the ACL its folder gives new files
(in the user's profile, the user's own); no ACL of our own is set.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

_PRIVATE = stat.S_IRUSR | stat.S_IWUSR
# O_EXCL: a name that exists (a planted symlink included) is refused, not opened; O_NOFOLLOW is
# the same promise spelt out for the systems that have it.
_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
           | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0))
_ATTEMPTS = 16
_NAME_ROOM = 48  # characters of the target's name kept: at most 4 bytes each, so 255 is never passed


def write_private(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Replace the file at `path` with `data` (text as UTF-8, newlines as given), created 0600.

    Raises OSError, with the target untouched and nothing left behind, when the write fails —
    IsADirectoryError when `path` is a folder, errno ELOOP when it is a symbolic link (the user
    names the file it points to instead)."""
    path = Path(path)
    content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    _refuse_unless_file(path)
    fd, temp = _create_temporary(path)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _PRIVATE)  # exactly 0600, whatever the umask took away
            _write_all(fd, content)
            os.fsync(fd)  # whole on disk before the rename makes it the file
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    sync_folder(path.parent)


def private_temporary(path: str | os.PathLike[str]) -> Path:
    """A new empty file of ours beside `path`, 0600, under a random name nobody could plant: for
    a writer that opens its output by name. The caller renames it into place or removes it."""
    fd, temp = _create_temporary(Path(path))
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _PRIVATE)
    finally:
        os.close(fd)
    return temp


def _refuse_unless_file(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise OSError(errno.ELOOP, "Is a symbolic link (not followed)", str(path))
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))


def _create_temporary(path: Path) -> tuple[int, Path]:
    stem = path.name[:_NAME_ROOM]
    for _attempt in range(_ATTEMPTS):
        temp = path.with_name(f".{stem}.{_random_part()}.tmp")
        try:
            return os.open(temp, _CREATE, _PRIVATE), temp
        except FileExistsError:
            continue  # someone's name, or a one-in-2**64 collision: never touch it, pick another
    raise FileExistsError(errno.EEXIST, "No free temporary name", str(path.parent))


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view):]


def _random_part() -> str:
    return secrets.token_hex(8)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable where a folder can be fsynced (not on Windows); the file is
    already whole, so a failure here is not the caller's."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
