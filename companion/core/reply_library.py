"""The agent's reply library: categories and templates with ru/en variants, use counts, and the
ticket facts a reply is filled from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import peewee as pw

from companion.core import limits
from companion.core.clock import Clock
from companion.core.replies import LANGS, RenderContext, Rendered, TicketFacts, render, unknown_placeholders
from companion.core.schedule import ScheduleError, WorkSchedule
from companion.core.tickets import DEFAULT_LEAD, NotFound, ValidationError, next_update_after
from companion.store.models import ReplyCategory, ReplyTemplate, ReplyVariant, Setting, Ticket, db

MAX_TITLE = 120
MAX_BODY = 20000
MAX_CATEGORY = 80
SEEDED_KEY = "replies_seeded"
# Team replies are mirrored from the lead's packs (core/team.mirror_packs) under slugs with this prefix,
# which no reply of the agent's can have (their ids are a-z, 0-9 and '-'). Repeated rather than imported:
# core/team brings the whole hand-off machinery, which the palette has no need to load.
TEAM_PREFIX = "team:"
OWN_CATEGORY = ("Мои ответы", "My replies")  # made for a copied team reply when the agent has no category

_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
                      "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
                     strict=True))


def slugify(text: str, fallback: str = "reply") -> str:
    """An ASCII identifier for scripts and the CLI ("Статус: без новостей" -> "status-bez-novostey")."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text.casefold())
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")[:40].strip("-")
    return out or fallback


@dataclass(frozen=True)
class Variant:
    title: str
    body: str


@dataclass(frozen=True)
class Reply:
    """A plain snapshot of one template (no database object), what the UI and search work on."""

    id: int
    slug: str
    category_id: int
    favourite: bool
    use_count: int
    last_used_at: datetime | None
    position: int
    variants: dict[str, Variant]

    def variant(self, lang: str) -> tuple[str, Variant]:
        """The variant in `lang`, else the first one there is: (its language, variant)."""
        if lang in self.variants:
            return lang, self.variants[lang]
        for other in LANGS:
            if other in self.variants:
                return other, self.variants[other]
        other = next(iter(self.variants))
        return other, self.variants[other]

    def title(self, lang: str) -> str:
        return self.variant(lang)[1].title

    @property
    def team(self) -> bool:
        """A reply of the team's shared packs: read-only here, maintained by the team's lead."""
        return self.slug.startswith(TEAM_PREFIX)


class TeamReadOnly(ValidationError):
    """A change asked of a team reply or category, which only the team's lead makes (on the server)."""

    def __init__(self, what: str):
        super().__init__("category", f"{what} belongs to the team's shared replies, which your lead maintains; "
                         "copy it to your own replies to change it")


@dataclass
class ReplyInput:
    category_id: int
    variants: dict[str, Variant]
    favourite: bool = False
    slug: str = ""

    def cleaned(self, strict: bool = True) -> "ReplyInput":
        """Validated and tidied. `strict` also refuses placeholders that can never be filled
        (the editor); a duplicate of an imported reply keeps them, as the import did."""
        variants: dict[str, Variant] = {}
        for lang, v in self.variants.items():
            if lang not in LANGS:
                raise ValidationError(f"{lang}.title", f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
            title, body = " ".join((v.title or "").split()), (v.body or "").strip("\n")
            body = body.rstrip()
            if not title and not body.strip():
                continue  # an empty variant is no variant
            label = "Russian" if lang == "ru" else "English"
            if not title:
                raise ValidationError(f"{lang}.title", f"the {label} variant has text but no name")
            if not body.strip():
                raise ValidationError(f"{lang}.body", f"the {label} variant \"{title}\" has no text")
            if len(title) > MAX_TITLE:
                raise ValidationError(f"{lang}.title", f"the {label} name is longer than {MAX_TITLE} characters")
            if len(body) > MAX_BODY:
                raise ValidationError(f"{lang}.body", f"the {label} text is longer than {MAX_BODY} characters")
            for name, value, lines in (("title", title, False), ("body", body, True)):
                try:
                    limits.text(value, f"{label} {name}", multiline=lines)
                except limits.LimitError as exc:
                    raise ValidationError(f"{lang}.{name}", str(exc)) from None
            bad = unknown_placeholders(body) if strict else []
            if bad:
                raise ValidationError(f"{lang}.body", f"{label} text: {bad[0].message}")
            variants[lang] = Variant(title, body)
        if not variants:
            raise ValidationError("ru.title", "the reply has no text; write at least one language variant")
        slug = self.slug.strip()
        if slug and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,59}", slug):
            raise ValidationError("slug", f"{slug!r} is not a valid id: use a-z, 0-9 and '-' (at most 60)")
        return ReplyInput(self.category_id, variants, bool(self.favourite), slug)


