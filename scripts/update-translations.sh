#!/usr/bin/env bash
# Re-extract the interface strings into companion/assets/translations/companion_<lang>.ts (translations
# already made are kept; vanished strings are dropped) and compile each .ts to its .qm.
#
#   scripts/update-translations.sh          # all languages that have a .ts (default: ru)
#   scripts/update-translations.sh ru de    # these languages (a new one gets a fresh .ts)
#
# English is the source language: companion_en.ts holds only the messages with plural forms
# (`self.tr("%n day(s)", "", n)` → "1 day", "2 days"), which no single source text spells right.
#
# lupdate reads `self.tr("…")` and `QCoreApplication.translate("Ctx", "…")` itself. It cannot see
# the project's own wrappers (`fmt.tr("…", "Ctx")`, and module functions such as
# `def tr(text, n=-1): return QCoreApplication.translate("Notices", text, None, n)`, found here by
# their shape) nor labels kept in tables and translated through a variable (`self.tr(label)`). A
# small generator writes those as literal `translate()` calls (with a number for plural ones) into
# a temporary file that lupdate reads with the sources; the contexts lupdate invents for the
# wrappers ("" and "fmt") are then dropped from the .ts, since nothing looks them up at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV_BIN=${VENV_BIN:-.venv/bin}
PY="$VENV_BIN/python"
LUPDATE="$VENV_BIN/pyside6-lupdate"
LRELEASE="$VENV_BIN/pyside6-lrelease"
OUT=companion/assets/translations
mkdir -p "$OUT"

