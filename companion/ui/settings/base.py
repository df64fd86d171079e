"""What the tabs of the Settings dialog share: the dialog's state they read (`SettingsBase`) and
the small widgets they are built from. Nothing here knows a particular setting.

The dialog's strings keep the one translation context they had before it was split by tab
("SettingsDialog"): a tab module translates through its own `tr()`, a module function that names
that context (scripts/update-translations.sh finds such a wrapper in the module that calls it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit, QSpinBox, QTabWidget, QWidget

from companion.core.break_library import BreakLibrary
from companion.core.schedule import Cycle, format_ranges
from companion.core.settings import Settings

TABS = ("general", "replies", "breaks", "workload", "team")


class SettingsBase(QDialog):
    """The part of SettingsDialog every tab reads; each tab adds its fields and their methods."""

    settings: Settings
    paste_problem: str  # why the running app's reply hotkey does not work ("" when it does)
    breaks: BreakLibrary | None
    lang: str  # the language this dialog speaks: reply and kind names are shown in it
    error: QLabel
    tabs: QTabWidget

    def setting_values(self) -> dict[str, object]:
        """Every setting as the tabs have it (the dialog's, which knows all the tabs)."""
        raise NotImplementedError

    def _show_error(self, text: str, tab: str | None) -> None:
        self.error.setText(text[:1].upper() + text[1:])
        self.error.show()
        if tab is not None:
            self.tabs.setCurrentIndex(TABS.index(tab))


def lines(texts: Iterable[str]) -> str:
    return "\n".join(texts)


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(dark);")
    return label


def spin(low: int, high: int, value: int, suffix: str = "", prefix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(int(value))
    box.setSuffix(suffix)
    box.setPrefix(prefix)
    return box


def agreeing(box: QSpinBox, suffix: Callable[[int], str] | None = None,
             prefix: Callable[[int], str] | None = None) -> QSpinBox:
    """Words around the number that agree with it ("1 тикет", "2 тикета", "5 тикетов"; "каждую 21
    мин"): made again, through tr() with the number, whenever the value changes."""
    def agree(value: int) -> None:
        if suffix is not None:
            box.setSuffix(suffix(value))
        if prefix is not None:
            box.setPrefix(prefix(value))

    box.valueChanged.connect(agree)
    agree(box.value())
    return box


def day_name(weekday: int) -> str:
    """"Monday", "Понедельник": the interface language's name for a checkbox (0 = Monday)."""
    name = QLocale().standaloneDayName(weekday + 1, QLocale.FormatType.LongFormat)
    return name[:1].upper() + name[1:]


class CycleEdit(QWidget):
    """A rotating shift as the agent thinks of it: so many days on, so many off, from a first
    working day, at these hours. It only builds the text form ("2/2 from 2026-12-03 09:00-21:00");
    reading it, and saying what is wrong with it, is core's (companion.core.schedule)."""

    changed = Signal()

    def __init__(self, cycle: Cycle, parent: QWidget | None = None):
        super().__init__(parent)
        self.on = agreeing(spin(1, 60, cycle.on), lambda n: self.tr(" day(s) on", "", n))
        self.off = agreeing(spin(1, 60, cycle.off), lambda n: self.tr(" day(s) off", "", n))
        self.anchor = QDateEdit(QDate(cycle.anchor.year, cycle.anchor.month, cycle.anchor.day))
        self.anchor.setCalendarPopup(True)
        self.anchor.setDisplayFormat("ddd d MMM yyyy")
        self.hours = QLineEdit(format_ranges(cycle.ranges))
        self.hours.setPlaceholderText("09:00-21:00")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Rhythm"), self.on)
        form.addRow("", self.off)
        form.addRow(self.tr("First working day"), self.anchor)
        form.addRow(self.tr("Hours"), self.hours)
        for box in (self.on, self.off):
            box.valueChanged.connect(self.changed)
        self.anchor.dateChanged.connect(self.changed)
        self.hours.textChanged.connect(self.changed)

    def spec(self) -> str:
        first = self.anchor.date()
        anchor = date(first.year(), first.month(), first.day())
        return f"{self.on.value()}/{self.off.value()} from {anchor.isoformat()} {self.hours.text().strip()}"