def _snapshot(template: ReplyTemplate, variants: list[ReplyVariant]) -> Reply:
    return Reply(template.id, template.slug, template.category_id, bool(template.favourite),
                 template.use_count, template.last_used_at, template.position,
                 {v.lang: Variant(v.title, v.body) for v in sorted(variants, key=lambda v: LANGS.index(v.lang)
                                                                   if v.lang in LANGS else 99)})


class ReplyLibrary:
    def __init__(self, clock: Clock):
        self.clock = clock

    # -- reading -------------------------------------------------------------------------------
    def categories(self) -> list[ReplyCategory]:
        return list(ReplyCategory.select().order_by(ReplyCategory.position, ReplyCategory.id))

    def own_categories(self) -> list[ReplyCategory]:
        """The agent's own categories, the ones a reply can be written into (not the team's)."""
        return [c for c in self.categories() if not c.team]

    def replies(self) -> list[Reply]:
        """All templates, in category then template order."""
        variants: dict[int, list[ReplyVariant]] = {}
        for v in ReplyVariant.select():
            variants.setdefault(v.template_id, []).append(v)
        query = (ReplyTemplate.select(ReplyTemplate).join(ReplyCategory)
                 .order_by(ReplyCategory.position, ReplyCategory.id, ReplyTemplate.position, ReplyTemplate.id))
        return [_snapshot(t, variants.get(t.id, [])) for t in query if variants.get(t.id)]

    def reply(self, reply_id: int) -> Reply:
        template = ReplyTemplate.get_or_none(ReplyTemplate.id == reply_id)
        if template is None:
            raise NotFound(f"no reply with id {reply_id}")
        return _snapshot(template, list(template.variants))

    def signature(self) -> tuple[object, ...]:
        """Changes whenever replies or categories do (edits, imports, uses, deletions): lets
        the app skip re-reading the library when another process only touched tickets."""
        templates = db.execute_sql("SELECT COUNT(*), MAX(modified_at), TOTAL(use_count), MAX(last_used_at) "
                                   "FROM reply_template").fetchone()
        categories = db.execute_sql("SELECT group_concat(id || ':' || position || ':' || name_ru || ':' || name_en,"
                                    " '|') FROM reply_category").fetchone()
        return tuple(templates) + tuple(categories)

    def find(self, name: str) -> Reply:
        """By id, slug or name in any language (case-insensitive); a unique start of a name or
        slug is enough. Ambiguity and absence are explained."""
        text = " ".join(str(name).split())
        if not text:
            raise NotFound("no reply name given")
        replies = self.replies()
        if text.isdecimal() and text.isascii():
            for r in replies:
                if r.id == int(text):
                    return r
        folded = text.casefold()
        exact = [r for r in replies if r.slug == folded
                 or any(v.title.casefold() == folded for v in r.variants.values())]
        if len(exact) == 1:
            return exact[0]
        candidates = exact or [r for r in replies if r.slug.startswith(folded)
                               or any(v.title.casefold().startswith(folded) for v in r.variants.values())]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFound(f"no reply called {text!r} (see `companion reply list`)")
        names = ", ".join(r.slug for r in candidates[:6])
        raise ValidationError("name", f"{text!r} matches several replies ({names}); give the id or more of the name")

    def top(self, limit: int = 5) -> list[Reply]:
        return top_replies(self.replies(), limit)

    # -- categories ----------------------------------------------------------------------------
    def _category_names(self, name_ru: str, name_en: str) -> tuple[str, str]:
        ru, en = " ".join((name_ru or "").split()), " ".join((name_en or "").split())
        if not ru and not en:
            raise ValidationError("category", "the category has no name")
        if max(len(ru), len(en)) > MAX_CATEGORY:
            raise ValidationError("category", f"a category name is longer than {MAX_CATEGORY} characters")
        return ru, en

    def _free_slug(self, model: type[ReplyCategory] | type[ReplyTemplate], base: str,
                   exclude: int | None = None) -> str:
        slug, n = base, 2
        while True:
            query = model.select(model.id).where(model.slug == slug)
            if exclude is not None:
                query = query.where(model.id != exclude)
            if not query.exists():
                return slug
            slug = f"{base[:36]}-{n}"
            n += 1

    def add_category(self, name_ru: str, name_en: str = "", slug: str = "") -> ReplyCategory:
        ru, en = self._category_names(name_ru, name_en)
        with db.atomic():
            position = (ReplyCategory.select(pw.fn.MAX(ReplyCategory.position)).scalar() or 0) + 1
            base = slug or slugify(en or ru, "category")
            return ReplyCategory.create(slug=self._free_slug(ReplyCategory, base), name_ru=ru, name_en=en,
                                        position=position)

    def rename_category(self, category_id: int, name_ru: str, name_en: str) -> ReplyCategory:
        ru, en = self._category_names(name_ru, name_en)
        category = self._own_category(category_id)
        category.name_ru, category.name_en = ru, en
        category.save()
        return category

    def delete_category(self, category_id: int, move_to: int | None = None) -> None:
        """Delete a category. Its templates move to `move_to`; without one the category must be
        empty (templates are never deleted as a side effect)."""
        category = self._own_category(category_id)
        with db.atomic():
            count = ReplyTemplate.select().where(ReplyTemplate.category == category).count()
            if count and move_to is None:
                raise ValidationError("category", f"the category \"{category.name('en')}\" still has {count} "
                                      "replies; move or delete them first")
            if count:
                target = self._own_category(move_to)
                if target.id == category.id:
                    raise ValidationError("category", "cannot move replies into the category being deleted")
                ReplyTemplate.update(category=target).where(ReplyTemplate.category == category).execute()
            category.delete_instance()

    def _category(self, category_id: int | None) -> ReplyCategory:
        category = ReplyCategory.get_or_none(ReplyCategory.id == category_id)
        if category is None:
            raise ValidationError("category", "choose a category for the reply")
        return category

    def _own_category(self, category_id: int | None) -> ReplyCategory:
        """The category, if the agent may change it or write into it (not a team one)."""
        category = self._category(category_id)
        if category.team:
            raise TeamReadOnly(f"the category \"{category.name('en')}\"")
        return category

    # -- templates -----------------------------------------------------------------------------
    def create(self, data: ReplyInput, strict: bool = True) -> Reply:
        data = data.cleaned(strict)
        now = self.clock.now()
        with db.atomic():
            category = self._own_category(data.category_id)
            first = data.variants.get("en") or next(iter(data.variants.values()))
            if data.slug and ReplyTemplate.select().where(ReplyTemplate.slug == data.slug).exists():
                raise ValidationError("slug", f"another reply already has the id {data.slug!r}")
            slug = self._free_slug(ReplyTemplate, data.slug or slugify(first.title))
            position = (ReplyTemplate.select(pw.fn.MAX(ReplyTemplate.position))
                        .where(ReplyTemplate.category == category).scalar() or 0) + 1
            template = ReplyTemplate.create(slug=slug, category=category, favourite=data.favourite,
                                            position=position, created_at=now, modified_at=now)
            self._write_variants(template, data.variants)
        return self.reply(template.id)

    def update(self, reply_id: int, data: ReplyInput) -> Reply:
        data = data.cleaned()
        with db.atomic():
            template = self._own_template(reply_id)
            category = self._own_category(data.category_id)
            if category.id != template.category_id:
                template.position = (ReplyTemplate.select(pw.fn.MAX(ReplyTemplate.position))
                                     .where(ReplyTemplate.category == category).scalar() or 0) + 1
            template.category = category
            template.favourite = data.favourite
            if data.slug and data.slug != template.slug:
                if ReplyTemplate.select().where(ReplyTemplate.slug == data.slug,
                                                ReplyTemplate.id != template.id).exists():
                    raise ValidationError("slug", f"another reply already has the id {data.slug!r}")
                template.slug = data.slug
            template.modified_at = self.clock.now()
            template.save()
            ReplyVariant.delete().where(ReplyVariant.template == template).execute()  # type: ignore[misc, unused-ignore]  # some types-peewee builds type Model.delete as an attribute
            self._write_variants(template, data.variants)
        return self.reply(template.id)

    def _write_variants(self, template: ReplyTemplate, variants: dict[str, Variant]) -> None:
        for lang, v in variants.items():
            ReplyVariant.create(template=template, lang=lang, title=v.title, body=v.body)

    def _template(self, reply_id: int) -> ReplyTemplate:
        template = ReplyTemplate.get_or_none(ReplyTemplate.id == reply_id)
        if template is None:
            raise NotFound(f"no reply with id {reply_id}")
        return template

    def _own_template(self, reply_id: int) -> ReplyTemplate:
        """The reply, if the agent may change or delete it (not a team one)."""
        template = self._template(reply_id)
        if template.category.team or template.slug.startswith(TEAM_PREFIX):
            first = ReplyVariant.select().where(ReplyVariant.template == template).first()
            raise TeamReadOnly(f"the reply \"{first.title if first else template.slug}\"")
        return template

    def duplicate(self, reply_id: int) -> Reply:
        original = self.reply(reply_id)
        if original.team:  # a copy in the team's category would be read-only too: it goes to the agent's
            return self.copy_to_mine(reply_id)
        suffix = {"ru": " (копия)", "en": " (copy)"}
        # Shorten the name, not the suffix: cutting "(копия)" off a long name would give the copy
        # the original's exact name, and `find` could then no longer tell them apart.
        variants = {lang: Variant(v.title[:MAX_TITLE - len(suffix[lang])] + suffix[lang], v.body)
                    for lang, v in original.variants.items()}
        return self.create(ReplyInput(original.category_id, variants, False), strict=False)

    def copy_to_mine(self, reply_id: int, category_id: int | None = None) -> Reply:
        """A team reply copied into the agent's own library, both languages, under its own name, to edit
        as they like: into `category_id`, else their first category (made if they have none). The team's
        reply stays as it is and keeps following the lead's pack."""
        original = self.reply(reply_id)
        with db.atomic():
            if category_id is None:
                own = self.own_categories()
                category_id = own[0].id if own else self.add_category(*OWN_CATEGORY, slug="my-replies").id
            category = self._own_category(category_id)
            base = slugify(original.slug.removeprefix(TEAM_PREFIX), "reply")
            # Placeholders kept as the lead wrote them (strict=False), as an import keeps them.
            return self.create(ReplyInput(category.id, dict(original.variants), False,
                                          self._free_slug(ReplyTemplate, base)), strict=False)

    def delete(self, reply_id: int) -> None:
        self._own_template(reply_id).delete_instance()

    def set_favourite(self, reply_id: int, favourite: bool) -> None:
        ReplyTemplate.update(favourite=bool(favourite)).where(ReplyTemplate.id == reply_id).execute()

    def record_use(self, reply_id: int) -> None:
        ReplyTemplate.update(use_count=ReplyTemplate.use_count + 1, last_used_at=self.clock.now()).where(
            ReplyTemplate.id == reply_id).execute()

    # -- the shipped library ---------------------------------------------------------------------
    def seeded(self) -> bool:
        return Setting.get_or_none(Setting.key == SEEDED_KEY) is not None

    def seed(self, data: object) -> int:
        """Load the shipped library once per data file (deleting replies later does not bring
        them back). Returns how many replies were added."""
        from companion.core.reply_io import import_replies

        with db.atomic():
            if Setting.get_or_none(Setting.key == SEEDED_KEY) is not None:
                return 0
            summary = import_replies(data, self.clock, source="shipped library")
            Setting.insert(key=SEEDED_KEY, value="true").on_conflict_replace().execute()
        return summary.added

    # -- filling ---------------------------------------------------------------------------------
    def render(self, reply: Reply, lang: str, ctx: RenderContext) -> tuple[str, Rendered]:
        """Render the variant in `lang` (or the one there is); returns (language used, result)."""
        used, variant = reply.variant(lang)
        return used, render(variant.body, replace(ctx, lang=used))


