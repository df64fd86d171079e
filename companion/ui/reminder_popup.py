"""The reminder popup: a small always-on-top window listing what is due, with one-click actions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QToolButton,
                               QVBoxLayout, QWidget)

from companion.core.reminders import DueItem
from companion.runtime import wording
from companion.ui import geometry
from companion.ui.ticket_actions import TicketActions

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from companion.ui.reply_actions import ReplyActions


class ReminderRow(QFrame):
    def __init__(self, item: DueItem, actions: TicketActions, now: datetime, tz: ZoneInfo, host: QWidget,
                 parent: QWidget | None = None, replies: ReplyActions | None = None):
        super().__init__(parent)
        self.item = item
        self.setObjectName("reminderRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(f"<b>{_esc(item.key)}</b> · {_esc(item.client) or '—'}")
        title.setTextFormat(Qt.TextFormat.RichText)
        subject = QLabel(item.subject or "")
        subject.setTextFormat(Qt.TextFormat.PlainText)
        subject.setWordWrap(True)
        # The same words as the notification: the promised (or due) time and how far off it is.
        late = (now - item.anchor).total_seconds() >= 60
        status = QLabel(wording.what(item, now, tz))
        status.setTextFormat(Qt.TextFormat.PlainText)
        status.setStyleSheet("color: #b3261e;" if late else "color: palette(dark);")
        self.updated = QPushButton(self.tr("Updated"))
        self.updated.setToolTip(self.tr("I have updated the client: log it and restart the clock"))
        # Dialogs, menus and messages hang off the popup (`host`), not this row: rows are
        # rebuilt whenever the data or the minute changes, which would take them along.
        self.updated.clicked.connect(lambda: actions.mark_updated(item.ticket_id, host, ask=False))
        self.snooze = QToolButton()
        self.snooze.setText(self.tr("Snooze"))
        self.snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze.setMenu(actions.snooze_menu(item.ticket_id, host, owner=self.snooze))
        self.open = QPushButton(self.tr("Open"))
        self.open.clicked.connect(lambda: actions.open_ticket(item.ticket_id, host))
        if not actions.has_link(item.ticket_id):  # said before the click, not in a warning after it
            self.open.setEnabled(False)
            self.open.setToolTip(self.tr("This ticket has no link: add one in the ticket to open it from here"))
        self.copy_reply: QPushButton | None = None
        if replies is not None:
            copy_reply = self.copy_reply = QPushButton(self.tr("Copy update reply"))
            copy_reply.setToolTip(self.tr("Copy the update reply chosen in Settings, filled for this ticket"))
            copy_reply.clicked.connect(lambda: replies.copy_update_reply(item.ticket_id, host))
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addWidget(title)
        text.addWidget(subject)
        text.addWidget(status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.updated)
        buttons.addWidget(self.snooze)
        buttons.addWidget(self.open)
        if self.copy_reply is not None:
            buttons.addWidget(self.copy_reply)
        buttons.addStretch(1)
        text.addLayout(buttons)
        self.setLayout(text)


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReminderPopup(QWidget):
    """Lists what is due now. The app refreshes it whenever the data or the clock changes."""

    open_main = Signal()

    def __init__(self, actions: TicketActions, parent: QWidget | None = None,
                 replies: ReplyActions | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.ticket_actions = actions  # not `actions`: that is QWidget.actions()
        self.replies = replies
        self.setWindowTitle(self.tr("Updates due — Support Companion"))
        self.setMinimumWidth(440)
        self.resize(480, 300)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list_widget)
        all_tickets = QPushButton(self.tr("All tickets…"))
        all_tickets.clicked.connect(self.open_main.emit)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.hide)
        bottom = QHBoxLayout()
        bottom.addWidget(all_tickets)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.rows: list[ReminderRow] = []
        self._pending: tuple[list[DueItem], datetime, ZoneInfo] | None = None
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(500)
        self._retry.timeout.connect(self._set_pending)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    def _set_pending(self) -> None:
        if self._pending:
            self.set_items(*self._pending)

    def set_items(self, items: list[DueItem], now: datetime, tz: ZoneInfo) -> None:
        if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget() is not None:
            # A menu or dialog opened from a row is in use: rebuild once it has closed.
            self._pending = (items, now, tz)
            self._retry.start()
            return
        self._pending = None
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        if items:
            self.header.setText(self.tr("Due now: {n}").format(n=len(items)))
        else:
            self.header.setText(self.tr("Nothing is due. Well kept!"))
        for item in items:
            row = ReminderRow(item, self.ticket_actions, now, tz, self, self.list_widget, replies=self.replies)
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            self.rows.append(row)
        room = geometry.room(self)
        self.resize(max(self.width(), 480), min(110 + 100 * max(1, len(items)), 560, room.height()))
        if self.isVisible():
            geometry.keep_inside(self)  # grown by a row: not over the tray, not off the screen

    def present(self, anchor: QRect | None = None) -> None:
        """Show near `anchor` (the tray icon) when known, else at the top right of the screen."""
        if not self.isVisible():
            # The tray icon lies outside the available geometry (on the panel): beside it, inside.
            area = geometry.room(self, anchor)
            size = self.size().boundedTo(area.size())
            if anchor is not None and anchor.isValid():
                below = anchor.bottom() + 8
                y = below if below + size.height() <= area.bottom() else anchor.top() - size.height() - 8
                wanted = QRect(anchor.center().x() - size.width() // 2, y, size.width(), size.height())
            else:
                wanted = QRect(area.right() - size.width(), area.top(), size.width(), size.height())
            self.setGeometry(geometry.inside(wanted, area))
        self.show()
        self.raise_()
        self.activateWindow()
