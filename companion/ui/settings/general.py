"""Settings → General: the agent's name, starting at login, the working week and days off, reminder
defaults."""

from __future__ import annotations

import zoneinfo
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox, QLineEdit,
                               QSpinBox, QVBoxLayout, QWidget)

from companion.core.schedule import DAY_NAMES, ScheduleError, format_ranges, format_week, parse_week
from companion.core.settings import SettingError
from companion.runtime import fmt
from companion.ui.settings.base import SettingsBase, day_name, hint, spin


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SettingsDialog", text, None, n)


class GeneralTab(SettingsBase):
    def _general_tab(self) -> QWidget:
        settings = self.settings
        self.agent = QLineEdit(settings.get("agent_name"))
        self.agent.setPlaceholderText(tr("Your name as clients see it"))
        people = QFormLayout()
        people.addRow(tr("Your name"), self.agent)
        # Only the wish is read here: the dialog makes the OS do it when it is saved changed.
        self.autostart = QCheckBox(tr("Start Support Companion when I log in"))
        self.autostart.setChecked(bool(settings.get("autostart")))
        people.addRow(self.autostart)
        people_box = QGroupBox(tr("You"))
        people_box.setLayout(people)

        week = parse_week(settings.get("schedule"))
        grid = QGridLayout()
        self.day_checks: list[QCheckBox] = []
        self.day_ranges: list[QLineEdit] = []
        for i in range(7):
            check = QCheckBox(day_name(i))
            ranges = QLineEdit(format_ranges(week[i]) or "09:00-18:00")  # a night shift reads 22:00-06:00
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
        self.days_off_preview = hint("")
        self.days_off.textChanged.connect(self._preview_days_off)
        self._preview_days_off()
        schedule_form = QFormLayout()
        schedule_form.addRow(grid)
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
        reminders = QFormLayout()
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

    def schedule_spec(self) -> str:
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
        return format_week(parse_week("; ".join(parts)))
