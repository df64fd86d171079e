"""Palette search: ranked by how well the words match, then by use; word prefixes while typing,
typos, and queries typed in the wrong keyboard layout."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.reply_library import Reply, Variant
from companion.core.reply_search import ReplyIndex, other_layout, words

UTC = timezone.utc
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
LIBRARY = Path(__file__).resolve().parents[2] / "companion" / "assets" / "replies" / "library.json"


def reply(rid, en="", body="", ru="", ru_body="", category=1, uses=0, last=None, favourite=False) -> Reply:
    variants = {}
    if ru:
        variants["ru"] = Variant(ru, ru_body or body or ru)
    if en:
        variants["en"] = Variant(en, body or en)
    return Reply(rid, f"r{rid}", category, favourite, uses, last, rid, variants)


def ids(index, query, limit=50, now=NOW):
    return [hit.reply_id for hit in index.search(query, now, limit)]


# -- the shipped library -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    data = json.loads(LIBRARY.read_text(encoding="utf-8"))
    categories = {c["id"]: n for n, c in enumerate(data["categories"], start=1)}
    names = {categories[c["id"]]: f"{c['name']['en']} {c['name']['ru']}" for c in data["categories"]}
    replies = [Reply(n, t["id"], categories[t["category"]], t.get("favourite", False), 0, None, n,
                     {lang: Variant(v["title"], v["body"]) for lang, v in t["variants"].items()})
               for n, t in enumerate(data["templates"], start=1)]
    index = ReplyIndex(replies, names)
    slug = {r.id: r.slug for r in replies}

    def top(query, n=1):
        return [slug[i] for i in ids(index, query, n)]

    return top


@pytest.mark.parametrize("query,expected", [
    ("devel", "dev-check"),  # a word still being typed
    ("checking with", "dev-check"),
    ("screenshot", "ask-screenshot"),
    ("скриншот", "ask-screenshot"),
    ("no news", "status-no-news"),
    ("новостей нет", "status-no-news"),
    ("escalat", "dev-escalated"),
    ("auto close", "wait-autoclose"),
    ("закроем", "wait-autoclose"),
    ("thank patience", "close-thanks-patience"),
    ("спасибо терпение", "close-thanks-patience"),
    ("versions", "ask-versions"),
    ("frustrat", "calm-understand"),
    ("передать коллеге", "handoff-to-colleague"),
    # typos
    ("devloper", "dev-check"),
    ("screenshto", "ask-screenshot"),
    ("скриншто", "ask-screenshot"),
    ("разработчиак", "dev-check"),
    # the wrong keyboard layout, both ways
    ("ghjdthrf", "dev-check"),  # "проверка": the category "Проверка у разработчиков"
    ("cnfnec", "status-no-news"),  # "статус"
    ("сруслштп", "dev-check"),  # "checking"
])
def test_shipped_library_finds_the_obvious_reply_first(shipped, query, expected):
    assert shipped(query) == [expected]


@pytest.mark.parametrize("query", ["de", "dev", "deve", "devel", "develo", "developer", "developers"])
def test_a_reply_stays_found_while_its_word_is_being_typed(shipped, query):
    assert "dev-check" in shipped(query, 3)


def test_wrong_layout_with_letters_on_punctuation_keys(shipped):
    # б, ю, ж, э, х, ъ sit on , . ; ' [ ] — the query must be converted before it is split into words
    assert shipped("j;blfybt", 3) == shipped("ожидание", 3)  # ожидание
    assert shipped("jib,rf", 3) == shipped("ошибка", 3)  # ошибка
    assert set(shipped("jib,rf", 2)) == {"ask-error-text", "ask-time-account"}  # "…ошибки" in both names


def test_every_word_must_match(shipped):
    assert shipped("no news", 10)[0] == "status-no-news"
    assert shipped("no news xyzzyq", 10) == []
    assert shipped("qqqqqqq", 10) == []


# -- ranking on hand-made lists ------------------------------------------------------------------
def test_a_name_match_beats_a_body_only_match():
    index = ReplyIndex([
        reply(1, "Closing the ticket", "We talked about the refund earlier."),
        reply(2, "Refund request", "Thanks for writing."),
    ])
    assert ids(index, "refund") == [2, 1]
    assert ids(index, "refu") == [2, 1]


def test_usage_does_not_lift_a_poor_match_above_a_clearly_better_one():
    index = ReplyIndex([
        reply(1, "Closing the ticket", "We talked about the refund earlier.", uses=10_000, last=NOW,
              favourite=True),
        reply(2, "Refund request", "Thanks for writing."),
    ])
    assert ids(index, "refund") == [2, 1]
    hits = index.search("refund", NOW)
    assert hits[0].score > hits[1].score


def test_a_category_match_sits_between_a_name_and_a_body_match():
    index = ReplyIndex([
        reply(1, "Something else", "the invoice is attached", category=1),
        reply(2, "Another thing", "text", category=2),
        reply(3, "Invoice copy", "text", category=1),
    ], {1: "General", 2: "Invoices and billing"})
    assert ids(index, "invoice") == [3, 2, 1]


def test_usage_breaks_ties_between_equal_matches():
    index = ReplyIndex([
        reply(1, "Reminder one", "x"),
        reply(2, "Reminder two", "x", uses=3, last=NOW - timedelta(days=3)),
        reply(3, "Reminder three", "x", uses=3, last=NOW - timedelta(hours=1)),
    ])
    assert ids(index, "reminder") == [3, 2, 1]


def test_equal_matches_with_equal_use_keep_the_library_order():
    index = ReplyIndex([reply(n, f"Reminder {word}", "x") for n, word in enumerate(
        ["first", "second", "third", "fourth"], start=1)])
    assert ids(index, "reminder") == [1, 2, 3, 4]
    assert ids(index, "") == [1, 2, 3, 4]


def test_exact_word_beats_a_longer_word_it_begins():
    index = ReplyIndex([reply(1, "Testing the fix"), reply(2, "Test account")])
    assert ids(index, "test") == [2, 1]


def test_words_in_order_in_the_name_get_a_bonus():
    index = ReplyIndex([reply(1, "Update later, status now"), reply(2, "Status update")])
    assert ids(index, "status update") == [2, 1]


def test_typos_only_from_four_letters_and_not_across_the_first_letter():
    index = ReplyIndex([reply(1, "Developers"), reply(2, "Reproduce")])
    assert ids(index, "devloper") == [1]
    assert ids(index, "dvl") == []  # too short to guess
    assert ids(index, "eveloper") == []  # a slip rarely hits the first key


def test_a_single_letter_only_looks_at_names():
    index = ReplyIndex([reply(1, "Alpha", "zebra"), reply(2, "Zulu", "text")])
    assert ids(index, "z") == [2]


def test_yo_and_ye_are_the_same_letter():
    index = ReplyIndex([reply(1, ru="Ждём ответа", ru_body="Ждём")])
    assert ids(index, "ждем") == [1]
    assert ids(index, "ЖДЁМ") == [1]


def test_russian_and_english_names_of_one_reply_are_both_searched():
    index = ReplyIndex([reply(1, "Checking with the developers", ru="Уточню у разработчиков"),
                        reply(2, "No news yet", ru="Новостей пока нет")])
    assert ids(index, "уточню") == [1]
    assert ids(index, "news") == [2]


def test_other_layout_helper():
    assert other_layout("ghbdtn") == "привет"
    assert other_layout("привет") == "ghbdtn"
    assert other_layout("Ghjdthrf") == "Проверка"
    assert words("Проверка, ЁЖИК!") == ["проверка", "ежик"]


# -- empty query, live usage ---------------------------------------------------------------------
def test_empty_query_lists_favourites_and_most_used_first():
    index = ReplyIndex([
        reply(1, "Plain"),
        reply(2, "Used a lot", uses=40, last=NOW - timedelta(days=60)),
        reply(3, "Favourite", favourite=True),
        reply(4, "Used today", uses=2, last=NOW - timedelta(hours=2)),
        reply(5, "Also plain"),
    ])
    order = ids(index, "")
    assert set(order[:3]) == {2, 3, 4}
    assert order[3:] == [1, 5]
    assert ids(index, "   ", limit=2) == order[:2]


def test_note_use_updates_the_ranking_without_a_rebuild():
    index = ReplyIndex([reply(1, "Reminder one"), reply(2, "Reminder two")])
    assert ids(index, "reminder") == [1, 2]
    index.note_use(2, NOW)  # within the same minute as the search before
    assert ids(index, "reminder") == [2, 1]
    assert ids(index, "") == [2, 1]
    index.note_use(1, NOW + timedelta(seconds=1))
    index.note_use(1, NOW + timedelta(seconds=2))
    assert ids(index, "reminder", now=NOW + timedelta(seconds=3)) == [1, 2]


def test_recency_fades():
    index = ReplyIndex([reply(1, "Reminder one", uses=1, last=NOW - timedelta(days=90)),
                        reply(2, "Reminder two", uses=1, last=NOW - timedelta(hours=1))])
    assert ids(index, "reminder") == [2, 1]
    assert index.boost(1, NOW) < index.boost(2, NOW) <= 12


def test_boost_is_bounded():
    index = ReplyIndex([reply(1, "X", uses=10**9, last=NOW, favourite=True)])
    assert index.boost(1, NOW) <= 12
    assert index.boost(1, NOW + timedelta(days=365)) <= 12


def test_limit_and_scores_are_in_order():
    index = ReplyIndex([reply(n, f"Reply number {n}") for n in range(1, 31)])
    hits = index.search("reply", NOW, limit=7)
    assert len(hits) == 7
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_empty_index():
    index = ReplyIndex([])
    assert len(index) == 0
    assert index.search("", NOW) == [] and index.search("anything", NOW) == []
