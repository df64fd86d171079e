"""Settings → General: the agent's name, starting at login (and the welcome shown again), the working
hours (a week of hours, or a rotating shift such as 2/2) with the time zone and days off, and
reminder defaults. What a schedule means and what is wrong with one is core's."""

from __future__ import annotations

import zoneinfo
from datetime import date

from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLineEdit, QMessageBox, QPushButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from companion.core.schedule import DAY_NAMES, Cycle, ScheduleError, WorkSchedule, format_ranges, parse_pattern
from companion.core.settings import SettingError
from companion.runtime import fmt
from companion.ui.settings.base import CycleEdit, SettingsBase, day_name, hint, spin


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


class Repeats(IntEnum):
    """How the working hours repeat: the index of the editor for them."""

    WEEKLY = 0
    CYCLE = 1


def _form() -> QFormLayout:
    """The forms of this tab: labels on the left, aligned, fields only as wide as they need."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


class GeneralTab(SettingsBase):
    welcome_requested = Signal()  # "Show the welcome again": the shell shows it once this dialog has closed

    def _general_tab(self) -> QWidget:
        settings = self.settings
        self.agent = QLineEdit(settings.get("agent_name"))
        self.agent.setPlaceholderText(tr("Your name as clients see it"))
        self.agent.setMinimumWidth(260)
        people = _form()
        people.addRow(tr("Your name"), self.agent)
        people.addRow("", hint(tr("Replies sign with it.")))
        # Only the wish is read here: the dialog makes the OS do it when it is saved changed.
        self.autostart = QCheckBox(tr("Start Support Companion when I log in"))
        self.autostart.setChecked(bool(settings.get("autostart")))
        people.addRow(self.autostart)
        self.welcome_again = QPushButton(tr("Show the welcome again…"))
        self.welcome_again.setAutoDefault(False)
        self.welcome_again.setToolTip(tr("The first-start questions and the short tour; Settings closes"))
        self.welcome_again.clicked.connect(self._show_welcome)
        again = QHBoxLayout()
        again.addWidget(self.welcome_again)
        again.addStretch(1)
        people.addRow(again)
        people_box = QGroupBox(tr("You"))
        people_box.setLayout(people)

        pattern = parse_pattern(settings.get("schedule"))
        week = pattern if not isinstance(pattern, Cycle) else ((),) * 7
        self.repeats = QComboBox()
        self.repeats.addItem(tr("Every week"), Repeats.WEEKLY)
        self.repeats.addItem(tr("In a cycle (2/2, 3/3…)"), Repeats.CYCLE)
        today = QDate.currentDate()
        self.cycle = CycleEdit(pattern if isinstance(pattern, Cycle) else
                               Cycle(2, 2, date(today.year(), today.month(), today.day()), ((540, 1260),)))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        self.day_checks: list[QCheckBox] = []
        self.day_ranges: list[QLineEdit] = []
        for i in range(7):
            check = QCheckBox(day_name(i))
            ranges = QLineEdit(format_ranges(week[i]) or "09:00-18:00")  # a night shift reads 22:00-06:00
            ranges.setMinimumWidth(220)
            ranges.setPlaceholderText("09:00-13:00,14:00-18:00")
            check.setChecked(bool(week[i]))
            ranges.setEnabled(bool(week[i]))
            check.toggled.connect(ranges.setEnabled)
            grid.addWidget(check, i, 0)
            grid.addWidget(ranges, i, 1)
            self.day_checks.append(check)
            self.day_ranges.append(ranges)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone.setCurrentText(settings.get("timezone"))
        self.days_off = QLineEdit(", ".join(settings.get("days_off")))
        self.days_off.setPlaceholderText("2026-12-31, 2027-01-01")
        self.days_off.setMinimumWidth(260)
        self.days_off_preview = hint("")
        self.days_off.textChanged.connect(self._preview_days_off)
        self._preview_days_off()
        weekly = QWidget()
        weekly.setLayout(grid)
        self.hours_editors = QStackedWidget()
        self.hours_editors.addWidget(weekly)  # in Repeats order
        self.hours_editors.addWidget(self.cycle)
        self.repeats.currentIndexChanged.connect(self.hours_editors.setCurrentIndex)
        self.repeats.setCurrentIndex(Repeats.CYCLE if isinstance(pattern, Cycle) else Repeats.WEEKLY)
        self.hours_editors.setCurrentIndex(self.repeats.currentIndex())
        schedule_form = _form()
        schedule_form.addRow(tr("Repeats"), self.repeats)
        schedule_form.addRow(self.hours_editors)
        schedule_form.addRow(tr("Time zone"), self.timezone)
        schedule_form.addRow(tr("Days off"), self.days_off)
        schedule_form.addRow("", self.days_off_preview)
        schedule_form.addRow(hint(tr("Nothing falls due outside these hours: updates due at night are due "
                                     "at the start of the next shift.")))
        schedule_box = QGroupBox(tr("Working hours"))
        schedule_box.setLayout(schedule_form)

        self.cadence = QComboBox()
        for code, label in fmt.CADENCE_LABELS:
            self.cadence.addItem(tr(label), code)
        current = settings.get("default_cadence")
        if self.cadence.findData(current) < 0:
            self.cadence.addItem(current, current)
        self.cadence.setCurrentIndex(self.cadence.findData(current))
        self.warning = QDoubleSpinBox()
        self.warning.setRange(0, 72)
        self.warning.setDecimals(1)
        self.warning.setSuffix(tr(" working h"))
        self.warning.setValue(float(settings.get("promise_warning_hours")))
        self.snooze = spin(1, 1440, settings.get("snooze_minutes"), tr(" min"))
        reminders = _form()
        reminders.addRow(tr("Cadence for new tickets"), self.cadence)
        reminders.addRow(tr("Warn before a promised date"), self.warning)
        self.lead = QSpinBox()
        self.lead.setRange(0, 240)
        self.lead.setSuffix(tr(" min"))
        self.lead.setValue(int(settings.get("update_lead_minutes")))
        self.lead.setToolTip(tr("The reminder comes this long before a client update is due, so it can be "
                                "made on time. The due time itself does not move."))
        reminders.addRow(tr("Remind before an update is due"), self.lead)
        reminders.addRow(tr("Default snooze"), self.snooze)
        reminders_box = QGroupBox(tr("Reminders"))
        reminders_box.setLayout(reminders)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(people_box)
        layout.addWidget(schedule_box)
        layout.addWidget(reminders_box)
        layout.addStretch(1)
        return page

    def _preview_days_off(self) -> None:
        """The days off as dates the agent reads ("Thu 31 December 2026"), so that a mistyped one
        shows before it is saved. What counts as a day off is core's (settings.validate)."""
        try:
            days = self.settings.validate("days_off", self.days_off.text())
        except SettingError:
            self.days_off_preview.setText(tr("Dates as 2026-12-31, separated by commas"))
            return
        self.days_off_preview.setText(", ".join(fmt.date_text(date.fromisoformat(day), "ddd d MMMM yyyy")
                                                for day in days))

    def _show_welcome(self) -> None:
        """Close Settings (asking first if something here was changed) and let the shell show the
        welcome: the two never edit the same settings at once."""
        if self._unsaved():
            answer = QMessageBox.question(self, tr("Show the welcome again"),
                                          tr("Close Settings without saving your changes?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.welcome_requested.emit()
        self.reject()

    def _unsaved(self) -> bool:
        """Whether a setting on screen differs from the stored one (breaks kinds aside)."""
        try:
            values = self.setting_values()
        except ScheduleError:
            return True
        for key, value in values.items():
            try:
                if self.settings.validate(key, value) != self.settings.get(key):
                    return True
            except SettingError:
                return True
        return False

    def schedule_spec(self) -> str:
        if self.repeats.currentData() == Repeats.CYCLE:
            return WorkSchedule.parse(self.cycle.spec(), "UTC").spec
        parts = []
        for name, check, ranges in zip(DAY_NAMES, self.day_checks, self.day_ranges, strict=True):
            if check.isChecked():
                text = ranges.text().strip()
                if not text:
                    raise ScheduleError(tr("{day}: give the working hours, e.g. 09:00-18:00").format(
                        day=check.text()))
                parts.append(f"{name} {text}")
        if not parts:
            raise ScheduleError(tr("tick at least one working day"))
        return WorkSchedule.parse("; ".join(parts), "UTC").spec
