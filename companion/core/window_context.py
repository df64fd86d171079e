"""Which of the agent's tickets a window is about, read from its title.

When the agent presses the reply hotkey over a browser tab with the helpdesk or a chat, the title
usually names the ticket: "[SUP-1234] Не приходят письма - Jira", "Ticket #5521 – Zendesk",
"Export fails · Issue #77 · acme/app · GitHub". The palette then offers that ticket first. The
title is read at the moment of the press, matched here and never stored.

A key matches as a whole token: "SUP-12" is not found in "SUP-123", "#55" not in "#5521". A number
key ("#5521") also matches "5521" after a word such as "Ticket", "Заявка", "№" or inside "(#5521)".
A link in the title (some browsers show one for pages without a title) goes through the same URL
rules as a pasted link. Two different tickets named in one title match neither: guessing wrong
would fill a reply for the wrong client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from companion.core.urls import key_from_url

_URL = re.compile(r"https?://\S+")
# Words that may stand before a bare ticket number in a title.
_NUMBER_WORDS = r"(?:ticket|request|case|issue|заявка|заявки|обращение|обращения|тикет|запрос)"


@dataclass(frozen=True)
class WindowMatch:
    ticket_id: int
    key: str
    how: str  # "key": the key is in the title; "link": a link in the title maps to it


def _key_pattern(key: str) -> re.Pattern[str] | None:
    """A pattern that finds `key` as a whole token in a title."""
    if not key.strip():
        return None
    if re.fullmatch(r"#\d+", key):
        number = re.escape(key[1:])
        return re.compile(rf"(?:[#№]\s*|\b{_NUMBER_WORDS}\s*:?\s*[#№]?\s*){number}(?!\d)", re.IGNORECASE)
    owner_number = re.fullmatch(r"(.+)([#!])(\d+)", key)
    if owner_number and "/" in owner_number.group(1):  # GitHub "owner/repo#12": both parts in the title
        return None
    return re.compile(rf"(?<![\w-]){re.escape(key)}(?![\w]|-\d)", re.IGNORECASE)


def _owner_number_in(key: str, title: str) -> bool:
    """GitHub and GitLab keys ("acme/app#77", "group/proj!9"): the number and the project both in
    the title, as their tab titles show them ("… · Issue #77 · acme/app · GitHub")."""
    match = re.fullmatch(r"(.+)([#!])(\d+)", key)
    if not match or "/" not in match.group(1):
        return False
    project, mark, number = match.groups()
    spaced = re.sub(r"\s*/\s*", "/", title).casefold()  # GitLab writes "group / proj"
    has_number = re.search(rf"{re.escape(mark)}{number}(?!\d)", title) is not None
    return has_number and project.casefold() in spaced


def ticket_in_title(title: str, tickets: Iterable[tuple[int, str]]) -> WindowMatch | None:
    """The one ticket of `tickets` ((id, key) pairs, the agent's active ones) that `title` names."""
    if not title.strip():
        return None
    found: dict[int, WindowMatch] = {}
    by_key: dict[str, int] = {}
    for ticket_id, key in tickets:
        by_key[key.casefold()] = ticket_id
        pattern = _key_pattern(key)
        if (pattern is not None and pattern.search(title)) or _owner_number_in(key, title):
            found[ticket_id] = WindowMatch(ticket_id, key, "key")
    for url in _URL.findall(title):
        linked = key_from_url(url.rstrip(").,;»\"'"))
        if linked and linked.casefold() in by_key:
            ticket_id = by_key[linked.casefold()]
            found.setdefault(ticket_id, WindowMatch(ticket_id, linked, "link"))
    if len(found) != 1:
        return None
    return next(iter(found.values()))
