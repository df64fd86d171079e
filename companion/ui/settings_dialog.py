"""Settings: the agent, the working schedule, reminder defaults, the languages and replies, rest
breaks (their kinds and rules), the end of the shift, tough conversations and the workload one
person can carry."""

from __future__ import annotations

import os
import zoneinfo
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QPalette, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QSpinBox, QTabWidget, QTextEdit,
                               QVBoxLayout, QWidget)

from companion import language
from companion.core.break_library import (DURATION_S, INTERVAL_MIN, LANGS, WARN_S, BreakLibrary, KindError,
                                          KindInput)
from companion.core.replies import LANG_NAMES
from companion.core.schedule import DAY_NAMES, ScheduleError, format_ranges, format_week, parse_week
from companion.core.settings import SettingError, Settings
from companion.core.tickets import NotFound
from companion.runtime import fmt
from companion.ui.widgets import error_label

TABS = ("general", "replies", "breaks", "workload")


@dataclass
class KindDraft:
    """One kind as edited in the dialog; written only when the dialog is saved."""

    data: KindInput  # names, numbers; suggestions as text, one a line
    original: KindInput | None  # as stored, cleaned (None: added in this dialog, or unreadable)
    stored: bool = False  # False: added in this dialog
    builtin: bool = False

    def changed(self) -> bool:
        try:
            return self.original is None or self.data.cleaned() != self.original
        except KindError:
            return True


def _lines(texts) -> str:
    return "\n".join(texts)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(dark);")
    return label


