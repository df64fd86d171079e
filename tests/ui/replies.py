"""Helpers shared by the reply UI tests (the fixture itself is `app` in conftest.py)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from companion.store.models import ReplyTemplate


def clipboard() -> tuple[str, str]:
    """What a paste would get: (plain text, HTML) from the real Qt clipboard."""
    data = QGuiApplication.clipboard().mimeData()
    return (data.text(), data.html()) if data is not None else ("", "")


def uses(slug: str) -> int:
    return ReplyTemplate.get(ReplyTemplate.slug == slug).use_count