def top_replies(replies: list[Reply], limit: int = 5) -> list[Reply]:
    """Favourites first, then the `limit` most used (most recent first among equals)."""
    favourites = [r for r in replies if r.favourite]
    used = sorted((r for r in replies if r.use_count > 0 and not r.favourite),
                  key=lambda r: (-r.use_count, -(r.last_used_at.timestamp() if r.last_used_at else 0)))
    return favourites + used[:limit]


HANDOFF_REPLY = "handoff-to-colleague"  # the shipped reply that hands a ticket to a colleague


def handoff_reply(replies: list[Reply]) -> Reply | None:
    """The reply offered when a day is over capacity: the shipped hand-off reply, else the first
    of the hand-off category (the agent may have replaced it), else none."""
    return next((r for r in replies if r.slug == HANDOFF_REPLY), None) or \
        next((r for r in replies if r.slug.startswith("handoff")), None)


def reply_context(ticket: Ticket | None, now: datetime, schedule: WorkSchedule, lang: str,
                  agent: str, lead: timedelta = DEFAULT_LEAD) -> RenderContext:
    """Everything a reply is filled from: the ticket (if any) as of `now`, the agent, the schedule."""
    facts = ticket_facts(ticket, now, schedule, lead) if ticket is not None else None
    return RenderContext(now, schedule.tz, lang, facts, agent, schedule)


def ticket_facts(ticket: Ticket, now: datetime, schedule: WorkSchedule,
                 lead: timedelta = DEFAULT_LEAD) -> TicketFacts:
    """What a reply may say about `ticket` now.

    A reply to the client is a client update, so {next_update} is the time the next one falls
    due once this one is logged: next_update_after() in core/tickets.py, the same rule that
    "mark updated" applies, so the reply and the reminder name one instant. Nothing due (waiting
    on the client, resolved, archived) means no reminder backs a promise: no value."""
    try:
        next_update = next_update_after(ticket, now, schedule, lead)
    except ScheduleError:
        next_update = None
    return TicketFacts(key=ticket.key, client=ticket.client, contact=ticket.contact, subject=ticket.subject,
                       url=ticket.url, next_update=next_update, promised=ticket.promised_at)


@dataclass
class ImportSummary:
    added: int = 0
    updated: int = 0
    categories: int = 0
    warnings: list[str] = field(default_factory=list)
