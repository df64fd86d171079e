"""The reminder popup: a small always-on-top window listing what is due, with one-click actions.

Each row names the commitment it reminds of and, beside it, the ticket's other one (the promise
under a due update, the next update under a promise), so the agent sees both before answering.
"Updated" offers Undo for a few seconds (TicketActions). What is due is the runtime's to say.

Above them, in team mode, the tickets colleagues offered: the popup is where an offer notice leads,
so the answer is given here. Offer rows are kept, not rebuilt, while their offer waits: a redraw
(every sync, every minute) must not wipe a reason being typed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from companion.core.reminders import DueItem, ReminderKind
from companion.core.team import MAX_NOTE
from companion.core.tickets import NotFound
from companion.runtime import fmt, wording
from companion.ui import geometry, theme
from companion.ui.ticket_actions import TicketActions
from companion.ui.widgets import menu_button

SOON = 3600  # seconds: a commitment this close is shown in the "soon" colour

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from companion.runtime.team import TeamLink
    from companion.store.models import Handoff
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
        status = QLabel(wording.what(item, now, tz))
        status.setObjectName("dueLine")
        status.setTextFormat(Qt.TextFormat.PlainText)
        status.setStyleSheet(_colour(item.anchor, now))
        other, other_at = self._other(item, actions, now, tz)
        self.other = QLabel(other)
        self.other.setObjectName("otherLine")
        self.other.setTextFormat(Qt.TextFormat.PlainText)
        self.other.setVisible(bool(other))
        if other_at is not None:
            self.other.setStyleSheet(_colour(other_at, now))
        self.status = status
        self.updated = QPushButton(theme.symbol("updated"), self.tr("Updated"))
        self.updated.setToolTip(self.tr("I have updated the client: log it and restart the clock"))
        # Dialogs, menus and messages hang off the popup (`host`), not this row: rows are
        # rebuilt whenever the data or the minute changes, which would take them along.
        self.updated.clicked.connect(lambda: actions.mark_updated(item.ticket_id, host, ask=False))
        self.snooze = menu_button(self.tr("Snooze"), icon="snooze")
        self.snooze.setMenu(actions.snooze_menu(item.ticket_id, host, owner=self.snooze))
        self.open = QPushButton(theme.symbol("open"), self.tr("Open"))
        self.open.clicked.connect(lambda: actions.open_ticket(item.ticket_id, host))
        if not actions.has_link(item.ticket_id):  # said before the click, not in a warning after it
            self.open.setEnabled(False)
            self.open.setToolTip(self.tr("This ticket has no link: add one in the ticket to open it from here"))
        self.copy_reply: QPushButton | None = None
        if replies is not None:
            copy_reply = self.copy_reply = QPushButton(theme.symbol("copy"), self.tr("Copy update reply"))
            copy_reply.setToolTip(self.tr("Copy the update reply chosen in Settings, filled for this ticket"))
            copy_reply.clicked.connect(lambda: replies.copy_update_reply(item.ticket_id, host))
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addWidget(title)
        text.addWidget(subject)
        text.addWidget(status)
        text.addWidget(self.other)
        text.addSpacing(4)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)  # apart, so a click lands on the button meant
        buttons.addWidget(self.updated)
        buttons.addWidget(self.snooze)
        buttons.addWidget(self.open)
        if self.copy_reply is not None:
            buttons.addWidget(self.copy_reply)
        buttons.addStretch(1)
        text.addLayout(buttons)
        self.setLayout(text)

    def _other(self, item: DueItem, actions: TicketActions, now: datetime,
               tz: ZoneInfo) -> tuple[str, datetime | None]:
        """The commitment the row is not about, and when: the promise under an update, the
        next update under a promise."""
        try:
            ticket = actions.service.detail(item.ticket_id)
        except NotFound:
            return "", None
        if item.kind == ReminderKind.UPDATE and ticket.promised_at is not None:
            return self.tr("promised {when}").format(when=fmt.when(ticket.promised_at, now, tz)), ticket.promised_at
        if item.kind != ReminderKind.UPDATE and ticket.next_update_due is not None:
            due = ticket.next_update_due
            return self.tr("next update {when}").format(when=fmt.when(due, now, tz)), due
        return "", None


class OfferRow(QFrame):
    """One ticket a colleague offered me: from whom, what, their note; Accept, or Decline with an
    optional reason typed in place (Enter declines, Esc goes back)."""

    def __init__(self, row: Handoff, team: TeamLink, parent: QWidget | None = None):
        super().__init__(parent)
        self.team = team
        self.offer_id = int(row.offer_id or 0)
        self.setObjectName("offerRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        who = row.colleague_name or row.colleague
        title = QLabel(self.tr("<b>{key}</b> · offered by {who}").format(key=_esc(row.ticket_key), who=_esc(who)))
        title.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel(row.summary or "")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setVisible(bool(row.summary))
        self.note = QLabel(self.tr("Note: {note}").format(note=row.note) if row.note else "")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(row.note))
        self.status = QLabel()
        self.status.setObjectName("offerStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.accept = QPushButton(theme.symbol("updated"), self.tr("&Accept"))
        self.accept.setToolTip(self.tr("Take the ticket into your list"))
        self.accept.clicked.connect(self.do_accept)
        self.decline = QPushButton(self.tr("&Decline…"))
        self.decline.setToolTip(self.tr("Leave the ticket with the colleague, saying why if you like"))
        self.decline.clicked.connect(self.ask_reason)
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_NOTE)  # the team server's bound on a reason
        self.reason.setPlaceholderText(self.tr("Reason for the colleague (optional)"))
        self.reason.setMaxLength(500)
        self.reason.returnPressed.connect(self.do_decline)
        self.confirm = QPushButton(self.tr("Decline"))
        self.confirm.clicked.connect(self.do_decline)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.clicked.connect(self.close_reason)
        self.reason_box = QWidget()
        reason_line = QHBoxLayout(self.reason_box)
        reason_line.setContentsMargins(0, 0, 0, 0)
        reason_line.addWidget(self.reason, 1)
        reason_line.addWidget(self.confirm)
        reason_line.addWidget(self.cancel)
        self.reason_box.hide()
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.accept)
        buttons.addWidget(self.decline)
        buttons.addStretch(1)
        text = QVBoxLayout(self)
        text.setSpacing(1)
        text.addWidget(title)
        text.addWidget(self.summary)
        text.addWidget(self.note)
        text.addWidget(self.status)
        text.addSpacing(4)
        text.addLayout(buttons)
        text.addWidget(self.reason_box)
        self.show_state(row)

    def show_state(self, row: Handoff) -> None:
        """What is waiting on the server for this offer (if anything), and why it failed (if it did)."""
        waiting = {"accept": self.tr("Accepting…"), "decline": self.tr("Declining…")}.get(row.pending, "")
        self._say(waiting or row.error, error=not waiting and bool(row.error))
        self.accept.setEnabled(not waiting)
        self.decline.setEnabled(not waiting)
        if waiting:
            self.reason_box.hide()

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {(theme.late() if error else theme.muted()).name()};")
        self.status.setVisible(bool(text))

    def do_accept(self) -> None:
        self._answer(lambda: self.team.accept(self.offer_id))

    def ask_reason(self) -> None:
        self.reason_box.show()
        self.decline.setEnabled(False)
        self.reason.setFocus()

    def close_reason(self) -> None:
        self.reason.clear()
        self.reason_box.hide()
        self.decline.setEnabled(self.accept.isEnabled())
        self.decline.setFocus()

    def do_decline(self) -> None:
        reason = self.reason.text().strip()
        self._answer(lambda: self.team.decline(self.offer_id, reason))

    def _answer(self, act: Any) -> None:
        from companion.core.team import HandoffError
        from companion.ui.handoff_dialog import error_text

        try:
            self.show_state(act())
        except HandoffError as exc:  # the key clashes with an open ticket, the offer went: said here
            self._say(error_text(exc), error=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.reason_box.isVisible():
            self.close_reason()  # only the reason goes; the popup stays
            return
        super().keyPressEvent(event)


def _colour(at: datetime, now: datetime) -> str:
    """Late in the late colour, within the hour in the soon one, else quietly."""
    left = (at - now).total_seconds()
    colour = theme.late() if left <= -60 else theme.soon() if left < SOON else theme.muted()
    return f"color: {colour.name()};"


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReminderPopup(QWidget):
    """Lists what is due now. The app refreshes it whenever the data or the clock changes."""

    open_main = Signal()

    def __init__(self, actions: TicketActions, parent: QWidget | None = None,
                 replies: ReplyActions | None = None, team: TeamLink | None = None):
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.ticket_actions = actions  # not `actions`: that is QWidget.actions()
        self.replies = replies
        self.team = team
        self.setWindowTitle(self.tr("Updates due — Support Companion"))
        self.setMinimumWidth(440)
        self.resize(480, 300)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.offers_box = QWidget()  # "Offered to you", above what is due; hidden without offers
        offers = self.offers_layout = QVBoxLayout(self.offers_box)
        offers.setContentsMargins(0, 0, 0, 8)
        self.offers_header = QLabel()
        self.offers_header.setStyleSheet("font-size: 12pt; font-weight: bold;")
        offers.addWidget(self.offers_header)
        self.offers_box.hide()
        self.offer_rows: dict[int, OfferRow] = {}
        self.list_layout.addWidget(self.offers_box)
        self.due_header = QLabel()  # the due part's own heading, shown only below offers
        self.due_header.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.due_header.hide()
        self.list_layout.addWidget(self.due_header)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list_widget)
        self.scroll_area = scroll  # (not `scroll`: that is QWidget.scroll())
        all_tickets = QPushButton(self.tr("All tickets…"))
        all_tickets.clicked.connect(self.open_main.emit)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.hide)
        bottom = QHBoxLayout()
        bottom.addWidget(all_tickets)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = self._outer = QVBoxLayout(self)
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

    def set_offers(self, rows: list[Handoff]) -> None:
        """The offers waiting for my answer; rows of offers still waiting keep their widgets."""
        if self.team is None:
            return
        wanted = {int(row.offer_id or 0): row for row in rows}
        for offer_id in [k for k in self.offer_rows if k not in wanted]:
            gone = self.offer_rows.pop(offer_id)
            gone.hide()
            self.offers_layout.removeWidget(gone)
            gone.deleteLater()
        for offer_id, row in wanted.items():
            shown = self.offer_rows.get(offer_id)
            if shown is None:
                shown = self.offer_rows[offer_id] = OfferRow(row, self.team, self.offers_box)
                self.offers_layout.addWidget(shown)
            else:
                shown.show_state(row)
        self.offers_box.setVisible(bool(self.offer_rows))

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
            # Hidden and dropped inside the list, never made a window of its own: a row rebuilt
            # from its own button's click would otherwise linger on screen until deleted.
            row.hide()
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        if items:
            self.header.setText(self.tr("Due now: {n}").format(n=len(items)))
        else:
            self.header.setText(self.tr("Nothing is due. Well kept!"))
        offered = len(self.offer_rows)
        # With offers above, each part has its own heading in the list and the window's goes.
        self.offers_header.setText(self.tr("Offered to you: {n}").format(n=offered))
        self.due_header.setText(self.header.text())
        self.due_header.setVisible(bool(offered))
        self.header.setVisible(not offered)
        for item in items:
            row = ReminderRow(item, self.ticket_actions, now, tz, self, self.list_widget, replies=self.replies)
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            self.rows.append(row)
        room = geometry.room(self)
        # As wide as a row's buttons need (Russian labels are long), so nothing hides behind a
        # sideways scroll bar; the screen permitting.
        margins = self._outer.contentsMargins()
        shown: list[QWidget] = [*self.rows, *self.offer_rows.values()]
        wanted = max([480] + [row.sizeHint().width() + margins.left() + margins.right()
                              + self.scroll_area.verticalScrollBar().sizeHint().width() for row in shown])
        self.resize(min(max(self.width(), wanted), room.width()),
                    min(110 + 110 * max(1, len(items)) + (40 + 130 * offered if offered else 0), 560,
                        room.height()))
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
