"""The "Replies" menu (tray and main window): favourites and the most used on top, then every
category, the reply language, and the way to the palette and the editor.

The menu and its two ways out (find, edit) carry icons of the app's one set; the replies
themselves do not, a column of identical icons would only push their names to the right. A team
reply (from the lead's shared packs) says so in words: its category's submenu and its entry among the
favourites end in "· team", and its tooltip says who maintains it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from companion.ui import theme

if TYPE_CHECKING:
    from companion.core.reply_library import Reply
    from companion.ui.reply_actions import ReplyActions

TOP_USED = 5


def _menu_text(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")


class ReplyMenu(QMenu):
    find_requested = Signal()
    edit_requested = Signal()
    copied = Signal()  # a reply was copied from this menu

    def __init__(self, actions: ReplyActions | Callable[[], ReplyActions], parent: QWidget | None = None):
        """`actions`, or a function giving them: the tray's menu exists from start-up, while the
        reply machinery is only built (and its modules imported) when the menu first opens."""
        super().__init__(parent)
        self._actions = actions
        self.setTitle(self.tr("Replies"))
        self._retint()
        theme.notifier().changed.connect(self._retint)
        self.setToolTipsVisible(True)
        # One group for the language choice, made once: the menu is rebuilt every time it opens,
        # and a group made per rebuild would stay behind as a child of the menu all shift long.
        self._languages = QActionGroup(self)
        self._languages.setExclusive(True)
        # Filled each time it opens (use counts, language and the ticket in context change), and
        # not before: the tray icon appears without waiting for the library to be read.
        self.aboutToShow.connect(self.rebuild)

    def _retint(self) -> None:
        # The menu's own icon (shown where it is a submenu, as in the tray); its entries get
        # fresh icons each time it is rebuilt.
        self.setIcon(theme.symbol("replies"))

    @property
    def copier(self) -> ReplyActions:
        if not isinstance(self._actions, QObject):
            self._actions = self._actions()
        return self._actions

    def rebuild(self) -> None:
        from companion.core.replies import LANG_NAMES, LANGS
        from companion.core.reply_library import top_replies

        for sub in self.findChildren(QMenu):
            sub.deleteLater()
        self.clear()
        lang = self.copier.language()
        ticket = self.copier.ticket(self.copier.context())
        if ticket is not None:
            who = f" · {ticket.client}" if ticket.client else ""
            header = self.addAction(self.tr("For {ticket}").format(ticket=_menu_text(ticket.key + who, 50)))
        else:
            header = self.addAction(self.tr("No ticket selected or due"))
        header.setEnabled(False)
        replies = self.copier.replies()
        by_id = {r.id: r for r in replies}
        top = top_replies(replies, TOP_USED)
        if top:
            self.addSeparator()
            for reply in top:
                star = "★ " if reply.favourite else ""
                self._add_reply(self, by_id[reply.id], lang, prefix=star)
        self.addSeparator()
        categories = self.copier.library.categories()
        for category in categories:
            members = [r for r in replies if r.category_id == category.id]
            if not members:
                continue
            title = _menu_text(category.name(lang))
            sub = self.addMenu(title + (f" · {self.tr('team')}" if category.team else ""))
            sub.setToolTipsVisible(True)
            for reply in members:  # untagged: a team submenu carries the tag for its entries
                self._add_reply(sub, reply, lang, tagged=False)
        if not replies:
            empty = self.addAction(self.tr("No replies yet"))
            empty.setEnabled(False)
        self.addSeparator()
        heading = self.addAction(self.tr("Reply language"))
        heading.setEnabled(False)
        for code in LANGS:
            action = self.addAction(LANG_NAMES[code])
            action.setCheckable(True)
            action.setChecked(code == lang)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.copier.set_language(c))
            self._languages.addAction(action)
        self.addSeparator()
        self.addAction(theme.symbol("find"), self.tr("Find reply…"), self.find_requested.emit)
        self.addAction(theme.symbol("edit"), self.tr("Edit replies…"), self.edit_requested.emit)

    def _add_reply(self, menu: QMenu, reply: Reply, lang: str, prefix: str = "", tagged: bool = True) -> None:
        used, variant = reply.variant(lang)
        text = prefix + _menu_text(variant.title)
        if used != lang:
            text += f" ({used})"
        if reply.team and tagged:
            text += f" · {self.tr('team')}"
        action = menu.addAction(text)
        tip = _menu_text(variant.body, 300).replace("&&", "&")
        action.setToolTip(self.tr("Team reply — maintained by your lead") + "\n\n" + tip if reply.team else tip)
        action.setData(reply.id)
        action.triggered.connect(lambda _checked=False, rid=reply.id: self._copy(rid))

    def _copy(self, reply_id: int) -> None:
        if self.copier.copy(reply_id):
            self.copied.emit()

    def reply_actions(self) -> list[QAction]:
        """Every action that copies a reply (tests and accessibility tools)."""
        out = []
        for action in self.actions_recursive(self):
            if isinstance(action.data(), int):
                out.append(action)
        return out

    @staticmethod
    def actions_recursive(menu: QMenu) -> list[QAction]:
        out: list[QAction] = []
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                out += ReplyMenu.actions_recursive(sub)
            else:
                out.append(action)
        return out
