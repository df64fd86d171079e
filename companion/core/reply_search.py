"""Fuzzy search over the reply library for the palette: ranked by how well the words match,
then by how often and how recently the reply was used.

The index is prepared once: every word of every name, category name and the start of every
text, with the replies it occurs in. Per keystroke each typed word is looked up by prefix (a
binary search in the sorted vocabulary) and, from four letters on, by similarity (rapidfuzz over
the vocabulary, so "devloper" still finds "developers"); a reply must match every typed word.
That keeps a keystroke over thousands of replies to a few milliseconds. A query typed in the
wrong keyboard layout ("ghjdthrf" for "проверка") is tried as well: Russian-speaking agents
switch layouts all day.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process

from companion.core.reply_library import Reply

_EN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>"
_RU = "ёйцукенгшщзхъфывапролджэячсмитьбюЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ"
_TO_RU = str.maketrans(_EN, _RU)
_TO_EN = str.maketrans(_RU, _EN)
_WORD = re.compile(r"\w+")
BODY_PREFIX = 300  # characters of each text that take part in the search
TITLE, CATEGORY, BODY = 1.0, 0.8, 0.7  # how much a word counts, by where it was found


def other_layout(text: str) -> str:
    """The same keys typed in the other layout (QWERTY <-> ЙЦУКЕН)."""
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    return text.translate(_TO_EN if cyrillic * 2 > len(text) else _TO_RU)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("ё", "е"))


@dataclass(frozen=True)
class Hit:
    reply_id: int
    score: float  # the ranking score: match (0-100) plus a usage boost of at most 12


class ReplyIndex:
    def __init__(self, replies: list[Reply], category_names: dict[int, str] | None = None):
        names = category_names or {}
        self.replies = list(replies)
        self.ids = [r.id for r in self.replies]
        self.titles = [" · ".join(dict.fromkeys(v.title for v in r.variants.values())).casefold().replace("ё", "е")
                       for r in self.replies]
        postings: dict[str, dict[int, float]] = {}

        def add(text: str, row: int, weight: float) -> None:
            for word in words(text):
                rows = postings.setdefault(word, {})
                if rows.get(row, 0.0) < weight:
                    rows[row] = weight

        for row, reply in enumerate(self.replies):
            for variant in reply.variants.values():
                add(variant.body[:BODY_PREFIX], row, BODY)
            add(names.get(reply.category_id, ""), row, CATEGORY)
            add(self.titles[row], row, TITLE)
        self.postings = postings
        self.vocabulary = sorted(postings)
        self._by_first: dict[str, list[str]] = {}
        for word in self.vocabulary:
            self._by_first.setdefault(word[0], []).append(word)
        self._title_words = {word for title in self.titles for word in words(title)}
        self._boosts: tuple[int, list[float]] | None = None
        self._usage = {r.id: (r.use_count, r.last_used_at, r.favourite) for r in self.replies}

    def __len__(self) -> int:
        return len(self.replies)

    def note_use(self, reply_id: int, when: datetime) -> None:
        """Keep the ranking current after a copy without rebuilding the index."""
        count, _last, favourite = self._usage.get(reply_id, (0, None, False))
        self._usage[reply_id] = (count + 1, when, favourite)
        self._boosts = None

    def boost(self, reply_id: int, now: datetime) -> float:
        """At most 12 points: enough to order similar matches, never to lift a poor one."""
        count, last, favourite = self._usage.get(reply_id, (0, None, False))
        value = min(6.0, 2.0 * math.log1p(count))
        if last is not None:
            days = max(0.0, (now - last).total_seconds() / 86400)
            value += 4.0 * math.exp(-days / 7)
        if favourite:
            value += 2.0
        return value

    def _row_boosts(self, now: datetime) -> list[float]:
        """Boosts per row, worked out once a minute rather than per keystroke."""
        minute = int(now.timestamp() // 60)
        if self._boosts is None or self._boosts[0] != minute:
            self._boosts = (minute, [self.boost(i, now) for i in self.ids])
        return self._boosts[1]

    def search(self, query: str, now: datetime, limit: int = 50) -> list[Hit]:
        tokens = words(query)
        boosts = self._row_boosts(now)
        if not tokens:
            ranked = sorted(range(len(self.ids)), key=lambda row: -boosts[row])
            return [Hit(self.ids[row], boosts[row]) for row in ranked[:limit]]
        scores = self._match(tokens)
        # Convert the query as typed, not its words: б, ю, ж, э, х, ъ and ё sit on , . ; ' [ ] `,
        # which splitting into words would drop ("jib,rf" is "ошибка", not "оши ка").
        swapped = words(other_layout(query))
        if swapped != tokens and (len(scores) < limit or max(scores.values(), default=0) < 90):
            for row, score in self._match(swapped).items():
                score *= 0.97  # the layout the user is in wins a tie
                if score > scores.get(row, 0.0):
                    scores[row] = score
        phrase = " ".join(tokens)
        hits = []
        for row, score in scores.items():
            if len(tokens) > 1 and phrase in self.titles[row]:
                score += 5.0  # the words in this order in the name
            hits.append((score + boosts[row], -row))
        # -row: among equal scores the library's own order wins ("Reminder" before "Second
        # reminder"), rather than the last row first.
        best = heapq.nlargest(limit, hits)
        return [Hit(self.ids[-neg_row], score) for score, neg_row in best]

    def _match(self, tokens: list[str]) -> dict[int, float]:
        """Rows matching every token, scored by the mean of each token's best word score."""
        total: dict[int, float] | None = None
        for token in tokens:
            best: dict[int, float] = {}
            for word, word_score in self._words_for(token):
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

    def _words_for(self, token: str) -> list[tuple[str, float]]:
        """Vocabulary words the token may stand for, with a 0-100 score: the word itself 100, a
        word it begins 85-99, a similar word (typo) up to 85."""
        found: dict[str, float] = {}
        start = bisect_left(self.vocabulary, token)
        for word in self.vocabulary[start:start + 400]:
            if not word.startswith(token):
                break
            if len(token) == 1 and word not in self._title_words:
                continue  # one letter: only names, or it matches nearly every text
            found[word] = 100.0 if word == token else 85.0 + 14.0 * len(token) / len(word)
        if len(token) >= 4:
            # Typos: similar words that begin with the same letter (a slip rarely hits the first
            # key), whole words and, for a word still being typed, word starts.
            bucket = self._by_first.get(token[0], ())
            for word, score, _i in process.extract(token, bucket, scorer=fuzz.ratio, limit=20, score_cutoff=75):
                found.setdefault(word, score * 0.85)
            starts = [word[:len(token)] for word in bucket]
            for _start, score, i in process.extract(token, starts, scorer=fuzz.ratio, limit=20, score_cutoff=75):
                found.setdefault(bucket[i], score * 0.8)
        return list(found.items())
