"""A time typed in words or picked, read at once and shown as it was understood: the field for
the next update and the promise in the ticket dialog, and for the end of a snooze.

It only reads and shows; what a time means for a ticket (working hours, capacity) is core's."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (QDateTimeEdit, QDialog, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton,
                               QVBoxLayout, QWidget)

from companion.core.tickets import TicketService
from companion.core.timeparse import Ambiguous, Reading, TimeParseError, read_time
from companion.core.timetext import preview
from companion.runtime import fmt
from companion.ui.widgets import simple_dialog


class WhenEdit(QWidget):
    """A time typed in words ("завтра 15:00", "friday 4pm", "+2d") or picked, with the parsed
    result shown underneath before anything is saved."""

    changed = Signal()

    def __init__(self, service: TicketService, placeholder: str, parent: QWidget | None = None,
                 working_hours: bool = False):
        """With `working_hours` the time is a due time the app keeps inside working hours (the
        next update): a time outside them is shown together with the moment it becomes."""
        super().__init__(parent)
        self.service = service
        self.working_hours = working_hours
        self.value: datetime | None = None
        self.all_day = False  # a day typed without a time: the end of its working day
        self.readings: tuple[Reading, ...] = ()  # offered when the text could mean several
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
            menu.addAction(label, self._setter(text))
        menu.addSeparator()
        menu.addAction(self.tr("Date and time…"), self._pick_datetime)
        menu.addAction(self.tr("Clear"), lambda: self.set_text(""))
        self.pick.setMenu(menu)
        self.result = QLabel()
        self.result.setObjectName("whenResult")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.linkActivated.connect(self._choose)
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
        self.all_day = False
        text = "" if value is None else value.astimezone(self.service.schedule.tz).strftime("%Y-%m-%d %H:%M")
        # Shown to the minute; kept exact while the text is untouched, so saving an edit of
        # other fields does not move the commitment by a few seconds.
        self._loaded = (text, value)
        self.edit.setText(text)
        self.parse_now()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self.parse_now()

    def _setter(self, text: str) -> Callable[[], None]:
        return lambda: self.set_text(text)

    def _pick_datetime(self) -> None:
        picker = QDateTimeEdit()
        picker.setCalendarPopup(True)
        picker.setDisplayFormat("ddd d MMM yyyy  HH:mm")  # names in the interface language (default locale)
        start = self.value or self.service.clock.now()
        local = start.astimezone(self.service.schedule.tz)
        picker.setDateTime(QDateTime.fromString(local.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm"))
        dialog = simple_dialog(self, self.tr("Pick date and time"), picker)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_text(picker.dateTime().toString("yyyy-MM-dd HH:mm"))

    def parse_now(self) -> None:
        self._debounce.stop()
        text = self.edit.text().strip()
        loaded_text, loaded_value = self._loaded
        self.error = None
        self.readings = ()
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        if not text:
            self.value = None
            self.all_day = False
            self.result.setText("")
        elif loaded_value is not None and text == loaded_text:
            self.value = loaded_value
            self._show(loaded_value, self.service.clock.now())
        else:
            now = self.service.clock.now()
            try:
                reading = read_time(text, now, self.service.schedule, fmt.lang())
            except Ambiguous as exc:
                self.value = None
                self.readings = exc.readings
                self.error = str(exc)
                self._ask(now)
            except TimeParseError as exc:
                self.value = None
                self.error = str(exc)
                self.result.setText("✗ " + self.error)
                self.result.setStyleSheet("color: #b3261e;")
            else:
                self.value, self.all_day = reading.at, reading.all_day
                self._show(reading.at, now)
        self.changed.emit()

    def _ask(self, now: datetime) -> None:
        """Several readings: each is a link; choosing one writes it back unambiguously."""
        tz, lang = self.service.schedule.tz, fmt.lang()
        links = "".join(
            f'<br>• <a href="{i}">{html.escape(preview(r.at, now, tz, lang, r.all_day, relative=False))}</a>'
            for i, r in enumerate(self.readings))
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setText(self.tr("Which one? {choices}").format(choices=links))
        self.result.setStyleSheet("color: #a23b00; font-weight: bold;")

    def _choose(self, link: str) -> None:
        reading = self.readings[int(link)]
        self.set_value(reading.at)
        self.all_day = reading.all_day
        self._show(reading.at, self.service.clock.now())

    def _show(self, value: datetime, now: datetime) -> None:
        """The reading `value`, in the interface language, where the eye falls: day, date, time,
        how far."""
        schedule, lang = self.service.schedule, fmt.lang()
        text = preview(value, now, schedule.tz, lang, self.all_day)
        if self.working_hours and not schedule.is_working_time(value):
            try:
                kept = schedule.next_working_moment(value)
            except ValueError:
                kept = None
            if kept is not None and kept != value:
                text += "\n" + self.tr("after working hours: due at the start of the shift, {when}").format(
                    when=preview(kept, now, schedule.tz, lang, relative=False))
        self.result.setText(f"→ {text}")
        self.result.setStyleSheet("font-weight: bold;" if value > now else "color: #b3261e; font-weight: bold;")
