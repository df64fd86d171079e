"""The forgiving filter shared by the palette and the ticket list: exact matches first, then
word prefixes, typos and the wrong keyboard layout. The phrases and their expected answers were
written down before the matcher was run on them."""

from __future__ import annotations

import pytest

from companion.core.fuzzy import TextIndex, WordIndex, other_layout, swapped_words, words
from companion.core.tickets import search_text

TICKETS = [
    (1, search_text("SUP-1", "ООО «Ромашка»", "Не печатает принтер", "")),
    (2, search_text("SUP-2", "Иван Петров", "Printer offline", "звонил из ромашки")),
    (3, search_text("GH-3", "Olga", "Mail is slow", "перезвонить после обеда")),
    (4, search_text("SUP-4", "Сергей", "Счёт не пришёл", "")),
]


def ids(query: str, pairs=TICKETS) -> list[int]:
    return [row_id for row_id, _text in TextIndex(pairs).filter(pairs, query)]


@pytest.mark.parametrize("query,expected", [
    ("ромашка", [1, 2]),  # the exact one first, then "ромашки" (another form of the word)
    ("Ромашка", [1, 2]),
    ("ромашкка", [1, 2]),  # a doubled letter
    ("ромшка", [1, 2]),  # a dropped letter
    ("hjvfirf", [1, 2]),  # "ромашка" typed in the English layout
    ("ghbynth", [1]),  # "принтер" in the English layout
    ("printr", [2]),  # a typo in English
    ("цщкл", []),  # "work" typed in the Russian layout matches nothing here
    ("сервер", []),
    ("sup-", [1, 2, 4]),  # plain substring, as the list always filtered
    ("slow mail", [3]),  # every word, in any order
    ("счет", [4]),  # ё and е are the same letter to the matcher
    ("zzzz", []),
])
def test_ticket_phrases(query, expected):
    assert ids(query) == expected


def test_transliteration_is_not_attempted():
    assert ids("romashka") == []


def test_one_or_two_letters_are_a_plain_substring_test():
    # "ш" would be "i" in the other layout, and would match every "i…" word: not below three letters.
    assert ids("i") == [2, 3]  # "printer offline", "mail is slow"
    assert ids("ив") == [2]


def test_exact_matches_keep_their_order_and_come_before_forgiving_ones():
    pairs = [(2, TICKETS[1][1]), (1, TICKETS[0][1])]  # the forgiving match listed first
    assert ids("ромашка", pairs) == [1, 2]


def test_the_index_knows_when_it_can_be_reused():
    index = TextIndex(TICKETS)
    assert index.covers(list(reversed(TICKETS)))
    assert not index.covers(TICKETS[:3])
    assert not index.covers([(1, "changed"), *TICKETS[1:]])


def test_layout_and_words_helpers():
    assert other_layout("hjvfirf") == "ромашка"
    assert other_layout("ромашка") == "hjvfirf"
    assert swapped_words("jib,rf") == ["ошибка"]  # б is on the comma: converted before splitting
    assert words("Ёлка, SUP-12") == ["елка", "sup", "12"]


def test_word_index_scores_exact_over_prefix_over_typo():
    index = WordIndex({"developer": {1: 1.0}, "develop": {2: 1.0}, "devloper": {3: 1.0}})
    scores = dict(index.words_for("develop"))
    assert scores["develop"] == 100
    assert 85 < scores["developer"] < 100
    assert scores["devloper"] < 85


def test_a_one_letter_token_matches_only_the_allowed_words():
    index = WordIndex({"alpha": {1: 1.0}, "almost": {2: 1.0}}, short_words={"alpha"})
    assert index.match(["a"]) == {1: pytest.approx(85 + 14 / 5)}


def test_an_index_built_a_slice_at_a_time_finds_what_a_whole_one_does():
    index = TextIndex(TICKETS)
    assert not index.ready
    assert [index.build_some(1) for _ in range(len(TICKETS) + 1)] == [False] * len(TICKETS) + [True]
    assert index.ready and index.build_some(1)
    for query in ("hjvfirf", "ромшка", "printr", "slow mail"):
        assert [row for row, _t in index.filter(TICKETS, query)] == ids(query)


def test_a_query_before_the_slices_are_done_finishes_the_index_first():
    index = TextIndex(TICKETS)
    index.build_some(2)
    assert [row for row, _t in index.filter(TICKETS, "ромашкка")] == [1, 2] and index.ready
