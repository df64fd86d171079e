"""The reply editor: categories and replies on the left; on the right the reply's Russian and
English text, a menu of placeholders, and a live preview filled from a chosen ticket.

It stays one module, though long: the tree and the form share one piece of state (the reply being
edited, and whether it has unsaved changes), and every action here (select, save, revert, new,
duplicate, delete, import) reads and moves both, so a split would only pass that state around.

The reply's id (the slug scripts use) is not part of the form: the agent names replies, the library
makes the id from the name and keeps it when the name changes. "More ▸ Copy the id for scripts"
reaches it for the command line.

Team replies (the lead's shared packs, mirrored by core/team) are shown, marked "team", and read-only:
their text can be read and selected, copied filled for a ticket, and starred, but not changed, moved
or deleted; "Copy to my replies" puts an editable copy in the agent's own library.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeyEvent, QKeySequence, QPalette, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QInputDialog,
                               QLabel, QLineEdit, QMenu, QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton,
                               QSplitter, QTabWidget, QTextBrowser, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from companion.core.replies import LANG_NAMES, LANGS, PLACEHOLDERS, render, unknown_placeholders
from companion.core.reply_io import ReplyImportError, dump_replies, import_replies, load_file
from companion.core.reply_library import ReplyInput, Variant

if TYPE_CHECKING:
    from companion.runtime.team import TeamLink
    from companion.store.models import ReplyCategory
from companion.core.tickets import NotFound, ValidationError
from companion.store.files import write_private
from companion.ui import geometry, theme
from companion.ui.reply_actions import ReplyActions
from companion.ui.reply_palette import ProblemsLabel, TicketCombo, preview_html
from companion.ui.widgets import error_label, menu_button

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEAM_ROLE = Qt.ItemDataRole.UserRole + 2  # True on a team category or reply


class VariantTab(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Name shown in menus and search"))
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(self.tr("The reply. Placeholders such as {client} are filled when copying."))
        self.body.setTabChangesFocus(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.title)
        form.addRow(self.tr("Text"), self.body)


class ReplyEditor(QWidget):
    PROGRESS_FROM = 2000  # replies in a file from which the import shows its progress

    def __init__(self, actions: ReplyActions, parent: QWidget | None = None, team: TeamLink | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.reply_actions = actions  # not `actions`: that is QWidget.actions()
        self.library = actions.library
        self.setWindowTitle(self.tr("Replies — Support Companion"))
        self.current_id: int | None = None  # the reply being edited (None: a new one)
        self.current_team = False  # the reply shown is a team one: read-only
        self.dirty = False
        self._loading = False
        self._team_categories: set[int] = set()
        self.team = team
        if team is not None:
            team.published.connect(self._published)

        # -- left: the library ---------------------------------------------------------------
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter replies"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter_icon = self.filter.addAction(theme.symbol("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.new_reply_button = new_reply = QPushButton(self.tr("New reply"))
        new_reply.clicked.connect(self.new_reply)
        self.new_category_button = new_category = QPushButton(self.tr("New category"))
        # Lambdas, not the methods: clicked(bool) would pass checked=False as their first
        # parameter (new_category(name_ru=False) skipped asking for a name; delete(confirm=False)
        # deleted without asking).
        new_category.clicked.connect(lambda: self.new_category())
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(lambda: self.delete())
        more_menu = QMenu(self)
        more_menu.setToolTipsVisible(True)
        self.rename_action = more_menu.addAction(self.tr("Rename category…"), self.rename_category)
        self.copy_id_action = more_menu.addAction(self.tr("Copy the id for scripts"), self.copy_id)
        self.copy_id_action.setToolTip(self.tr("For the command line: companion reply copy ID --ticket KEY"))
        # A lead shares a category with the team (runtime/team.TeamLink; shown only to a lead in a team).
        self.publish_action = more_menu.addAction(self.tr("Publish the category to the team"), self.publish_category)
        self.unpublish_action = more_menu.addAction(self.tr("Stop sharing the category with the team"),
                                                    self.unpublish_category)
        for action in (self.publish_action, self.unpublish_action):
            action.setVisible(False)
        more_menu.aboutToShow.connect(self._team_actions)
        more_menu.addSeparator()
        more_menu.addAction(self.tr("Import…"), self.import_dialog)
        more_menu.addAction(self.tr("Export…"), self.export_dialog)
        more = menu_button(self.tr("More"), more_menu)  # its arrow clear of the text ("Ещё⌄")
        row1 = QHBoxLayout()
        row1.addWidget(new_reply)
        row1.addWidget(new_category)
        row2 = QHBoxLayout()
        row2.addWidget(self.duplicate_button)
        row2.addWidget(self.delete_button)
        row2.addWidget(more)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(row1)
        left_layout.addLayout(row2)

        # -- right: the reply ----------------------------------------------------------------
        self.error = error_label()
        # Over a team reply: whose it is, and the way to a copy the agent can change.
        self.team_note = QLabel(self.tr("Team reply — maintained by your lead. You can copy it as it is; "
                                        "to change it, copy it to your replies."))
        self.team_note.setWordWrap(True)
        self.copy_to_mine_button = QPushButton(self.tr("Copy to my replies"))
        self.copy_to_mine_button.setToolTip(self.tr("An editable copy in your own replies, both languages"))
        self.copy_to_mine_button.clicked.connect(lambda: self.copy_to_mine())
        self.team_banner = QWidget()
        banner = QHBoxLayout(self.team_banner)
        banner.setContentsMargins(0, 0, 0, 0)
        banner.addWidget(self.team_note, 1)
        banner.addWidget(self.copy_to_mine_button)
        self.team_banner.hide()
        self.category = QComboBox()
        self.favourite = QCheckBox(self.tr("Favourite (top of the tray menu)"))
        self.tabs = QTabWidget()
        self.variant_tabs: dict[str, VariantTab] = {}
        for lang in LANGS:
            tab = VariantTab(lang)
            self.variant_tabs[lang] = tab
            self.tabs.addTab(tab, LANG_NAMES[lang])
            tab.title.textChanged.connect(self._changed)
            tab.body.textChanged.connect(self._changed)
        self.tabs.currentChanged.connect(lambda _i: self.update_preview())
        self.category.currentIndexChanged.connect(self._changed)
        self.favourite.toggled.connect(self._favourite_toggled)
        insert_menu = QMenu(self)
        for name, (takes_arg, doc) in PLACEHOLDERS.items():
            token = "{" + name + (":2" if takes_arg else "") + "}"
            action = insert_menu.addAction(f"{token}  —  {self.tr(doc)}")
            action.triggered.connect(lambda _c=False, t=token: self.insert_placeholder(t))
        self.insert_button = menu_button(self.tr("Insert placeholder"), insert_menu)
        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow("", self.favourite)

        self.preview_ticket = TicketCombo()
        self.preview_ticket.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.problems = ProblemsLabel()
        preview_row = QHBoxLayout()
        preview_row.addWidget(QLabel(self.tr("Preview for")))
        preview_row.addWidget(self.preview_ticket, 1)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self.tr("Revert"))
        self.revert_button.clicked.connect(self.revert)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy this reply, filled for the preview ticket"))
        self.copy_button.clicked.connect(self.copy)
        buttons = QHBoxLayout()
        buttons.addWidget(self.insert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close the editor (Esc)"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.error)
        self.team_status = QLabel()  # a lead's publish: under way, done
        self.team_status.setWordWrap(True)
        self.team_status.setTextFormat(Qt.TextFormat.PlainText)
        self.team_status.hide()
        right_layout.addWidget(self.team_status)
        right_layout.addWidget(self.team_banner)
        right_layout.addLayout(form)
        right_layout.addWidget(self.tabs, 3)
        right_layout.addLayout(buttons)
        right_layout.addLayout(preview_row)
        right_layout.addWidget(self.preview, 2)
        right_layout.addWidget(self.problems)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 710])
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._apply_icons()
        theme.notifier().changed.connect(self._apply_icons)
        actions.library_changed.connect(self._library_changed)
        actions.language_changed.connect(lambda _lang: self._library_changed())  # names in the tree
        self.reload()
        geometry.place(self, "reply_editor", QSize(1040, 620))

    def _apply_icons(self) -> None:
        """Icons where they help find a button at a glance, re-tinted when the scheme changes.
        Save and Close stay words, like the dialogs' buttons."""
        for button, name in ((self.new_reply_button, "new"), (self.new_category_button, "new"),
                             (self.delete_button, "delete"), (self.duplicate_button, "duplicate"),
                             (self.copy_button, "copy"),
                             (self.revert_button, "undo")):
            button.setIcon(theme.symbol(name))
        self.filter_icon.setIcon(theme.symbol("find"))
        self.copy_to_mine_button.setIcon(theme.symbol("duplicate"))
        palette = self.team_note.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.muted())
        self.team_note.setPalette(palette)

    # -- opening and listing ---------------------------------------------------------------------

    def open_for(self, ticket_id: int | None) -> None:
        self._fill_tickets(ticket_id)
        self.show()
        self.raise_()
        self.activateWindow()

    def _fill_tickets(self, ticket_id: int | None) -> None:
        # The ticket in context, else none: Copy must never fill a reply for a ticket the agent
        # did not choose.
        self.preview_ticket.fill(self.reply_actions.tickets, ticket_id, self.tr("No ticket"))
        self.update_preview()

    def reload(self, select: tuple[str, int] | None = None) -> None:
        """Re-read the library into the tree; keep (or set) the selection."""
        if select is None:
            item = self.tree.currentItem()
            select = (item.data(0, KIND_ROLE), item.data(0, ID_ROLE)) if item is not None else None
        lang = self.reply_actions.language()
        self.tree.blockSignals(True)
        self.tree.clear()
        self.category.blockSignals(True)
        chosen_category = self.category.currentData()  # the form's choice survives the refill
        self.category.clear()
        items: dict[tuple[str, int], QTreeWidgetItem] = {}
        categories = self.library.categories()
        self._team_categories = {c.id for c in categories if c.team}
        team_tag = self.tr("team")
        for category in categories:
            self.category.addItem(category.name(lang), category.id)
            node = QTreeWidgetItem([category.name(lang) + (f" · {team_tag}" if category.team else "")])
            node.setData(0, KIND_ROLE, "category")
            node.setData(0, ID_ROLE, category.id)
            node.setData(0, TEAM_ROLE, bool(category.team))
            if category.team:
                # Shown (a team reply's category) but not offered for the agent's own replies.
                model = self.category.model()
                if isinstance(model, QStandardItemModel):
                    entry = model.item(self.category.count() - 1)
                    if entry is not None:
                        entry.setEnabled(False)
                node.setToolTip(0, self._team_tip())
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            self.tree.addTopLevelItem(node)
            items[("category", category.id)] = node
        for reply in self.library.replies():
            parent = items.get(("category", reply.category_id))
            if parent is None:
                continue
            child = QTreeWidgetItem([("★ " if reply.favourite else "") + reply.title(lang)])
            child.setData(0, KIND_ROLE, "reply")
            child.setData(0, ID_ROLE, reply.id)
            child.setData(0, TEAM_ROLE, reply.team)
            body = reply.variant(lang)[1].body[:300]
            child.setToolTip(0, self._team_tip() + "\n\n" + body if reply.team else body)
            parent.addChild(child)
            items[("reply", reply.id)] = child
        self.tree.expandAll()
        if chosen_category is not None and self.category.findData(chosen_category) >= 0:
            self.category.setCurrentIndex(self.category.findData(chosen_category))
        self.category.blockSignals(False)
        self.tree.blockSignals(False)
        self._apply_filter(self.filter.text())
        target = items.get(select) if select else None
        if target is None and not self.dirty:
            target = next((i for k, i in items.items() if k[0] == "reply"), None)
        if target is not None:
            self.tree.setCurrentItem(target)
        elif self.current_id is None and not self.dirty:
            self._load(None)

    def _team_tip(self) -> str:
        return self.tr("Team reply — maintained by your lead")

    def _categories(self) -> list[QTreeWidgetItem]:
        """The tree's category items, in order (each holds its replies)."""
        nodes = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [node for node in nodes if node is not None]

    @staticmethod
    def _replies_in(node: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        children = (node.child(j) for j in range(node.childCount()))
        return [child for child in children if child is not None]

    @staticmethod
    def _category_of(item: QTreeWidgetItem) -> QTreeWidgetItem:
        """The category item of `item`: itself, or the one a reply sits in."""
        if item.data(0, KIND_ROLE) == "reply":
            parent = item.parent()
            assert parent is not None, "every reply in the tree sits in its category"
            return parent
        return item

    def _select_quietly(self, item: QTreeWidgetItem | None) -> None:
        """Make `item` (None: nothing) the current item without announcing it."""
        self.tree.blockSignals(True)
        if item is None:
            self.tree.setCurrentIndex(QModelIndex())  # what QTreeWidget.setCurrentItem(nullptr) does
        else:
            self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for node in self._categories():
            shown = 0
            for child in self._replies_in(node):
                visible = not needle or needle in child.text(0).casefold()
                child.setHidden(not visible)
                shown += visible
            node.setHidden(bool(needle) and not shown and needle not in node.text(0).casefold())

    def _library_changed(self) -> None:
        if not self.dirty:
            self.reload()

    # -- selection -------------------------------------------------------------------------------
    def _current_changed(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        if self._loading:
            return
        target = (current.data(0, KIND_ROLE), current.data(0, ID_ROLE)) if current is not None else None
        if self.dirty:
            if not self._confirm_discard():
                self._select_quietly(previous)
                return
            # "Save" rebuilt the tree (and selected the saved reply): `current` is deleted by
            # now, so find what was clicked again by its kind and id.
            current = self._item(target)
            if current is not None and current is not self.tree.currentItem():
                self._select_quietly(current)
        if current is not None and current.data(0, KIND_ROLE) == "reply":
            self._load(current.data(0, ID_ROLE))
        elif current is not None:
            self._load(None, category_id=current.data(0, ID_ROLE), new=False)

    def _item(self, key: tuple[str, int] | None) -> QTreeWidgetItem | None:
        """The tree item for ("reply" | "category", id), if it is (still) there."""
        if key is None:
            return None
        for node in self._categories():
            if (node.data(0, KIND_ROLE), node.data(0, ID_ROLE)) == key:
                return node
            for child in self._replies_in(node):
                if (child.data(0, KIND_ROLE), child.data(0, ID_ROLE)) == key:
                    return child
        return None

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"), self.tr("Save the changes to this reply first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            return True
        return False

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, KIND_ROLE) == "category" and not item.data(0, TEAM_ROLE):
            self.rename_category()

    def _load(self, reply_id: int | None, category_id: int | None = None, new: bool = True) -> None:
        """Show a reply in the form (None: an empty form for a new reply, if `new`)."""
        self._loading = True
        same_reply = reply_id is not None and reply_id == self.current_id
        try:
            self.current_id = reply_id
            reply = None
            if reply_id is not None:
                try:
                    reply = self.library.reply(reply_id)
                except NotFound:
                    reply = None
                    self.current_id = None
            enabled = reply is not None or new
            for widget in (self.category, self.favourite, self.tabs, self.insert_button,
                           self.save_button, self.revert_button, self.copy_button):
                widget.setEnabled(enabled)
            self.duplicate_button.setEnabled(reply is not None)
            self.copy_id_action.setEnabled(reply is not None)
            self.delete_button.setEnabled(reply is not None or (category_id is not None and not new))
            self._lock(reply is not None and reply.team,
                       reply is None and not new and category_id in self._team_categories)
            target = reply.category_id if reply is not None else category_id
            if target is not None:
                self.category.setCurrentIndex(max(0, self.category.findData(target)))
            self.favourite.setChecked(bool(reply and reply.favourite))
            for lang, tab in self.variant_tabs.items():
                variant = reply.variants.get(lang) if reply is not None else None
                tab.title.setText(variant.title if variant else "")
                tab.body.setPlainText(variant.body if variant else "")
            if reply is not None and not same_reply:
                # A reply opens in the reply language; the same one reloaded (after Save, Revert
                # or Copy) stays on the tab the agent was editing.
                self.tabs.setCurrentIndex(LANGS.index(reply.variant(self.reply_actions.language())[0]))
            self.error.hide()
            self.dirty = False
        finally:
            self._loading = False
        self.update_preview()

    def _lock(self, team_reply: bool, team_category: bool) -> None:
        """A team reply is read, copied and starred here, never changed: its text read-only (still
        selectable), the changing buttons off with the reason in their tooltips."""
        self.current_team = team_reply
        why = self.tr("A team reply is maintained by your lead: copy it to your replies to change it")
        for tab in self.variant_tabs.values():
            tab.title.setReadOnly(team_reply)
            tab.body.setReadOnly(team_reply)
        for widget in (self.category, self.insert_button, self.save_button, self.revert_button):
            if team_reply:
                widget.setEnabled(False)
            widget.setToolTip(why if team_reply else "")
        if team_reply or team_category:
            self.delete_button.setEnabled(False)
            self.delete_button.setToolTip(why if team_reply else self.tr(
                "The team's categories come from your lead; they go when the lead removes them"))
        else:
            self.delete_button.setToolTip("")
        self.rename_action.setEnabled(not (team_reply or team_category))
        self.duplicate_button.setToolTip(self.tr("Copy to my replies, where it can be changed") if team_reply else "")
        self.team_banner.setVisible(team_reply)

    def _favourite_toggled(self, checked: bool) -> None:
        """On a team reply the star is saved at once (it is the agent's, kept on the reply's row across
        the lead's updates); on the agent's own it is part of the form."""
        if self._loading or not self.current_team or self.current_id is None:
            self._changed()
            return
        self.library.set_favourite(self.current_id, checked)
        self.reply_actions.invalidate()
        self.reload(select=("reply", self.current_id))

    def _changed(self) -> None:
        if not self._loading:
            self.dirty = True
            self.error.hide()
            self.update_preview()

    # -- editing ---------------------------------------------------------------------------------
    def current_lang(self) -> str:
        return LANGS[max(0, self.tabs.currentIndex())]

    def insert_placeholder(self, token: str) -> None:
        tab = self.variant_tabs[self.current_lang()]
        tab.body.insertPlainText(token)
        tab.body.setFocus()

    def form_input(self) -> ReplyInput:
        variants = {lang: Variant(tab.title.text(), tab.body.toPlainText())
                    for lang, tab in self.variant_tabs.items()}
        # No slug: a new reply's is made from its name, an existing one's is kept (scripts use it).
        return ReplyInput(self.category.currentData(), variants, self.favourite.isChecked(), "")

    def save(self) -> bool:
        try:
            if self.current_id is None:
                reply = self.library.create(self.form_input())
            else:
                reply = self.library.update(self.current_id, self.form_input())
        except (ValidationError, NotFound) as exc:
            self._show_error(exc)
            return False
        self.current_id = reply.id
        self.dirty = False
        self.reply_actions.invalidate()
        self.reload(select=("reply", reply.id))
        return True

    def _show_error(self, exc: Exception) -> None:
        text = str(exc)
        self.error.setText(text[:1].upper() + text[1:])
        self.error.show()
        field = getattr(exc, "field", "")
        lang, _dot, part = field.partition(".")
        if lang in self.variant_tabs:
            self.tabs.setCurrentIndex(LANGS.index(lang))
            widget = self.variant_tabs[lang].title if part == "title" else self.variant_tabs[lang].body
            widget.setFocus()
        elif field == "category":
            self.category.setFocus()

    def revert(self) -> None:
        self._load(self.current_id, category_id=self.category.currentData())

    def new_reply(self) -> None:
        if self.dirty and not self._confirm_discard():
            return
        category_id = self.category.currentData()
        item = self.tree.currentItem()
        if item is not None:
            category_id = self._category_of(item).data(0, ID_ROLE)
        if category_id in self._team_categories or category_id is None:  # a new reply is the agent's own
            own = self.library.own_categories()
            category_id = own[0].id if own else None
        if category_id is None:
            QMessageBox.information(self, self.tr("New reply"), self.tr("Create a category first."))
            return
        self._select_quietly(None)
        self._load(None, category_id=category_id)
        self.tabs.setCurrentIndex(LANGS.index(self.reply_actions.language()))
        self.variant_tabs[self.current_lang()].title.setFocus()

    def new_category(self, name_ru: str | None = None, name_en: str | None = None) -> bool:
        if name_ru is None and name_en is None:
            text, ok = QInputDialog.getText(self, self.tr("New category"),
                                            self.tr("Name (you can give both languages as “Русский / English”):"))
            if not ok:
                return False
            name_ru, name_en = self._split_names(text)
        try:
            category = self.library.add_category(name_ru or "", name_en or "")
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("New category"), str(exc))
            return False
        self.reply_actions.invalidate()
        self.reload(select=("category", category.id))
        return True

    @staticmethod
    def _split_names(text: str) -> tuple[str, str]:
        if " / " in text:  # "Вход/регистрация" is one name; "Вход / Sign-in" is two
            first, second = (part.strip() for part in text.split(" / ", 1))
        else:
            first = second = text.strip()
        cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in first)
        return (first, second) if cyrillic or " / " not in text else (second, first)

    def rename_category(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        category_id = self._category_of(item).data(0, ID_ROLE)
        category = next((c for c in self.library.categories() if c.id == category_id), None)
        if category is None or category.team:  # the lead names the team's categories
            return
        text, ok = QInputDialog.getText(self, self.tr("Rename category"),
                                        self.tr("Name (Русский / English):"),
                                        text=f"{category.name_ru} / {category.name_en}")
        if not ok:
            return
        ru, en = self._split_names(text)
        try:
            self.library.rename_category(category_id, ru, en)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("Rename category"), str(exc))
            return
        self.reply_actions.invalidate()
        self.reload(select=("category", category_id))

    def _selected_category(self) -> ReplyCategory | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        category_id = self._category_of(item).data(0, ID_ROLE)
        return next((c for c in self.library.categories() if c.id == category_id), None)

    def _team_actions(self) -> None:
        """Publish / stop sharing: for a lead, on one of their own categories."""
        team = self.team
        state = team.state() if team is not None else None
        category = self._selected_category()
        lead = bool(state is not None and state.joined and state.lead and category is not None and not category.team)
        shared = lead and team is not None and category is not None and category.slug in team.published_slugs()
        self.publish_action.setVisible(lead)
        self.publish_action.setText(self.tr("Publish the category to the team again") if shared
                                    else self.tr("Publish the category to the team"))
        self.unpublish_action.setVisible(bool(shared))

    def publish_category(self) -> None:
        category = self._selected_category()
        if self.team is None or category is None or category.team:
            return
        name = category.name(self.reply_actions.language())
        self._team_notice(self.tr("Publishing “{name}” to the team…").format(name=name))
        self.team.publish(category.id)

    def unpublish_category(self) -> None:
        category = self._selected_category()
        if self.team is None or category is None:
            return
        name = category.name(self.reply_actions.language())
        self._team_notice(self.tr("Taking “{name}” back from the team…").format(name=name))
        self.team.unpublish(category.slug)

    def _published(self, done: bool, what: str) -> None:
        if done:
            self._team_notice(self.tr("Done: the team has it within seconds"))
        elif what:
            self.team_status.hide()
            self._show_error(ValueError(self.tr("The team server refused: {why}").format(why=what)))

    def _team_notice(self, text: str) -> None:
        self.error.hide()
        self.team_status.setText(text)
        self.team_status.show()

    def duplicate(self) -> None:
        if self.current_id is None:
            return
        if self.dirty and not self._confirm_discard():
            return
        try:
            copy = self.library.duplicate(self.current_id)
        except (ValidationError, NotFound) as exc:
            self._show_error(exc)
            return
        self.reply_actions.invalidate()
        self.reload(select=("reply", copy.id))

    def copy_to_mine(self) -> bool:
        """The team reply shown, copied into the agent's own replies and opened there to edit."""
        if self.current_id is None:
            return False
        try:
            copy = self.library.copy_to_mine(self.current_id)
        except (ValidationError, NotFound) as exc:
            self._show_error(exc)
            return False
        self.reply_actions.invalidate()
        self.reload(select=("reply", copy.id))
        self.variant_tabs[self.current_lang()].title.setFocus()
        return True

    def delete(self, confirm: bool = True) -> bool:
        item = self.tree.currentItem()
        if item is None:
            return False
        kind, item_id = item.data(0, KIND_ROLE), item.data(0, ID_ROLE)
        if item.data(0, TEAM_ROLE):
            return False  # the lead's: the button is off and says why
        if kind == "reply":
            if confirm and QMessageBox.question(
                    self, self.tr("Delete reply"), self.tr("Delete “{name}”? This cannot be undone.").format(
                        name=item.text(0).lstrip("★ "))) != QMessageBox.StandardButton.Yes:
                return False
            self.library.delete(item_id)
            self.dirty = False
            self.current_id = None
        else:
            if confirm and item.childCount() == 0 and QMessageBox.question(
                    self, self.tr("Delete category"), self.tr("Delete the empty category “{name}”?").format(
                        name=item.text(0))) != QMessageBox.StandardButton.Yes:
                return False
            try:
                self.library.delete_category(item_id)
            except ValidationError as exc:
                # Only the first letter goes up: str.capitalize() would lower the rest, the
                # category's own name included ("Acknowledge" became "acknowledge").
                reason = str(exc).split(";")[0]
                QMessageBox.information(self, self.tr("Delete category"),
                                        self.tr("{reason}. Move its replies to another category or delete them "
                                                "first.").format(reason=reason[:1].upper() + reason[1:]))
                return False
        self.reply_actions.invalidate()
        self.reload(select=None)
        return True

    def copy_id(self) -> None:
        """Put the reply's id on the clipboard, for `companion reply copy ID --ticket KEY`."""
        if self.current_id is None:
            return
        try:
            slug = self.library.reply(self.current_id).slug
        except NotFound:
            return
        self.reply_actions.clipboard.copy(slug)
        self.reply_actions.copied.emit(self.tr("Copied the id for scripts: {id}").format(id=slug))

    def copy(self) -> None:
        if self.dirty and not self.save():
            return
        if self.current_id is not None:
            self.reply_actions.copy(self.current_id, self.preview_ticket.currentData(), self, lang=self.current_lang(),
                              use_context=False)

    # -- preview ---------------------------------------------------------------------------------
    def update_preview(self) -> None:
        tab = self.variant_tabs[self.current_lang()]
        text = tab.body.toPlainText()
        if not text.strip():
            self.preview.setHtml("")
            self.problems.setText("")
            return
        rendered = render(text, self.reply_actions.fill_context(self.preview_ticket.currentData(), self.current_lang()))
        self.preview.setHtml(preview_html(rendered))
        unknown = unknown_placeholders(text)
        messages = [p.message for p in unknown] + [p.message for p in rendered.problems if p not in unknown]
        self.problems.setText("\n".join(messages))

    # -- import and export -----------------------------------------------------------------------
    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import replies"), str(Path.home()),
            self.tr("Reply libraries, Espanso, Beeftext (*.json *.yml *.yaml *.csv);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        progress = None
        try:
            data = load_file(path)
            count = len(data.get("templates", [])) if isinstance(data, dict) else 0
            if count >= self.PROGRESS_FROM:
                # A big library takes a second or two: say so rather than look frozen.
                progress = QProgressDialog(self.tr("Importing {n} replies…").format(n=count), "", 0, count, self)
                progress.setWindowTitle(self.tr("Import replies"))
                progress.setCancelButton(None)  # all or nothing: an import is not stopped halfway
                progress.setWindowModality(Qt.WindowModality.WindowModal)
                progress.setMinimumDuration(0)
                progress.setValue(0)

            def report(done: int, total: int) -> None:
                if progress is not None:
                    progress.setValue(done)
                    QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

            summary = import_replies(data, self.reply_actions.clock, progress=report)
        except ReplyImportError as exc:
            if progress is not None:
                progress.close()
            QMessageBox.warning(self, self.tr("Import replies"),
                                self.tr("{file}: {error}\n\nNothing was imported.").format(file=path.name, error=exc))
            return False
        if progress is not None:
            progress.close()
        self.reply_actions.invalidate()
        self.reload()
        text = self.tr("Imported from {file}: {added} new, {updated} updated.").format(
            file=path.name, added=summary.added, updated=summary.updated)
        if summary.warnings:
            text += "\n\n" + self.tr("Placeholders this app cannot fill were kept as text:") + "\n" + "\n".join(
                summary.warnings[:10])
        QMessageBox.information(self, self.tr("Import replies"), text)
        return True

    def export_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export replies"),
                                                    str(Path.home() / "replies.json"), "JSON (*.json)")
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> bool:
        try:
            write_private(path, dump_replies())
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export replies"), f"{path}: {exc.strerror or exc}")
            return False
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        geometry.remember(self, "reply_editor")
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc closes, as Close does (asking first about unsaved changes). A field that uses Esc
        # itself (an open list, a menu) takes it before it gets here.
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty:
            if not self._confirm_discard():
                event.ignore()
                return
            self.revert()  # discarded: the next open shows the reply as saved, not the dropped edits
        super().closeEvent(event)
