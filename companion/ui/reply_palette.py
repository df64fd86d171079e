"""The reply palette: a small keyboard-first window. Type to search, arrows to move, Enter copies
and closes, Ctrl+Enter copies and marks the ticket updated. The preview shows exactly what will be
pasted, with unfilled placeholders highlighted.

It does not search (the reply index does) nor fill replies (ReplyActions does); it only shows the
hits, the chosen ticket and the preview, and says "nothing found" where the agent is looking: in the
list, not in the preview."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt,
                            Signal)
from PySide6.QtGui import (QColor, QFont, QFontMetrics, QHideEvent, QKeyEvent, QKeySequence, QPainter,
                           QPaintEvent, QPalette, QResizeEvent, QShortcut)
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QButtonGroup, QComboBox, QHBoxLayout,
                               QLabel, QLineEdit, QListView, QPushButton, QSplitter, QStyle, QStyledItemDelegate,
                               QStyleOptionComboBox, QStyleOptionViewItem, QStylePainter, QTextBrowser, QToolButton,
                               QVBoxLayout, QWidget)

from companion.core.replies import LANGS, Rendered
from companion.core.reply_library import Reply
from companion.ui import geometry, theme
from companion.ui.reply_actions import ReplyActions
from companion.ui.widgets import fill_ticket_choice

if TYPE_CHECKING:
    from companion.core.tickets import TicketService

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 3
TEAM_ROLE = Qt.ItemDataRole.UserRole + 4  # the tag of a team reply ("team"), "" for the agent's own
_ROOT = QModelIndex()  # the invalid index that stands for the list's root: Qt's default parent


class HitModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[Reply] = []
        self.lang = "en"
        self.categories: dict[int, str] = {}

    def set_rows(self, rows: list[Reply], lang: str, categories: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.lang, self.categories = rows, lang, categories
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        reply = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            used, variant = reply.variant(self.lang)
            star = "★ " if reply.favourite else ""
            other = f" ({used})" if used != self.lang else ""
            team = f" [{self.team_tag()}]" if reply.team else ""
            return f"{star}{variant.title}{other}  —  {self.categories.get(reply.category_id, '')}{team}"
        if role == Qt.ItemDataRole.ToolTipRole:
            body = reply.variant(self.lang)[1].body[:400]
            return self.team_note() + "\n\n" + body if reply.team else body
        if role == TEAM_ROLE:
            return self.team_tag() if reply.team else ""
        if role == ID_ROLE:
            return reply.id
        if role == TITLE_ROLE:
            used, variant = reply.variant(self.lang)
            return ("★ " if reply.favourite else "") + variant.title + (f" ({used})" if used != self.lang else "")
        if role == CATEGORY_ROLE:
            return self.categories.get(reply.category_id, "")
        return None

    def team_tag(self) -> str:
        return self.tr("team")

    def team_note(self) -> str:
        return self.tr("Team reply — maintained by your lead")


class HitDelegate(QStyledItemDelegate):
    """The reply's name on the left, its category small and grey on the right; a team reply has a small
    outlined "team" tag before its category, in the same muted colour: seen when looked for, quiet
    otherwise (the rows stay one line, no icon column pushes the names aside)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(6, 0, -6, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        text_color = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                       else QPalette.ColorRole.Text)
        small = QFont(opt.font)
        small.setPointSizeF(max(6.0, opt.font.pointSizeF() * 0.85))
        category = index.data(CATEGORY_ROLE) or ""
        small_metrics = QFontMetrics(small)
        category_width = min(small_metrics.horizontalAdvance(category) + 4, rect.width() // 3)  # +4: rounding
        tag = index.data(TEAM_ROLE) or ""
        tag_width = small_metrics.horizontalAdvance(tag) + 10 if tag else 0  # 10: the outline's inner margin
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(text_color)
        title_rect = rect.adjusted(0, 0, -(category_width + 10 + (tag_width + 6 if tag else 0)), 0)
        title = opt.fontMetrics.elidedText(index.data(TITLE_ROLE) or "", Qt.TextElideMode.ElideRight,
                                           title_rect.width())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(small)
        muted = QColor(text_color)
        muted.setAlphaF(0.6)
        painter.setPen(muted)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         small_metrics.elidedText(category, Qt.TextElideMode.ElideRight, category_width))
        if tag:
            height = small_metrics.height() + 2
            box = QRect(rect.right() - category_width - 6 - tag_width, rect.center().y() - height // 2 + 1,
                        tag_width, height)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), 4, 4)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tag)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        size.setHeight(max(size.height(), option.fontMetrics.height() + 10))
        return size


