"""The date-time picker (issue 13): quick choices computed from the work schedule on a fake clock,
a calendar whose week starts as the language has it, and the choice read back in words."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import QDialog

from companion.core.schedule import WorkSchedule
from companion.ui.when_edit import DateTimePicker, Quick, WhenEdit, quick_times

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def chips(now, schedule):
    return {q.kind: q.at for q in quick_times(now, schedule)}


def test_quick_times_on_a_monday_morning(schedule):
    got = chips(local(2026, 11, 23, 10, 0, 40), schedule)  # Monday, seconds dropped
    assert got == {Quick.IN_1H: local(2026, 11, 23, 11, 0), Quick.IN_3H: local(2026, 11, 23, 13, 0),
                   Quick.NEXT_DAY: local(2026, 11, 24, 10, 0), Quick.MONDAY: local(2026, 11, 30, 10, 0),
                   Quick.END_OF_DAY: local(2026, 11, 23, 18, 0)}


def test_friday_evening_looks_to_monday(schedule):
    got = chips(local(2026, 11, 27, 19, 30), schedule)  # Friday after the shift
    assert got[Quick.NEXT_DAY] == local(2026, 11, 30, 10, 0)  # "Mon 10:00", not Saturday
    assert Quick.MONDAY not in got  # the same instant: offered once
    assert got[Quick.END_OF_DAY] == local(2026, 11, 30, 18, 0)  # today's shift is over: Monday's end
    assert got[Quick.IN_1H] == local(2026, 11, 27, 20, 30)


def test_days_off_and_other_schedules_are_skipped():
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow",
                                  days_off=[datetime(2026, 11, 24).date()])
    got = chips(local(2026, 11, 23, 12, 0), schedule)
    assert got[Quick.NEXT_DAY] == local(2026, 11, 25, 10, 0)  # Tuesday is a day off
    night = WorkSchedule.parse("mon-fri 20:00-08:00", "Europe/Moscow")
    assert chips(local(2026, 11, 23, 23, 0), night)[Quick.END_OF_DAY] == local(2026, 11, 24, 8, 0)


@pytest.fixture
def picker(qtbot, tickets):
    def make(start=None, **kwargs):
        dialog = DateTimePicker(tickets, start, "Pick date and time", **kwargs)
        qtbot.addWidget(dialog)
        return dialog
    return make


def test_the_picker_is_titled_and_reads_the_choice_back_in_words(picker, clock):
    dialog = picker(local(2026, 11, 26, 10, 0))  # fake clock: Monday 23 Nov 10:00
    assert dialog.windowTitle() == "Pick date and time"
    assert dialog.preview.text() == "→ Thu 26 Nov, 10:00 (in 3 d)"
    dialog.time.setTime(QTime(15, 30))
    assert dialog.value() == local(2026, 11, 26, 15, 30)
    assert dialog.preview.text() == "→ Thu 26 Nov, 15:30 (in 3 d 5 h)"
    dialog.calendar.setSelectedDate(QDate(2026, 11, 23))
    assert dialog.preview.text() == "→ Mon 23 Nov, 15:30 (in 5 h 30 min)"


def test_the_chips_set_the_calendar_and_the_time(picker):
    dialog = picker()
    assert [b.text() for b in dialog.chips.values()] == ["+1 h", "+3 h", "Tomorrow 10:00", "Monday 10:00",
                                                          "End of day"]
    dialog.chips[Quick.NEXT_DAY].click()
    assert dialog.calendar.selectedDate() == QDate(2026, 11, 24) and dialog.time.time() == QTime(10, 0)
    assert dialog.preview.text() == "→ Tue 24 Nov, 10:00 (in 1 d)"
    dialog.chips[Quick.END_OF_DAY].click()
    assert dialog.value() == local(2026, 11, 23, 18, 0)


def test_a_friday_evening_chip_says_which_day(picker, clock):
    clock.set(local(2026, 11, 27, 19, 0))
    dialog = picker()
    labels = {kind: button.text() for kind, button in dialog.chips.items()}
    assert labels[Quick.NEXT_DAY] == "Mon 10:00" and labels[Quick.END_OF_DAY] == "End of day (Mon)"


def test_the_preview_wraps_rather_than_clips(picker, qtbot):
    dialog = picker()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.preview.wordWrap()
    assert dialog.preview.width() >= dialog.preview.fontMetrics().horizontalAdvance(dialog.preview.text())
    dialog.hide()


def test_a_past_time_cannot_end_a_snooze(picker):
    dialog = picker(future_only=True)
    dialog.set_value(local(2026, 11, 23, 9, 0))
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.preview.text() == "→ Mon 23 Nov, 09:00 (1 h late)"
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_typed_words_move_the_calendar(picker):
    dialog = picker(typed="e.g. 16:00")
    dialog.typed.setText("friday 16:00")
    dialog._read_typed("friday 16:00")
    assert dialog.value() == local(2026, 11, 27, 16, 0)
    assert dialog.typed.text() == "friday 16:00"  # kept while it says what is picked
    dialog.chips[Quick.IN_1H].click()
    assert dialog.typed.text() == ""


def test_the_week_starts_on_monday_in_russian(picker):
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Russian))
    try:
        dialog = picker()
        assert dialog.calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
        assert dialog.preview.text() == "→ Пн 23 нояб., 11:00 (in 1 h)"  # (words translated once merged)
    finally:
        QLocale.setDefault(previous)


def test_when_edits_date_and_time_opens_the_picker(qtbot, tickets, monkeypatch):
    edit = WhenEdit(tickets, "when")
    qtbot.addWidget(edit)
    assert not edit.result.isVisible() and edit.result.isHidden()

    def pick(self):
        self.set_value(local(2026, 11, 25, 14, 0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateTimePicker, "exec", pick)
    edit._pick_datetime()
    assert edit.value == local(2026, 11, 25, 14, 0)
    assert edit.result.text() == "→ the day after tomorrow, Wed 25 November, 14:00 (in 2 d 4 h)"
    assert not edit.result.isHidden()
