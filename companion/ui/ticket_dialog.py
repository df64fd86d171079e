"""New / edit ticket dialog, with the load of the commitment's day; its time fields are WhenEdits
(when_edit.py).

Keys: Ctrl+Enter saves from any field; Esc (like Cancel and the window's close) asks before typed
data is thrown away, and closes at once when nothing was changed. What a ticket may hold is
core's to check (TicketInput.cleaned); the dialog shows what core says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timezone
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout,
                               QWidget)

from companion.core.cadence import Cadence
from companion.core.contacts import fill_from_mailbox
from companion.core.tickets import TicketInput, TicketService, ValidationError
from companion.core.urls import key_from_url
from companion.core.workload import SUGGEST_WITHIN, DraftCheck, Workload
from companion.runtime import fmt
from companion.store.models import CHANNELS, PRIORITIES, STATUSES, Ticket
from companion.ui import geometry, theme
from companion.ui.when_edit import WhenEdit
from companion.ui.widgets import confirm_discard, error_label, submit_keys

if TYPE_CHECKING:
    from companion.runtime.team import TeamLink

__all__ = ["TicketDialog", "WhenEdit", "day_label"]  # WhenEdit lived here first

UTC = timezone.utc
NBSP = "\u00a0"


def warning_style() -> str:
    return f"color: {theme.late().name()}; font-weight: bold;"  # as the form's error line


def over_style() -> str:
    return f"color: {theme.soon().name()};"  # over capacity, but not because of this ticket


def unbroken(text: str) -> str:
    """`text` that a wrapped line never splits: "12 of 25 updates" wraps whole, never leaving
    "25" alone on the next line."""
    return text.replace(" ", NBSP)


def day_label(day: date) -> str:
    """"Fri 27 Nov", "Пт 27 нояб.": the day a load line is about."""
    return fmt.date_text(day, "ddd d MMM")


class TicketDialog(QDialog):
    load_changed = Signal()  # the load line was recomputed

    def __init__(self, service: TicketService, ticket: Ticket | None = None, default_cadence: str = "1d",
                 parent: QWidget | None = None, workload: Workload | None = None,
                 handoff: Callable[[int | None], None] | None = None, team: TeamLink | None = None):
        """`workload` shows the load of the commitment's day (none without it); `handoff` copies
        a hand-off reply for the ticket (its id, None while new) from the over-capacity warning;
        `team`, when in one, offers a saved ticket to a colleague from there too."""
        super().__init__(parent)
        self.team = team if team is not None else _team_near(parent, handoff)
        self.service = service
        self.ticket = ticket
        self.workload = workload
        self.handoff = handoff
        self.load_check: DraftCheck | None = None
        self.saved: Ticket | None = None
        self._key_from_url = ""
        self.setWindowTitle(self.tr("Edit ticket {key}").format(key=ticket.key) if ticket
                            else self.tr("New ticket"))
        self.setMinimumWidth(520)

        self.error = error_label()

        self.url = QLineEdit()
        self.url.setPlaceholderText(self.tr("Paste the helpdesk link: the key is filled in"))
        self.key = QLineEdit()
        self.key.setPlaceholderText("SUP-1234, #5521")
        self.client = QLineEdit()
        self.client.setPlaceholderText(self.tr("A company or a person"))
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(self.tr("Ivan Petrov"))
        self.contact.setToolTip(self.tr("The person to greet in replies. Paste \"Name <address>\": "
                                        "the name is kept"))
        self.subject = QLineEdit()
        self.channel = QComboBox()
        for value in CHANNELS:
            self.channel.addItem(fmt.channel_label(value), value)
        self.status = QComboBox()
        for value in STATUSES:
            self.status.addItem(fmt.status_label(value), value)
        self.priority = QComboBox()
        for value in PRIORITIES:
            self.priority.addItem(fmt.priority_label(value), value)
        self.difficult = QCheckBox(self.tr("Difficult client"))
        self.cadence = QComboBox()
        for code, label in fmt.CADENCE_LABELS:
            self.cadence.addItem(self.tr(label) if code != "4h" else self.tr("Every N working hours"), code)
        self.hours = QSpinBox()
        self.hours.setRange(1, 200)
        self.hours.setValue(4)
        self.hours.setSuffix(self.tr(" working h"))
        cadence_row = QHBoxLayout()
        cadence_row.addWidget(self.cadence, 1)
        cadence_row.addWidget(self.hours)
        # Short placeholders: a field shows about 45 characters at 1.5× (fewer in Russian); the
        # rest of the explanation is in the tooltip.
        self.next_update = WhenEdit(service, self.tr("e.g. tomorrow 3pm, fri 16:30, in 2 hours"), working_hours=True)
        self.next_update.edit.setToolTip(self.tr("Once, instead of the cadence: the next update is due then"))
        self.promised = WhenEdit(service, self.tr("e.g. by Friday, Dec 15 2pm"))
        self.promised.edit.setToolTip(self.tr("What you promised the client"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.load_box = self._build_load_box()

        form = QFormLayout()
        form.addRow(self.tr("Link"), self.url)
        form.addRow(self.tr("Key *"), self.key)
        form.addRow(self.tr("Client"), self.client)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow("", self.difficult)
        form.addRow(self.tr("Update the client"), cadence_row)
        form.addRow(self.tr("Next update by"), self.next_update)
        form.addRow(self.tr("Promised date"), self.promised)
        form.addRow("", self.load_box)
        form.addRow(self.tr("Notes"), self.notes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # The fields scroll when the screen is too small for them (1.5× on a laptop); Save and
        # Cancel stay where they can be reached.
        self.fields = QWidget()
        self.fields.setLayout(form)
        form.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidget(self.fields)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, as before
        self.fields_area = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)

        self.url.textChanged.connect(self._url_changed)
        self.client.textEdited.connect(self._client_edited)
        self.contact.textEdited.connect(self._contact_edited)
        self.cadence.currentIndexChanged.connect(self._cadence_changed)
        self._fields = {"key": self.key, "client": self.client, "contact": self.contact, "subject": self.subject,
                        "url": self.url, "notes": self.notes, "cadence": self.cadence,
                        "next_update_at": self.next_update.edit, "promised_at": self.promised.edit,
                        "channel": self.channel, "status": self.status}
        if ticket is not None:
            self._load(ticket)
        else:
            self._set_cadence(default_cadence)
            self._set_combo(self.priority, "normal")
        self._cadence_changed()
        for when in (self.next_update, self.promised):
            when.changed.connect(self._grow_later)
        if workload is not None:
            self.refresh_load()
            self._load_timer = QTimer(self)
            self._load_timer.setSingleShot(True)
            self._load_timer.setInterval(150)
            self._load_timer.timeout.connect(self.refresh_load)
            for signal in (self.next_update.changed, self.promised.changed, self.cadence.currentIndexChanged,
                           self.hours.valueChanged, self.status.currentIndexChanged):
                signal.connect(self._load_later)
        # All the fields at once where the screen has room; within the screen, scrolling, where not.
        margins = layout.contentsMargins()
        whole = (self.fields.sizeHint().height() + self.buttons.sizeHint().height() + 2 * layout.spacing()
                 + margins.top() + margins.bottom())
        geometry.fit(self, QSize(max(560, self.fields.sizeHint().width() + margins.left() + margins.right()), whole))
        submit_keys(self, self.save)
        # The first field worth typing in: for a new ticket the link (it fills the key); for an
        # edit the next update, since the key, link and client were settled at creation and the
        # status has one-click actions in the list, the dialog is opened mostly to move a time.
        (self.next_update.edit if ticket is not None else self.url).setFocus()
        self._opened_with = self._typed()

    # -- the load of the commitment's day ----------------------------------------------------------
    def _load_later(self, *_args: object) -> None:
        self._load_timer.start()  # never start(int): that would take a combo index for the interval

    def _build_load_box(self) -> QWidget:
        box = QWidget()
        self.load_label = QLabel()
        self.load_label.setObjectName("loadLine")
        self.load_label.setTextFormat(Qt.TextFormat.PlainText)
        self.load_label.setWordWrap(True)
        self.use_day = QPushButton()
        self.use_day.setAutoDefault(False)
        self.use_day.clicked.connect(self.use_suggestion)
        self.copy_handoff = QPushButton(self.tr("Copy hand-off reply"))
        self.copy_handoff.setAutoDefault(False)
        self.copy_handoff.clicked.connect(self.request_handoff)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_day)
        row.addWidget(self.copy_handoff)
        self.offer_handoff = QPushButton(self.tr("Hand off to a colleague…"))
        self.offer_handoff.setAutoDefault(False)
        self.offer_handoff.clicked.connect(self.offer_to_colleague)
        row.addWidget(self.offer_handoff)
        row.addStretch(1)
        self.load_actions = QWidget()
        self.load_actions.setLayout(row)
        self.load_actions.hide()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.load_label)
        layout.addWidget(self.load_actions)
        if self.workload is None:
            box.hide()
        return box

    def refresh_load(self) -> None:
        """Recompute the load line from the fields as they are now."""
        if self.workload is None:
            return
        if self.next_update.error or self.promised.error:
            return  # half-typed: keep the last figures rather than flicker
        try:
            check = self.workload.check_draft(self.draft(), self.ticket)
        except ValueError:  # e.g. a schedule without working time: nothing sensible to show
            check = None
        self.load_check = check
        self._show_load(check)
        if self.isVisible():
            self._fit_height()
        self.load_changed.emit()

    def _show_load(self, check: DraftCheck | None) -> None:
        if check is None:
            self.load_label.setText("")
            self.load_actions.hide()
            return
        load = check.load
        day = unbroken(day_label(load.day))
        if not check.warn:
            updates = self.tr("{n} of {cap} updates").format(n=load.updates, cap=load.capacity_updates)
            tickets = self.tr("{n} of {cap} active tickets").format(n=load.tickets, cap=load.capacity_tickets)
            self.load_label.setText(f"{unbroken(day)}: {unbroken(updates)} · {unbroken(tickets)}")
            self.load_label.setStyleSheet(over_style() if load.over else "")
            self.load_actions.hide()
            return
        figures = []
        if check.warn_updates:
            figures.append(unbroken(self.tr("{n} of {cap} updates").format(n=load.updates, cap=load.capacity_updates)))
        if check.warn_tickets:
            figures.append(unbroken(self.tr("{n} of {cap} active tickets").format(
                n=load.tickets, cap=load.capacity_tickets)))
        figures_text = ", ".join(figures)
        if check.warn_updates:
            text = self.tr("Over your capacity on {day} ({figures}).").format(day=day, figures=figures_text)
        else:
            text = self.tr("Over your capacity ({figures}).").format(figures=figures_text)
        if check.suggestion is not None:
            advice = self.tr("Consider {day}, which has room, or hand the ticket to a colleague.").format(
                day=unbroken(day_label(check.suggestion)))
        elif check.warn_updates:
            advice = self.tr("No day in the next %n working day(s) has room: consider handing the ticket "
                             "to a colleague.", "", SUGGEST_WITHIN)
        else:
            advice = self.tr("Consider handing the ticket to a colleague.")
        self.load_label.setText(f"{text} {advice}")
        self.load_label.setStyleSheet(warning_style())
        self.use_day.setVisible(check.suggestion is not None)
        if check.suggestion is not None:
            self.use_day.setText(self.tr("Use {day}").format(day=day_label(check.suggestion)))
        self.copy_handoff.setVisible(self.handoff is not None)
        self.offer_handoff.setVisible(self.can_offer())
        self.load_actions.setVisible(check.suggestion is not None or self.handoff is not None or self.can_offer())

    def _grow_later(self) -> None:
        """A line appeared under a field (a reading, an error): grow once the layout has it."""
        if self.isVisible():
            QTimer.singleShot(0, self._fit_height)

    def _fit_height(self) -> None:
        """Grow (never shrink, so nothing jumps while typing) to the height the wrapped lines need
        at the current width, as far as the screen allows; beyond that the fields scroll."""
        for layout in (self.fields.layout(), self.layout()):
            if layout is not None:
                layout.activate()
        chrome = self.height() - self.fields_area.viewport().height()
        needed = self.fields.heightForWidth(self.fields_area.viewport().width()) + chrome
        if needed > self.height():
            self.resize(self.width(), needed)
            geometry.keep_inside(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def use_suggestion(self) -> None:
        """Move the commitment that overloads the day to the suggested day, same time of day."""
        check = self.load_check
        if check is None or check.suggested_at is None:
            return
        target = self.promised if check.field == "promised_at" else self.next_update
        local = check.suggested_at.astimezone(self.service.schedule.tz)
        target.set_text(local.strftime("%Y-%m-%d %H:%M"))
        self.refresh_load()

    def request_handoff(self) -> None:
        if self.handoff is not None:
            self.handoff(self.ticket.id if self.ticket is not None else None)

    def can_offer(self) -> bool:
        """A saved ticket can be offered to a colleague when in a team (a new one has nothing to send yet)."""
        return self.ticket is not None and self.team is not None and self.team.joined()

    def offer_to_colleague(self) -> None:
        """The hand-off dialog for this ticket. Edits typed here are saved first (this dialog closes), so
        that the colleague gets the ticket as it is now; once offered, this dialog closes too."""
        from companion.ui.handoff_dialog import HandoffDialog

        if self.ticket is None or self.team is None:
            return
        host: QWidget | None = self
        if self.changed_since_opened():
            self.save()
            if self.saved is None:
                return  # the error is shown; nothing is offered from a draft that cannot be saved
            self.ticket, host = self.saved, self.parentWidget()
        dialog = HandoffDialog(self.team, self.ticket.id, self.ticket.key, self.ticket.subject, host)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.offered is not None and self.isVisible():
            self.saved = self.ticket
            self.accept()

    def _set_combo(self, combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def _set_cadence(self, code: str) -> None:
        cadence = Cadence.parse(code)
        if cadence.kind == "hours":
            self._set_combo(self.cadence, "4h")
            self.hours.setValue(cadence.amount)
        else:
            self._set_combo(self.cadence, cadence.code)

    def _load(self, t: Ticket) -> None:
        self.url.blockSignals(True)
        self.url.setText(t.url)
        self.url.blockSignals(False)
        self.key.setText(t.key)
        self.client.setText(t.client)
        self.contact.setText(t.contact)
        self.subject.setText(t.subject)
        self._set_combo(self.channel, t.channel)
        self._set_combo(self.status, t.status)
        self._set_combo(self.priority, t.priority)
        self.difficult.setChecked(bool(t.difficult))
        self._set_cadence(t.cadence)
        self.next_update.set_value(t.next_update_at)
        self.promised.set_value(t.promised_at)
        self.notes.setPlainText(t.notes)

    def _url_changed(self, text: str) -> None:
        key = key_from_url(text)
        current = self.key.text().strip()
        if key and (not current or current == self._key_from_url):
            self.key.setText(key)
            self._key_from_url = key

    # A mailbox typed or pasted ("Иван Петров <ivan@example.com>") keeps the name and drops the
    # address, by the rule of contacts.fill_from_mailbox; plain text is left as it is typed.
    def _client_edited(self, text: str) -> None:
        client, contact = fill_from_mailbox(text, self.contact.text())
        self._replace_text(self.client, client)
        self._replace_text(self.contact, contact)

    def _contact_edited(self, text: str) -> None:
        self._replace_text(self.contact, fill_from_mailbox("", text).contact)

    def _replace_text(self, edit: QLineEdit, text: str) -> None:
        if edit.text() != text:
            edit.setText(text)  # (setText does not emit textEdited: no loop)

    def _cadence_changed(self) -> None:
        self.hours.setVisible(self.cadence.currentData() == "4h")

    def cadence_code(self) -> str:
        code = self.cadence.currentData()
        return f"{self.hours.value()}h" if code == "4h" else code

    def show_error(self, field: str, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.show()
        if self.isVisible():
            self._fit_height()  # the line on top must not squeeze the fields under the buttons
        widget = self._fields.get(field)
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def draft(self) -> TicketInput:
        """The ticket as the fields stand (not validated)."""
        return TicketInput(
            key=self.key.text(), client=self.client.text(), contact=self.contact.text(),
            channel=self.channel.currentData(), subject=self.subject.text(), url=self.url.text(),
            status=self.status.currentData(),
            priority=self.priority.currentData(), difficult=self.difficult.isChecked(),
            notes=self.notes.toPlainText(), cadence=self.cadence_code(),
            next_update_at=self.next_update.value, promised_at=self.promised.value)

    def save(self) -> None:
        for when in (self.next_update, self.promised):
            when.parse_now()
        for name, when in (("next_update_at", self.next_update), ("promised_at", self.promised)):
            if when.error:
                label = self.tr("Next update by") if name == "next_update_at" else self.tr("Promised date")
                self.show_error(name, f"{label}: {when.error}")
                return
        data = self.draft()
        try:
            if self.ticket is None:
                self.saved = self.service.create(data)
            else:
                self.saved = self.service.edit(self.ticket.id, data)
        except ValidationError as exc:
            self.show_error(exc.field, str(exc))
            return
        self.accept()

    def _typed(self) -> tuple[object, ...]:
        """The fields as typed (times as their text, so "in 2 hours" does not drift with the clock)."""
        draft = self.draft()
        return (draft.key, draft.client, draft.contact, draft.channel, draft.subject, draft.url, draft.status,
                draft.priority, draft.difficult, draft.notes, draft.cadence,
                self.next_update.edit.text().strip(), self.promised.edit.text().strip())

    def changed_since_opened(self) -> bool:
        return self._typed() != self._opened_with

    def reject(self) -> None:
        """Esc, Cancel and the window's close: at once when nothing was typed, else only after
        "Discard" (Esc on the question keeps editing)."""
        if self.saved is None and self.changed_since_opened():
            question = (self.tr("Discard this new ticket?") if self.ticket is None
                        else self.tr("Discard your changes?"))
            if not confirm_discard(self, question):
                return
        super().reject()


def _team_near(parent: QWidget | None, handoff: Callable[[int | None], None] | None) -> TeamLink | None:
    """The running app's team link when the caller did not pass one: the main window's, or that of the
    shell whose `handoff` this is."""
    actions = getattr(parent, "ticket_actions", None) or getattr(getattr(handoff, "__self__", None), "actions", None)
    team: TeamLink | None = getattr(actions, "team", None)
    return team
