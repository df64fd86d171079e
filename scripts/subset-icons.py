"""Rebuild the app's icon font: the Phosphor glyphs named in companion/ui/theme.py SYMBOLS, cut out
of the Phosphor font that QtAwesome ships, into companion/assets/icons/phosphor-subset.ttf with its
name → code point map. The whole font (1.4 MB, and QtAwesome loading all its ten fonts: +45 MB of
memory and ~150 ms) is far more than the thirty-odd icons the app draws; the subset is a few KB.

    .venv/bin/pip install fonttools qtawesome && .venv/bin/python scripts/subset-icons.py

Run it after adding a name to SYMBOLS; tests/ui/test_theme.py fails until the subset has it.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "companion" / "assets" / "icons"


def symbol_names() -> list[str]:
    """The Phosphor names in theme.SYMBOLS, read from the source (no Qt needed here)."""
    tree = ast.parse((ROOT / "companion" / "ui" / "theme.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SYMBOLS" for t in node.targets):
            table = ast.literal_eval(node.value)
            return sorted({name.removeprefix("ph.") for name in table.values()})
    raise SystemExit("SYMBOLS not found in companion/ui/theme.py")


def main() -> int:
    import qtawesome

    fonts = Path(qtawesome.__file__).parent / "fonts"
    font = next(fonts.glob("phosphor-[0-9]*.ttf"))
    charmap = json.loads(next(fonts.glob("phosphor-charmap-*.json")).read_text(encoding="utf-8"))
    names = symbol_names()
    missing = [n for n in names if n not in charmap]
    if missing:
        print(f"not in Phosphor {font.name}: {', '.join(missing)}", file=sys.stderr)
        return 1
    points = {name: int(charmap[name], 16) for name in names}
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the family name and the copyright notice
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    loaded = subset.load_font(str(font), options)
    subsetter.populate(unicodes=points.values())
    subsetter.subset(loaded)
    subset.save_font(loaded, str(OUT / "phosphor-subset.ttf"), options)
    (OUT / "phosphor-subset.json").write_text(
        json.dumps({"source": font.name, "glyphs": points}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(points)} icons from {font.name} → {OUT / 'phosphor-subset.ttf'} "
          f"({(OUT / 'phosphor-subset.ttf').stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
