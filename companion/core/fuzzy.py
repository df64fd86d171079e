"""Forgiving word matching, shared by the reply palette and the ticket filter: word prefixes while
typing, typos ("ромашкка" finds "Ромашка") and the wrong keyboard layout ("hjvfirf" is "ромашка").

A WordIndex maps every word of some texts to the rows it occurs in. Each typed word is looked up
by prefix (a binary search in the sorted vocabulary) and, from four letters on, by similarity
(rapidfuzz over the words that begin with the same letter: a slip rarely hits the first key); a
row must match every typed word. TextIndex puts that behind a plain filter over (id, text) pairs:
exact substring matches first, then the forgiving ones.

What a match is worth, and how rows rank beyond that, is the caller's business (the palette adds
usage; the ticket list keeps its column order). Transliteration ("romashka") is not attempted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from rapidfuzz import fuzz, process

_EN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_RU = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
_TO_RU = str.maketrans(_EN, _RU)
_TO_EN = str.maketrans(_RU, _EN)
_WORD = re.compile(r"\w+")
TYPO_FROM = 4  # letters typed before similar words count: shorter, nearly everything is similar
TYPO_CUTOFF = 75  # rapidfuzz ratio (0-100) for a word to count as a typo of the typed one


def other_layout(text: str) -> str:
    """The same keys typed in the other layout (QWERTY <-> ЙЦУКЕН)."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    return text.translate(_TO_EN if cyrillic * 2 > len(text) else _TO_RU)


def fold(text: str) -> str:
    """Case and ё folded away: what matching compares."""
    return text.casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def swapped_words(query: str) -> list[str]:
    """The words of the query as if typed in the other layout. The query is converted as typed,
    not word by word: б, ю, ж, э, х, ъ and ё sit on , . ; ' [ ] `, which splitting into words
    first would drop ("jib,rf" is "ошибка", not "оши ка")."""
    return words(other_layout(query))


class WordIndex:
    """Words -> {row: weight}; finds the rows in which every typed word has a matching word."""

    def __init__(self, postings: dict[str, dict[int, float]], short_words: set[str] | None = None,
                 typo_cutoff: float = TYPO_CUTOFF):
        """`short_words`: the only words a one-letter token may match (None: any word)."""
        self.postings = postings
        self.typo_cutoff = typo_cutoff
        self.vocabulary = sorted(postings)
        self.short_words = short_words
        self._by_first: dict[str, list[str]] = {}
        for word in self.vocabulary:
            self._by_first.setdefault(word[0], []).append(word)

    def match(self, tokens: list[str]) -> dict[int, float]:
        """Rows matching every token, scored by the mean of each token's best word score
        (word score times the weight of where the word was found)."""
        total: dict[int, float] | None = None
        for token in tokens:
            best: dict[int, float] = {}
            for word, word_score in self.words_for(token):
                for row, weight in self.postings[word].items():
                    score = word_score * weight
                    if score > best.get(row, 0.0):
                        best[row] = score
            if total is None:
                total = best
            else:
                total = {row: total[row] + score for row, score in best.items() if row in total}
            if not total:
                return {}
        return {row: score / len(tokens) for row, score in (total or {}).items()}

    def words_for(self, token: str) -> list[tuple[str, float]]:
        """Vocabulary words the token may stand for, with a 0-100 score: the word itself 100, a
        word it begins 85-99, a similar word (typo) up to 85."""
        found: dict[str, float] = {}
        start = bisect_left(self.vocabulary, token)
        for word in self.vocabulary[start:start + 400]:
            if not word.startswith(token):
                break
            if len(token) == 1 and self.short_words is not None and word not in self.short_words:
                continue  # one letter: only the words allowed, or it matches nearly every text
            found[word] = 100.0 if word == token else 85.0 + 14.0 * len(token) / len(word)
        if len(token) >= TYPO_FROM:
            # Similar whole words and, for a word still being typed, similar word starts.
            bucket = self._by_first.get(token[0], ())
            for word, score, _i in process.extract(token, bucket, scorer=fuzz.ratio, limit=20,
                                                   score_cutoff=self.typo_cutoff):
                found.setdefault(word, score * 0.85)
            starts = [word[:len(token)] for word in bucket]
            for _start, score, i in process.extract(token, starts, scorer=fuzz.ratio, limit=20,
                                                    score_cutoff=self.typo_cutoff):
                found.setdefault(bucket[i], score * 0.8)
        return list(found.items())


FORGIVING_FROM = 3  # characters typed before words, typos and the other layout are tried
# Stricter than the palette's: a list of names and subjects holds many near-words ("серв" is one
# letter from "серг…"), and an exact match is always there to fall back on.
FILTER_TYPO_CUTOFF = 80


class TextIndex:
    """A filter over (id, text) pairs, the texts already casefolded (as tickets keep them).

    Exact: the typed text occurs in the row's text, as the list always filtered. Forgiving: every
    typed word matches a word of the row by prefix or as a typo, as typed or in the other layout.
    The word index is built once for a set of rows (about 4 ms per thousand rows) and reused
    while typing: on the first query that needs it, or ahead of time a slice at a time
    (`build_some`), so that a long list does not stall the keystroke that first needs it."""

    def __init__(self, pairs: Iterable[tuple[int, str]]):
        self.texts: dict[int, str] = dict(pairs)
        self._words: WordIndex | None = None
        self._postings: dict[str, dict[int, float]] = {}
        self._pending = iter(self.texts.items())

    @property
    def ready(self) -> bool:
        return self._words is not None

    def build_some(self, rows: int) -> bool:
        """Index up to `rows` more rows; True once the index is complete."""
        if self._words is not None:
            return True
        postings = self._postings
        for _ in range(rows):
            item = next(self._pending, None)
            if item is None:
                self._words = WordIndex(postings, typo_cutoff=FILTER_TYPO_CUTOFF)
                self._postings = {}
                return True
            row_id, text = item
            for word in set(words(text)):
                found = postings.get(word)
                if found is None:
                    postings[word] = {row_id: 1.0}
                else:
                    found[row_id] = 1.0
        return False

    @property
    def word_index(self) -> WordIndex:
        """The word index, finished now if it is not yet: short queries and exact matches never
        need it."""
        while not self.build_some(1 << 30):
            pass
        assert self._words is not None
        return self._words

    def covers(self, pairs: list[tuple[int, str]]) -> bool:
        """Whether this index was built from these rows (in any order), so it can be reused."""
        texts = self.texts
        return len(pairs) == len(texts) and all(texts.get(row_id) == text for row_id, text in pairs)

    def forgiving(self, query: str) -> set[int]:
        """Ids whose words match every typed word, as typed or in the other layout."""
        if len(query.strip()) < FORGIVING_FROM:
            return set()  # one or two letters: the substring test says all there is to say
        tokens = words(query)
        found = set(self.word_index.match(tokens)) if tokens else set()
        swapped = swapped_words(query)
        if swapped and swapped != tokens:
            found |= set(self.word_index.match(swapped))
        return found

    def filter(self, pairs: list[tuple[int, str]], query: str) -> list[tuple[int, str]]:
        """The pairs that match `query`: exact matches first, then forgiving ones, each group in
        the order given."""
        needle = query.strip().casefold()
        if not needle:
            return pairs
        exact = [pair for pair in pairs if needle in pair[1]]
        loose = self.forgiving(needle)
        if not loose:
            return exact
        seen = {pair[0] for pair in exact}
        return exact + [pair for pair in pairs if pair[0] in loose and pair[0] not in seen]
