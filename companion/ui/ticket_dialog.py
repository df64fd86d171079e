"""New / edit ticket dialog."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMenu, QPlainTextEdit,
                               QSpinBox, QToolButton, QVBoxLayout, QWidget)

from companion.core.cadence import Cadence
from companion.core.timeparse import TimeParseError, parse_when
from companion.core.tickets import TicketInput, TicketService, ValidationError
from companion.core.urls import key_from_url
from companion.store.models import CHANNELS, PRIORITIES, STATUSES, Ticket
from companion.ui import fmt
from companion.ui.widgets import error_label, simple_dialog

UTC = timezone.utc


class WhenEdit(QWidget):
    """A time typed in words ("завтра 15:00", "friday 4pm", "+2d") or picked, with the parsed
    result shown underneath before anything is saved."""

    changed = Signal()

    def __init__(self, service: TicketService, placeholder: str, parent=None):
        super().__init__(parent)
        self.service = service
        self.value: datetime | None = None
        self.error: str | None = None
        self._loaded: tuple[str, datetime | None] = ("", None)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.pick = QToolButton()
        self.pick.setText(self.tr("Pick…"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        for label, text in ((self.tr("In 2 hours"), "+2h"), (self.tr("Tomorrow 10:00"), "tomorrow 10:00"),
                            (self.tr("In 2 days"), "+2d"), (self.tr("In a week"), "+1w")):
            menu.addAction(label, lambda t=text: self.set_text(t))
        menu.addSeparator()
        menu.addAction(self.tr("Date and time…"), self._pick_datetime)
        menu.addAction(self.tr("Clear"), lambda: self.set_text(""))
        self.pick.setMenu(menu)
        self.result = QLabel()
        self.result.setObjectName("whenResult")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.edit, 1)
        top.addWidget(self.pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.result)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.parse_now)
        self.edit.textEdited.connect(lambda _t: self._debounce.start())
        self.edit.editingFinished.connect(self.parse_now)

    def set_value(self, value: datetime | None) -> None:
        text = "" if value is None else value.astimezone(self.service.schedule.tz).strftime("%Y-%m-%d %H:%M")
        # Shown to the minute; kept exact while the text is untouched, so saving an edit of
        # other fields does not move the commitment by a few seconds.
        self._loaded = (text, value)
        self.edit.setText(text)
        self.parse_now()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self.parse_now()

    def _pick_datetime(self) -> None:
        picker = QDateTimeEdit()
        picker.setCalendarPopup(True)
        picker.setDisplayFormat("yyyy-MM-dd HH:mm")
        start = self.value or self.service.clock.now()
        local = start.astimezone(self.service.schedule.tz)
        picker.setDateTime(QDateTime.fromString(local.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm"))
        dialog = simple_dialog(self, self.tr("Pick date and time"), picker)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_text(picker.dateTime().toString("yyyy-MM-dd HH:mm"))

    def parse_now(self) -> None:
        self._debounce.stop()
        text = self.edit.text().strip()
        self.error = None
        if not text:
            self.value = None
            self.result.setText("")
        elif self._loaded[1] is not None and text == self._loaded[0]:
            self.value = self._loaded[1]
            self._show(self.service.clock.now())
        else:
            now = self.service.clock.now()
            try:
                self.value = parse_when(text, now, self.service.schedule.tz)
            except TimeParseError as exc:
                self.value = None
                self.error = str(exc)
                self.result.setText("✗ " + self.error)
                self.result.setStyleSheet("color: #b3261e;")
            else:
                self._show(now)
        self.changed.emit()

    def _show(self, now: datetime) -> None:
        local = self.value.astimezone(self.service.schedule.tz)
        shown = local.strftime("%a %d %b %Y, %H:%M")
        self.result.setText(f"→ {shown} ({fmt.relative(self.value, now)})")
        self.result.setStyleSheet("color: palette(mid);" if self.value > now else "color: #b3261e;")


class TicketDialog(QDialog):
    def __init__(self, service: TicketService, ticket: Ticket | None = None, default_cadence: str = "1d",
                 parent=None):
        super().__init__(parent)
        self.service = service
        self.ticket = ticket
        self.saved: Ticket | None = None
        self._key_from_url = ""
        self.setWindowTitle(self.tr("Edit ticket {key}").format(key=ticket.key) if ticket else self.tr("New ticket"))
        self.setMinimumWidth(520)

        self.error = error_label()

        self.url = QLineEdit()
        self.url.setPlaceholderText(self.tr("Paste the helpdesk link: the key is filled in"))
        self.key = QLineEdit()
        self.key.setPlaceholderText("SUP-1234, #5521")
        self.client = QLineEdit()
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
        self.next_update = WhenEdit(service, self.tr("e.g. завтра 15:00, friday 4pm, +2d (overrides the cadence once)"))
        self.promised = WhenEdit(service, self.tr("what you promised the client, e.g. 2026-12-01 12:00"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)

        form = QFormLayout()
        form.addRow(self.tr("Link"), self.url)
        form.addRow(self.tr("Key *"), self.key)
        form.addRow(self.tr("Client"), self.client)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow("", self.difficult)
        form.addRow(self.tr("Update the client"), cadence_row)
        form.addRow(self.tr("Next update by"), self.next_update)
        form.addRow(self.tr("Promised date"), self.promised)
        form.addRow(self.tr("Notes"), self.notes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.url.textChanged.connect(self._url_changed)
        self.cadence.currentIndexChanged.connect(self._cadence_changed)
        self._fields = {"key": self.key, "client": self.client, "subject": self.subject, "url": self.url,
                        "notes": self.notes, "cadence": self.cadence, "next_update_at": self.next_update.edit,
                        "promised_at": self.promised.edit, "channel": self.channel, "status": self.status}
        if ticket is not None:
            self._load(ticket)
        else:
            self._set_cadence(default_cadence)
            self._set_combo(self.priority, "normal")
        self._cadence_changed()

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

    def _cadence_changed(self) -> None:
        self.hours.setVisible(self.cadence.currentData() == "4h")

    def cadence_code(self) -> str:
        code = self.cadence.currentData()
        return f"{self.hours.value()}h" if code == "4h" else code

    def show_error(self, field: str, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.show()
        widget = self._fields.get(field)
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def save(self) -> None:
        for when in (self.next_update, self.promised):
            when.parse_now()
        for name, when in (("next_update_at", self.next_update), ("promised_at", self.promised)):
            if when.error:
                label = self.tr("Next update by") if name == "next_update_at" else self.tr("Promised date")
                self.show_error(name, f"{label}: {when.error}")
                return
        data = TicketInput(
            key=self.key.text(), client=self.client.text(), channel=self.channel.currentData(),
            subject=self.subject.text(), url=self.url.text(), status=self.status.currentData(),
            priority=self.priority.currentData(), difficult=self.difficult.isChecked(),
            notes=self.notes.toPlainText(), cadence=self.cadence_code(),
            next_update_at=self.next_update.value, promised_at=self.promised.value)
        try:
            if self.ticket is None:
                self.saved = self.service.create(data)
            else:
                self.saved = self.service.edit(self.ticket.id, data)
        except ValidationError as exc:
            self.show_error(exc.field, str(exc))
            return
        self.accept()
