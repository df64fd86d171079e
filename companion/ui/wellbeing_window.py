"""The Wellbeing window: a day's or a week's breaks, rest, overtime, client updates and tough
conversations, as labelled figures and two small bar charts (bar_chart.py), with CSV export."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QHideEvent, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (QButtonGroup, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from companion.core.stats import DayStats, Stats
from companion.runtime import fmt
from companion.store.files import write_private
from companion.ui import geometry, theme
from companion.ui.bar_chart import BarChart
from companion.ui.widgets import error_label

__all__ = ["BarChart", "WellbeingWindow", "rest_text"]  # BarChart lived here first

# Breaks: mid-tone colours that keep their contrast on a light and on a dark window background,
# and stay apart for the common colour-vision deficiencies (a blue/orange pair). Client updates:
# the app's own "done" and "late" (theme.py), so late is the same red here as in the ticket list,
# in the shade of the scheme in use when the chart is painted.
TAKEN = QColor("#2f80c8")
MISSED = QColor("#e8912d")
ON_TIME = theme.done
LATE = theme.late


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day_of(row: DayStats) -> date:
    assert row.day is not None, "a row of Stats.days() is a day; only Stats.totals() has none"
    return row.day


def rest_text(seconds: int) -> str:
    """'0 min', '< 1 min', '25 min', '1 h 5 min' (rounded to the minute)."""
    if seconds <= 0:
        return fmt.tr("{m} min").format(m=0)
    whole = (seconds + 30) // 60
    if whole == 0:
        return fmt.tr("< 1 min")
    hours, mins = divmod(whole, 60)
    if hours:
        return fmt.tr("{h} h {m} min").format(h=hours, m=mins) if mins else fmt.tr("{h} h").format(h=hours)
    return fmt.tr("{m} min").format(m=mins)


FIGURES = [  # key, caption; two rows of five
    ("breaks_taken", "Breaks taken"), ("postponed", "Postponed"), ("skipped", "Skipped"),
    ("natural", "Natural breaks"), ("rest", "Rest"),
    ("updates_on_time", "Updates on time"), ("updates_late", "Late"), ("updates_unscheduled", "No due time"),
    ("tough", "Tough conversations"), ("overtime", "Overtime"),
]
FIGURE_TIPS = {
    "breaks_taken": "Breaks run to the end or finished early",
    "natural": "Rest you had anyway: away from the computer, asleep or locked",
    "rest": "Time rested in breaks and natural breaks",
    "updates_on_time": "Client updates made at or before their due time",
    "updates_late": "Client updates made after their due time",
    "updates_unscheduled": "Client updates logged when none was due",
    "tough": "Breathing resets after a hard conversation",
    "overtime": "Active time outside your working hours",
}


class WellbeingWindow(QWidget):
    """Built from a Stats reader; `today` gives the local date (default: stats.today)."""

    def __init__(self, stats: Stats, today: Callable[[], date] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.stats = stats
        self.today = today or stats.today
        self.mode = "day"
        self.anchor = self.today()
        self.rows: list[DayStats] = []
        self._last_dir: str | None = None  # where the last export went
        self.setWindowTitle(self.tr("Wellbeing"))

        self.day_button = QPushButton(self.tr("&Day"))
        self.week_button = QPushButton(self.tr("&Week"))
        self.mode_group = QButtonGroup(self)
        for button in (self.day_button, self.week_button):
            button.setCheckable(True)
            self.mode_group.addButton(button)
        self.day_button.setChecked(True)
        self.day_button.clicked.connect(lambda: self.set_mode("day"))
        self.week_button.clicked.connect(lambda: self.set_mode("week"))
        self.prev_button = QPushButton("←")
        self.next_button = QPushButton("→")
        for button in (self.prev_button, self.next_button):
            button.setFixedWidth(max(36, button.sizeHint().height()))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button = QPushButton(self.tr("&Today"))
        self.today_button.clicked.connect(self.go_today)
        self.period_label = QLabel()
        self.period_label.setObjectName("periodLabel")
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.period_label.setTextFormat(Qt.TextFormat.PlainText)
        big = QFont(self.period_label.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.period_label.setFont(big)
        self.period_label.setMinimumWidth(self.period_label.fontMetrics().horizontalAdvance(
            "Wednesday, 30 September – 6 October 2026") + 12)
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        self.export_button.setToolTip(self.tr("Save these figures as a CSV file for a spreadsheet"))
        self.export_button.clicked.connect(self._ask_export)

        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.day_button)
        top.addWidget(self.week_button)
        top.addSpacing(12)
        top.addStretch(1)
        top.addWidget(self.prev_button)
        top.addWidget(self.period_label)
        top.addWidget(self.next_button)
        top.addWidget(self.today_button)
        top.addStretch(1)
        top.addSpacing(12)
        top.addWidget(self.export_button)

        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        for i, (key, caption) in enumerate(FIGURES):
            grid.addWidget(self._tile(key, self.tr(caption)), i // 5, i % 5)
        for column in range(5):
            grid.setColumnStretch(column, 1)

        self.breaks_chart = BarChart(self.tr("Breaks"), [(self.tr("Taken"), TAKEN),
                                                         (self.tr("Skipped or postponed"), MISSED)])
        self.updates_chart = BarChart(self.tr("Client updates"), [(self.tr("On time"), ON_TIME),
                                                                  (self.tr("Late"), LATE)])
        self.error = error_label()
        self.note = QLabel()
        self.note.setObjectName("noteLabel")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.hide()

        figures = QWidget()
        body = QVBoxLayout(figures)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.error)
        body.addLayout(grid)
        body.addSpacing(6)
        body.addWidget(self.breaks_chart, 1)
        body.addWidget(self.updates_chart, 1)
        body.addWidget(self.note)
        scroll = QScrollArea()  # a small screen scrolls the figures; the period bar stays put
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(figures)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        for text, keys, slot in ((self.tr("Previous"), ("Left",), lambda: self.step(-1)),
                                 (self.tr("Next"), ("Right",), lambda: self.step(1)),
                                 (self.tr("Today"), ("Home",), self.go_today),
                                 (self.tr("Export CSV"), (QKeySequence.StandardKey.Save,), self._ask_export)):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.refresh()
        geometry.place(self, "wellbeing", QSize(760, 640))

    def _tile(self, key: str, caption: str) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        caption_label = QLabel(caption)
        caption_label.setTextFormat(Qt.TextFormat.PlainText)
        caption_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        caption_label.setWordWrap(True)
        value = QLabel("0")
        value.setObjectName(f"figure_{key}")
        value.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(value.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        value.setFont(font)
        value.setAccessibleName(caption)
        tip = FIGURE_TIPS.get(key)
        if tip:
            frame.setToolTip(self.tr(tip))
            value.setAccessibleDescription(self.tr(tip))
        caption_label.setBuddy(value)
        box = QVBoxLayout(frame)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(2)
        box.addWidget(caption_label)
        box.addWidget(value)
        self.values[key] = value
        self.captions[key] = caption_label
        return frame

    # -- period ---------------------------------------------------------------------------------
    @property
    def period(self) -> tuple[date, date]:
        if self.mode == "week":
            return Stats.week_of(self.anchor)
        return self.anchor, self.anchor

    def set_mode(self, mode: str) -> None:
        if mode not in ("day", "week"):
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        (self.day_button if mode == "day" else self.week_button).setChecked(True)
        self.refresh()

    def step(self, steps: int) -> None:
        """Go `steps` days or weeks back (negative) or forward; never past today's period."""
        days = 7 if self.mode == "week" else 1
        target = self.anchor + timedelta(days=days * steps)
        if self._period_of(target)[0] > self.today():
            return
        self.anchor = target
        self.refresh()

    def go_today(self) -> None:
        self.anchor = self.today()
        self.refresh()

    def show_date(self, day: date, mode: str | None = None) -> None:
        self.anchor = day
        if mode:
            self.set_mode(mode)
        else:
            self.refresh()

    def _period_of(self, day: date) -> tuple[date, date]:
        return Stats.week_of(day) if self.mode == "week" else (day, day)

    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the figures for the period shown."""
        first, last = self.period
        today = self.today()
        self.rows = self.stats.days(first, last)
        total = Stats.totals(self.rows) if len(self.rows) > 1 else self.rows[0]
        self.period_label.setText(self._period_text(first, last, today))
        self.next_button.setEnabled(last < today)
        self.today_button.setEnabled(not (first <= today <= last))
        unit = self.tr("week") if self.mode == "week" else self.tr("day")
        self.prev_button.setToolTip(self.tr("Previous {unit} (Left arrow)").format(unit=unit))
        self.next_button.setToolTip(self.tr("Next {unit} (Right arrow)").format(unit=unit))
        self.prev_button.setAccessibleName(self.tr("Previous {unit}").format(unit=unit))
        self.next_button.setAccessibleName(self.tr("Next {unit}").format(unit=unit))

        figures = {
            "breaks_taken": str(total.breaks_taken), "postponed": str(total.postponed),
            "skipped": str(total.skipped), "natural": str(total.natural), "rest": rest_text(total.rest_seconds),
            "updates_on_time": str(total.updates_on_time), "updates_late": str(total.updates_late),
            "updates_unscheduled": str(total.updates_unscheduled), "tough": str(total.tough),
            "overtime": rest_text(total.overtime_seconds),
        }
        for key, text in figures.items():
            self.values[key].setText(text)
        self.values["breaks_taken"].setToolTip(self.tr("{taken} run to the end, {early} finished early").format(
            taken=total.taken, early=total.done_early))

        locale = QLocale()
        if self.mode == "week":
            labels = [locale.toString(_qdate(_day_of(d)), "ddd d") for d in self.rows]
        else:
            labels = [locale.toString(_qdate(first), "ddd d MMMM")]  # a day's period is one row
        details = [locale.toString(_qdate(_day_of(d)), "dddd d MMMM") for d in self.rows]
        highlight = next((i for i, d in enumerate(self.rows) if d.day == today), None) if self.mode == "week" else None
        self.breaks_chart.set_data([(label, (d.breaks_taken, d.breaks_missed))
                                    for label, d in zip(labels, self.rows, strict=True)], details, highlight)
        self.updates_chart.set_data([(label, (d.updates_on_time, d.updates_late))
                                     for label, d in zip(labels, self.rows, strict=True)], details, highlight)

    def _period_text(self, first: date, last: date, today: date) -> str:
        locale = QLocale()
        q = _qdate
        if first == last:
            text = locale.toString(q(first), "dddd d MMMM yyyy")
            return self.tr("Today, {date}").format(date=text) if first == today else text
        if first.year != last.year:
            return f"{locale.toString(q(first), 'd MMMM yyyy')} – {locale.toString(q(last), 'd MMMM yyyy')}"
        if first.month != last.month:
            return f"{locale.toString(q(first), 'd MMMM')} – {locale.toString(q(last), 'd MMMM yyyy')}"
        return f"{first.day}–{locale.toString(q(last), 'd MMMM yyyy')}"

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # figures may have grown while the window was hidden
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        geometry.remember(self, "wellbeing")
        super().hideEvent(event)

    # -- export ---------------------------------------------------------------------------------
    def default_file_name(self) -> str:
        first, last = self.period
        return f"wellbeing-{first.isoformat()}.csv" if first == last else \
            f"wellbeing-{first.isoformat()}--{last.isoformat()}.csv"

    def _ask_export(self) -> None:
        start = str(Path(self._last_dir or Path.home()) / self.default_file_name())
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export CSV"), start,
                                                    self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self._last_dir = str(Path(path).parent)
            self.export_csv(path)

    def export_csv(self, path: str | os.PathLike[str]) -> bool:
        """Write the period shown (a line per day and a total) to `path`, readable by the agent
        only; a failed write leaves neither half a file nor a temporary one behind."""
        path = Path(path)
        self.refresh()
        try:
            write_private(path, Stats.to_csv(self.rows))
        except OSError as exc:
            self.note.hide()
            self.error.setText(self.tr("Could not save {path}: {why}").format(
                path=str(path), why=exc.strerror or str(exc)))
            self.error.show()
            return False
        self.error.hide()
        span = self.tr("%n day(s)", "", len(self.rows))
        self.note.setText(self.tr("Saved {days} to {path}").format(days=span, path=str(path)))
        self.note.show()
        return True
