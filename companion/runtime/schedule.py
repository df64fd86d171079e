"""The one holder of the working schedule. Settings are where it is stored; this is where the
running app reads it, and the one place that announces a change to everybody who plans by it
(the ticket list's due times, the break engine, the shift watch, the journal's days)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from companion.core.schedule import WorkSchedule


class ScheduleHolder(QObject):
    changed = Signal(object)  # the new WorkSchedule

    def __init__(self, schedule: WorkSchedule, parent: QObject | None = None):
        super().__init__(parent)
        self._current = schedule

    @property
    def current(self) -> WorkSchedule:
        return self._current

    def tz(self) -> ZoneInfo:
        """The agent's time zone now (handed to those that only need the zone, as a callable)."""
        return self._current.tz

    def set(self, schedule: WorkSchedule) -> bool:
        """Adopt `schedule`; True (and `changed`) only when it differs from the one held."""
        if schedule == self._current:
            return False
        self._current = schedule
        self.changed.emit(schedule)
        return True
