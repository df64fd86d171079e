"""The reply library on a real SQLite file: categories, templates, lookup, use counts, the shipped
library and the ticket facts a reply is filled from."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.core.replies import RenderContext
from companion.core.reply_library import (MAX_TITLE, ReplyInput, ReplyLibrary, Variant, slugify,
                                          ticket_facts)
from companion.core.tickets import NotFound, TicketInput, ValidationError
from companion.store.models import ReplyCategory, ReplyTemplate, ReplyVariant

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc
LIBRARY = Path(__file__).resolve().parents[2] / "companion" / "assets" / "replies" / "library.json"


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


@pytest.fixture
def library(database, clock):
    return ReplyLibrary(clock)


@pytest.fixture
def category(library):
    return library.add_category("Статус", "Status")


def both(ru_title, ru_body, en_title, en_body):
    return {"ru": Variant(ru_title, ru_body), "en": Variant(en_title, en_body)}


def make(library, category, en_title="No news yet", ru_title="Новостей пока нет", body="Hello {client}",
         favourite=False):
    return library.create(ReplyInput(category.id, both(ru_title, "Здравствуйте, {client}!", en_title, body),
                                     favourite))


# -- create / update / delete --------------------------------------------------------------------
def test_create_stores_both_variants_and_reads_back_a_snapshot(library, category, clock):
    reply = library.create(ReplyInput(category.id, both("Уточню у разработчиков", "Вернусь {next_update}.",
                                                        "Checking with the developers", "Back {next_update}."),
                                      favourite=True))
    assert reply.slug == "checking-with-the-developers"  # from the English name when there is one
    assert reply.category_id == category.id and reply.favourite and reply.use_count == 0
    assert list(reply.variants) == ["ru", "en"]
    assert reply.variants["ru"] == Variant("Уточню у разработчиков", "Вернусь {next_update}.")
    assert library.reply(reply.id) == reply
    row = ReplyTemplate.get_by_id(reply.id)
    assert row.created_at == clock.now() == row.modified_at
    assert ReplyVariant.select().where(ReplyVariant.template == row).count() == 2


def test_create_tidies_names_and_text_but_keeps_inner_layout(library, category):
    reply = library.create(ReplyInput(category.id, {
        "en": Variant("  Steps \n to  follow ", "\n\n1. Open {url}\n\n   2. Click Save   \n\n"),
        "ru": Variant("", "  \n"),  # an empty variant is simply not there
    }))
    assert list(reply.variants) == ["en"]
    assert reply.variants["en"] == Variant("Steps to follow", "1. Open {url}\n\n   2. Click Save")


def test_update_replaces_variants_moves_category_and_keeps_counts(library, category, clock):
    reply = make(library, category)
    library.record_use(reply.id)
    other = library.add_category("Закрытие", "Closing")
    clock.advance(minutes=5)
    updated = library.update(reply.id, ReplyInput(other.id, {"en": Variant("Renamed", "Bye {client}")}, True,
                                                  slug="renamed"))
    assert updated.id == reply.id and updated.slug == "renamed"
    assert updated.category_id == other.id and updated.favourite
    assert updated.variants == {"en": Variant("Renamed", "Bye {client}")}  # the ru variant is gone
    assert updated.use_count == 1
    assert ReplyTemplate.get_by_id(reply.id).modified_at == clock.now()


def test_update_refuses_a_slug_taken_by_another_reply(library, category):
    first = make(library, category, "First")
    second = make(library, category, "Second")
    with pytest.raises(ValidationError) as err:
        library.update(second.id, ReplyInput(category.id, {"en": Variant("Second", "x")}, slug=first.slug))
    assert err.value.field == "slug" and first.slug in str(err.value)
    assert library.reply(second.id).slug == "second"


def test_update_and_delete_of_a_missing_reply_is_not_found(library, category):
    with pytest.raises(NotFound):
        library.update(999, ReplyInput(category.id, {"en": Variant("X", "y")}))
    with pytest.raises(NotFound):
        library.delete(999)
    with pytest.raises(NotFound):
        library.reply(999)


def test_delete_removes_the_template_and_its_variants(library, category):
    reply = make(library, category)
    library.delete(reply.id)
    assert library.replies() == []
    assert ReplyVariant.select().count() == 0


def test_duplicate_adds_copy_to_each_name_and_starts_fresh(library, category):
    original = make(library, category, favourite=True)
    library.record_use(original.id)
    copy = library.duplicate(original.id)
    assert copy.id != original.id and copy.slug != original.slug
    assert copy.variants["ru"].title == "Новостей пока нет (копия)"
    assert copy.variants["en"].title == "No news yet (copy)"
    assert copy.variants["ru"].body == original.variants["ru"].body
    assert copy.category_id == original.category_id
    assert not copy.favourite and copy.use_count == 0 and copy.last_used_at is None
    again = library.duplicate(original.id)
    assert again.slug not in (original.slug, copy.slug)


def test_duplicate_of_a_name_at_the_length_limit_still_says_copy(library, category):
    long_name = "Очень длинное название " * 10
    original = library.create(ReplyInput(category.id, {"ru": Variant(long_name[:MAX_TITLE], "Текст")}))
    copy = library.duplicate(original.id)
    assert len(copy.variants["ru"].title) <= MAX_TITLE
    assert copy.variants["ru"].title.endswith(" (копия)")
    assert copy.variants["ru"].title != original.variants["ru"].title


def test_set_favourite(library, category):
    reply = make(library, category)
    library.set_favourite(reply.id, True)
    assert library.reply(reply.id).favourite
    library.set_favourite(reply.id, False)
    assert not library.reply(reply.id).favourite


# -- validation names the field ------------------------------------------------------------------
@pytest.mark.parametrize("variants,field,words", [
    ({"en": Variant("Hi", "Hello {clinet}")}, "en.body", ["{clinet}", "did you mean {client}"]),
    ({"ru": Variant("Привет", "Здравствуйте, {клиент}!")}, "ru.body", ["{клиент}", "not a known placeholder"]),
    ({"en": Variant("Hi", "{client.__class__}")}, "en.body", ["{client.__class__}"]),
    ({"en": Variant("Hi", "by {in_business_days:99}")}, "en.body", ["{in_business_days:99}", "from 0 to 60"]),
    ({"en": Variant("Hi", "{client:upper}")}, "en.body", ["{client:upper}", "takes no argument"]),
    ({"en": Variant("", "text without a name")}, "en.title", ["no name"]),
    ({"ru": Variant("Название", "   \n ")}, "ru.body", ["Название", "no text"]),
    ({"en": Variant("x" * (MAX_TITLE + 1), "text")}, "en.title", [str(MAX_TITLE)]),
    ({"en": Variant("Long", "x" * 20001)}, "en.body", ["20000"]),
    ({"de": Variant("Hallo", "Text")}, "de.title", ["'de'", "ru, en"]),
    ({}, "ru.title", ["at least one"]),
    ({"ru": Variant(" ", " "), "en": Variant("", "")}, "ru.title", ["at least one"]),
])
def test_validation_names_the_field_and_the_problem(library, category, variants, field, words):
    with pytest.raises(ValidationError) as err:
        library.create(ReplyInput(category.id, variants))
    assert err.value.field == field
    for word in words:
        assert word in str(err.value)
    assert ReplyTemplate.select().count() == 0


def test_the_first_unknown_placeholder_is_named_even_among_good_ones(library, category):
    with pytest.raises(ValidationError) as err:
        library.create(ReplyInput(category.id, {"en": Variant("Hi", "{greeting}, {client}! Ticket {tikcet}.")}))
    assert "{tikcet}" in str(err.value) and "{ticket}" in str(err.value)


@pytest.mark.parametrize("slug", ["Upper", "-lead", "with space", "x" * 61, "кириллица"])
def test_an_explicit_slug_must_be_a_plain_id(library, category, slug):
    with pytest.raises(ValidationError) as err:
        library.create(ReplyInput(category.id, {"en": Variant("Hi", "x")}, slug=slug))
    assert err.value.field == "slug"


def test_a_reply_needs_an_existing_category(library):
    with pytest.raises(ValidationError) as err:
        library.create(ReplyInput(12345, {"en": Variant("Hi", "x")}))
    assert err.value.field == "category"


# -- slugs ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("title,slug", [
    ("Статус: без новостей", "status-bez-novostey"),
    ("Уточню у разработчиков", "utochnyu-u-razrabotchikov"),
    ("Ждём ответа партнёра", "zhdem-otveta-partnera"),
    ("Щедрый подъезд, Хабаровск", "shchedryy-podezd-khabarovsk"),
    ("Thanks for your patience!", "thanks-for-your-patience"),
    ("  ---  ", "reply"),
    ("😀", "reply"),
    ("Очень длинное название шаблона для ответа клиенту", "ochen-dlinnoe-nazvanie-shablona-dlya-otv"),
])
def test_slugify_transliterates_russian(title, slug):
    assert slugify(title) == slug
    assert len(slugify(title)) <= 40 and not slugify(title).endswith("-")


def test_slug_from_a_russian_only_title_and_unique_on_repeat(library, category):
    first = library.create(ReplyInput(category.id, {"ru": Variant("Статус: без новостей", "Текст")}))
    second = library.create(ReplyInput(category.id, {"ru": Variant("Статус: без новостей", "Другой текст")}))
    third = library.create(ReplyInput(category.id, {"ru": Variant("Статус — без новостей!", "Ещё")}))
    assert [first.slug, second.slug, third.slug] == [
        "status-bez-novostey", "status-bez-novostey-2", "status-bez-novostey-3"]


def test_category_slugs_are_unique_too(library):
    a = library.add_category("Статус", "Status")
    b = library.add_category("Статус", "Status")
    c = library.add_category("Ожидание", "")
    assert (a.slug, b.slug, c.slug) == ("status", "status-2", "ozhidanie")


# -- find ----------------------------------------------------------------------------------------
@pytest.fixture
def three(library, category):
    return (make(library, category, "Checking with the developers", "Уточню у разработчиков"),
            make(library, category, "Check the logs", "Проверьте журналы"),
            make(library, category, "No news yet", "Новостей пока нет"))


FIND = [
    ("checking-with-the-developers", 0),
    ("Checking with the developers", 0),
    ("CHECKING WITH THE   DEVELOPERS", 0),
    ("уточню у разработчиков", 0),
    ("УТОЧНЮ У РАЗРАБОТЧИКОВ", 0),
    ("Check the logs", 1),
    ("check-the-logs", 1),
    ("проверьте", 1),  # a unique start of a name
    ("no news", 2),
    ("новост", 2),
    ("checking", 0),
]


def test_find_by_slug_name_in_either_language_or_unique_prefix(library, three):
    # one database for all the names (a fixture per name made this the slowest test here)
    found = {name: library.find(name).id for name, _index in FIND}
    assert found == {name: three[index].id for name, index in FIND}


def test_find_by_id(library, three):
    assert library.find(str(three[2].id)).id == three[2].id
    assert library.find(f"  {three[1].id} ").id == three[1].id


def test_an_exact_name_wins_over_longer_names_it_begins(library, category):
    short = make(library, category, "Check", "Проверка")
    make(library, category, "Check the logs", "Проверьте журналы")
    assert library.find("check").id == short.id


def test_ambiguous_prefix_lists_the_candidates(library, three):
    with pytest.raises(ValidationError) as err:
        library.find("check")
    message = str(err.value)
    assert "several" in message
    assert "checking-with-the-developers" in message and "check-the-logs" in message
    assert "no-news-yet" not in message


def test_same_name_twice_is_ambiguous_not_a_silent_pick(library, category):
    make(library, category, "Same", "Одинаковый")
    make(library, category, "Same", "Другой")
    with pytest.raises(ValidationError) as err:
        library.find("same")
    assert "same" in str(err.value) and "same-2" in str(err.value)


def test_unknown_name_is_not_found(library, three):
    for name in ["nothing like it", "   ", "", "9999"]:
        with pytest.raises(NotFound):
            library.find(name)


# -- categories ----------------------------------------------------------------------------------
def test_categories_keep_their_order_and_can_be_renamed(library):
    a = library.add_category("Статус", "Status")
    b = library.add_category("", "Closing")
    c = library.add_category("Ожидание", "")
    assert [x.id for x in library.categories()] == [a.id, b.id, c.id]
    library.rename_category(b.id, "Завершение", "Closing & follow-up")
    renamed = ReplyCategory.get_by_id(b.id)
    assert (renamed.name("ru"), renamed.name("en")) == ("Завершение", "Closing & follow-up")
    assert ReplyCategory.get_by_id(c.id).name("en") == "Ожидание"  # falls back to the other language


@pytest.mark.parametrize("ru,en,words", [("", "  ", ["no name"]), ("x" * 81, "", ["80"])])
def test_category_names_are_validated(library, ru, en, words):
    with pytest.raises(ValidationError) as err:
        library.add_category(ru, en)
    assert err.value.field == "category" and all(w in str(err.value) for w in words)


def test_delete_category_refuses_while_it_has_replies(library, category):
    make(library, category)
    make(library, category, "Another")
    with pytest.raises(ValidationError) as err:
        library.delete_category(category.id)
    assert "2 replies" in str(err.value)
    assert len(library.replies()) == 2 and ReplyCategory.get_or_none(ReplyCategory.id == category.id)
    with pytest.raises(ValidationError):
        library.delete_category(category.id, move_to=category.id)
    assert len(library.replies()) == 2 and ReplyCategory.get_or_none(ReplyCategory.id == category.id)


def test_delete_category_moving_its_replies(library, category):
    replies = [make(library, category), make(library, category, "Another")]
    target = library.add_category("Архив", "Archive")
    library.delete_category(category.id, move_to=target.id)
    assert ReplyCategory.get_or_none(ReplyCategory.id == category.id) is None
    assert {r.id: r.category_id for r in library.replies()} == {r.id: target.id for r in replies}


def test_delete_empty_category(library):
    empty = library.add_category("Пусто", "Empty")
    library.delete_category(empty.id)
    assert library.categories() == []
    with pytest.raises(ValidationError):
        library.delete_category(empty.id)


def test_replies_are_listed_in_category_then_template_order(library):
    second_cat = library.add_category("Б", "B")
    first_cat = library.add_category("А", "A")
    a2 = library.create(ReplyInput(second_cat.id, {"en": Variant("B1", "x")}))
    a1 = library.create(ReplyInput(first_cat.id, {"en": Variant("A1", "x")}))
    a3 = library.create(ReplyInput(second_cat.id, {"en": Variant("B2", "x")}))
    assert [r.id for r in library.replies()] == [a2.id, a3.id, a1.id]


# -- use counts ----------------------------------------------------------------------------------
def test_record_use_counts_and_stamps_the_time(library, category, clock):
    reply = make(library, category)
    library.record_use(reply.id)
    clock.advance(hours=1)
    library.record_use(reply.id)
    again = library.reply(reply.id)
    assert again.use_count == 2 and again.last_used_at == clock.now()


def test_top_lists_favourites_then_most_used_then_most_recent(library, category, clock):
    replies = [make(library, category, f"Reply {i}") for i in range(8)]
    fav = replies[7]
    library.set_favourite(fav.id, True)
    for index, uses in [(0, 1), (1, 5), (2, 3), (3, 3), (4, 2), (5, 1), (6, 1)]:
        for _ in range(uses):
            library.record_use(replies[index].id)
            clock.advance(minutes=1)
    top = [r.id for r in library.top(5)]
    # 3 and 2 tie on count: the more recent first; 0, 5 and 6 tie on 1 use: 6 most recent
    assert top == [fav.id] + [replies[i].id for i in (1, 3, 2, 4, 6)]
    assert [r.id for r in library.top(2)] == [fav.id, replies[1].id, replies[3].id]


def test_top_without_any_use_is_just_the_favourites(library, category):
    make(library, category, "A")
    fav = make(library, category, "B", favourite=True)
    assert [r.id for r in library.top()] == [fav.id]


# -- the shipped library -------------------------------------------------------------------------
def shipped() -> dict:
    return json.loads(LIBRARY.read_text(encoding="utf-8"))


def test_seed_loads_the_shipped_library_once(library):
    data = shipped()
    added = library.seed(data)
    assert added == len(data["templates"]) >= 40
    assert len(library.categories()) == len(data["categories"])
    assert library.seed(data) == 0
    assert len(library.replies()) == added


def test_seed_does_not_bring_deleted_replies_back(library):
    library.seed(shipped())
    for reply in library.replies():
        library.delete(reply.id)
    assert library.seed(shipped()) == 0
    assert library.replies() == []


def test_shipped_library_is_complete_valid_and_renders_without_unknown_placeholders(library, clock):
    data = shipped()
    assert data["format"] == "support-companion-replies"
    library.seed(data)
    replies = library.replies()
    ctx = RenderContext(clock.now(), MSK, "en", None, "Мария", None)
    for reply in replies:
        assert set(reply.variants) == {"ru", "en"}, reply.slug
        for lang, variant in reply.variants.items():
            # the library passes the editor's own validation
            ReplyInput(reply.category_id, {lang: variant}).cleaned()
            _used, rendered = library.render(reply, lang, ctx)
            assert all(p.reason == "empty" for p in rendered.problems), (reply.slug, lang, rendered.problems)
            assert "  " not in variant.title
    assert len({r.slug for r in replies}) == len(replies)
    categories = library.categories()
    assert all(c.name_ru and c.name_en for c in categories)
    assert all(any(r.category_id == c.id for r in replies) for c in categories)


def test_render_picks_the_language_or_falls_back(library, category, clock):
    reply = library.create(ReplyInput(category.id, {"ru": Variant("Только русский", "Здравствуйте, {agent}")}))
    ctx = RenderContext(clock.now(), MSK, "en", None, "Мария", None)
    used, rendered = library.render(reply, "en", ctx)
    assert used == "ru" and rendered.text == "Здравствуйте, Мария"


# -- ticket facts --------------------------------------------------------------------------------
def test_ticket_facts_with_the_update_still_ahead(tickets, clock, schedule):
    ticket = tickets.create(TicketInput("SUP-1", client="Анна", subject="Экспорт", url="https://x.test/1",
                                        cadence="4h", promised_at=local(2026, 11, 27, 16, 0)))
    clock.set(local(2026, 11, 23, 11, 0))
    facts = ticket_facts(tickets.get("SUP-1"), clock.now(), schedule)
    assert (facts.key, facts.client, facts.subject, facts.url) == ("SUP-1", "Анна", "Экспорт", "https://x.test/1")
    # Due at 14:00, but a reply now is an update: logged at 11:00, the next one is due at 15:00.
    assert ticket.next_update_due == local(2026, 11, 23, 14, 0)
    assert facts.next_update == local(2026, 11, 23, 15, 0)
    assert facts.promised == local(2026, 11, 27, 16, 0)


def test_ticket_facts_when_the_update_is_due_now_counts_the_cadence_from_now(tickets, clock, schedule):
    tickets.create(TicketInput("SUP-2", cadence="4h"))  # due 14:00
    clock.set(local(2026, 11, 23, 14, 0))
    facts = ticket_facts(tickets.get("SUP-2"), clock.now(), schedule)
    assert facts.next_update == local(2026, 11, 23, 18, 0)


def test_ticket_facts_when_overdue_give_the_update_after_this_one(tickets, clock, schedule):
    tickets.create(TicketInput("SUP-3", cadence="4h"))  # due Mon 14:00
    clock.set(local(2026, 11, 23, 16, 30))  # late: this reply is the overdue update
    facts = ticket_facts(tickets.get("SUP-3"), clock.now(), schedule)
    # four working hours from now: 1.5 h today, 2.5 h tomorrow morning
    assert facts.next_update == local(2026, 11, 24, 11, 30)
    assert facts.next_update == schedule.add_working(clock.now(), 4 * 3600)
    # and it is exactly what marking the ticket updated now will set
    tickets.mark_updated("SUP-3")
    assert tickets.get("SUP-3").next_update_due == facts.next_update


def test_ticket_facts_overdue_without_a_cadence_have_no_next_update(tickets, clock, schedule):
    tickets.create(TicketInput("SUP-4", next_update_at=local(2026, 11, 23, 12, 0)))
    clock.set(local(2026, 11, 23, 15, 0))
    facts = ticket_facts(tickets.get("SUP-4"), clock.now(), schedule)
    assert facts.next_update is None


def test_ticket_facts_for_a_paused_ticket_promise_no_next_update(tickets, clock, schedule):
    tickets.create(TicketInput("SUP-5", cadence="4h"))
    clock.advance(hours=1)
    paused = tickets.set_status("SUP-5", "waiting_client")
    # the clock is paused: no reminder would back a promised time, so {next_update} is a gap
    assert ticket_facts(paused, clock.now(), schedule).next_update is None
    resolved = tickets.set_status("SUP-5", "resolved")
    assert ticket_facts(resolved, clock.now(), schedule).next_update is None


def test_ticket_facts_fill_a_reply(library, category, tickets, clock, schedule):
    tickets.create(TicketInput("SUP-6", client="Анна", cadence="1d"))
    reply = library.create(ReplyInput(category.id, both(
        "Уточню", "{greeting}, {client}! По {ticket} вернусь {next_update}.",
        "Check", "{greeting}, {client}! I'll update you on {ticket} {next_update}.")))
    facts = ticket_facts(tickets.get("SUP-6"), clock.now(), schedule)
    ctx = RenderContext(clock.now(), MSK, "ru", facts, "Мария", schedule)
    assert library.render(reply, "ru", ctx)[1].text == "Доброе утро, Анна! По SUP-6 вернусь завтра до 10:00."
    assert library.render(reply, "en", ctx)[1].text == (
        "Good morning, Анна! I'll update you on SUP-6 tomorrow by 10 am.")


def test_ticket_facts_promise_what_the_reminder_will_back_after_this_update(tickets, clock, schedule):
    # A daily update created Monday 10:00 is due Tuesday 10:00. Answering on Monday at 16:00 logs
    # an update, after which the next one is due Tuesday 16:00: that is what the reply promises.
    clock.set(local(2026, 11, 23, 10, 0))
    tickets.create(TicketInput("SUP-3", cadence="1d"))
    clock.set(local(2026, 11, 23, 16, 0))
    facts = ticket_facts(tickets.get("SUP-3"), clock.now(), schedule)
    assert facts.next_update == local(2026, 11, 24, 16, 0)
    tickets.mark_updated("SUP-3")
    assert tickets.get("SUP-3").next_update_due == facts.next_update


def test_ticket_facts_keep_a_one_off_time_the_agent_set(tickets, clock, schedule):
    clock.set(local(2026, 11, 23, 10, 0))
    tickets.create(TicketInput("SUP-4", cadence="1d", next_update_at=local(2026, 11, 23, 12, 0)))
    facts = ticket_facts(tickets.get("SUP-4"), clock.now(), schedule)
    assert facts.next_update == local(2026, 11, 23, 12, 0)


def test_the_handoff_reply_is_the_shipped_one_else_the_first_of_its_category():
    from companion.core.reply_library import Reply, handoff_reply

    def reply(slug: str) -> Reply:
        return Reply(id=len(slug), slug=slug, category_id=1, favourite=False, use_count=0, last_used_at=None,
                     position=0, variants={})

    own = reply("handoff-my-words")
    assert handoff_reply([reply("greeting"), own, reply("handoff-to-colleague")]).slug == "handoff-to-colleague"
    assert handoff_reply([reply("greeting"), own]) is own  # the agent replaced the shipped one
    assert handoff_reply([reply("greeting")]) is None  # the dialog opens the palette instead
