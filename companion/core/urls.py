"""Recognise helpdesk ticket URLs and safe links."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_PATTERNS = [
    # Jira: https://x.atlassian.net/browse/SUP-1234 (also /jira/software/.../SUP-1234)
    re.compile(r"/browse/([A-Za-z][A-Za-z0-9_]*-\d+)"),
    re.compile(r"[?&]selectedIssue=([A-Za-z][A-Za-z0-9_]*-\d+)"),
    # Zendesk agent UI
    re.compile(r"/agent/tickets/(\d+)"),
    # Freshdesk
    re.compile(r"/a/tickets/(\d+)"),
    # GitHub / GitLab issues and merge requests
    re.compile(r"^/([^/]+/[^/]+)/(?:-/)?issues/(\d+)"),
    re.compile(r"^/([^/]+/[^/]+)/(?:-/)?(?:pull|merge_requests)/(\d+)"),
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
    for i, pattern in enumerate(_PATTERNS):
        match = pattern.search(target)
        if not match:
            continue
        if i <= 1:
            return match.group(1).upper()
        if i <= 3:
            return f"#{match.group(1)}"
        sep = "#" if i == 4 else "!"
        if "github.com" in parts.netloc.lower() and i == 5:
            sep = "#"
        return f"{match.group(1)}{sep}{match.group(2)}"
    trailing = re.search(r"(\d+)/?$", path)
    if trailing:
        return f"#{trailing.group(1)}"
    return None
