"""The first-start welcome: a few short pages that set what a new agent would otherwise find out
the hard way (the language, their name in replies, their working hours, breaks and load, starting
at login), then one page on how the app works.

Nothing is written until Finish, and then all of it at once (`Settings.set_many`), so Skip, Esc
or closing the window lose nothing and ask nothing. Starting at login is switched in the OS first,
as the Settings dialog does, because that is the step most likely to be refused. Applying the
saved settings (re-planning due times on a new schedule) and opening the main window are the
shell's, on `accepted`. What a schedule means, and what is wrong with a typed one, is core's.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta
from enum import IntEnum

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QRadioButton, QStackedWidget, QVBoxLayout, QWidget)

from companion import language
from companion.core.replies import LANG_NAMES
from companion.core.schedule import Cycle, ScheduleError, WorkSchedule, format_ranges, parse_pattern
from companion.core.settings import SettingError, Settings
from companion.platform import autostart
from companion.runtime import fmt
from companion.ui import geometry
from companion.ui.settings.base import CycleEdit, agreeing, hint, spin
from companion.ui.widgets import error_label


class Page(IntEnum):
    LANGUAGE = 0
    NAME = 1
    HOURS = 2
    LOAD = 3
    LOGIN = 4
    HOW = 5


class Preset(IntEnum):
    """The working hours the welcome offers; CUSTOM is the schedule typed as text."""

    DAY = 0
    ROTATION = 1
    NIGHT = 2
    ALWAYS = 3
    CUSTOM = 4


DAY_HOURS = "09:00-18:00"
NIGHT_HOURS = "21:00-09:00"
ROTATION_HOURS = ((9 * 60, 21 * 60),)
ALWAYS_SPEC = "mon-sun 00:00-24:00"

# Which page a setting is asked on, to go back to it when its value is refused.
PAGE_OF = {"interface_language": Page.LANGUAGE, "reply_language": Page.LANGUAGE, "agent_name": Page.NAME,
           "schedule": Page.HOURS, "timezone": Page.HOURS, "breaks_enabled": Page.LOAD,
           "capacity_tickets": Page.LOAD, "capacity_updates": Page.LOAD, "autostart": Page.LOGIN}


class WelcomeDialog(QDialog):
    def __init__(self, settings: Settings, today: date, login: autostart.Autostart | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.today = today
        self.login = login  # where starting at login is switched; the OS's own unless a test brings one
        self.setWindowTitle(self.tr("Welcome — Support Companion"))
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.step = hint("")
        self.error = error_label()
        self.pages = QStackedWidget()
        self.titles: list[str] = []
        for title, page in ((self.tr("Welcome"), self._language_page()),
                            (self.tr("Your name"), self._name_page()),
                            (self.tr("Working hours"), self._hours_page()),
                            (self.tr("Breaks and load"), self._load_page()),
                            (self.tr("Start at login"), self._login_page()),
                            (self.tr("How it works"), self._how_page())):
            self.titles.append(title)
            self.pages.addWidget(page)

        self.skip = QPushButton(self.tr("Skip"))
        self.skip.setToolTip(self.tr("Keep the defaults; everything here is in Settings too"))
        self.skip.setAutoDefault(False)
        self.skip.clicked.connect(self.reject)
        self.back = QPushButton(self.tr("Back"))
        self.back.setAutoDefault(False)
        self.back.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next = QPushButton(self.tr("Next"))
        self.next.clicked.connect(self.forward)
        self.finish = QPushButton(self.tr("Finish"))
        self.finish.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        for button in (self.back, self.next, self.finish):
            buttons.addWidget(button)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.step, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.go(Page.LANGUAGE)
        geometry.place(self, "welcome", QSize(600, 460))

    def hideEvent(self, event: QHideEvent) -> None:
        geometry.remember(self, "welcome")
        super().hideEvent(event)

    # -- pages ------------------------------------------------------------------------------------
    def _language_page(self) -> QWidget:
        settings = self.settings
        # Language names stay in their own language: whoever cannot read this interface finds theirs.
        self.interface_language = QComboBox()
        self.interface_language.addItem(self.tr("Automatic (system)"), "auto")
        self.reply_language = QComboBox()
        self.reply_language.addItem(self.tr("Same as the interface"), "auto")
        for code in language.SUPPORTED:
            self.interface_language.addItem(LANG_NAMES[code], code)
            self.reply_language.addItem(LANG_NAMES[code], code)
        for combo, key in ((self.interface_language, "interface_language"), (self.reply_language, "reply_language")):
            combo.setCurrentIndex(max(0, combo.findData(settings.get(key))))
        form = _form()
        form.addRow(self.tr("Interface language"), self.interface_language)
        form.addRow("", hint(self.tr("Applies when Support Companion next starts.")))
        form.addRow(self.tr("Language of replies"), self.reply_language)
        form.addRow("", hint(self.tr("The language of the replies you copy to clients.")))
        return _page(self.tr("Support Companion reminds you when a client is due an update, keeps ready "
                             "replies at hand and looks after your breaks. A few questions first; "
                             "you can change all of it later in Settings."), form)

    def _name_page(self) -> QWidget:
        self.agent = QLineEdit(self.settings.get("agent_name"))
        self.agent.setPlaceholderText(self.tr("Your name as clients see it"))
        form = _form()
        form.addRow(self.tr("Your name"), self.agent)
        return _page(self.tr("Replies sign with it, e.g. “Best regards, Anna”. Leave it empty if you "
                             "do not sign replies."), form)

    def _hours_page(self) -> QWidget:
        current = self.settings.get("schedule")
        self.presets = QButtonGroup(self)
        labels = {
            Preset.DAY: self.tr("Day shift, Monday to Friday"),
            Preset.ROTATION: self.tr("Two days on, two off (2/2)"),
            Preset.NIGHT: self.tr("Night shift, Monday to Friday"),
            Preset.ALWAYS: self.tr("Round the clock, every day"),
            Preset.CUSTOM: self.tr("Custom"),
        }
        choices = QVBoxLayout()
        choices.setSpacing(2)
        for preset, label in labels.items():
            button = QRadioButton(label)
            self.presets.addButton(button, preset)
            choices.addWidget(button)

        self.day_hours = QLineEdit(DAY_HOURS)
        self.night_hours = QLineEdit(NIGHT_HOURS)
        for field, example in ((self.day_hours, DAY_HOURS), (self.night_hours, NIGHT_HOURS)):
            field.setPlaceholderText(example)
            field.textChanged.connect(self._preview)
        self.rotation = CycleEdit(Cycle(2, 2, self.today, ROTATION_HOURS))
        self.rotation.changed.connect(self._preview)
        self.custom = QLineEdit(current)
        self.custom.setPlaceholderText("mon-fri 09:00-13:00,14:00-18:00; sat 10:00-14:00")
        self.custom.textChanged.connect(self._preview)
        self.details = QStackedWidget()
        day = _form()
        day.addRow(self.tr("Hours"), self.day_hours)
        night = _form()
        night.addRow(self.tr("Hours"), self.night_hours)
        night.addRow("", hint(self.tr("A night belongs to the evening it starts on.")))
        always = _form()
        always.addRow(hint(self.tr("Reminders and breaks may come at any hour.")))
        custom = _form()
        custom.addRow(self.tr("Schedule"), self.custom)
        custom.addRow("", hint(self.tr("Days and hours, e.g. “mon-fri 09:00-18:00; sat 10:00-14:00”, or a "
                                       "rotation: “3/3 from 2026-12-03 08:00-20:00”.")))
        for layout in (day, self.rotation, night, always, custom):  # in Preset order: its index is the preset
            if isinstance(layout, QWidget):
                self.details.addWidget(layout)
                continue
            holder = QWidget()
            holder.setLayout(layout)
            self.details.addWidget(holder)
        self.presets.idToggled.connect(self._preset_toggled)

        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone.setCurrentText(self.settings.get("timezone"))
        self.timezone.currentTextChanged.connect(self._preview)
        self.preview = hint("")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addLayout(choices)
        top.addWidget(self.details, 1)
        form = _form()
        form.addRow(self.tr("Time zone"), self.timezone)
        form.addRow(self.preview)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(form)
        self._choose(self._preset_of(current))
        return _page(self.tr("Nothing falls due outside these hours: an update due at night is due at the start "
                             "of your next shift."), box)

    def _load_page(self) -> QWidget:
        settings = self.settings
        self.breaks_enabled = QCheckBox(self.tr("Remind me to take breaks"))
        self.breaks_enabled.setChecked(bool(settings.get("breaks_enabled")))
        self.capacity_tickets = agreeing(spin(1, 1000, settings.get("capacity_tickets")),
                                         lambda n: self.tr(" ticket(s)", "", n))
        self.capacity_updates = agreeing(spin(1, 1000, settings.get("capacity_updates")),
                                         lambda n: self.tr(" update(s)", "", n))
        breaks = _form()
        breaks.addRow(self.breaks_enabled)
        breaks.addRow(hint(self.tr("Short eye breaks, and longer ones for tea or fresh air, during your "
                                   "working hours.")))
        breaks_box = QGroupBox(self.tr("Breaks"))
        breaks_box.setLayout(breaks)
        load = _form()
        load.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        load.addRow(self.tr("Active tickets I can carry"), self.capacity_tickets)
        load.addRow(self.tr("Client updates I can make in a day"), self.capacity_updates)
        load.addRow(hint(self.tr("Beyond this, the app warns you before you promise more.")))
        load_box = QGroupBox(self.tr("Capacity"))
        load_box.setLayout(load)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(breaks_box)
        column.addWidget(load_box)
        return _page("", box)

    def _login_page(self) -> QWidget:
        # Checked unless the agent said no before: reminders only come while the app runs.
        self.autostart = QCheckBox(self.tr("Start Support Companion when I log in"))
        self.autostart.setChecked(True)
        form = _form()
        form.addRow(self.autostart)
        return _page(self.tr("Reminders only come while Support Companion runs. It waits in the tray and "
                             "uses little memory."), form)

    def _how_page(self) -> QWidget:
        points = [
            self.tr("Add the tickets you promised to keep a client informed on, each with a cadence "
                    "(daily, every two days…) or a promised date."),
            self.tr("When an update is due, a reminder comes from the tray: copy an update reply, mark "
                    "the ticket updated, or snooze it."),
            self.tr("Replies are in the tray menu and, in the main window, under Ctrl+K; they are "
                    "filled in from the ticket."),
            self.tr("Breaks follow your working hours."),
            self.tr("When a day would be over your capacity, adding a ticket or promising a date says so "
                    "first."),
        ]
        text = QLabel("<ul style='margin-left: -20px'>" + "".join(
            f"<li style='margin-bottom: 6px'>{_escape(point)}</li>" for point in points) + "</ul>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        return _page(self.tr("Finish opens the list of your tickets."), text, intro_below=True)

    # -- the working hours ---------------------------------------------------------------------
    def _preset_of(self, spec: str) -> Preset:
        """The preset the stored schedule is, so that the welcome shown again starts from it."""
        try:
            pattern = parse_pattern(spec)
        except ScheduleError:
            return Preset.CUSTOM
        if isinstance(pattern, Cycle):
            if pattern.on == 2 and pattern.off == 2:
                self.rotation.on.setValue(pattern.on)
                self.rotation.off.setValue(pattern.off)
                self.rotation.hours.setText(format_ranges(pattern.ranges))
                self.rotation.anchor.setDate(QDate(pattern.anchor.year, pattern.anchor.month, pattern.anchor.day))
                return Preset.ROTATION
            return Preset.CUSTOM
        if spec == ALWAYS_SPEC:
            return Preset.ALWAYS
        first = pattern[0]
        if pattern == (first,) * 5 + ((),) * 2 and len(first) == 1:
            text = format_ranges(first)
            if first[0][1] > 1440:
                self.night_hours.setText(text)
                return Preset.NIGHT
            self.day_hours.setText(text)
            return Preset.DAY
        return Preset.CUSTOM

    def _choose(self, preset: Preset) -> None:
        button = self.presets.button(preset)
        button.setChecked(True)
        self._preset_toggled(preset, True)

    def _preset_toggled(self, preset: int, checked: bool) -> None:
        if checked:
            self.details.setCurrentIndex(preset)
            self._preview()

    def preset(self) -> Preset:
        return Preset(self.presets.checkedId())

    def schedule_spec(self) -> str:
        """The schedule as text, as the chosen preset makes it (not checked here)."""
        preset = self.preset()
        if preset == Preset.DAY:
            return f"mon-fri {self.day_hours.text().strip()}"
        if preset == Preset.NIGHT:
            return f"mon-fri {self.night_hours.text().strip()}"
        if preset == Preset.ROTATION:
            return self.rotation.spec()
        if preset == Preset.ALWAYS:
            return ALWAYS_SPEC
        return self.custom.text()

    def _preview(self) -> None:
        """The next working days, or what is wrong, while the agent types."""
        if self.presets.checkedId() < 0:
            return  # still being filled in
        try:
            schedule = WorkSchedule.parse(self.schedule_spec(), self.timezone.currentText().strip())
        except ScheduleError as exc:
            self.preview.setText(str(exc))
            return
        days: list[str] = []
        day = self.today
        while len(days) < 4 and day < self.today + timedelta(days=60):
            if schedule.is_working_day(day):
                days.append(fmt.date_text(day, "ddd d MMM"))
            day += timedelta(days=1)
        self.preview.setText(self.tr("Working days from today: {days}…").format(days=", ".join(days)))

    # -- moving through ---------------------------------------------------------------------------
    def go(self, page: int) -> None:
        page = max(0, min(page, len(Page) - 1))
        self.pages.setCurrentIndex(page)
        self.heading.setText(self.titles[page])
        self.step.setText(self.tr("Step {n} of {total}").format(n=page + 1, total=len(Page)))
        self.error.hide()
        last = page == Page.HOW
        self.back.setEnabled(page > 0)
        self.next.setVisible(not last)
        self.finish.setVisible(last)
        (self.finish if last else self.next).setDefault(True)
        if page == Page.NAME:
            self.agent.setFocus()

    def forward(self) -> None:
        """Next page, unless what this one asks is wrong (then say so and stay)."""
        page = Page(self.pages.currentIndex())
        for key, value in self.values().items():
            if PAGE_OF[key] == page and not self._check(key, value):
                return
        self.go(page + 1)

    def values(self) -> dict[str, object]:
        return {
            "interface_language": self.interface_language.currentData(),
            "reply_language": self.reply_language.currentData(),
            "agent_name": self.agent.text(),
            "schedule": self.schedule_spec(),
            "timezone": self.timezone.currentText(),
            "breaks_enabled": self.breaks_enabled.isChecked(),
            "capacity_tickets": self.capacity_tickets.value(),
            "capacity_updates": self.capacity_updates.value(),
            "autostart": self.autostart.isChecked(),
        }

    def _check(self, key: str, value: object) -> bool:
        try:
            self.settings.validate(key, value)
        except SettingError as exc:
            labels = {"schedule": self.tr("Working hours"), "timezone": self.tr("Time zone"),
                      "agent_name": self.tr("Your name")}
            self._show_error(PAGE_OF[key], labels.get(key, ""), str(exc))
            return False
        return True

    def _show_error(self, page: Page, label: str, text: str) -> None:
        if self.pages.currentIndex() != page:
            self.go(page)
        text = text[:1].upper() + text[1:]
        self.error.setText(f"{label}: {text}" if label else text)
        self.error.show()

    def save(self) -> None:
        """Check everything, switch starting at login in the OS if it is to change, then write it
        all in one transaction; on any refusal say why on its page and write nothing."""
        values = self.values()
        for key, value in values.items():
            if not self._check(key, value):
                return
        login_was = bool(self.settings.get("autostart"))
        wish = bool(values["autostart"])
        if wish != login_was and not self._start_at_login(wish):
            return
        try:
            self.settings.set_many(values)
        except SettingError as exc:
            if wish != login_was:
                self._start_at_login(login_was)  # the OS as the stored setting says
            self._show_error(Page.HOW, "", str(exc))
            return
        self.accept()

    def _start_at_login(self, wish: bool) -> bool:
        try:
            self.login = autostart.apply(wish, self.login)
        except autostart.AutostartError as exc:
            self._show_error(Page.LOGIN, "", self.tr("Could not set up the start at login: {why}").format(why=exc))
            return False
        return True


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _page(intro: str, body: QWidget | QFormLayout, intro_below: bool = False) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 4, 0, 0)
    label = QLabel(intro)
    label.setWordWrap(True)
    if not intro_below and intro:
        layout.addWidget(label)
    if isinstance(body, QFormLayout):
        layout.addLayout(body)
    else:
        layout.addWidget(body)
    if intro_below and intro:
        layout.addWidget(label)
    layout.addStretch(1)
    return page
