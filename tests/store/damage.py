"""Ways a data file goes bad, done to real SQLite files (no mocks of SQLite), for the store, CLI
and app tests; and a way to make permission bits bind when the tests run as root."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

from companion.store import migrations

NOBODY = 65534
RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def zero(path: Path) -> None:
    """`: > companion.sqlite3` from the issue."""
    with open(path, "r+b") as handle:
        handle.truncate(0)


def scribble(path: Path, seed: int = 7, length: int = 4096) -> None:
    """Random bytes written over the middle of the file (page headers and cells alike)."""
    size = Path(path).stat().st_size
    assert size > 4 * length, "too small a file to damage only its middle"
    noise = random.Random(seed).randbytes(length)
    with open(path, "r+b") as handle:
        handle.seek(size // 2 - length // 2)
        handle.write(noise)


def foreign(path: Path) -> None:
    """Something else saved under our name: here a CSV export."""
    Path(path).write_bytes("key,client\nSUP-1,Иван\n".encode() * 50)


def newer(path: Path) -> None:
    """A file a newer app has migrated: user_version one above ours."""
    con = sqlite3.connect(str(path))
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.close()


DAMAGES = {"zero": zero, "scribble": scribble, "foreign": foreign, "newer": newer}


@contextmanager
def without_root():
    """Permission bits bind only a process that is not root: as root, run the block with the
    effective user and group `nobody` (and no supplementary groups)."""
    if not RUNNING_AS_ROOT:
        yield
        return
    groups = os.getgroups()
    os.setgroups([])
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)


@contextmanager
def reachable_dir(tmp_path: Path):
    """A folder `nobody` can reach (pytest's own tmp folders are root's alone): a fresh temporary
    folder when running as root, tmp_path otherwise."""
    if not RUNNING_AS_ROOT:
        yield tmp_path
        return
    root = Path(tempfile.mkdtemp(prefix="companion-perm-"))
    os.chmod(root, 0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def hand_to_nobody(folder: Path) -> None:
    """As root, give the data folder and everything in it to `nobody` (its owner in the block)."""
    if not RUNNING_AS_ROOT:
        return
    for here, _dirs, files in os.walk(folder):
        os.chown(here, NOBODY, NOBODY)
        for name in files:
            os.chown(os.path.join(here, name), NOBODY, NOBODY)
