"""The agent's kinds of rest break (the shipped "micro" and "long", and any they add, such as
hydration): intervals, lengths and suggestions per language, stored in the break_kind and
break_suggestion tables and handed to the break engine as `companion.core.breaks.BreakKind`.

No Qt: used by the app, the settings dialog and the CLI alike.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Iterable

import peewee as pw

from companion.core.breaks import BreakKind as Kind
from companion.core.reply_library import slugify
from companion.core.tickets import NotFound, ValidationError
from companion.store.models import BreakKind, BreakSuggestion, Setting, db

LANGS = ("ru", "en")
LANG_LABELS = {"ru": "Russian", "en": "English"}
SEEDED_KEY = "breaks_seeded"
MAX_NAME = 80
MAX_SUGGESTION = 300
INTERVAL_MIN = (5, 480)  # minutes
DURATION_S = (10, 3600)  # seconds
WARN_S = (0, 600)  # seconds
SLUG_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")


class KindError(ValidationError):
    """Bad break-kind input; `field` is one of slug, names, name.<lang>, interval, duration,
    warn, suggestions, suggestions.<lang>."""


def _whole(value: Any, field_name: str, low: int, high: int, unit: str) -> int:
    if isinstance(value, bool):
        value = None  # True is not a number of minutes
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise KindError(field_name, f"{field_name}: {value!r} is not a whole number of {unit}") from None
    if not low <= number <= high:
        raise KindError(field_name, f"{field_name}: between {low} and {high} {unit} (not {number})")
    return number


def _suggestion_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.splitlines()
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    raise KindError("suggestions", f"suggestions: {value!r} is not a list of texts")


@dataclass
class KindInput:
    """A break kind as the agent edits it: minutes between breaks, seconds of break and of
    warning, suggestions as lists (or one suggestion a line) per language. An empty slug is a
    new kind whose id is made from its name."""

    names: dict[str, str]
    interval_min: int
    duration_s: int
    warn_s: int
    long: bool = False
    enabled: bool = True
    suggestions: dict[str, Any] = field(default_factory=dict)
    slug: str = ""

    @classmethod
    def from_kind(cls, kind: Kind) -> "KindInput":
        return cls(names={lang: kind.names.get(lang, "") for lang in LANGS}, interval_min=kind.interval // 60,
                   duration_s=kind.duration, warn_s=kind.warn, long=kind.long, enabled=kind.enabled,
                   suggestions={lang: list(kind.suggestions.get(lang, ())) for lang in LANGS}, slug=kind.slug)

    def cleaned(self) -> "KindInput":
        """Validated and tidied (names and suggestions stripped, blank and repeated suggestions
        dropped), or KindError naming the field; nothing is written either way."""
        slug = (self.slug or "").strip()
        if slug and not SLUG_RE.fullmatch(slug):
            raise KindError("slug", f"slug: {slug!r} is not a valid id; use a-z, 0-9 and '-' (at most 40)")
        if not isinstance(self.names or {}, dict):
            raise KindError("names", f"name: {self.names!r} is not a name per language")
        if not isinstance(self.suggestions or {}, dict):
            raise KindError("suggestions", f"suggestions: {self.suggestions!r} is not a list per language")
        names: dict[str, str] = {}
        for lang, name in (self.names or {}).items():
            if lang not in LANGS:
                raise KindError("names", f"names: unknown language {lang!r}; use one of {', '.join(LANGS)}")
            text = " ".join(str(name or "").split())
            if len(text) > MAX_NAME:
                raise KindError(f"name.{lang}", f"name: the {LANG_LABELS[lang]} name is longer than "
                                                f"{MAX_NAME} characters")
            if text:
                names[lang] = text
        if not names:
            raise KindError("names", "name: give the kind a name in Russian or English")
        interval = _whole(self.interval_min, "interval", *INTERVAL_MIN, "minutes")
        duration = _whole(self.duration_s, "duration", *DURATION_S, "seconds")
        warn = _whole(self.warn_s, "warn", *WARN_S, "seconds")
        if duration >= interval * 60:
            raise KindError("duration", f"duration: the break ({duration} s) must be shorter than the "
                                        f"interval between breaks ({interval} min)")
        if warn >= interval * 60:
            raise KindError("warn", f"warn: the warning ({warn} s) must be shorter than the interval "
                                    f"between breaks ({interval} min)")
        suggestions: dict[str, list[str]] = {}
        for lang, value in (self.suggestions or {}).items():
            if lang not in LANGS:
                raise KindError("suggestions", f"suggestions: unknown language {lang!r}; "
                                               f"use one of {', '.join(LANGS)}")
            seen: set[str] = set()
            texts: list[str] = []
            for raw in _suggestion_list(value):
                text = " ".join(raw.split())
                if not text or text.casefold() in seen:
                    continue
                if len(text) > MAX_SUGGESTION:
                    raise KindError(f"suggestions.{lang}",
                                    f"suggestions: {LANG_LABELS[lang]} suggestion {len(texts) + 1} "
                                    f"(\"{text[:30]}…\") is longer than {MAX_SUGGESTION} characters")
                seen.add(text.casefold())
                texts.append(text)
            if texts:
                suggestions[lang] = texts
        if not suggestions:
            raise KindError("suggestions", "suggestions: write at least one suggestion (one a line) "
                                           "in Russian or English")
        return KindInput(names, interval, duration, warn, bool(self.long), bool(self.enabled), suggestions, slug)


def _snapshot(row: BreakKind, suggestions: list[BreakSuggestion]) -> Kind:
    by_lang: dict[str, list[str]] = {}
    for s in sorted(suggestions, key=lambda s: (s.position, s.id)):
        by_lang.setdefault(s.lang, []).append(s.text)
    ordered = {lang: tuple(by_lang[lang]) for lang in LANGS if lang in by_lang}
    ordered.update({lang: tuple(texts) for lang, texts in by_lang.items() if lang not in LANGS})
    names = {lang: name for lang, name in (("ru", row.name_ru), ("en", row.name_en)) if name}
    return Kind(slug=row.slug, names=names, interval=row.interval_min * 60, duration=row.duration_s,
                warn=row.warn_s, long=bool(row.long), enabled=bool(row.enabled), suggestions=ordered)


class BreakLibrary:
    # -- reading -------------------------------------------------------------------------------
    def kinds(self, enabled_only: bool = False) -> list[Kind]:
        """All kinds (or the switched-on ones), in list order, as the break engine takes them."""
        query = BreakKind.select().order_by(BreakKind.position, BreakKind.id)
        if enabled_only:
            query = query.where(BreakKind.enabled == True)  # noqa: E712 - peewee expression
        rows = list(query)
        suggestions: dict[int, list[BreakSuggestion]] = {}
        if rows:
            for s in BreakSuggestion.select().where(BreakSuggestion.kind.in_([r.id for r in rows])):
                suggestions.setdefault(s.kind_id, []).append(s)
        return [_snapshot(r, suggestions.get(r.id, [])) for r in rows]

    def get(self, slug: str) -> Kind:
        row = self._row(slug)
        return _snapshot(row, list(row.suggestions))

    def builtin_slugs(self) -> set[str]:
        """The shipped kinds: they can be switched off and edited, not deleted."""
        return {r.slug for r in BreakKind.select(BreakKind.slug).where(BreakKind.builtin == True)}  # noqa: E712

    def is_builtin(self, slug: str) -> bool:
        return bool(self._row(slug).builtin)

    def signature(self) -> tuple[object, ...]:
        """Changes whenever a kind or a suggestion does, so the app can notice edits made by
        another process (the CLI) without re-reading everything."""
        kinds = db.execute_sql(
            "SELECT COUNT(*), MAX(id), group_concat(id || ':' || slug || ':' || interval_min || ':' || duration_s"
            " || ':' || warn_s || ':' || long || ':' || enabled || ':' || position || ':' || name_ru || ':' || name_en,"
            " '|') FROM break_kind").fetchone()
        suggestions = db.execute_sql("SELECT COUNT(*), MAX(id), TOTAL(length(text)) FROM break_suggestion").fetchone()
        return tuple(kinds) + tuple(suggestions)

    # -- writing -------------------------------------------------------------------------------
    def save(self, data: KindInput, create: bool | None = None) -> str:
        """Create or update a kind with its suggestions in one transaction; returns its slug.

        With a slug, the kind with that slug is updated, or created when there is none; an empty
        slug creates a kind with an id made from its English (else Russian) name. `create=True`
        refuses an existing slug, `create=False` a missing one. Invalid input writes nothing."""
        data = data.cleaned()
        with db.atomic():
            row = BreakKind.get_or_none(BreakKind.slug == data.slug) if data.slug else None
            if row is not None and create:
                raise KindError("slug", f"slug: another break kind already has the id {data.slug!r}")
            if row is None and create is False:
                raise NotFound(f"no break kind {data.slug!r}")
            if row is None:
                slug = data.slug or self._free_slug(slugify(data.names.get("en") or data.names.get("ru", ""), "break"))
                position = (BreakKind.select(pw.fn.MAX(BreakKind.position)).scalar() or 0) + 1
                row = BreakKind(slug=slug, position=position)
            self._write(row, data)
        return row.slug

    def _write(self, row: BreakKind, data: KindInput, builtin: bool | None = None) -> None:
        row.name_ru, row.name_en = data.names.get("ru", ""), data.names.get("en", "")
        row.interval_min, row.duration_s, row.warn_s = data.interval_min, data.duration_s, data.warn_s
        row.long, row.enabled = data.long, data.enabled
        if builtin is not None:
            row.builtin = builtin
        row.save()
        BreakSuggestion.delete().where(BreakSuggestion.kind == row).execute()  # type: ignore[misc, unused-ignore]  # some types-peewee builds type Model.delete as an attribute
        rows = [{"kind": row.id, "lang": lang, "text": text, "position": i}
                for lang, texts in data.suggestions.items() for i, text in enumerate(texts)]
        if rows:
            BreakSuggestion.insert_many(rows).execute()

    def delete(self, slug: str) -> None:
        """Delete an added kind (its history in the break log stays). The shipped ones can only
        be switched off."""
        row = self._row(slug)
        if row.builtin:
            raise KindError("slug", f"\"{row.name('en')}\" is shipped with the app: the shipped kinds can be "
                                    "switched off, not deleted")
        row.delete_instance()  # suggestions go with it (ON DELETE CASCADE)

    def set_enabled(self, slug: str, enabled: bool) -> None:
        row = self._row(slug)
        BreakKind.update(enabled=bool(enabled)).where(BreakKind.id == row.id).execute()

    def transaction(self) -> AbstractContextManager[object]:
        """One transaction around several saves (and settings writes): all or nothing."""
        return db.atomic()

    def _row(self, slug: str) -> BreakKind:
        row = BreakKind.get_or_none(BreakKind.slug == str(slug).strip())
        if row is None:
            raise NotFound(f"no break kind {slug!r}")
        return row

    @staticmethod
    def _free_slug(base: str) -> str:
        slug, n = base, 2
        while BreakKind.select(BreakKind.id).where(BreakKind.slug == slug).exists():
            slug = f"{base[:36]}-{n}"
            n += 1
        return slug

    # -- the shipped kinds -----------------------------------------------------------------------
    def seeded(self) -> bool:
        return Setting.get_or_none(Setting.key == SEEDED_KEY) is not None

    def seed(self, data: object) -> bool:
        """Store the shipped kinds (companion/assets/breaks/kinds.json) once per data file, marked
        builtin; returns whether it did. Changing or switching them off later sticks. A broken
        file raises KindError naming the kind and writes nothing."""
        if self.seeded():
            return False  # without reading the data: the app asks on every start
        kinds = shipped_kinds(data)
        with db.atomic():
            if self.seeded():
                return False
            added = False
            if not BreakKind.select().where(BreakKind.builtin == True).exists():  # noqa: E712
                for kind in kinds:
                    row = BreakKind.get_or_none(BreakKind.slug == kind.slug)
                    if row is None:
                        position = (BreakKind.select(pw.fn.MAX(BreakKind.position)).scalar() or 0) + 1
                        self._write(BreakKind(slug=kind.slug, position=position), kind, builtin=True)
                        added = True
            Setting.insert(key=SEEDED_KEY, value="true").on_conflict_replace().execute()
        return added


def shipped_kinds(data: object) -> list[KindInput]:
    """The kinds of a kinds.json document, validated; KindError says which kind is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise KindError("kinds", "the break kinds file has no \"kinds\" list")
    if data.get("version", 1) != 1:
        raise KindError("version", f"the break kinds file has version {data.get('version')!r}; "
                                   "this app reads version 1")
    out: list[KindInput] = []
    for number, item in enumerate(data["kinds"], 1):
        label = f"kind {number}"
        try:
            if not isinstance(item, dict):
                raise KindError("kinds", "not an object")
            label = f"kind {number} ({item.get('slug', '')})"
            if not str(item.get("slug", "")).strip():
                raise KindError("slug", "slug: missing")
            # The numbers go in as the file has them, None where one is missing.
            kind = KindInput(
                names=item.get("name") or {},
                interval_min=item.get("interval_min"), duration_s=item.get("duration_s"), warn_s=item.get("warn_s"),  # type: ignore[arg-type]  # cleaned() checks them
                long=bool(item.get("long", False)), enabled=bool(item.get("enabled", True)),
                suggestions=item.get("suggestions") or {}, slug=str(item["slug"])).cleaned()
        except KindError as exc:
            raise KindError(exc.field, f"break kinds file, {label}: {exc}") from None
        if any(k.slug == kind.slug for k in out):
            raise KindError("slug", f"break kinds file, {label}: the slug {kind.slug!r} is used twice")
        out.append(kind)
    return out
