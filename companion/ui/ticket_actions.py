"""Ticket actions shared by the main window, the tray, the reply palette and the reminder popup:
mark updated (with a few seconds to undo it), snooze, open in the browser, change status,
archive, hand off to a colleague (or take the offer back). What each action does to a ticket is
core's (TicketService, core/team); this module asks, shows the outcome and reports errors in plain
words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QMenu, QMessageBox,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from companion.core.team import HandoffError
from companion.core.tickets import CannotUndo, LoggedUpdate, NotFound, TicketService, UndoRefused, ValidationError
from companion.core.urls import UrlError, validate_url
from companion.runtime import fmt
from companion.store.models import CHANNELS
from companion.ui.toast import ActionToast
from companion.ui.widgets import confirm_discard, submit_keys

if TYPE_CHECKING:
    from companion.runtime.team import TeamLink

UNDO_MSEC = 8000  # how long "Undo" stays on offer after "Updated"


class MarkUpdatedDialog(QDialog):
    """What was said and how: the note first (that is what the agent has to type), then the
    channel. Ctrl+Enter marks; Esc asks before a typed note is thrown away."""

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
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Channel"), self.channel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Mark updated"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        submit_keys(self, self.accept)
        self.note.setFocus()

    def reject(self) -> None:
        """Esc, Cancel and the window's close: at once, unless a note was typed."""
        if self.note.toPlainText().strip() and not confirm_discard(self, self.tr("Discard this note?")):
            return
        super().reject()


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
        self._undo_toast: ActionToast | None = None
        self._team: TeamLink | None = None

    @property
    def team(self) -> TeamLink | None:
        """The running app's team link (hand-offs): the one set here, else the owner's runtime's (the
        shell that made these actions has one)."""
        if self._team is not None:
            return self._team
        runtime = getattr(self.parent(), "runtime", None)
        return getattr(runtime, "team", None)

    @team.setter
    def team(self, team: TeamLink | None) -> None:
        self._team = team

    def _fail(self, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, self.tr("Support Companion"), text)

    def mark_updated(self, ticket_id: int, parent: QWidget | None = None, ask: bool = True,
                     template: str = "") -> bool:
        """Log a client update (asking for a note and the channel first with `ask`), then offer
        Undo for a few seconds in a toast at the foot of `parent`."""
        try:
            ticket = self.service.get(ticket_id)
            note, channel = "", ticket.channel
            if ask:
                dialog = MarkUpdatedDialog(ticket.key, ticket.channel, parent)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                note, channel = dialog.note.toPlainText().strip(), dialog.channel.currentData()
            logged = self.service.log_update(ticket_id, note=note, channel=channel, template=template)
        except (NotFound, ValidationError) as exc:
            self._fail(parent, str(exc))
            return False
        late = "" if logged.on_time is not False else self.tr(" (late)")
        text = self.tr("{key}: client update logged{late}").format(key=ticket.key, late=late)
        self.message.emit(text)
        self.changed.emit()
        self.updated.emit(ticket_id)
        self.offer_undo(logged, text, parent)
        return True

    @property
    def undo_toast(self) -> ActionToast:
        """The toast that offers Undo (made on first use)."""
        if self._undo_toast is None:
            self._undo_toast = ActionToast()
            self.destroyed.connect(self._undo_toast.deleteLater)  # a window without an owner otherwise
        return self._undo_toast

    def offer_undo(self, logged: LoggedUpdate, text: str, near: QWidget | None = None) -> None:
        self.undo_toast.show_action(text, self.tr("Undo"), lambda: self.undo_update(logged, near),
                                    msec=UNDO_MSEC, near=near)

    def undo_update(self, logged: LoggedUpdate, parent: QWidget | None = None) -> bool:
        """Take the update back; refused in words when that would lose later changes."""
        try:
            self.service.undo_update(logged)
        except CannotUndo as exc:
            reasons = {
                UndoRefused.ALREADY_UNDONE: self.tr("The update of {key} was already undone."),
                UndoRefused.GONE: self.tr("{key} no longer exists."),
                UndoRefused.CHANGED: self.tr("{key} was changed after it was marked updated, so the update "
                                             "was left in place. Edit the ticket to change its times."),
            }
            self._fail(parent if parent is not None and parent.isVisible() else None,
                       reasons[exc.reason].format(key=logged.key))
            return False
        self.message.emit(self.tr("{key}: update undone").format(key=logged.key))
        self.changed.emit()  # the runtime re-plans the reminders
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
        from companion.ui.when_edit import DateTimePicker

        try:
            key = self.service.get(ticket_id).key
        except NotFound as exc:
            self._fail(parent, str(exc))
            return False
        picker = DateTimePicker(
            self.service, None, self.tr("Snooze {key} until").format(key=key), parent,
            hint=self.tr("Reminders stay silent until then; the due time does not move."),
            typed=self.tr("e.g. 16:00, in 3 hours, mon 10am"), future_only=True)
        while picker.exec() == QDialog.DialogCode.Accepted:
            if self.snooze(ticket_id, picker.value(), parent):
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

    def hand_off(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        """Offer the ticket to a colleague (the hand-off dialog); True once offered."""
        from companion.ui.handoff_dialog import HandoffDialog

        try:
            ticket = self.service.get(ticket_id)
        except NotFound as exc:
            self._fail(parent, str(exc))
            return False
        dialog = HandoffDialog(self.team, ticket.id, ticket.key, ticket.subject, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.offered is None:
            return False
        self.message.emit(dialog.outcome())
        self.changed.emit()
        return True

    def withdraw_offer(self, ticket_id: int, parent: QWidget | None = None) -> bool:
        """Take back the open offer of this ticket (the colleague has not answered yet)."""
        team = self.team
        row = team.offered_to(ticket_id) if team is not None else None
        if team is None or row is None:
            self._fail(parent, self.tr("This ticket is not offered to anyone."))
            return False
        try:
            team.withdraw(row.id)  # recorded now; the team thread takes it back on the server, by its token
        except HandoffError as exc:
            from companion.ui.handoff_dialog import error_text

            self._fail(parent, error_text(exc))
            return False
        self.message.emit(self.tr("{key}: withdrawing the offer to {name}").format(
            key=row.ticket_key, name=row.colleague_name or row.colleague))
        self.changed.emit()
        return True