langs=("$@")
if [ ${#langs[@]} -eq 0 ]; then
  for ts in "$OUT"/companion_*.ts; do
    [ -e "$ts" ] || continue
    name=${ts##*/companion_}
    langs+=("${name%.ts}")
  done
  [ ${#langs[@]} -gt 0 ] || langs=(ru)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
extra="$tmp/companion_extra_strings.py"

QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$PY" - "$extra" <<'PYEOF'
"""Write the strings lupdate cannot find as literal QCoreApplication.translate() calls."""
import ast
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
pairs: list[tuple[str, str]] = []  # (context, source), in order, unique
plural: set[tuple[str, str]] = set()  # the pairs translated with a number (numerus forms)


def add(context: str, text: str, numerus: bool = False) -> None:
    if text and (context, text) not in pairs:
        pairs.append((context, text))
    if text and (numerus or "%n" in text):
        plural.add((context, text))


def counted(node, position: int | None) -> bool:
    """Whether the call passes a number `n` (by keyword, or at `position`) for plural forms."""
    return (position is not None and len(node.args) > position) or any(kw.arg == "n" for kw in node.keywords)


def literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


# 0. tr() with a variable argument: lupdate skips these. The labels they translate are listed in
# part 2; a site not in KNOWN_VARIABLE_SITES is reported so that a new table is not forgotten.
KNOWN_VARIABLE_SITES = {
    "COLUMNS[section][1]", "label", "caption", "tip", "doc",
    "STATUS_LABELS.get(status, status)",
    "CHANNEL_LABELS.get(channel, channel)", "PRIORITY_LABELS.get(priority, priority)", "text",
    "EMPTY_VIEW[view]", "used",
}
for path in sorted(pathlib.Path("companion").rglob("*.py")):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and node.args and literal(node.args[0]) is None
                and ((isinstance(node.func, ast.Attribute) and node.func.attr in ("tr", "translate"))
                     or (isinstance(node.func, ast.Name) and node.func.id == "tr"))):
            args = node.args[1:2] if isinstance(node.func, ast.Attribute) and node.func.attr == "translate" \
                else node.args[:1]
            if node.func.__class__ is ast.Attribute and node.func.attr == "translate":
                if len(node.args) < 2 or literal(node.args[1]) is not None:
                    continue
            shown = ast.unparse(args[0]) if args else "?"
            if shown not in KNOWN_VARIABLE_SITES:
                print(f"warning: {path}:{node.lineno}: tr({shown}) is translated through a variable; "
                      "list its labels in scripts/update-translations.sh", file=sys.stderr)

# 1. The wrappers. A module function `def NAME(text, …, n=-1)` that calls
# `QCoreApplication.translate("Ctx", text, …)` (or `fmt.tr(text, "Ctx")`) translates `NAME("…")` in its module in "Ctx"; fmt.tr
# takes the context as its second argument ("Format" unless given), also as `fmt.tr` elsewhere.
def wrappers(tree) -> dict[str, tuple[str, int | None]]:
    """Function name -> (context, position of its `n` parameter) for the fixed-context wrappers."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        params = [a.arg for a in node.args.args]
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "translate"
                    and len(call.args) >= 2 and literal(call.args[0]) is not None
                    and isinstance(call.args[1], ast.Name) and call.args[1].id == params[0]):
                found[node.name] = (literal(call.args[0]), params.index("n") if "n" in params else None)
            elif (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "tr"
                  and isinstance(call.func.value, ast.Name) and call.func.value.id == "fmt"
                  and len(call.args) >= 2 and literal(call.args[1]) is not None
                  and isinstance(call.args[0], ast.Name) and call.args[0].id == params[0]):
                found[node.name] = (literal(call.args[1]), params.index("n") if "n" in params else None)
    return found


for path in sorted(pathlib.Path("companion").rglob("*.py")):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    own = {} if path.name == "fmt.py" else wrappers(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        text = literal(node.args[0])
        if text is None:
            continue  # a variable: covered by the tables below (and checked there)
        fmt_tr = ((isinstance(func, ast.Name) and func.id == "tr" and path.name == "fmt.py")
                  or (isinstance(func, ast.Attribute) and func.attr == "tr" and isinstance(func.value, ast.Name)
                      and func.value.id == "fmt"))
        if fmt_tr:  # fmt.tr(text, context, n)
            given = literal(node.args[1]) if len(node.args) > 1 else None
            for kw in node.keywords:
                if kw.arg == "context":
                    given = literal(kw.value)
            add(given or "Format", text, counted(node, 2))
        elif isinstance(func, ast.Name) and func.id in own:
            context, n_at = own[func.id]
            add(context, text, counted(node, n_at))

# 1b. self.tr("…") inside a class, context = the class (as lupdate and PySide6 do). lupdate finds
# most of these itself but misses some, e.g. a tr() inside an f-string; listing them all is harmless.
class _ClassTr(ast.NodeVisitor):
    def __init__(self):
        self.classes: list[str] = []

    def visit_ClassDef(self, node):
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node):
        func = node.func
        if (self.classes and isinstance(func, ast.Attribute) and func.attr == "tr"
                and isinstance(func.value, ast.Name) and func.value.id == "self"
                and node.args and literal(node.args[0]) is not None):
            add(self.classes[-1], literal(node.args[0]), counted(node, 2))
        self.generic_visit(node)


for path in sorted(pathlib.Path("companion").rglob("*.py")):
    _ClassTr().visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))

# 2. Labels kept in tables and translated through a variable.
from companion.core.replies import PLACEHOLDERS  # noqa: E402
from companion.runtime import fmt  # noqa: E402
from companion.ui import main_window, ticket_model, wellbeing_window  # noqa: E402

for column in ticket_model.COLUMNS:
    add("TicketTable", column[1])
for _view, label in main_window.VIEWS:
    add("MainWindow", label)
for label in main_window.EMPTY_VIEW.values():
    add("MainWindow", label)
from companion.core.hotkeys import KNOWN_CLASHES  # noqa: E402

for label in KNOWN_CLASHES.values():
    add("Hotkeys", label)
for _code, label in fmt.CADENCE_LABELS:
    add("SettingsDialog", label)
    add("TicketDialog", label)
    add("Cadence", label)
for context, table in (("Status", fmt.STATUS_LABELS), ("Channel", fmt.CHANNEL_LABELS),
                       ("Priority", fmt.PRIORITY_LABELS)):
    for label in table.values():
        add(context, label)
for _key, caption in wellbeing_window.FIGURES:
    add("WellbeingWindow", caption)
for tip in wellbeing_window.FIGURE_TIPS.values():
    add("WellbeingWindow", tip)
for _takes_arg, doc in PLACEHOLDERS.values():
    add("ReplyEditor", doc)

lines = ["# Generated by scripts/update-translations.sh for lupdate; not part of the app.",
         "from PySide6.QtCore import QCoreApplication", ""]
lines += [f"QCoreApplication.translate({context!r}, {text!r}{', None, 1' if (context, text) in plural else ''})"
          for context, text in pairs]
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"{len(pairs)} strings from wrappers and label tables")
PYEOF

mapfile -t sources < <(find companion -name '*.py' | sort)
for lang in "${langs[@]}"; do
  ts="$OUT/companion_$lang.ts"
  only=()
  [ "$lang" = en ] && only=(-pluralonly)  # the source language: only what a source text cannot say
  "$LUPDATE" "${sources[@]}" "$extra" -source-language en -target-language "$lang" "${only[@]}" \
    -no-obsolete -locations none -ts "$ts"
  # Drop the contexts lupdate invents for the wrappers ("" for bare tr(), "fmt" for fmt.tr()).
  "$PY" - "$ts" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
tree = ET.ElementTree(ET.fromstring(text))
root = tree.getroot()
dropped = 0
for context in list(root.findall("context")):
    if (context.findtext("name") or "") in ("", "fmt"):
        root.remove(context)
        dropped += 1
if dropped:
    ET.indent(tree, space="    ")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        f.write(ET.tostring(root, encoding="unicode"))
        f.write("\n")
PYEOF
  "$LRELEASE" -removeidentical "$ts" -qm "$OUT/companion_$lang.qm" >/dev/null
  "$PY" - "$ts" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
messages = root.findall(".//message")


def empty(message) -> bool:
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform")
        return not forms or any(not (f.text or "").strip() for f in forms)
    return not (translation.text or "").strip()


open_ = [m for m in messages if m.find("translation").get("type") == "unfinished" or empty(m)]
print(f"{sys.argv[1]}: {len(messages)} messages, {len(messages) - len(open_)} translated, "
      f"{len(open_)} unfinished")
PYEOF
done
