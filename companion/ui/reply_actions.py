"""Copying replies: shared by the tray menu, the palette, the reminder popup and the editor.

Knows the reply language, the ticket in context, the search index, and asks before copying a
reply that still has unfilled placeholders.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.core.clock import Clock
from companion.core.replies import RenderContext, Rendered
from companion.core.reply_library import Reply, ReplyLibrary, reply_context
from companion.core.settings import Settings
from companion.core.tickets import NotFound, TicketService
from companion.language import of_settings, reply_language
from companion.platform.clipboard import Clipboard
from companion.store.models import ReplyCategory, Ticket

if TYPE_CHECKING:
    from companion.core.reply_search import ReplyIndex


class ReplyActions(QObject):
    copied = Signal(str)  # the confirmation text, e.g. "Copied: Request received"
    library_changed = Signal()
    language_changed = Signal(str)

    def __init__(self, library: ReplyLibrary, tickets: TicketService, settings: Settings, clock: Clock,
                 clipboard: Clipboard, context: Callable[[], int | None] = lambda: None,
                 mark_updated: Callable[[int, QWidget | None, str], bool] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.tickets = tickets
        self.settings = settings
        self.clock = clock
        self.clipboard = clipboard
        self.context = context  # the ticket in context (selected, or the most pressing due one)
        self._mark_updated = mark_updated
        self._index: ReplyIndex | None = None
        self._by_id: dict[int, Reply] = {}
        self._categories: list[ReplyCategory] | None = None
        self._replies: list[Reply] | None = None
        self._signature: tuple[object, ...] | None = None  # the library as last seen (see refresh_if_changed)
        self.confirm = self.ask_before_copying  # the question asked; tests answer it themselves

    # -- language ------------------------------------------------------------------------------
    def language(self) -> str:
        """The language replies are copied in (companion.language decides)."""
        return reply_language(self.settings.get("reply_language"), of_settings(self.settings))

    def set_language(self, lang: str) -> None:
        if lang != self.language() or self.settings.get("reply_language") == "auto":
            self.settings.set("reply_language", lang)
            self.language_changed.emit(lang)

    # -- data ----------------------------------------------------------------------------------
    def replies(self) -> list[Reply]:
        if self._replies is None:
            self._replies = self.library.replies()
            self._by_id = {r.id: r for r in self._replies}
        return self._replies

    def reply_map(self) -> dict[int, Reply]:
        self.replies()
        return self._by_id

    def category_names(self, lang: str) -> dict[int, str]:
        """Category id -> name in `lang`; read once per library change, not per keystroke."""
        categories = self._categories
        if categories is None:
            categories = self._categories = self.library.categories()
        return {c.id: c.name(lang) for c in categories}

    def index(self) -> ReplyIndex:
        """The palette's search index, built on first use (rapidfuzz stays off the start-up path)."""
        index = self._index
        if index is None:
            from companion.core.reply_search import ReplyIndex

            names = {c.id: f"{c.name_ru} {c.name_en}" for c in self.library.categories()}
            index = self._index = ReplyIndex(self.replies(), names)
        return index

    def refresh_if_changed(self) -> None:
        """Another process changed the data: re-read the library only if replies changed."""
        signature = self.library.signature()
        if signature != self._signature:
            self._signature = signature
            self.invalidate()

    def invalidate(self) -> None:
        """The library changed (editor, import, another process)."""
        self._index = None
        self._replies = None
        self._categories = None
        self.library_changed.emit()

    def reply(self, reply_id: int) -> Reply:
        self.replies()
        found = self._by_id.get(reply_id)
        return found if found is not None else self.library.reply(reply_id)

    def ticket(self, ticket_id: int | None) -> Ticket | None:
        if ticket_id is None:
            return None
        try:
            return self.tickets.get(ticket_id)
        except NotFound:
            return None

    def fill_context(self, ticket_id: int | None, lang: str | None = None) -> RenderContext:
        """What a reply is filled from now, for `ticket_id` (None: no ticket)."""
        return reply_context(self.ticket(ticket_id), self.clock.now(), self.tickets.schedule,
                             lang or self.language(), self.settings.get("agent_name"), self.tickets.update_lead)

    def render(self, reply: Reply, ticket_id: int | None, lang: str | None = None) -> tuple[str, Rendered]:
        ctx = self.fill_context(ticket_id, lang)
        return self.library.render(reply, ctx.lang, ctx)

    # -- copying -------------------------------------------------------------------------------
    def copy(self, reply_id: int, ticket_id: int | None = None, parent: QWidget | None = None,
             lang: str | None = None, mark_updated: bool = False, use_context: bool = True) -> bool:
        """Copy a reply (plain text and HTML); ask first if placeholders are left unfilled.
        With `mark_updated` the ticket is then logged as updated with this reply."""
        if ticket_id is None and use_context:
            ticket_id = self.context()
        try:
            reply = self.reply(reply_id)
        except NotFound as exc:
            QMessageBox.warning(parent, self.tr("Support Companion"), str(exc))
            return False
        ctx = self.fill_context(ticket_id, lang)  # one moment for the text and the time it quotes
        used, rendered = self.library.render(reply, ctx.lang, ctx)
        title = reply.title(used)
        if rendered.problems and not self.confirm(parent, title, rendered, ticket_id):
            return False
        self.clipboard.copy(rendered.text, rendered.html)
        if ticket_id is not None:
            # The client is told this time: "mark updated" right after keeps it (core/tickets.py).
            quoted = ctx.ticket is not None and any(s.placeholder == "next_update" and s.problem is None
                                                    for s in rendered.segments)
            self.tickets.quoted(ticket_id, ctx.ticket.next_update if ctx.ticket is not None and quoted else None)
        self.library.record_use(reply.id)
        if self._index is not None:
            self._index.note_use(reply.id, self.clock.now())
        self._replies = None  # use counts moved: the menu's "most used" is re-read
        text = self.tr("Copied: {name}").format(name=title)
        if mark_updated and ticket_id is not None and self._mark_updated is not None:
            if self._mark_updated(ticket_id, parent, reply.slug):
                ticket = self.ticket(ticket_id)
                text = self.tr("Copied: {name} · {key} marked updated").format(
                    name=title, key=ticket.key if ticket else "")
        self.copied.emit(text)
        return True

    def ask_before_copying(self, parent: QWidget | None, title: str, rendered: Rendered,
                           ticket_id: int | None) -> bool:
        items = "".join(f"<li>{html.escape(p.message)}</li>" for p in rendered.problems)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unfilled placeholders"),
                          self.tr("“{name}” still has placeholders without a value. They will be pasted as "
                                  "they are:").format(name=html.escape(title)) + f"<ul>{items}</ul>"
                          + self.tr("Copy anyway?"),
                          QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(box.textFormat().RichText)
        copy = box.addButton(self.tr("Copy anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is copy

    def copy_update_reply(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        """The reminder popup's "Copy update reply": the reply chosen in Settings."""
        slug = self.settings.get("update_reply")
        # The setting holds an exact id. library.find() also takes names and unique prefixes, so
        # once "wait-reminder" was deleted it would quietly copy "wait-reminder-2" instead.
        reply = next((r for r in self.replies() if r.slug == slug), None) if slug else None
        if reply is None:
            QMessageBox.information(parent, self.tr("Support Companion"),
                                    self.tr("No update reply is chosen (or it was deleted). Pick one in "
                                            "Settings → Replies."))
            return False
        return self.copy(reply.id, ticket_id, parent)
