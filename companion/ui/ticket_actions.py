"""Ticket actions shared by the main window, the tray and the reminder popup: mark updated,
snooze, open in the browser, change status, archive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMenu,
                               QMessageBox, QPlainTextEdit, QVBoxLayout, QWidget)

from companion.core.tickets import NotFound, TicketService, ValidationError
from companion.core.urls import UrlError, validate_url
from companion.store.models import CHANNELS
from companion.runtime import fmt
from companion.ui.widgets import simple_dialog


class MarkUpdatedDialog(QDialog):
    def __init__(self, key: str, channel: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Client updated: {key}").format(key=key))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("What did you tell the client? (optional)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        self.channel = QComboBox()
        for value in CHANNELS:
            self.channel.addItem(fmt.channel_label(value), value)
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        form = QFormLayout()
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mark updated"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class TicketActions(QObject):
    """Performs actions and reports errors in plain words; `changed` fires after any change."""

    changed = Signal()
    message = Signal(str)  # a short confirmation for a status bar
    updated = Signal(int)  # a client update was logged on this ticket

    def __init__(self, service: TicketService, snooze_minutes: Callable[[], int] = lambda: 15,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.snooze_minutes = snooze_minutes

    def _fail(self, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, self.tr("Support Companion"), text)

    def mark_updated(self, ticket_id: int, parent: QWidget | None = None, ask: bool = True,
                     template: str = "") -> bool:
        try:
            ticket = self.service.get(ticket_id)
            note, channel = "", ticket.channel
            if ask:
                dialog = MarkUpdatedDialog(ticket.key, ticket.channel, parent)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                note, channel = dialog.note.toPlainText().strip(), dialog.channel.currentData()
            update = self.service.mark_updated(ticket_id, note=note, channel=channel, template=template)
        except (NotFound, ValidationError) as exc:
            self._fail(parent, str(exc))
            return False
        late = "" if update.on_time is not False else self.tr(" (late)")
        self.message.emit(self.tr("{key}: client update logged{late}").format(key=ticket.key, late=late))
        self.changed.emit()
        self.updated.emit(ticket_id)
        return True

    def snooze_choices(self) -> list[tuple[str, datetime]]:
        now = self.service.clock.now()
        minutes = int(self.snooze_minutes())
        choices = [(self.tr("{n} min").format(n=minutes), now + timedelta(minutes=minutes))]
        if minutes != 60:
            choices.append((self.tr("1 hour"), now + timedelta(hours=1)))
        try:
            tomorrow = self.service.schedule.next_shift_start(now)
            choices.append((self.tr("Next shift ({when})").format(
                when=fmt.when(tomorrow, now, self.service.schedule.tz)), tomorrow))
        except ValueError:
            pass
        return choices

    def snooze_menu(self, ticket_id: int, parent: QWidget | None = None, owner: QWidget | None = None) -> QMenu:
        """The snooze choices; `parent` hosts any dialog, `owner` (default: parent) owns the menu."""
        menu = QMenu(self.tr("Snooze"), owner or parent)
        for label, until in self.snooze_choices():
            menu.addAction(label, self._snoozer(ticket_id, until, parent))
        menu.addAction(self.tr("Until…"), lambda: self.snooze_custom(ticket_id, parent))
        return menu

    def _snoozer(self, ticket_id: int, until: datetime, parent: QWidget | None) -> Callable[[], bool]:
        return lambda: self.snooze(ticket_id, until, parent)

    def snooze(self, ticket_id: int, until: datetime, parent: QWidget | None = None) -> bool:
        try:
            ticket = self.service.snooze(ticket_id, until)
        except (NotFound, ValidationError) as exc:
            self._fail(parent, str(exc))
            return False
        self.message.emit(self.tr("{key}: reminders silenced until {when}").format(
            key=ticket.key, when=fmt.when(until, self.service.clock.now(), self.service.schedule.tz)))
        self.changed.emit()
        return True

    def snooze_custom(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        from companion.ui.when_edit import WhenEdit

        when = WhenEdit(self.service, self.tr("e.g. 16:00, in 3 hours, mon 10am"))
        hint = QLabel(self.tr("Reminders stay silent until then; the due time does not move."))
        hint.setWordWrap(True)
        dialog = simple_dialog(parent, self.tr("Snooze until"), hint, when)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            when.parse_now()
            if when.value is None and when.readings:
                continue  # the readings stay on offer: one click picks one
            if when.value is None:
                when.result.setText("✗ " + (when.error or self.tr("type when the snooze should end")))
                continue
            if self.snooze(ticket_id, when.value, parent):
                return True
        return False

    def has_link(self, ticket_id: int) -> bool:
        """Whether the ticket has a link to open (a deleted one has none)."""
        try:
            return bool(self.service.get(ticket_id).url)
        except NotFound:
            return False

    def open_ticket(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        try:
            ticket = self.service.get(ticket_id)
            url = validate_url(ticket.url)
        except (NotFound, UrlError) as exc:
            self._fail(parent, str(exc))
            return False
        if not url:
            self._fail(parent, self.tr("{key} has no link. Edit the ticket to add one.").format(key=ticket.key))
            return False
        return QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode))

    def set_status(self, ticket_id: int, status: str, parent: QWidget | None = None) -> bool:
        try:
            ticket = self.service.set_status(ticket_id, status)
        except (NotFound, ValidationError) as exc:
            self._fail(parent, str(exc))
            return False
        self.message.emit(self.tr("{key}: {status}").format(key=ticket.key, status=fmt.status_label(status)))
        self.changed.emit()
        return True

    def archive(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        try:
            ticket = self.service.archive(ticket_id)
        except NotFound as exc:
            self._fail(parent, str(exc))
            return False
        self.message.emit(self.tr("{key} archived").format(key=ticket.key))
        self.changed.emit()
        return True

    def unarchive(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        try:
            ticket = self.service.unarchive(ticket_id)
        except (NotFound, ValidationError) as exc:
            self._fail(parent, str(exc))
            return False
        self.message.emit(self.tr("{key} restored").format(key=ticket.key))
        self.changed.emit()
        return True
