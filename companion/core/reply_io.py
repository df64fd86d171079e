"""Reply library import and export.

Our own JSON format round-trips everything (categories, both variants, favourites, use counts).
Espanso match files (YAML) and Beeftext exports (JSON or CSV) are converted into the same shape
first. Every import is validated completely before one transaction writes it: a bad file names
the line or the field and leaves the library as it was.

One module over the usual size on purpose: the three foreign formats convert into one shape that a
single validator checks, and the limits (size, depth, aliases, rows) apply to all of them at once.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, TypedDict

from companion.core.clock import Clock
from companion.core.replies import LANGS, PLACEHOLDERS
from companion.core.reply_library import (MAX_BODY, MAX_CATEGORY, MAX_TITLE, ImportSummary, ReplyInput, Variant,
                                          slugify)
from companion.core.tickets import ValidationError
from companion.store.models import ReplyCategory, ReplyTemplate, ReplyVariant, db, tuples

FORMAT = "support-companion-replies"
VERSION = 1
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
MAX_USE_COUNT = 10**9


class ReplyImportError(ValueError):
    """A file that cannot be imported; the message names the line or the field."""


class _CategoryData(TypedDict):
    """A category of a file, validated."""

    slug: str
    ru: str
    en: str


class _TemplateData(TypedDict):
    """A reply of a file, validated; None where the file says nothing."""

    slug: str
    category: str  # a slug, of the file's categories or the library's
    favourite: bool
    use_count: int | None
    last_used: datetime | None
    variants: dict[str, Variant]


# -- export --------------------------------------------------------------------------------------
def export_replies() -> dict[str, Any]:
    """The agent's own library. The team's shared categories are left out: they are the lead's, come back
    from the team server by themselves, and imported elsewhere would pass for the agent's own."""
    categories = list(ReplyCategory.select().where(~ReplyCategory.team)
                      .order_by(ReplyCategory.position, ReplyCategory.id))
    slugs = {c.id: c.slug for c in categories}
    variants: dict[int, dict[str, dict[str, str]]] = {}
    for v in ReplyVariant.select().order_by(ReplyVariant.id):
        variants.setdefault(v.template_id, {})[v.lang] = {"title": v.title, "body": v.body}
    templates = []
    order = (ReplyTemplate.select().join(ReplyCategory).where(~ReplyCategory.team)
             .order_by(ReplyCategory.position, ReplyCategory.id, ReplyTemplate.position, ReplyTemplate.id))
    for t in order:
        templates.append({
            "id": t.slug, "category": slugs[t.category_id], "favourite": bool(t.favourite),
            "use_count": t.use_count, "last_used": t.last_used_at.isoformat() if t.last_used_at else None,
            "variants": {lang: variants.get(t.id, {})[lang] for lang in sorted(
                variants.get(t.id, {}), key=lambda lang: LANGS.index(lang) if lang in LANGS else 99)}})
    return {"format": FORMAT, "version": VERSION,
            "categories": [{"id": c.slug, "name": {"ru": c.name_ru, "en": c.name_en}} for c in categories],
            "templates": templates}


def dump_replies() -> str:
    return json.dumps(export_replies(), ensure_ascii=False, indent=2) + "\n"


