"""Recognise helpdesk ticket URLs and safe links."""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import unquote, urlsplit

_JIRA_KEY = r"([A-Za-z][A-Za-z0-9_]*-\d+)"
# (pattern over path + query, how to build the key from the match)
_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]]] = [
    # Jira: /browse/SUP-1234, /jira/software/projects/SUP/issues/SUP-1234, ?selectedIssue=SUP-1234
    (re.compile(rf"/browse/{_JIRA_KEY}"), lambda m, host: m.group(1).upper()),
    (re.compile(rf"/issues/{_JIRA_KEY}(?:[/?#]|$)"), lambda m, host: m.group(1).upper()),
    (re.compile(rf"[?&]selectedIssue={_JIRA_KEY}"), lambda m, host: m.group(1).upper()),
    # Zendesk agent UI and Freshdesk
    (re.compile(r"/agent/tickets/(\d+)"), lambda m, host: f"#{m.group(1)}"),
    (re.compile(r"/a/tickets/(\d+)"), lambda m, host: f"#{m.group(1)}"),
    # GitLab (groups may nest): /group/sub/project/-/issues/9, /-/merge_requests/9
    (re.compile(r"^/(.+?)/-/issues/(\d+)"), lambda m, host: f"{m.group(1)}#{m.group(2)}"),
    (re.compile(r"^/(.+?)/-/merge_requests/(\d+)"), lambda m, host: f"{m.group(1)}!{m.group(2)}"),
    # GitHub: /owner/repo/issues/12, /owner/repo/pull/12
    (re.compile(r"^/([^/]+/[^/]+)/(?:issues|pull)/(\d+)"), lambda m, host: f"{m.group(1)}#{m.group(2)}"),
]


class UrlError(ValueError):
    pass


def validate_url(url: str) -> str:
    """Return the stripped URL if it is an http(s) link with a host; raise UrlError otherwise."""
    text = (url or "").strip()
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise UrlError(f"only http and https links can be opened, not {parts.scheme or 'a bare path'!r}")
    if not parts.netloc:
        raise UrlError(f"the link {text!r} has no host")
    if any(ch.isspace() for ch in text):
        raise UrlError("the link contains spaces")
    if len(text) > 2048:
        raise UrlError(f"the link is {len(text)} characters long; at most 2048")
    return text


def key_from_url(url: str) -> str | None:
    """Guess the ticket key from a helpdesk URL: SUP-1234, #5521, owner/repo#12, or a trailing number."""
    try:
        text = validate_url(url)
    except UrlError:
        return None
    if not text:
        return None
    parts = urlsplit(text)
    path = unquote(parts.path)
    target = path + ("?" + parts.query if parts.query else "")
    for pattern, build in _PATTERNS:
        match = pattern.search(target)
        if match:
            return build(match, parts.netloc.lower())
    trailing = re.search(r"(\d+)/?$", path)
    if trailing:
        return f"#{trailing.group(1)}"
    return None
