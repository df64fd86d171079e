"""The ticket a window's title names: titles as helpdesks, browsers and chats write them, each with
the answer written down before the matcher was run."""

from __future__ import annotations

import pytest

from companion.core.window_context import ticket_in_title

TICKETS = [(1, "SUP-1234"), (2, "SUP-123"), (3, "#5521"), (4, "acme/app#77"), (5, "GH-7"),
           (6, "group/sub/proj!9"), (7, "#55")]


@pytest.mark.parametrize("title,expected", [
    ("SUP-1234 · Не приходят письма — Jira", 1),
    ("[SUP-1234] Не приходят письма - Jira - Mozilla Firefox", 1),
    ("sup-1234: письма — Google Chrome", 1),  # keys are not case-sensitive
    ("SUP-123 Printer — Jira", 2),  # not SUP-1234
    ("SUP-12345 something", None),  # neither SUP-1234 nor SUP-123
    ("Ticket #5521 – Acme Support – Zendesk", 3),
    ("Заявка №5521: не работает VPN", 3),
    ("Не работает VPN (#5521) — Freshdesk", 3),
    ("Ticket #55210 – Zendesk", None),  # neither #5521 nor #55
    ("Order 5521 shipped", None),  # a bare number with no ticket word is not a ticket
    ("Export fails on big files · Issue #77 · acme/app · GitHub — Chromium", 4),
    ("Issue #77 · other/repo · GitHub", None),  # the right number in another project
    ("Draft: fix the export (!9) · Merge requests · group / sub / proj · GitLab", 6),
    ("GH-7 and SUP-1234 — merged view", None),  # two tickets: neither
    ("https://helpdesk.example.com/browse/SUP-1234 - Chromium", 1),  # a link in the title
    ("Telegram (3)", None),
    ("", None),
    ("PGH-7 build", None),  # GH-7 inside another key
    ("GH-70 build", None),
])
def test_titles(title, expected):
    match = ticket_in_title(title, TICKETS)
    assert (match.ticket_id if match else None) == expected, match


def test_a_match_says_how_it_was_found():
    assert ticket_in_title("SUP-1234 · Jira", TICKETS).how == "key"
    link = ticket_in_title("https://support.example.com/agent/tickets/5521", TICKETS)
    assert link is not None and link.ticket_id == 3
