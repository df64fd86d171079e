"""A time typed in words or picked, read at once and shown as it was understood: the field for
the next update and the promise in the ticket dialog; and DateTimePicker, the calendar with a
time field and quick choices ("+1 h", "Tomorrow 10:00") behind its "Date and time…" and behind
"Snooze until…".

It only reads and shows; what a time means for a ticket (working hours, capacity) is core's."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from typing import NamedTuple

from PySide6.QtCore import QDate, QLocale, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (QCalendarWidget, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QMenu, QPushButton, QTimeEdit, QVBoxLayout, QWidget)

from companion.core.schedule import WorkSchedule
from companion.core.tickets import TicketService
from companion.core.timeparse import Ambiguous, Reading, TimeParseError, read_time
from companion.core.timetext import preview
from companion.runtime import fmt
from companion.ui import theme
from companion.ui.widgets import menu_button, submit_keys

UTC = timezone.utc
MORNING = time(10, 0)  # "tomorrow 10:00": an hour into a usual day, time to read the mail first


class Quick(Enum):
    """The quick choices of the picker."""

    IN_1H = "+1h"
    IN_3H = "+3h"
    NEXT_DAY = "next_day"  # the next working day at 10:00: "Tomorrow 10:00", or "Mon 10:00" on a Friday
    MONDAY = "monday"  # the coming Monday at 10:00 (left out when it is the next working day)
    END_OF_DAY = "end_of_day"  # the end of today's shift; after it, of the next working day's


class QuickTime(NamedTuple):
    kind: Quick
    at: datetime  # UTC
    day: date  # the local day it falls on (names the chip when it is not tomorrow or today)


def quick_times(now: datetime, schedule: WorkSchedule) -> list[QuickTime]:
    """The instants the quick choices stand for at `now`, to the minute. The working days come
    from `schedule`; a schedule without working days leaves out those that need one."""
    tz = schedule.tz
    minute = now.astimezone(UTC).replace(second=0, microsecond=0)
    today = now.astimezone(tz).date()
    out = [QuickTime(Quick.IN_1H, minute + timedelta(hours=1), today),
           QuickTime(Quick.IN_3H, minute + timedelta(hours=3), today)]

    def at(day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=tz).astimezone(UTC)

    working = [d for d in (today + timedelta(days=n) for n in range(1, 15)) if schedule.is_working_day(d)]
    if working:
        out.append(QuickTime(Quick.NEXT_DAY, at(working[0], MORNING), working[0]))
    monday = today + timedelta(days=7 - today.weekday())
    if not working or working[0] != monday:
        out.append(QuickTime(Quick.MONDAY, at(monday, MORNING), monday))
    for day in [today] + working:
        end = schedule.end_of_working_day(day) if schedule.is_working_day(day) else None
        if end is not None and end > now:
            out.append(QuickTime(Quick.END_OF_DAY, end.astimezone(UTC), day))
            break
    return out


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
        menu = QMenu(self)
        for label, text in ((self.tr("In 2 hours"), "+2h"), (self.tr("Tomorrow 10:00"), "tomorrow 10:00"),
                            (self.tr("In 2 days"), "+2d"), (self.tr("In a week"), "+1w")):
            menu.addAction(label, self._setter(text))
        menu.addSeparator()
        menu.addAction(self.tr("Date and time…"), self._pick_datetime)
        menu.addAction(self.tr("Clear"), lambda: self.set_text(""))
        self.pick = menu_button(self.tr("Pick…"), menu)
        self.result = QLabel()
        self.result.setObjectName("whenResult")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.linkActivated.connect(self._choose)
        self.result.hide()  # no empty line under the field until there is something to say
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
        picker = DateTimePicker(self.service, self.value, self.tr("Pick date and time"), self)
        if picker.exec() == QDialog.DialogCode.Accepted:
            self.set_text(picker.value().astimezone(self.service.schedule.tz).strftime("%Y-%m-%d %H:%M"))

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
                self.result.setStyleSheet(f"color: {theme.late().name()};")
            else:
                self.value, self.all_day = reading.at, reading.all_day
                self._show(reading.at, now)
        self.result.setVisible(bool(self.result.text()))
        self.changed.emit()

    def _ask(self, now: datetime) -> None:
        """Several readings: each is a link; choosing one writes it back unambiguously."""
        tz, lang = self.service.schedule.tz, fmt.lang()
        links = "".join(
            f'<br>• <a href="{i}">{html.escape(preview(r.at, now, tz, lang, r.all_day, relative=False))}</a>'
            for i, r in enumerate(self.readings))
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setText(self.tr("Which one? {choices}").format(choices=links))
        self.result.setStyleSheet(f"color: {theme.soon().name()}; font-weight: bold;")

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
        self.result.setStyleSheet("font-weight: bold;" if value > now
                                  else f"color: {theme.late().name()}; font-weight: bold;")


class DateTimePicker(QDialog):
    """A titled dialog to choose an instant: a calendar (the week starts as the interface language
    has it: Monday in Russian), a time field, quick choices, and the choice in words underneath.
    With `typed` it also offers a line to type the time in words (its placeholder); with
    `future_only` an instant already past cannot be chosen (the end of a snooze)."""

    def __init__(self, service: TicketService, start: datetime | None, title: str, parent: QWidget | None = None,
                 hint: str = "", typed: str = "", future_only: bool = False):
        super().__init__(parent)
        self.service = service
        self.future_only = future_only
        self.setWindowTitle(title)
        self._typing = False  # the fields are being set from the typed line: keep its text
        self.tz = service.schedule.tz
        now = service.clock.now()
        start = start or now.replace(second=0, microsecond=0) + timedelta(hours=1)
        local = start.astimezone(self.tz)

        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(typed)
        self.typed.setClearButtonEnabled(True)
        self.typed.setVisible(bool(typed))
        self.calendar = QCalendarWidget()
        self.calendar.setFirstDayOfWeek(QLocale().firstDayOfWeek())
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setSelectedDate(QDate(local.year, local.month, local.day))
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(local.hour, local.minute))
        self.time.setAccelerated(True)
        time_label = QLabel(self.tr("Time"))
        time_label.setBuddy(self.time)

        self.chips: dict[Quick, QPushButton] = {}
        chips = QGridLayout()
        chips.setSpacing(6)
        for index, choice in enumerate(quick_times(now, service.schedule)):
            chip = QPushButton(self._chip_label(choice, now))
            chip.setAutoDefault(False)
            chip.setToolTip(fmt.when(choice.at, now, self.tz))
            chip.clicked.connect(self._chooser(choice.at))
            chips.addWidget(chip, index // 2, index % 2)
            self.chips[choice.kind] = chip

        self.preview = QLabel()
        self.preview.setObjectName("pickPreview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        side = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(time_label)
        row.addWidget(self.time, 1)
        side.addLayout(row)
        side.addSpacing(8)
        side.addLayout(chips)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.setSpacing(16)
        middle.addWidget(self.calendar, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.typed)
        layout.addLayout(middle, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        submit_keys(self, self.accept)

        self.calendar.selectionChanged.connect(self._picked)
        self.time.timeChanged.connect(self._picked)
        self.typed.textEdited.connect(self._read_typed)
        self._show()
        (self.typed if typed else self.calendar).setFocus()

    def _chip_label(self, choice: QuickTime, now: datetime) -> str:
        today = now.astimezone(self.tz).date()
        weekday = fmt.date_text(choice.day, "ddd")
        if choice.kind == Quick.IN_1H:
            return self.tr("+1 h")
        if choice.kind == Quick.IN_3H:
            return self.tr("+3 h")
        if choice.kind == Quick.NEXT_DAY:
            if choice.day == today + timedelta(days=1):
                return self.tr("Tomorrow 10:00")
            return self.tr("{day} 10:00").format(day=weekday)
        if choice.kind == Quick.MONDAY:
            return self.tr("Monday 10:00")
        if choice.day == today:
            return self.tr("End of day")
        return self.tr("End of day ({day})").format(day=weekday)

    def _chooser(self, at: datetime) -> Callable[[], None]:
        return lambda: self.set_value(at)

    def set_value(self, at: datetime) -> None:
        local = at.astimezone(self.tz)
        for widget in (self.calendar, self.time):
            widget.blockSignals(True)
        self.calendar.setSelectedDate(QDate(local.year, local.month, local.day))
        self.time.setTime(QTime(local.hour, local.minute))
        for widget in (self.calendar, self.time):
            widget.blockSignals(False)
        self._picked()

    def value(self) -> datetime:
        """The chosen instant (UTC), to the minute."""
        day, clock = self.calendar.selectedDate(), self.time.time()
        local = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=self.tz)
        return local.astimezone(UTC)

    def _picked(self) -> None:
        if not self._typing:
            self.typed.clear()  # chosen by hand: the typed words no longer say it
        self._show()

    def _read_typed(self, text: str) -> None:
        if not text.strip():
            self._show()
            return
        now = self.service.clock.now()
        try:
            reading = read_time(text, now, self.service.schedule, fmt.lang())
        except Ambiguous as exc:
            self._say(str(exc), theme.soon().name(), ok=False)
            return
        except TimeParseError as exc:
            self._say("✗ " + str(exc), theme.late().name(), ok=False)
            return
        self._typing = True
        try:
            self.set_value(reading.at)
        finally:
            self._typing = False

    def _show(self) -> None:
        """The choice in words, where it cannot be missed: "Thu 3 Dec, 10:00 (in 14 h)"."""
        at, now = self.value(), self.service.clock.now()
        local = at.astimezone(self.tz)
        pattern = "ddd d MMM" if local.year == now.astimezone(self.tz).year else "ddd d MMM yyyy"
        text = f"→ {fmt.date_text(local.date(), pattern)}, {fmt.clock(at, self.tz)} ({fmt.relative(at, now)})"
        past = at <= now
        self._say(text, theme.late().name() if past else "", ok=not (past and self.future_only))

    def _say(self, text: str, colour: str, ok: bool) -> None:
        self.preview.setText(text)
        self.preview.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "font-weight: bold;")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()