# -- validation of our format (also what the other formats are converted into) -------------------
def _text(value: Any, where: str, limit: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ReplyImportError(f"{where}: expected text, got {type(value).__name__}")
    if len(value) > limit:
        raise ReplyImportError(f"{where}: longer than {limit} characters")
    bad = next((ch for ch in value if ord(ch) < 32 and ch not in "\n\t\r" or ch == "\x7f"), None)
    if bad is not None:
        raise ReplyImportError(f"{where}: contains a control character (U+{ord(bad):04X})")
    if required and not value.strip():
        raise ReplyImportError(f"{where}: empty")
    return value


def _new_id(item: Mapping[str, Any], where: str, seen: set[str]) -> str:
    slug = item.get("id")
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise ReplyImportError(f"{where}.id: {slug!r} is not an id (a-z, 0-9, '-')")
    if slug in seen:
        raise ReplyImportError(f"{where}.id: {slug!r} appears twice")
    seen.add(slug)
    return slug


def _validate(data: Any) -> tuple[list[_CategoryData], list[_TemplateData]]:
    if not isinstance(data, dict):
        raise ReplyImportError("the file is not a reply library (expected a JSON object)")
    if data.get("format") != FORMAT:
        raise ReplyImportError(f"format: expected {FORMAT!r}, found {data.get('format')!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
        raise ReplyImportError(f"version: this app reads version {VERSION}, found {data.get('version')!r}")
    raw_categories = data.get("categories", [])
    raw_templates = data.get("templates", [])
    if not isinstance(raw_categories, list):
        raise ReplyImportError("categories: expected a list")
    if not isinstance(raw_templates, list):
        raise ReplyImportError("templates: expected a list")
    if len(raw_templates) > MAX_IMPORT:
        raise ReplyImportError(f"templates: {len(raw_templates)} replies; at most {MAX_IMPORT} are imported at once")
    categories: list[_CategoryData] = []
    seen: set[str] = set()
    for i, c in enumerate(raw_categories):
        where = f"categories[{i}]"
        if not isinstance(c, dict):
            raise ReplyImportError(f"{where}: expected an object")
        slug = _new_id(c, where, seen)
        names = c.get("name", {})
        if not isinstance(names, dict):
            raise ReplyImportError(f"{where}.name: expected an object such as {{\"ru\": …, \"en\": …}}")
        ru = " ".join(_text(names.get("ru"), f"{where}.name.ru", MAX_CATEGORY).split())
        en = " ".join(_text(names.get("en"), f"{where}.name.en", MAX_CATEGORY).split())
        if not ru and not en:
            raise ReplyImportError(f"{where}.name: the category has no name")
        categories.append({"slug": slug, "ru": ru, "en": en})
    templates: list[_TemplateData] = []
    seen = set()
    # The team's categories are read-only: a file cannot put replies into them.
    known = {c["slug"] for c in categories} | {slug for (slug,) in tuples(
        ReplyCategory.select(ReplyCategory.slug).where(~ReplyCategory.team))}
    for i, t in enumerate(raw_templates):
        where = f"templates[{i}]"
        if not isinstance(t, dict):
            raise ReplyImportError(f"{where}: expected an object")
        slug = _new_id(t, where, seen)
        category = t.get("category")
        # isinstance first: a list or object here would make the set lookup raise TypeError
        if not isinstance(category, str) or category not in known:
            raise ReplyImportError(f"{where}.category: no category {category!r} in the file or the library")
        favourite = t.get("favourite", False)
        if not isinstance(favourite, bool):
            raise ReplyImportError(f"{where}.favourite: expected true or false")
        use_count = t.get("use_count")
        # bounded: SQLite stores 64-bit integers, and a larger count failed mid-import with OverflowError
        if use_count is not None and (not isinstance(use_count, int) or isinstance(use_count, bool)
                                      or not 0 <= use_count <= MAX_USE_COUNT):
            raise ReplyImportError(f"{where}.use_count: expected a whole number from 0 to {MAX_USE_COUNT}")
        last_used = t.get("last_used")
        if last_used is not None:
            try:
                last_used = datetime.fromisoformat(last_used) if isinstance(last_used, str) else None
            except ValueError:
                last_used = None
            if last_used is None or last_used.tzinfo is None:
                raise ReplyImportError(f"{where}.last_used: expected an ISO date-time with a UTC offset")
        variants = t.get("variants")
        if not isinstance(variants, dict) or not variants:
            raise ReplyImportError(f"{where}.variants: expected an object with \"ru\" and/or \"en\"")
        clean: dict[str, Variant] = {}
        for lang, v in variants.items():
            vwhere = f"{where}.variants.{lang}"
            if lang not in LANGS:
                raise ReplyImportError(f"{vwhere}: unknown language (use {', '.join(LANGS)})")
            if not isinstance(v, dict):
                raise ReplyImportError(f"{vwhere}: expected an object with title and body")
            title = " ".join(_text(v.get("title"), f"{vwhere}.title", MAX_TITLE, required=True).split())
            body = _text(v.get("body"), f"{vwhere}.body", MAX_BODY, required=True)
            clean[lang] = Variant(title, body)
        templates.append({"slug": slug, "category": category, "favourite": favourite, "use_count": use_count,
                          "last_used": last_used, "variants": clean})
    return categories, templates


def import_replies(data: Any, clock: Clock, source: str = "",
                   progress: Callable[[int, int], None] | None = None) -> ImportSummary:
    """Add or replace (by id) categories and templates from our format; all or nothing. Unknown
    placeholders are kept as written (they show up when copying) and counted in the warnings.
    `progress(done, total)` is called every 500 replies (the editor shows it for big files)."""
    categories, templates = _validate(data)
    summary = ImportSummary()
    notes = data.get("warnings") if isinstance(data, dict) else None  # what a converter skipped
    if isinstance(notes, list):
        summary.warnings.extend(str(note) for note in notes)
    now = clock.now()
    with db.atomic():
        by_slug = {c.slug: c for c in ReplyCategory.select()}
        position = max((c.position for c in by_slug.values()), default=0)
        for c in categories:
            existing_category = by_slug.get(c["slug"])
            if existing_category is None:
                position += 1
                by_slug[c["slug"]] = ReplyCategory.create(slug=c["slug"], name_ru=c["ru"], name_en=c["en"],
                                                          position=position)
                summary.categories += 1
            else:
                existing_category.name_ru = c["ru"] or existing_category.name_ru
                existing_category.name_en = c["en"] or existing_category.name_en
                existing_category.save()
        template_position: dict[int, int] = {}
        wanted = [t["slug"] for t in templates]
        existing_by_slug: dict[str, ReplyTemplate] = {}
        for start in range(0, len(wanted), 500):  # one query per 500 ids, not one per reply
            for row in ReplyTemplate.select().where(ReplyTemplate.slug.in_(wanted[start:start + 500])):
                existing_by_slug[row.slug] = row
        new_rows, variants_of = [], []
        for i, t in enumerate(templates):
            if progress is not None and i % 500 == 0:
                progress(i, len(templates))
            category = by_slug[t["category"]]
            if category.id not in template_position:
                template_position[category.id] = ReplyTemplate.select(
                    ReplyTemplate.position).where(ReplyTemplate.category == category).order_by(
                    ReplyTemplate.position.desc()).scalar() or 0
            existing = existing_by_slug.get(t["slug"])
            if existing is None:
                template_position[category.id] += 1
                new_rows.append({"slug": t["slug"], "category": category.id, "favourite": t["favourite"],
                                 "use_count": t["use_count"] or 0, "last_used_at": t["last_used"],
                                 "position": template_position[category.id], "created_at": now, "modified_at": now})
                summary.added += 1
            else:
                existing.category = category
                existing.favourite = t["favourite"]
                if t["use_count"] is not None:
                    existing.use_count = t["use_count"]
                if t["last_used"] is not None:
                    existing.last_used_at = t["last_used"]
                existing.modified_at = now
                existing.save()
                ReplyVariant.delete().where(ReplyVariant.template == existing).execute()  # type: ignore[misc, unused-ignore]  # some types-peewee builds type Model.delete as an attribute
                summary.updated += 1
            variants_of.append((t["slug"], category.id, t["variants"]))
        for start in range(0, len(new_rows), 500):  # new replies in batches (8,000 rows: seconds, not minutes)
            ReplyTemplate.insert_many(new_rows[start:start + 500]).execute()
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            ids.update(tuples(ReplyTemplate.select(ReplyTemplate.slug, ReplyTemplate.id)
                              .where(ReplyTemplate.slug.in_(wanted[start:start + 500]))))
        variant_rows = []
        for slug, category_id, variants in variants_of:
            for lang, v in variants.items():
                variant_rows.append({"template": ids[slug], "lang": lang, "title": v.title, "body": v.body})
                try:
                    ReplyInput(category_id, {lang: v}).cleaned()
                except ValidationError as exc:
                    summary.warnings.append(f"{slug} ({lang}): {exc}")
        for start in range(0, len(variant_rows), 500):
            ReplyVariant.insert_many(variant_rows[start:start + 500]).execute()
        if progress is not None:
            progress(len(templates), len(templates))
    return summary


# -- reading files -------------------------------------------------------------------------------
def detect_kind(path: Path, text: str) -> str:
    """json (ours) | espanso | beeftext-json | beeftext-csv."""
    suffix = path.suffix.casefold()
    if suffix in (".yml", ".yaml"):
        return "espanso"
    if suffix == ".csv":
        return "beeftext-csv"
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return "beeftext-json" if re.search(r'"combos"\s*:', stripped[:20000]) else "json"
    if re.search(r"^\s*matches\s*:", text, re.MULTILINE):
        return "espanso"
    raise ReplyImportError(f"{path.name}: not a reply library, an Espanso match file or a Beeftext export")


MAX_FILE_BYTES = 20 * 1024 * 1024  # a reply library of tens of thousands of replies fits well within
MAX_IMPORT = 20_000  # replies in one file: more is not a library but a mistake (or an attack)
MAX_DEPTH = 40  # nesting of JSON/YAML: our format needs five levels


def load_file(path: Path, kind: str = "auto") -> object:
    """Read `path` and convert it into our format (not yet written anywhere). A JSON file comes
    back as parsed, whatever it holds: import_replies() validates."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReplyImportError(f"{Path(path).name}: {size // (1024 * 1024)} MB is too big for a reply "
                                   f"library (at most {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReplyImportError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ReplyImportError(f"{Path(path).name}: line {line}: the file is not UTF-8 text") from None
    if kind == "auto":
        kind = detect_kind(Path(path), text)
    if kind == "json":
        return parse_json(text)
    if kind == "espanso":
        return parse_espanso(text, Path(path).stem)
    if kind == "beeftext-json":
        return parse_beeftext_json(text)
    if kind == "beeftext-csv":
        return parse_beeftext_csv(text)
    raise ReplyImportError(f"unknown import format {kind!r}")


def parse_json(text: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReplyImportError(f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ReplyImportError(f"the JSON is nested deeper than {MAX_DEPTH} levels") from None
    _check_depth(data)
    return data


def _check_depth(data: Any) -> None:
    """Refuse nesting no library has (and which later code would recurse into)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ReplyImportError(f"the file is nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _language(text: str) -> str:
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ru" if cyrillic > latin / 3 and cyrillic else "en"


def _library(category: tuple[str, str, str], items: list[tuple[str, str]],
             extra_categories: dict[str, tuple[str, str, str]] | None = None,
             item_categories: list[str] | None = None, file_stem: str = "") -> dict[str, Any]:
    """Build our format from (title, body) pairs; each language is detected from the text. Ids
    are "<source>-<file>-<name>", so importing the same file again updates its replies instead
    of duplicating them, and another file with the same trigger does not overwrite them."""
    slug, ru, en = category
    categories = {slug: (slug, ru, en)}
    categories.update(extra_categories or {})
    if item_categories is not None and slug not in item_categories:
        del categories[slug]  # every item has its own group: no empty catch-all category
    templates = []
    used: set[str] = set()
    next_number: dict[str, int] = {}  # per base: where to go on counting (8,000 equal names stay linear)
    stem = slugify(file_stem, "")[:12].strip("-")
    stem = f"{stem}-" if stem else ""
    for i, (title, body) in enumerate(items):
        base = f"{slug.split('-')[0]}-{stem}{slugify(title, 'reply')}"[:40].strip("-")
        candidate, n = base, next_number.get(base, 2)
        while candidate in used:
            candidate = f"{base[:36]}-{n}"
            n += 1
        next_number[base] = n
        used.add(candidate)
        lang = _language(title + " " + body)
        templates.append({"id": candidate, "category": item_categories[i] if item_categories else slug,
                          "variants": {lang: {"title": title[:MAX_TITLE], "body": body}}})
    return {"format": FORMAT, "version": VERSION,
            "categories": [{"id": s, "name": {"ru": r, "en": e}} for s, r, e in categories.values()],
            "templates": templates}


_ESPANSO_VAR = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")


def _from_espanso_vars(text: str) -> str:
    """Espanso writes variables as {{name}}: ours as {name} where the name is one we fill. Its
    cursor marker $|$ means nothing in a copied reply."""
    text = text.replace("$|$", "")
    return _ESPANSO_VAR.sub(lambda m: "{" + m.group(1) + "}" if m.group(1) in PLACEHOLDERS else m.group(0), text)


def parse_espanso(text: str, file_stem: str = "") -> dict[str, Any]:
    import yaml

    class _Loader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML has no type stubs here: its classes are Any
        def compose_node(self, parent: yaml.Node | None, index: int | yaml.Node | None) -> yaml.Node | None:
            # Aliases ("*name") let a few lines expand into billions of nodes: no match file needs one.
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.MarkedYAMLError(problem="aliases (*name) are not accepted in a match file",
                                           problem_mark=event.start_mark)
            self._depth = getattr(self, "_depth", 0) + 1
            try:
                if self._depth > MAX_DEPTH:
                    raise yaml.MarkedYAMLError(problem=f"nested deeper than {MAX_DEPTH} levels",
                                               problem_mark=self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

    def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        value: dict[Any, Any] = loader.construct_mapping(node, deep=True)
        value["__line__"] = node.start_mark.line + 1
        return value

    _Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    try:
        data = yaml.load(text, Loader=_Loader)  # safe: _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ReplyImportError(f"{where}not valid YAML ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        raise ReplyImportError(f"not valid YAML ({exc})") from None
    except RecursionError:
        raise ReplyImportError(f"the YAML is nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
        raise ReplyImportError("not an Espanso match file: no \"matches:\" list")
    items = []
    skipped: list[str] = []
    for i, match in enumerate(data["matches"]):
        if not isinstance(match, dict):
            raise ReplyImportError(f"matches[{i}]: expected a mapping with trigger and replace")
        line = match.get("__line__", "?")
        body = match.get("replace", match.get("markdown"))
        if body is None and "html" in match:
            body = re.sub(r"<[^>]+>", "", str(match["html"]))
        if body is None and any(key in match for key in ("image_path", "form", "form_fields")):
            # A picture or a fill-in form: nothing a copied text reply can be. Skipped, said so.
            skipped.append(f"line {line}: matches[{i}] is an image or a form; skipped")
            continue
        if body is None:
            raise ReplyImportError(f"line {line}: matches[{i}] has no replace text")
        if isinstance(body, (dict, list)):
            # str() of it would import Python reprs (and our __line__ marker) as the reply text
            raise ReplyImportError(f"line {line}: matches[{i}] replace must be text")
        if not isinstance(body, str):
            body = str(body)
        triggers = match.get("triggers") or ([match["trigger"]] if "trigger" in match else [])
        if "regex" in match and not triggers:
            triggers = [match["regex"]]
        if not isinstance(triggers, list) or not all(isinstance(t, (str, int, float)) for t in triggers):
            raise ReplyImportError(f"line {line}: matches[{i}] triggers must be text")
        label = match.get("label")
        title = str(label) if label else (str(triggers[0]).lstrip(":") if triggers else "")
        title = " ".join(title.split()) or " ".join(body.split())[:40]
        if not body.strip():
            raise ReplyImportError(f"line {line}: matches[{i}] ({title}) has empty replace text")
        if len(body) > MAX_BODY:
            raise ReplyImportError(f"line {line}: matches[{i}] ({title}) is longer than {MAX_BODY} characters")
        items.append((title, _from_espanso_vars(body)))
    if not items:
        raise ReplyImportError("the Espanso file has no text matches to import")
    library = _library(("espanso", "Из Espanso", "From Espanso"), items, file_stem=file_stem)
    library["warnings"] = skipped
    return library


_BEEFTEXT_CURSOR = re.compile(r"#\{cursor\}")


def _beeftext_body(snippet: str) -> str:
    return _BEEFTEXT_CURSOR.sub("", snippet)


def parse_beeftext_json(text: str) -> dict[str, Any]:
    data = parse_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("combos"), list):
        raise ReplyImportError("not a Beeftext export: no \"combos\" list")
    groups = data.get("groups", [])
    if not isinstance(groups, list):
        raise ReplyImportError("groups: expected a list")
    extra: dict[str, tuple[str, str, str]] = {}
    group_slug: dict[str, str] = {}
    for i, g in enumerate(groups):
        if not isinstance(g, dict) or not isinstance(g.get("uuid"), str):
            raise ReplyImportError(f"groups[{i}]: expected an object with a uuid")
        name = " ".join(str(g.get("name") or "").split()) or f"Beeftext {i + 1}"
        slug = "beeftext-" + slugify(name, str(i + 1))[:30]
        group_slug[g["uuid"]] = slug
        extra[slug] = (slug, name[:MAX_CATEGORY], name[:MAX_CATEGORY])
    items, item_categories = [], []
    for i, combo in enumerate(data["combos"]):
        where = f"combos[{i}]"
        if not isinstance(combo, dict):
            raise ReplyImportError(f"{where}: expected an object")
        snippet = combo.get("snippet", combo.get("substitutionText"))  # older files: substitutionText
        if isinstance(snippet, str) and combo.get("useHtml"):
            snippet = html.unescape(re.sub(r"<br\s*/?>|</p>", "\n", re.sub(r"<(?!br|/p)[^>]+>", "", snippet)))
        if not isinstance(snippet, str) or not snippet.strip():
            raise ReplyImportError(f"{where}.snippet: missing or empty")
        if len(snippet) > MAX_BODY:
            raise ReplyImportError(f"{where}.snippet: longer than {MAX_BODY} characters")
        name = (combo.get("name") or combo.get("keyword") or combo.get("comboText")
                or " ".join(snippet.split())[:40])
        if not isinstance(name, str):
            raise ReplyImportError(f"{where}.name: expected text")
        # a name of only spaces falls back to the text, instead of failing later as an empty title
        name = " ".join(name.split()) or " ".join(snippet.split())[:40]
        group = combo.get("group")
        if group is not None and (not isinstance(group, str) or group not in group_slug):
            raise ReplyImportError(f"{where}.group: no group with uuid {group!r} in the file")
        items.append((name, _beeftext_body(snippet)))
        item_categories.append("beeftext" if group is None else group_slug[group])
    if not items:
        raise ReplyImportError("the Beeftext file has no combos to import")
    return _library(("beeftext", "Из Beeftext", "From Beeftext"), items, extra, item_categories)


def parse_beeftext_csv(text: str) -> dict[str, Any]:
    """Beeftext's CSV: keyword, snippet[, name[, description]] per row, no header."""
    items = []
    reader = csv.reader(io.StringIO(text))
    rows = []  # (the file line the row starts on, row): a quoted snippet may span several lines
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReplyImportError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    if len(rows) > MAX_IMPORT + 1:
        raise ReplyImportError(f"the CSV file has {len(rows)} rows; at most {MAX_IMPORT} replies are imported at once")
    for line, row in rows:
        if not row or all(not cell.strip() for cell in row):
            continue
        if line == 1 and [c.strip().casefold() for c in row[:2]] == ["keyword", "snippet"]:
            continue  # a header row
        if len(row) < 2:
            raise ReplyImportError(f"line {line}: expected keyword,snippet[,name], found {len(row)} field")
        keyword, snippet = row[0].strip(), row[1]
        name = row[2].strip() if len(row) > 2 and row[2].strip() else keyword
        if not snippet.strip():
            raise ReplyImportError(f"line {line}: the snippet for {keyword!r} is empty")
        if len(snippet) > MAX_BODY:
            raise ReplyImportError(f"line {line}: the snippet is longer than {MAX_BODY} characters")
        items.append((" ".join(name.split()) or " ".join(snippet.split())[:40], _beeftext_body(snippet)))
    if not items:
        raise ReplyImportError("the CSV file has no rows to import")
    return _library(("beeftext", "Из Beeftext", "From Beeftext"), items)
