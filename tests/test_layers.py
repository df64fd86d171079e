"""The layers import only downwards (docs/architecture.md has the picture):

    app.py (wiring) → ui (windows, the tray) → runtime (loops, wording, the schedule) →
    platform (one interface per OS service) → core and store (the domain, Qt-free)

Read from the source, lazy imports inside functions included, so a shortcut taken in a rarely
run branch is caught as surely as one at the top of a module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "companion"

# layer → module prefixes it must never import
FORBIDDEN = {
    "core": ("companion.ui", "companion.runtime", "companion.platform", "companion.app", "companion.cli",
             "PySide6", "apscheduler", "plyer"),
    "store": ("companion.ui", "companion.runtime", "companion.platform", "companion.app", "companion.cli",
              "PySide6", "apscheduler", "plyer"),
    "platform": ("companion.ui", "companion.runtime", "companion.app", "companion.cli"),
    "runtime": ("companion.ui", "companion.app", "companion.cli", "peewee"),
    "ui": ("companion.app", "companion.cli", "peewee"),
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_never_imports_the_layers_above_it(layer):
    wrong = []
    for path in modules(layer):
        for line, name in imports_of(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert modules(layer), f"no modules found for {layer}"
    assert wrong == []


def test_the_ui_reaches_no_database_internals():
    """Queries stay in core and store: the ui gets plain rows."""
    wrong = []
    for path in modules("ui"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\b_meta\b", r"\bexecute_sql\b", r"\b[A-Z]\w*\.select\(", r"\.where\("):
            if re.search(pattern, text):
                wrong.append(f"{path.name}: {pattern}")
    assert wrong == []


def test_app_py_is_wiring_only():
    source = (PACKAGE / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 200
    classes = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)]
    assert [c.name for c in classes] == ["CompanionApp"]
