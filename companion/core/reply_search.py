"""Fuzzy search over the reply library for the palette: ranked by how well the words match,
then by how often and how recently the reply was used.

The index is prepared once: every word of every name, category name and the start of every
text, with the replies it occurs in, weighted by where it occurs. The word matching itself
(prefixes, typos such as "devloper", the wrong keyboard layout such as "ghjdthrf" for
"проверка") is core/fuzzy.py's, shared with the ticket filter; this module adds the weights and
the ranking by use. That keeps a keystroke over thousands of replies to a few milliseconds.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from datetime import datetime

from companion.core.fuzzy import WordIndex, other_layout, swapped_words, words
from companion.core.reply_library import Reply

__all__ = ["BODY_PREFIX", "Hit", "ReplyIndex", "other_layout", "words"]

BODY_PREFIX = 300  # characters of each text that take part in the search
TITLE, CATEGORY, BODY = 1.0, 0.8, 0.7  # how much a word counts, by where it was found


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
        # One letter matches only words of names: in bodies it would match nearly every text.
        self._words = WordIndex(postings, short_words={word for title in self.titles for word in words(title)})
        self._boosts: tuple[int, list[float]] | None = None
        self._usage = {r.id: (r.use_count, r.last_used_at, r.favourite) for r in self.replies}

    @property
    def vocabulary(self) -> list[str]:
        return self._words.vocabulary

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
        scores = self._words.match(tokens)
        swapped = swapped_words(query)
        if swapped != tokens and (len(scores) < limit or max(scores.values(), default=0) < 90):
            for row, score in self._words.match(swapped).items():
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
