"""Settings: the agent, the working schedule, reminder defaults."""

from __future__ import annotations

import zoneinfo

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QGridLayout, QGroupBox, QLabel, QLineEdit, QSpinBox,
                               QVBoxLayout)

from companion.core.schedule import DAY_NAMES, ScheduleError, format_week, parse_week
from companion.core.settings import SettingError, Settings
from companion.ui import fmt
from companion.ui.widgets import error_label

DAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, replies: list | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings — Support Companion"))
        self.error = error_label()

        self.agent = QLineEdit(settings.get("agent_name"))
        self.agent.setPlaceholderText(self.tr("Your name as clients see it"))
        people = QFormLayout()
        people.addRow(self.tr("Your name"), self.agent)
        people_box = QGroupBox(self.tr("You"))
        people_box.setLayout(people)

        week = parse_week(settings.get("schedule"))
        grid = QGridLayout()
        self.day_checks: list[QCheckBox] = []
        self.day_ranges: list[QLineEdit] = []
        for i, label in enumerate(DAY_LABELS):
            check = QCheckBox(self.tr(label))
            ranges = QLineEdit(",".join(f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for s, e in week[i])
                               or "09:00-18:00")
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
        schedule_form = QFormLayout()
        schedule_form.addRow(grid)
        schedule_form.addRow(self.tr("Time zone"), self.timezone)
        schedule_form.addRow(self.tr("Days off"), self.days_off)
        hint = QLabel(self.tr("Nothing falls due outside these hours: updates due at night are due at the start of the next shift."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(dark);")
        schedule_form.addRow(hint)
        schedule_box = QGroupBox(self.tr("Working hours"))
        schedule_box.setLayout(schedule_form)

        self.cadence = QComboBox()
        for code, label in fmt.CADENCE_LABELS:
            self.cadence.addItem(self.tr(label), code)
        current = settings.get("default_cadence")
        if self.cadence.findData(current) < 0:
            self.cadence.addItem(current, current)
        self.cadence.setCurrentIndex(self.cadence.findData(current))
        self.warning = QDoubleSpinBox()
        self.warning.setRange(0, 72)
        self.warning.setDecimals(1)
        self.warning.setSuffix(self.tr(" working h"))
        self.warning.setValue(float(settings.get("promise_warning_hours")))
        self.snooze = QSpinBox()
        self.snooze.setRange(1, 1440)
        self.snooze.setSuffix(self.tr(" min"))
        self.snooze.setValue(int(settings.get("snooze_minutes")))
        reminders = QFormLayout()
        reminders.addRow(self.tr("Cadence for new tickets"), self.cadence)
        reminders.addRow(self.tr("Warn before a promised date"), self.warning)
        reminders.addRow(self.tr("Default snooze"), self.snooze)
        reminders_box = QGroupBox(self.tr("Reminders"))
        reminders_box.setLayout(reminders)

        self.reply_language = QComboBox()
        self.reply_language.addItem(self.tr("Same as the interface"), "auto")
        self.reply_language.addItem("Русский", "ru")
        self.reply_language.addItem("English", "en")
        self.reply_language.setCurrentIndex(max(0, self.reply_language.findData(settings.get("reply_language"))))
        self.update_reply = QComboBox()
        self.update_reply.addItem(self.tr("None"), "")
        lang = settings.get("reply_language") if settings.get("reply_language") in ("ru", "en") else "en"
        for reply in replies or []:
            self.update_reply.addItem(reply.title(lang), reply.slug)
        current_reply = settings.get("update_reply")
        if current_reply and self.update_reply.findData(current_reply) < 0:
            self.update_reply.addItem(self.tr("{id} (missing)").format(id=current_reply), current_reply)
        self.update_reply.setCurrentIndex(max(0, self.update_reply.findData(current_reply)))
        replies_form = QFormLayout()
        replies_form.addRow(self.tr("Language of replies"), self.reply_language)
        replies_form.addRow(self.tr("Reply for “Copy update reply”"), self.update_reply)
        replies_box = QGroupBox(self.tr("Replies"))
        replies_box.setLayout(replies_form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(people_box)
        layout.addWidget(schedule_box)
        layout.addWidget(reminders_box)
        layout.addWidget(replies_box)
        layout.addWidget(buttons)

    def schedule_spec(self) -> str:
        parts = []
        for name, check, ranges in zip(DAY_NAMES, self.day_checks, self.day_ranges):
            if check.isChecked():
                text = ranges.text().strip()
                if not text:
                    raise ScheduleError(self.tr("{day}: give the working hours, e.g. 09:00-18:00").format(day=name))
                parts.append(f"{name} {text}")
        if not parts:
            raise ScheduleError(self.tr("tick at least one working day"))
        return format_week(parse_week("; ".join(parts)))

    def save(self) -> None:
        try:
            values = {
                "agent_name": self.agent.text(),
                "schedule": self.schedule_spec(),
                "timezone": self.timezone.currentText(),
                "days_off": self.days_off.text(),
                "default_cadence": self.cadence.currentData(),
                "promise_warning_hours": self.warning.value(),
                "snooze_minutes": self.snooze.value(),
                "reply_language": self.reply_language.currentData(),
                "update_reply": self.update_reply.currentData(),
            }
            self.settings.set_many(values)
        except (ScheduleError, SettingError) as exc:
            text = str(exc)
            self.error.setText(text[:1].upper() + text[1:])
            self.error.show()
            return
        self.accept()