def _spin(low: int, high: int, value: int, suffix: str = "", prefix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(int(value))
    spin.setSuffix(suffix)
    spin.setPrefix(prefix)
    return spin


def _agreeing(spin: QSpinBox, suffix: Callable[[int], str] | None = None,
              prefix: Callable[[int], str] | None = None) -> QSpinBox:
    """Words around the number that agree with it ("1 тикет", "2 тикета", "5 тикетов"; "каждую 21
    мин"): made again, through tr() with the number, whenever the value changes."""
    def agree(value: int) -> None:
        if suffix is not None:
            spin.setSuffix(suffix(value))
        if prefix is not None:
            spin.setPrefix(prefix(value))

    spin.valueChanged.connect(agree)
    agree(spin.value())
    return spin


def _day_name(weekday: int) -> str:
    """"Monday", "Понедельник": the interface language's name for a checkbox (0 = Monday)."""
    name = QLocale().standaloneDayName(weekday + 1, QLocale.FormatType.LongFormat)
    return name[:1].upper() + name[1:]


class SuggestionsEdit(QTextEdit):
    """Plain text, one suggestion a line, with a gap after each line so that a long suggestion
    wrapped over two rows still reads as one."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self._spaced = QTextBlockFormat()
        self._spaced.setBottomMargin(self.fontMetrics().height() // 3)

    def setPlainText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setPlainText(text)
        self.document().setUndoRedoEnabled(False)  # the spacing is no edit to undo
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(self._spaced)
        self.document().setUndoRedoEnabled(True)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None, replies: list | None = None,
                 breaks: BreakLibrary | None = None):
        super().__init__(parent)
        self.settings = settings
        self.breaks = breaks
        self.lang = fmt.lang()  # the language this dialog speaks: reply and kind names are shown in it
        self.setWindowTitle(self.tr("Settings — Support Companion"))
        self.error = error_label()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), self.tr("General"))
        self.tabs.addTab(self._replies_tab(replies), self.tr("Replies"))
        self.tabs.addTab(self._breaks_tab(), self.tr("Breaks"))
        self.tabs.addTab(self._workload_tab(), self.tr("Workload"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(720, 620)

    # -- General: you, working hours, reminders ----------------------------------------------------
    def _general_tab(self) -> QWidget:
        settings = self.settings
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
        for i in range(7):
            check = QCheckBox(_day_name(i))
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
        self.days_off_preview = _hint("")
        self.days_off.textChanged.connect(self._preview_days_off)
        self._preview_days_off()
        schedule_form = QFormLayout()
        schedule_form.addRow(grid)
        schedule_form.addRow(self.tr("Time zone"), self.timezone)
        schedule_form.addRow(self.tr("Days off"), self.days_off)
        schedule_form.addRow("", self.days_off_preview)
        schedule_form.addRow(_hint(self.tr("Nothing falls due outside these hours: updates due at night are due "
                                           "at the start of the next shift.")))
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
        self.snooze = _spin(1, 1440, settings.get("snooze_minutes"), self.tr(" min"))
        reminders = QFormLayout()
        reminders.addRow(self.tr("Cadence for new tickets"), self.cadence)
        reminders.addRow(self.tr("Warn before a promised date"), self.warning)
        self.lead = QSpinBox()
        self.lead.setRange(0, 240)
        self.lead.setSuffix(self.tr(" min"))
        self.lead.setValue(int(settings.get("update_lead_minutes")))
        self.lead.setToolTip(self.tr("The reminder comes this long before a client update is due, so it can be "
                                     "made on time. The due time itself does not move."))
        reminders.addRow(self.tr("Remind before an update is due"), self.lead)
        reminders.addRow(self.tr("Default snooze"), self.snooze)
        reminders_box = QGroupBox(self.tr("Reminders"))
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
            self.days_off_preview.setText(self.tr("Dates as 2026-12-31, separated by commas"))
            return
        self.days_off_preview.setText(", ".join(fmt.date_text(date.fromisoformat(day), "ddd d MMMM yyyy")
                                                for day in days))

    # -- Replies --------------------------------------------------------------------------------
    def _replies_tab(self, replies: list | None) -> QWidget:
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
        restart = self.tr("The interface language applies when Support Companion next starts.")
        if language.normalise(os.environ.get(language.ENV_VAR)):
            restart += " " + self.tr("{var} is set in the environment and wins over this setting.").format(
                var=language.ENV_VAR)
        languages_form = QFormLayout()
        languages_form.addRow(self.tr("Interface language"), self.interface_language)
        languages_form.addRow(_hint(restart))
        languages_form.addRow(self.tr("Language of replies"), self.reply_language)
        languages_box = QGroupBox(self.tr("Language"))
        languages_box.setLayout(languages_form)

        self.update_reply = QComboBox()
        self.update_reply.addItem(self.tr("None"), "")
        for reply in replies or []:  # named as the agent reads, whatever language replies are copied in
            self.update_reply.addItem(reply.title(self.lang), reply.slug)
        current_reply = settings.get("update_reply")
        if current_reply and self.update_reply.findData(current_reply) < 0:
            self.update_reply.addItem(self.tr("{id} (missing)").format(id=current_reply), current_reply)
        self.update_reply.setCurrentIndex(max(0, self.update_reply.findData(current_reply)))
        replies_form = QFormLayout()
        replies_form.addRow(self.tr("Reply for “Copy update reply”"), self.update_reply)
        replies_form.addRow(_hint(self.tr("The reminder popup copies this reply when you choose “Copy update "
                                          "reply”; it is filled from the ticket.")))
        replies_box = QGroupBox(self.tr("Replies"))
        replies_box.setLayout(replies_form)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(languages_box)
        layout.addWidget(replies_box)
        layout.addStretch(1)
        return page

    # -- Breaks: on/off, the kinds, the rules -------------------------------------------------------
    def _breaks_tab(self) -> QWidget:
        settings = self.settings
        self.breaks_enabled = QCheckBox(self.tr("Rest breaks"))
        self.breaks_enabled.setChecked(bool(settings.get("breaks_enabled")))
        self.breaks_enabled.setToolTip(self.tr("Short eye breaks and longer breaks for fresh air or tea, "
                                               "during working hours"))
        self.do_not_disturb = QCheckBox(self.tr("Do not disturb (hold breaks)"))
        self.do_not_disturb.setChecked(bool(settings.get("do_not_disturb")))
        self.do_not_disturb.setToolTip(self.tr("Breaks that fall due meanwhile are owed and offered once "
                                               "you turn this off"))
        top = QHBoxLayout()
        top.addWidget(self.breaks_enabled)
        top.addStretch(1)
        top.addWidget(self.do_not_disturb)

        self.break_strict = QCheckBox(self.tr("Strict: no Skip button"))
        self.break_strict.setChecked(bool(settings.get("break_strict")))
        self.postpone_minutes = _spin(1, 60, settings.get("break_postpone_minutes"), self.tr(" min"))
        self.postpone_limit = _agreeing(_spin(0, 10, settings.get("break_postpone_limit")),
                                        lambda n: self.tr(" time(s) per hour", "", n))
        self.postpone_limit.setSpecialValueText(self.tr("0 times (no Postpone)"))
        self.postpone_window = _spin(0, 600, settings.get("break_postpone_window"), self.tr(" s of a break"))
        postpone = QHBoxLayout()
        postpone.addWidget(QLabel(self.tr("Postpone by")))
        postpone.addWidget(self.postpone_minutes)
        postpone.addWidget(QLabel(self.tr("at most")))
        postpone.addWidget(self.postpone_limit)
        postpone.addWidget(QLabel(self.tr("only in the first")))
        postpone.addWidget(self.postpone_window)
        postpone.addStretch(1)
        rules = QVBoxLayout()
        rules.addWidget(self.break_strict)
        rules.addLayout(postpone)
        rules_box = QGroupBox(self.tr("Break rules"))
        rules_box.setLayout(rules)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        if self.breaks is not None:
            layout.addWidget(self._kinds_box(), 1)
        else:
            self.kind_list, self.drafts, self.deleted = None, [], []
        layout.addWidget(rules_box)
        if self.breaks is None:
            layout.addStretch(1)
        return page

    def _kinds_box(self) -> QGroupBox:
        builtin = self.breaks.builtin_slugs()
        self.drafts: list[KindDraft] = []
        for kind in self.breaks.kinds():
            data = KindInput.from_kind(kind)
            original = data.cleaned() if self._valid(data) else None
            data.suggestions = {lang: _lines(kind.suggestions.get(lang, ())) for lang in LANGS}
            self.drafts.append(KindDraft(data, original, stored=True, builtin=kind.slug in builtin))
        self.deleted: list[str] = []  # slugs of stored kinds deleted in this dialog
        self._loading = False

        self.kind_list = QListWidget()
        self.kind_list.setMaximumWidth(210)
        self.kind_list.setWordWrap(True)
        self.kind_list.setSpacing(2)
        self.kind_list.currentRowChanged.connect(self._kind_selected)
        self.add_kind_button = QPushButton(self.tr("Add kind"))
        self.add_kind_button.setToolTip(self.tr("A break of your own, such as a glass of water every hour"))
        self.add_kind_button.clicked.connect(lambda: self.add_kind())
        self.delete_kind_button = QPushButton(self.tr("Delete kind"))
        self.delete_kind_button.clicked.connect(lambda: self.delete_kind())
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_kind_button)
        list_buttons.addWidget(self.delete_kind_button)
        left = QVBoxLayout()
        left.addWidget(self.kind_list, 1)
        left.addLayout(list_buttons)

        self.kind_names = {lang: QLineEdit() for lang in LANGS}
        self.kind_names["ru"].setPlaceholderText("Например, «Стакан воды»")
        self.kind_names["en"].setPlaceholderText("e.g. “Glass of water”")
        self.kind_interval = _agreeing(_spin(*INTERVAL_MIN, 20, self.tr(" min")),
                                       prefix=lambda n: self.tr("every ", "", n))
        self.kind_duration = _spin(*DURATION_S, 20, self.tr(" s"))
        self.kind_duration_minutes = QLabel()
        self.kind_duration_minutes.setStyleSheet("color: palette(dark);")
        self.kind_warn = _spin(*WARN_S, 10, self.tr(" s before"))
        self.kind_warn.setSpecialValueText(self.tr("no warning"))
        self.kind_long = QCheckBox(self.tr("Long break (offers “Done early”)"))
        self.kind_enabled = QCheckBox(self.tr("On"))
        self.kind_enabled.setToolTip(self.tr("Switched off, this kind of break is never offered"))
        self.kind_suggestions = {lang: SuggestionsEdit() for lang in LANGS}
        self.kind_suggestions["ru"].setPlaceholderText("Например: Выпейте стакан воды.")
        self.kind_suggestions["en"].setPlaceholderText("For example: Drink a glass of water.")
        self.suggestion_tabs = QTabWidget()
        for edit in self.kind_suggestions.values():
            self.suggestion_tabs.addTab(edit, "")
        self.suggestion_tabs.setCurrentIndex(LANGS.index(self.lang))

        timing = QHBoxLayout()
        timing.addWidget(self.kind_interval)
        timing.addWidget(QLabel(self.tr("lasts")))
        timing.addWidget(self.kind_duration)
        timing.addWidget(self.kind_duration_minutes)
        timing.addStretch(1)
        warn_row = QHBoxLayout()
        warn_row.addWidget(self.kind_warn)
        warn_row.addStretch(1)
        flags = QHBoxLayout()
        flags.addWidget(self.kind_long)
        flags.addStretch(1)
        flags.addWidget(self.kind_enabled)
        form = QFormLayout()
        form.addRow(self.tr("Name (Russian)"), self.kind_names["ru"])
        form.addRow(self.tr("Name (English)"), self.kind_names["en"])
        form.addRow(self.tr("Break"), timing)
        form.addRow(self.tr("Warn"), warn_row)
        form.addRow("", flags)
        self.kind_editor = QWidget()
        editor = QVBoxLayout(self.kind_editor)
        editor.setContentsMargins(0, 0, 0, 0)
        editor.addLayout(form)
        editor.addWidget(QLabel(self.tr("What to do in the break: one suggestion a line, one is picked each time")))
        editor.addWidget(self.suggestion_tabs, 1)

        for edit in self.kind_names.values():
            edit.textChanged.connect(self._kind_edited)
        for spin in (self.kind_interval, self.kind_duration, self.kind_warn):
            spin.valueChanged.connect(self._kind_edited)
        for check in (self.kind_long, self.kind_enabled):
            check.toggled.connect(self._kind_edited)
        for edit in self.kind_suggestions.values():
            edit.textChanged.connect(self._kind_edited)

        row = QHBoxLayout()
        row.addLayout(left)
        row.addWidget(self.kind_editor, 1)
        box = QGroupBox(self.tr("Kinds of break"))
        box.setLayout(row)
        for i in range(len(self.drafts)):
            self.kind_list.addItem(QListWidgetItem())
            self._refresh_item(i)
        if self.drafts:
            self.kind_list.setCurrentRow(0)
        else:
            self._kind_selected(-1)
        return box

    @staticmethod
    def _valid(data: KindInput) -> bool:
        try:
            data.cleaned()
        except KindError:
            return False
        return True

    def _duration_text(self, seconds: int) -> str:
        minutes, rest = divmod(int(seconds), 60)
        if not minutes:
            return self.tr("{s} s").format(s=rest)
        if not rest:
            return self.tr("{m} min").format(m=minutes)
        return self.tr("{m} min {s} s").format(m=minutes, s=rest)

    def _kind_name(self, draft: KindDraft) -> str:
        other = "en" if self.lang == "ru" else "ru"
        names = draft.data.names
        return (names.get(self.lang) or "").strip() or (names.get(other) or "").strip() or self.tr("New kind")

    def _refresh_item(self, row: int) -> None:
        draft, item = self.drafts[row], self.kind_list.item(row)
        data = draft.data
        summary = self.tr("every %n min, {duration}", "", int(data.interval_min)).format(
            duration=self._duration_text(data.duration_s))
        if not data.enabled:
            summary += self.tr(" · off")
        item.setText(f"{self._kind_name(draft)}\n{summary}")
        item.setForeground(self.palette().color(QPalette.ColorRole.Text if data.enabled
                                                else QPalette.ColorRole.PlaceholderText))
        font = QFont(item.font())
        font.setItalic(not draft.stored)
        item.setFont(font)
        item.setToolTip(self.tr("Shipped with the app: it can be switched off, not deleted") if draft.builtin else "")

    def _kind_selected(self, row: int) -> None:
        has = 0 <= row < len(self.drafts)
        self.kind_editor.setEnabled(has)
        self.delete_kind_button.setEnabled(has and not self.drafts[row].builtin)
        self.delete_kind_button.setToolTip(
            self.tr("The shipped kinds can be switched off, not deleted") if has and self.drafts[row].builtin else "")
        if not has:
            return
        data = self.drafts[row].data
        self._loading = True
        try:
            for lang, edit in self.kind_names.items():
                edit.setText(data.names.get(lang, ""))
            self.kind_interval.setValue(int(data.interval_min))
            self.kind_duration.setValue(int(data.duration_s))
            self.kind_warn.setValue(int(data.warn_s))
            self.kind_long.setChecked(bool(data.long))
            self.kind_enabled.setChecked(bool(data.enabled))
            for lang, edit in self.kind_suggestions.items():
                edit.setPlainText(data.suggestions.get(lang, ""))
        finally:
            self._loading = False
        self._show_duration_minutes()
        self._count_suggestions()

    def _kind_edited(self, *_args) -> None:
        self._show_duration_minutes()
        self._count_suggestions()
        row = self.kind_list.currentRow()
        if self._loading or not 0 <= row < len(self.drafts):
            return
        self.drafts[row].data = replace(
            self.drafts[row].data,
            names={lang: edit.text() for lang, edit in self.kind_names.items()},
            interval_min=self.kind_interval.value(), duration_s=self.kind_duration.value(),
            warn_s=self.kind_warn.value(), long=self.kind_long.isChecked(), enabled=self.kind_enabled.isChecked(),
            suggestions={lang: edit.toPlainText() for lang, edit in self.kind_suggestions.items()})
        self._refresh_item(row)

    def _count_suggestions(self) -> None:
        labels = {"ru": self.tr("Russian ({n})"), "en": self.tr("English ({n})")}
        for i, (lang, edit) in enumerate(self.kind_suggestions.items()):
            lines = {" ".join(line.split()).casefold() for line in edit.toPlainText().splitlines()} - {""}
            self.suggestion_tabs.setTabText(i, labels[lang].format(n=len(lines)))

    def _show_duration_minutes(self) -> None:
        seconds = self.kind_duration.value()
        self.kind_duration_minutes.setText(f"= {self._duration_text(seconds)}" if seconds >= 60 else "")

    def select_kind(self, slug: str) -> None:
        for row, draft in enumerate(self.drafts):
            if draft.data.slug == slug:
                self.kind_list.setCurrentRow(row)
                return
        raise LookupError(slug)

    def add_kind(self) -> None:
        """A new kind in the list, selected, its name field ready for typing. Stored on Save."""
        data = KindInput(names={lang: "" for lang in LANGS}, interval_min=60, duration_s=60, warn_s=10,
                         suggestions={lang: "" for lang in LANGS})
        self.drafts.append(KindDraft(data, None, stored=False))
        self.kind_list.addItem(QListWidgetItem())
        self._refresh_item(len(self.drafts) - 1)
        self.kind_list.setCurrentRow(len(self.drafts) - 1)
        self.kind_names[self.lang].setFocus()

    def delete_kind(self) -> None:
        row = self.kind_list.currentRow()
        if not 0 <= row < len(self.drafts) or self.drafts[row].builtin:
            return
        draft = self.drafts.pop(row)
        if draft.stored:
            self.deleted.append(draft.data.slug)
        self.kind_list.takeItem(row)  # selects a neighbour, which loads it
        if not self.drafts:
            self._kind_selected(-1)

    # -- Workload: capacity, the end of the shift, tough conversations --------------------------------
    def _workload_tab(self) -> QWidget:
        settings = self.settings
        self.capacity_tickets = _agreeing(_spin(1, 1000, settings.get("capacity_tickets")),
                                          lambda n: self.tr(" ticket(s)", "", n))
        self.capacity_updates = _agreeing(_spin(1, 1000, settings.get("capacity_updates")),
                                          lambda n: self.tr(" update(s)", "", n))
        capacity = QFormLayout()
        capacity.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        capacity.addRow(self.tr("Active tickets I can carry"), self.capacity_tickets)
        capacity.addRow(self.tr("Client updates I can make in a day"), self.capacity_updates)
        capacity.addRow(_hint(self.tr("Adding a ticket or promising a date warns you when the day would be "
                                      "over this load, before you promise something impossible.")))
        capacity_box = QGroupBox(self.tr("Capacity"))
        capacity_box.setLayout(capacity)

        self.shift_nudge = _spin(0, 240, settings.get("shift_end_nudge_minutes"), self.tr(" min before the end"))
        self.shift_nudge.setSpecialValueText(self.tr("at the end of the shift"))
        shift = QFormLayout()
        shift.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        shift.addRow(self.tr("End-of-shift nudge"), self.shift_nudge)
        shift_box = QGroupBox(self.tr("End of the shift"))
        shift_box.setLayout(shift)

        self.tough_after_difficult = QCheckBox(self.tr("Offer a breathing reset after updating a difficult client"))
        self.tough_after_difficult.setChecked(bool(settings.get("tough_after_difficult")))
        self.tough_seconds = _spin(20, 600, settings.get("tough_seconds"), self.tr(" s"))
        tough = QFormLayout()
        tough.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        tough.addRow(self.tough_after_difficult)
        tough.addRow(self.tr("Reset length"), self.tough_seconds)
        tough_box = QGroupBox(self.tr("Tough conversations"))
        tough_box.setLayout(tough)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(capacity_box)
        layout.addWidget(shift_box)
        layout.addWidget(tough_box)
        layout.addStretch(1)
        return page

    # -- saving ---------------------------------------------------------------------------------
    def schedule_spec(self) -> str:
        parts = []
        for name, check, ranges in zip(DAY_NAMES, self.day_checks, self.day_ranges):
            if check.isChecked():
                text = ranges.text().strip()
                if not text:
                    raise ScheduleError(self.tr("{day}: give the working hours, e.g. 09:00-18:00").format(
                        day=check.text()))
                parts.append(f"{name} {text}")
        if not parts:
            raise ScheduleError(self.tr("tick at least one working day"))
        return format_week(parse_week("; ".join(parts)))

    def setting_values(self) -> dict:
        return {
            "agent_name": self.agent.text(),
            "schedule": self.schedule_spec(),
            "timezone": self.timezone.currentText(),
            "days_off": self.days_off.text(),
            "default_cadence": self.cadence.currentData(),
            "promise_warning_hours": self.warning.value(),
            "update_lead_minutes": self.lead.value(),
            "snooze_minutes": self.snooze.value(),
            "interface_language": self.interface_language.currentData(),
            "reply_language": self.reply_language.currentData(),
            "update_reply": self.update_reply.currentData(),
            "breaks_enabled": self.breaks_enabled.isChecked(),
            "do_not_disturb": self.do_not_disturb.isChecked(),
            "break_strict": self.break_strict.isChecked(),
            "break_postpone_minutes": self.postpone_minutes.value(),
            "break_postpone_limit": self.postpone_limit.value(),
            "break_postpone_window": self.postpone_window.value(),
            "shift_end_nudge_minutes": self.shift_nudge.value(),
            "tough_after_difficult": self.tough_after_difficult.isChecked(),
            "tough_seconds": self.tough_seconds.value(),
            "capacity_tickets": self.capacity_tickets.value(),
            "capacity_updates": self.capacity_updates.value(),
        }

    def save(self) -> None:
        """Validate everything (settings and every kind), then write it all in one transaction;
        on any error say what is wrong, show it, and write nothing."""
        try:
            values = self.setting_values()
        except ScheduleError as exc:
            self._show_error(str(exc), "general")
            return
        for key, value in values.items():
            try:
                self.settings.validate(key, value)
            except SettingError as exc:
                label, widget, tab = self._field(key)
                self._show_error(f"{label}: {exc}" if label else str(exc), tab)
                widget.setFocus()
                return
        kinds: list[tuple[KindDraft, KindInput]] = []
        if self.breaks is not None:
            for row, draft in enumerate(self.drafts):
                try:
                    clean = draft.data.cleaned()
                except KindError as exc:
                    self._show_kind_error(row, exc)
                    return
                if draft.changed():
                    kinds.append((draft, clean))
        try:
            if self.breaks is None:
                self.settings.set_many(values)
            else:
                with self.breaks.transaction():
                    self.settings.set_many(values)
                    for slug in self.deleted:
                        self.breaks.delete(slug)
                    for draft, clean in kinds:
                        draft.data.slug = self.breaks.save(clean, create=not draft.stored)
        except (ScheduleError, SettingError, KindError, NotFound) as exc:
            self._show_error(str(exc), None)
            return
        self.accept()

    def _field(self, key: str) -> tuple[str, QWidget, str]:
        """The label, the widget and the tab of a setting, to say where a bad value is."""
        fields = {
            "agent_name": ("", self.agent, "general"),
            "timezone": ("", self.timezone, "general"),
            "days_off": (self.tr("Days off"), self.days_off, "general"),
            "default_cadence": (self.tr("Cadence for new tickets"), self.cadence, "general"),
            "promise_warning_hours": (self.tr("Warn before a promised date"), self.warning, "general"),
            "update_lead_minutes": (self.tr("Remind before an update is due"), self.lead, "general"),
            "snooze_minutes": (self.tr("Default snooze"), self.snooze, "general"),
            "interface_language": (self.tr("Interface language"), self.interface_language, "replies"),
            "reply_language": (self.tr("Language of replies"), self.reply_language, "replies"),
            "update_reply": (self.tr("Reply for “Copy update reply”"), self.update_reply, "replies"),
            "breaks_enabled": (self.tr("Rest breaks"), self.breaks_enabled, "breaks"),
            "do_not_disturb": (self.tr("Do not disturb"), self.do_not_disturb, "breaks"),
            "break_strict": (self.tr("Strict breaks"), self.break_strict, "breaks"),
            "break_postpone_minutes": (self.tr("Postpone by"), self.postpone_minutes, "breaks"),
            "break_postpone_limit": (self.tr("Postpone at most"), self.postpone_limit, "breaks"),
            "break_postpone_window": (self.tr("Postpone only in the first"), self.postpone_window, "breaks"),
            "shift_end_nudge_minutes": (self.tr("End-of-shift nudge"), self.shift_nudge, "workload"),
            "tough_after_difficult": (self.tr("Breathing reset"), self.tough_after_difficult, "workload"),
            "tough_seconds": (self.tr("Reset length"), self.tough_seconds, "workload"),
            "capacity_tickets": (self.tr("Active tickets I can carry"), self.capacity_tickets, "workload"),
            "capacity_updates": (self.tr("Client updates I can make in a day"), self.capacity_updates, "workload"),
        }
        return fields.get(key, ("", self.tabs, "general"))

    def _show_error(self, text: str, tab: str | None) -> None:
        self.error.setText(text[:1].upper() + text[1:])
        self.error.show()
        if tab is not None:
            self.tabs.setCurrentIndex(TABS.index(tab))

    def _show_kind_error(self, row: int, exc: KindError) -> None:
        draft = self.drafts[row]
        self.kind_list.setCurrentRow(row)
        self._show_error(self.tr("Break “{name}”: {problem}").format(name=self._kind_name(draft), problem=str(exc)),
                         "breaks")
        field_name, _dot, lang = exc.field.partition(".")
        lang = lang if lang in LANGS else self.lang
        if field_name == "suggestions":
            self.suggestion_tabs.setCurrentIndex(LANGS.index(lang))
        widget = {"names": self.kind_names[self.lang], "name": self.kind_names[lang], "interval": self.kind_interval,
                  "duration": self.kind_duration, "warn": self.kind_warn,
                  "suggestions": self.kind_suggestions[lang]}.get(field_name)
        if widget is not None:
            widget.setFocus()
