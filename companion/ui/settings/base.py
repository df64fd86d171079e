"""What the tabs of the Settings dialog share: the dialog's state they read (`SettingsBase`) and
the small widgets they are built from. Nothing here knows a particular setting.

The dialog's strings keep the one translation context they had before it was split by tab
("SettingsDialog"): a tab module translates through its own `tr()`, a module function that names
that context (scripts/update-translations.sh finds such a wrapper in the module that calls it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialog, QLabel, QSpinBox, QTabWidget

from companion.core.break_library import BreakLibrary
from companion.core.settings import Settings

TABS = ("general", "replies", "breaks", "workload")


class SettingsBase(QDialog):
    """The part of SettingsDialog every tab reads; each tab adds its fields and their methods."""

    settings: Settings
    breaks: BreakLibrary | None
    lang: str  # the language this dialog speaks: reply and kind names are shown in it
    error: QLabel
    tabs: QTabWidget

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
