"""The shipped reply library and break kinds, put into a data file once: the one seeding path for
the app and the CLI.

Each part is seeded at most once per data file (deleting a shipped reply later does not bring it
back) and all-or-nothing: a shipped file that cannot be read is reported, not raised, and leaves
the part unseeded so the next start tries again. Reporting is the caller's: the CLI prints a
warning, the app logs it and refreshes what it caches. Qt-free, so the CLI can seed without Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from companion.core.clock import Clock


class Part(Enum):
    """A shipped part; the value names it in messages ("the shipped replies could not be loaded")."""

    REPLIES = "replies"
    BREAKS = "break kinds"


class _Library(Protocol):
    def seeded(self) -> bool: ...

    def seed(self, data: Any) -> int: ...  # how much it added; 0 or False: nothing


@dataclass(frozen=True)
class SeedWarning:
    """A shipped file that could not be read or was not valid; its part stays unseeded."""

    part: Part
    path: Path
    problem: str


@dataclass(frozen=True)
class SeedResult:
    added: frozenset[Part]  # parts this call added shipped content to (a reply cache is stale)
    warnings: tuple[SeedWarning, ...]


def shipped_files() -> dict[Part, Path]:
    from companion.resources import breaks_path, replies_path

    return {Part.REPLIES: replies_path(), Part.BREAKS: breaks_path()}


def seed_shipped(clock: Clock, parts: Iterable[Part] = tuple(Part),
                 files: Mapping[Part, Path] | None = None) -> SeedResult:
    """Seed each of `parts` not yet seeded in the open database from its shipped file (`files`
    replaces the shipped ones, for tests). A seeded part is not read again: the app asks on every
    start."""
    from companion.core.break_library import BreakLibrary
    from companion.core.reply_library import ReplyLibrary

    files = shipped_files() if files is None else files
    libraries: dict[Part, _Library] = {Part.REPLIES: ReplyLibrary(clock), Part.BREAKS: BreakLibrary()}
    added: set[Part] = set()
    warnings: list[SeedWarning] = []
    for part in parts:
        library = libraries[part]
        if library.seeded():
            continue
        path = files[part]
        try:
            if library.seed(json.loads(path.read_text(encoding="utf-8"))):
                added.add(part)
        except (OSError, ValueError) as exc:  # ValueError: not UTF-8, not JSON, or not valid content
            warnings.append(SeedWarning(part, path, str(exc)))
    return SeedResult(frozenset(added), tuple(warnings))