class HitList(QListView):
    """The list of hits; when there are none it says so itself, in the list where the agent is
    looking, rather than leaving a blank box beside a message in the preview."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_label = QLabel(self.viewport())
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.hide()
        self._recolour()
        theme.notifier().changed.connect(self._recolour)

    def set_empty_text(self, text: str) -> None:
        """The message shown while the list has no rows ("": none)."""
        self.empty_label.setText(text)
        self._sync_empty()

    def _sync_empty(self) -> None:
        model = self.model()
        empty = model is None or model.rowCount() == 0
        self.empty_label.setVisible(empty and bool(self.empty_label.text()))
        self.empty_label.setGeometry(self.viewport().rect().adjusted(12, 16, -12, -12))

    def _recolour(self) -> None:
        palette = self.empty_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.muted())
        self.empty_label.setPalette(palette)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._sync_empty()


class TicketCombo(QComboBox):
    """The ticket choice: a long "KEY · client — subject" is cut with "…" at the end of what fits,
    never mid-word without a sign, and the whole of it is in the tooltip and in the open list."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                                           max(0, field.width() - 4))  # -4: the label's own inset
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def fill(self, tickets: TicketService, ticket_id: int | None, none_label: str) -> None:
        """fill_ticket_choice, with each ticket's whole label: that function cuts a label at 90
        characters, mid-word and without a sign; here the width decides, and says so with "…"."""
        fill_ticket_choice(self, tickets, ticket_id, none_label)
        for t in tickets.choices():
            index = self.findData(t.id)
            if index >= 0:
                self.setItemText(index, t.key + (f" · {t.client}" if t.client else "")
                                 + (f" — {t.subject}" if t.subject else ""))
        self.sync_tooltip()

    def is_elided(self) -> bool:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().horizontalAdvance(self.currentText()) > field.width() - 4

    def sync_tooltip(self) -> None:
        self.setToolTip(self.currentText() if self.is_elided() else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.sync_tooltip()

    def showPopup(self) -> None:
        # The open list as wide as its longest entry (within the screen), so every ticket reads whole.
        metrics = self.view().fontMetrics()
        widest = max((metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        screen = self.screen().availableGeometry().width() if self.screen() is not None else 1024
        self.view().setMinimumWidth(min(widest + 48, screen - 32))  # +48: the scroll bar and the margins
        super().showPopup()


class ProblemsLabel(QLabel):
    """Under a reply preview: the placeholders that will not be filled, one per line, in the
    theme's "worth a glance" colour (it follows a switch between light and dark)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._recolour()
        theme.notifier().changed.connect(self._recolour)

    def _recolour(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.soon())
        self.setPalette(palette)


def preview_html(rendered: Rendered) -> str:
    """The rendered text with filled values lightly marked and unfilled placeholders flagged."""
    parts = []
    # A filled value sits on a pale blue in a light window, a deep blue in a dark one: the text
    # keeps its own colour, so the mark must be the background that text reads on.
    filled = "#23364f" if theme.is_dark() else "#e3f0ff"
    for segment in rendered.segments:
        text = html.escape(segment.text, quote=False).replace("\n", "<br>")
        if segment.problem is not None:
            parts.append(f'<span style="background:#ffcc80; color:#7a2e00; font-weight:bold;">{text}</span>')
        elif segment.placeholder is not None:
            parts.append(f'<span style="background:{filled};">{text}</span>')
        else:
            parts.append(text)
    return "".join(parts)


class ReplyPalette(QWidget):
    closed = Signal()
    # Opened by the global hotkey: the reply was copied and should go into the window the palette
    # was opened over (ui/paste_back.py does that). Not sent for "copy only".
    paste_requested = Signal()

    def __init__(self, actions: ReplyActions, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.reply_actions = actions  # not `actions`: that is QWidget.actions()
        self.setWindowTitle(self.tr("Find reply — Support Companion"))
        self.lang = actions.language()

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type to search replies…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.update_results)
        self.search.installEventFilter(self)
        self.lang_buttons = QButtonGroup(self)
        lang_row = QHBoxLayout()
        lang_row.setSpacing(0)
        for code in LANGS:
            button = QToolButton()
            button.setText(code.upper())
            button.setCheckable(True)
            button.setToolTip(self.tr("Copy replies in this language"))
            self.lang_buttons.addButton(button)
            button.setProperty("lang", code)
            lang_row.addWidget(button)
        self.lang_buttons.buttonClicked.connect(self._language_clicked)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addLayout(lang_row)

        self.ticket_box = TicketCombo()
        self.ticket_box.setMinimumContentsLength(30)
        self.ticket_box.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.ticket_box.currentIndexChanged.connect(lambda _i: self.ticket_box.sync_tooltip())
        ticket_row = QHBoxLayout()
        ticket_label = QLabel(self.tr("&Ticket:"))
        ticket_label.setBuddy(self.ticket_box)
        ticket_row.addWidget(ticket_label)
        ticket_row.addWidget(self.ticket_box, 1)

        self.model = HitModel(self)
        self.list = HitList()
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.selectionModel().currentChanged.connect(lambda *_: self.update_preview())
        self.list.doubleClicked.connect(lambda _i: self.copy())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.problems = ProblemsLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.problems)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([420, 440])

        # Over another window (the global hotkey): which window the reply goes into, and why the
        # ticket was chosen. Hidden when the palette is opened inside the app.
        self.target_note = QLabel()
        self.target_note.setWordWrap(True)
        self.target_note.setTextFormat(Qt.TextFormat.PlainText)
        self.target_note.hide()
        self.paste_mode = False  # Enter pastes into the target window
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # the Russian hint over another window is longer than the palette is wide
        self._recolour_hint()
        theme.notifier().changed.connect(self._recolour_hint)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(lambda: self.copy())
        self.copy_mark_button = QPushButton(self.tr("Copy && mark updated"))
        self.copy_mark_button.clicked.connect(lambda: self.copy(mark_updated=True))
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.copy_mark_button)
        bottom.addWidget(self.copy_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.target_note)
        layout.addLayout(ticket_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.hide)
        actions.library_changed.connect(self._library_changed)
        actions.language_changed.connect(self._language_changed)
        self._sync_lang_buttons()
        self._set_mode(paste=False, note="")

    def _recolour_hint(self) -> None:
        # palette(dark) was near-black on a dark window: the theme's muted reads on both.
        palette = self.hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.muted())
        self.hint.setPalette(palette)

    # -- opening -------------------------------------------------------------------------------
    def open_for(self, ticket_id: int | None, anchor: QRect | None = None) -> None:
        self._set_mode(paste=False, note="")
        self._open(ticket_id, anchor)

    def open_over(self, ticket_id: int | None, note: str, paste: bool, anchor: QRect | None = None) -> None:
        """Opened by the global hotkey over another application's window: `note` says which
        window and why this ticket; with `paste`, Enter puts the reply into that window."""
        self._set_mode(paste=paste, note=note)
        self._open(ticket_id, anchor)

    def _set_mode(self, paste: bool, note: str) -> None:
        self.paste_mode = paste
        self.target_note.setText(note)
        self.target_note.setVisible(bool(note))
        if paste:
            self.hint.setText(self.tr("↑↓ choose · Enter paste · Ctrl+Enter paste and mark updated · "
                                      "Alt+Enter copy only · Esc close"))
            self.copy_button.setText(self.tr("Paste"))
            self.copy_mark_button.setText(self.tr("Paste && mark updated"))
        else:
            self.hint.setText(self.tr("↑↓ choose · Enter copy · Ctrl+Enter copy and mark updated · Esc close"))
            self.copy_button.setText(self.tr("Copy"))
            self.copy_mark_button.setText(self.tr("Copy && mark updated"))

    def _open(self, ticket_id: int | None, anchor: QRect | None) -> None:
        self.lang = self.reply_actions.language()
        self._sync_lang_buttons()
        self._fill_tickets(ticket_id)
        self.search.clear()
        self.update_results()
        if not self.isVisible():
            geometry.place(self, "palette", QSize(860, 480), near=anchor)
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus()

    def _fill_tickets(self, ticket_id: int | None) -> None:
        self.ticket_box.fill(self.reply_actions.tickets, ticket_id, self.tr("No ticket"))

    def ticket_id(self) -> int | None:
        return self.ticket_box.currentData()

    # -- language ------------------------------------------------------------------------------
    def _language_clicked(self, button: QAbstractButton) -> None:
        self.set_language(button.property("lang"))

    def set_language(self, lang: str) -> None:
        self.reply_actions.set_language(lang)
        self._language_changed(lang)

    def _language_changed(self, lang: str) -> None:
        self.lang = lang
        self._sync_lang_buttons()
        current = self.current_reply_id()
        self.update_results()
        self.select_reply(current)

    def _sync_lang_buttons(self) -> None:
        for button in self.lang_buttons.buttons():
            button.setChecked(button.property("lang") == self.lang)

    # -- results -------------------------------------------------------------------------------
    def _library_changed(self) -> None:
        if self.isVisible():
            current = self.current_reply_id()
            self.update_results()
            self.select_reply(current)

    def update_results(self) -> None:
        index = self.reply_actions.index()
        hits = index.search(self.search.text(), self.reply_actions.clock.now(), limit=100)
        by_id = self.reply_actions.reply_map()
        rows = [by_id[h.reply_id] for h in hits if h.reply_id in by_id]
        self.model.set_rows(rows, self.lang, self.reply_actions.category_names(self.lang))
        text = self.search.text()
        if text.strip():
            self.list.set_empty_text(self.tr("No reply matches “{text}”.").format(text=text.strip()))
        else:
            self.list.set_empty_text(self.tr("No replies yet. Add them in the reply editor."))
        if rows:
            self.list.setCurrentIndex(self.model.index(0))  # currentChanged updates the preview
        else:
            self.update_preview()

    def current_reply_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_reply(self, reply_id: int | None) -> None:
        for row, reply in enumerate(self.model.rows):
            if reply.id == reply_id:
                self.list.setCurrentIndex(self.model.index(row))
                return

    def update_preview(self) -> None:
        reply_id = self.current_reply_id()
        enabled = reply_id is not None
        self.copy_button.setEnabled(enabled)
        self.copy_mark_button.setEnabled(enabled and self.ticket_id() is not None)
        if reply_id is None:  # the list says why it is empty
            self.preview.clear()
            self.problems.clear()
            return
        reply = self.reply_actions.reply(reply_id)
        used, rendered = self.reply_actions.render(reply, self.ticket_id(), self.lang)
        note = ""
        if used != self.lang:
            note = html.escape(self.tr("This reply has no {lang} text; showing the {used} one.").format(
                lang=self.lang.upper(), used=used.upper()))
            note = f'<p style="color:{theme.muted().name()};"><i>{note}</i></p>'
        self.preview.setHtml(note + preview_html(rendered))
        self.problems.setText("\n".join(p.message for p in rendered.problems))

    # -- keys and copying -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            steps: dict[int, int] = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10,
                                     Qt.Key.Key_PageDown: 10}
            if key in steps:
                self.move_selection(steps[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter(event.modifiers())
                return True
        return super().eventFilter(watched, event)

    def _enter(self, modifiers: Qt.KeyboardModifier) -> None:
        """Enter copies (pastes, over another window); Ctrl+Enter also marks the ticket updated;
        Alt+Enter only copies, wherever the palette was opened."""
        self.copy(mark_updated=bool(modifiers & Qt.KeyboardModifier.ControlModifier),
                  paste=not modifiers & Qt.KeyboardModifier.AltModifier)

    def move_selection(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = self.list.currentIndex().row()
        row = min(max(0, (row if row >= 0 else 0) + step), count - 1)
        self.list.setCurrentIndex(self.model.index(row))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):  # Enter on a focused button does what it says
                focused.click()
                return
            self._enter(event.modifiers())
            return
        super().keyPressEvent(event)

    def copy(self, mark_updated: bool = False, paste: bool = True) -> bool:
        """Copy the chosen reply for the chosen ticket; over another window (and unless `paste` is
        False, "copy only") ask for it to be pasted there once the palette is gone."""
        reply_id = self.current_reply_id()
        if reply_id is None:
            return False
        ticket_id = self.ticket_id()
        if mark_updated and ticket_id is None:
            self.problems.setText(self.tr("Choose the ticket to mark updated."))
            self.ticket_box.setFocus()
            return False
        if self.reply_actions.copy(reply_id, ticket_id, self, lang=self.lang, mark_updated=mark_updated,
                                   use_context=False):
            pasting = self.paste_mode and paste
            self.hide()
            if pasting:
                self.paste_requested.emit()
            return True
        return False

    def hideEvent(self, event: QHideEvent) -> None:
        geometry.remember(self, "palette")
        super().hideEvent(event)
        self.closed.emit()
