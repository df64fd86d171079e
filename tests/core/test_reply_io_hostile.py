"""Hostile reply files (issue 10, point 7): bounded in depth, size and work, refused in one line,
nothing written. Time budgets are the tests' own: generous, but far below what the defects cost
(a 8,000-row CSV with one keyword took 31 s; a YAML alias bomb never finished)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from companion.core.reply_io import MAX_DEPTH, MAX_IMPORT, ReplyImportError, load_file, parse_beeftext_csv

BUDGET_S = 5.0


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_deeply_nested_json_is_refused(tmp_path):
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(ReplyImportError, match="nested deeper"):
        load_file(path, "json")
    shallow_but_deep = '{"format": "support-companion", "x": ' + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "}"
    with pytest.raises(ReplyImportError, match="nested deeper"):
        load_file(write(tmp_path, "deeper.json", shallow_but_deep), "json")


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 12):
        bomb.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 9) + "]")
    bomb.append("matches:\n  - trigger: ':x'\n    label: *l\n    replace: hi")
    started = time.perf_counter()
    with pytest.raises(ReplyImportError, match=r"line \d+.*aliases"):
        load_file(write(tmp_path, "bomb.yml", "\n".join(bomb)), "espanso")
    assert time.perf_counter() - started < BUDGET_S


def test_deeply_nested_yaml_is_refused(tmp_path):
    text = "matches:\n  - trigger: ':x'\n    replace: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(ReplyImportError, match="nested deeper|not valid YAML"):
        load_file(write(tmp_path, "deep.yml", text), "espanso")


def test_eight_thousand_rows_with_one_keyword_are_linear():
    text = "\n".join(f"hello,Hello number {i}" for i in range(8000))
    started = time.perf_counter()
    library = parse_beeftext_csv(text)
    assert time.perf_counter() - started < BUDGET_S
    ids = [t["id"] for t in library["templates"]]
    assert len(ids) == len(set(ids)) == 8000


def test_a_csv_with_more_rows_than_a_library_has_is_refused():
    text = "\n".join(f"k{i},snippet {i}" for i in range(MAX_IMPORT + 10))
    with pytest.raises(ReplyImportError, match="at most"):
        parse_beeftext_csv(text)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(25 * 1024 * 1024)  # sparse: nothing to read
    with pytest.raises(ReplyImportError, match="too big"):
        load_file(path, "json")
