"""Timers: the APScheduler-based scheduler every loop arms its next moment in (reminders, breaks,
the shift notice), the wall-clock watchdog that notices suspend/resume and clock changes, and a
poller for changes made by other processes (the CLI).

What is due when is decided in companion.core; this module only keeps time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from companion.core.clock import Clock

log = logging.getLogger(__name__)

class _QtScheduler(QtScheduler):
    """QtScheduler with a real QTimer object: PySide6's QTimer.singleShot returns None, so the
    stock _stop_timer never stops anything and wake-ups pile up."""

    _timer: QTimer | None = None

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._stop_timer()
        if wait_seconds is not None:
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(self._process_jobs)
            timer.start(min(int(wait_seconds * 1000), 2147483647))
            self._timer = timer

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None


class Alarm(QObject):
    """One loop's next moment: a single APScheduler job, re-armed after every run. `due` fires on
    the GUI thread at the armed instant; `wake` when the wall clock jumped (the loop re-plans)."""

    due = Signal()
    wake = Signal()

    def __init__(self, scheduler: Scheduler, name: str):
        super().__init__(scheduler)
        self.name = name
        self.armed_at: datetime | None = None
        self._owner = scheduler

    def arm(self, when: datetime | None) -> None:
        """Fire at `when` (replacing any earlier arming); None disarms."""
        self.armed_at = when
        self._owner._arm(self, when)

    def _fire(self) -> None:
        # Emit after APScheduler has finished with this job: it removes a spent date job by id
        # when the job returns, which would remove the next arming made by a direct handler.
        self.armed_at = None
        QTimer.singleShot(0, self.due.emit)


class FakeAlarm(QObject):
    """For tests: remembers what it was armed for; the test moves its clock there and emits `due`."""

    due = Signal()
    wake = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.armed_at: datetime | None = None

    def arm(self, when: datetime | None) -> None:
        self.armed_at = when


class Scheduler(QObject):
    """The one timing path: every loop (reminders, breaks and the shift notice) arms its next
    moment as one job here, and one wall-clock watchdog tells all of them when time jumped."""

    wake = Signal()
    slept = Signal(float)  # seconds the wall clock ran ahead of the monotonic clock (suspend)

    WATCH_INTERVAL_MS = 30_000
    JUMP_TOLERANCE_S = 60.0

    def __init__(self, parent: QObject | None = None, clock: Clock | None = None,
                 wall: Callable[[], float] = time.time, mono: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        # DebugExecutor runs the job in the scheduler's own thread, which is the GUI thread.
        self._scheduler = _QtScheduler(executors={"default": DebugExecutor()},
                                       job_defaults={"coalesce": True, "misfire_grace_time": None})
        self._clock = clock  # the app's clock: an instant is armed as "this long from now"
        self._wall, self._mono = wall, mono
        self._last = (wall(), mono())
        self._alarms: dict[str, Alarm] = {}
        self.watchdog = QTimer(self)
        self.watchdog.setInterval(self.WATCH_INTERVAL_MS)
        self.watchdog.timeout.connect(self.check_clock)

    def alarm(self, name: str) -> Alarm:
        if name not in self._alarms:
            self._alarms[name] = Alarm(self, name)
        return self._alarms[name]

    def jobs(self) -> list[str]:
        """The names of the armed jobs (at most one per loop)."""
        return [job.id for job in self._scheduler.get_jobs()]

    def start(self) -> None:
        self._scheduler.start()
        self._last = (self._wall(), self._mono())
        self.watchdog.start()

    def stop(self) -> None:
        self.watchdog.stop()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    def _arm(self, alarm: Alarm, when: datetime | None) -> None:
        if self._scheduler.get_job(alarm.name) is not None:
            self._scheduler.remove_job(alarm.name)
        if when is None:
            return
        if self._clock is not None:  # a fake clock in tests, the system clock otherwise
            when = datetime.now(timezone.utc) + (when - self._clock.now())
        self._scheduler.add_job(alarm._fire, "date", run_date=when, id=alarm.name, replace_existing=True)

    def check_clock(self) -> bool:
        """Compare wall-clock progress with monotonic progress; a difference means the machine
        slept (monotonic time stops during suspend) or the clock was set. Returns True on a jump."""
        wall, mono = self._wall(), self._mono()
        last_wall, last_mono = self._last
        self._last = (wall, mono)
        drift = (wall - last_wall) - (mono - last_mono)
        if abs(drift) > self.JUMP_TOLERANCE_S:
            log.info("wall clock jumped by %.0f s: re-planning", drift)
            self.wake.emit()
            for alarm in list(self._alarms.values()):
                alarm.wake.emit()
            if drift > 0:
                self.slept.emit(drift)
            return True
        return False


class ChangePoller(QObject):
    """Notices commits by other processes (the CLI) through a cheap change counter (SQLite's
    PRAGMA data_version). File-system notifications on the database files wake it at once;
    a slow timer is the safety net where those are unreliable (network drives)."""

    changed = Signal()

    def __init__(self, read_version: Callable[[], int], watch_paths: Sequence[str] = (),
                 interval_ms: int = 30_000, parent: QObject | None = None):
        super().__init__(parent)
        self._read = read_version
        self._version = read_version()
        self._paths = [str(p) for p in watch_paths]
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self._soon = QTimer(self)  # coalesces a burst of file events into one look
        self._soon.setSingleShot(True)
        self._soon.setInterval(50)
        self._soon.timeout.connect(self.poll)
        self.watcher: QFileSystemWatcher | None = None
        if self._paths:
            self.watcher = QFileSystemWatcher(self)
            self.watcher.fileChanged.connect(self._file_event)
            self.watcher.directoryChanged.connect(self._file_event)
            self._rewatch()

    def _rewatch(self) -> None:
        import os

        watcher = self.watcher
        if watcher is None:
            return
        # A file that was replaced or re-created drops out of the watch list: add it again.
        missing = [p for p in self._paths if os.path.exists(p) and p not in watcher.files()
                   and p not in watcher.directories()]
        if missing:
            watcher.addPaths(missing)

    def _file_event(self, _path: str) -> None:
        self._rewatch()
        if not self._soon.isActive():  # a look 50 ms after the first event of a burst, not after its end
            self._soon.start()

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._soon.stop()

    def poll(self) -> bool:
        try:
            version = self._read()
        except Exception:  # noqa: BLE001 - a busy or closed database: try again next time
            return False
        if version != self._version:
            self._version = version
            self.changed.emit()
            return True
        return False
