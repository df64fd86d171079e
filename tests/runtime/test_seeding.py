"""Seeding the shipped replies and break kinds on a real SQLite file: once per data file, and a
shipped file that cannot be used is a warning that costs nothing, not an error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from companion.core.break_library import BreakLibrary
from companion.core.reply_library import ReplyInput, ReplyLibrary, Variant
from companion.runtime.seeding import Part, SeedResult, seed_shipped, shipped_files
from companion.store.models import BreakKind, ReplyTemplate

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_REPLIES = len(json.loads(shipped_files()[Part.REPLIES].read_text("utf-8"))["templates"])
SHIPPED_KINDS = len(json.loads(shipped_files()[Part.BREAKS].read_text("utf-8"))["kinds"])


def counts() -> tuple[int, int]:
    return ReplyTemplate.select().count(), BreakKind.select().count()


def test_seeds_both_parts_once(database, clock):
    assert seed_shipped(clock) == SeedResult(frozenset(Part), ())
    assert counts() == (SHIPPED_REPLIES, SHIPPED_KINDS)
    assert seed_shipped(clock) == SeedResult(frozenset(), ())
    assert counts() == (SHIPPED_REPLIES, SHIPPED_KINDS)


def test_a_seeded_part_is_not_read_again_and_deleted_replies_stay_deleted(database, clock, tmp_path):
    seed_shipped(clock)
    library = ReplyLibrary(clock)
    library.delete(library.find("ack-on-it").id)
    gone = {part: tmp_path / "gone.json" for part in Part}
    assert seed_shipped(clock, files=gone) == SeedResult(frozenset(), ())
    assert counts() == (SHIPPED_REPLIES - 1, SHIPPED_KINDS)


def test_only_the_parts_asked_for(database, clock):
    assert seed_shipped(clock, parts=(Part.REPLIES,)).added == {Part.REPLIES}
    assert counts() == (SHIPPED_REPLIES, 0)
    assert seed_shipped(clock).added == {Part.BREAKS}


@pytest.mark.parametrize("part", list(Part))
@pytest.mark.parametrize("content,words", [
    (None, "No such file or directory"),
    (b"{\"templates\": [", "Expecting value"),
    (b"\xff\xfe not UTF-8", "can't decode"),
    (b"{\"kinds\": 3, \"categories\": 3, \"templates\": 3}", ""),  # JSON, but neither part's
])
def test_a_shipped_file_that_cannot_be_used_is_a_warning_and_loses_nothing(database, clock, tmp_path, part,
                                                                            content, words):
    library = ReplyLibrary(clock)
    mine = library.create(ReplyInput(library.add_category("Мои", "Mine").id,
                                     {"en": Variant("My own reply", "Hello {client}")}))
    broken = tmp_path / "broken.json"
    if content is not None:
        broken.write_bytes(content)

    result = seed_shipped(clock, files={**shipped_files(), part: broken})
    assert result.added == set(Part) - {part}  # the other part does not depend on it
    [warning] = result.warnings
    assert (warning.part, warning.path) == (part, broken) and words in warning.problem
    assert library.seeded() is (part is not Part.REPLIES) and BreakLibrary().seeded() is (part is not Part.BREAKS)
    assert counts() == (1 if part is Part.REPLIES else SHIPPED_REPLIES + 1,
                        0 if part is Part.BREAKS else SHIPPED_KINDS)  # nothing half-seeded
    assert library.reply(mine.id) == mine  # nothing lost


def test_the_next_start_tries_again(database, clock, tmp_path):
    missing = tmp_path / "missing.json"
    first = seed_shipped(clock, files={**shipped_files(), Part.REPLIES: missing})
    assert [(w.part, w.path) for w in first.warnings] == [(Part.REPLIES, missing)]
    assert seed_shipped(clock) == SeedResult(frozenset({Part.REPLIES}), ())
    assert counts() == (SHIPPED_REPLIES, SHIPPED_KINDS)


def test_seeding_needs_no_qt(tmp_path):
    """The CLI seeds too, and it must not start Qt for that: a fresh interpreter shows what loads."""
    script = (
        "import sys\n"
        "from companion.core.clock import SystemClock\n"
        "from companion.runtime.seeding import seed_shipped\n"
        "from companion.store.db import open_database\n"
        f"open_database({str(tmp_path)!r})\n"
        "assert not seed_shipped(SystemClock()).warnings\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
