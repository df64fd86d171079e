"""Runs the wellbeing loop: the break engine and the shift watch (core) → notices (platform) and
the break screens (ui) → the journal (store). One coarse timer armed for the next thing that
matters; idle time is read once a minute (on the app's minute tick), at a break's notice and
start, and every few seconds only while a break is owed (held by a fullscreen window)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, Signal

from companion.core.breaks import (BreakEngine, BreakRules, End, Event, Record, Start, Warn)
from companion.core.clock import Clock
from companion.core.journal import Journal
from companion.core.settings import Settings
from companion.core.shift import Nudge, ShiftWatch, shift_summary
from companion.platform.notifications import Notice, NotificationError, Notifier

log = logging.getLogger(__name__)

MAX_ARM_MS = 30 * 60 * 1000  # re-check at least every half hour (a clock that was set, a lost wake-up)
BREAK_TAG = "break"  # the notice "a break in N s": true only while the engine is warning
SHIFT_TAG = "shift"  # the end-of-shift nudge: one a day, a newer one takes the older one's place


def ui_language(settings: Settings) -> str:
    """ru or en: the reply language setting, or the system's on "auto"."""
    value = settings.get("reply_language")
    if value in ("ru", "en"):
        return value
    return "ru" if QLocale.system().language() == QLocale.Language.Russian else "en"


class BreakController(QObject):
    """Owns the break engine and the shift watch; the app wires it to the tray and the windows."""

    changed = Signal()  # the plan or the state changed (tray tooltip, menu ticks)
    nudged = Signal(str)  # the end-of-shift text (also sent as a notice)

    def __init__(self, clock: Clock, settings: Settings, schedule, library, journal: Journal,
                 notifier: Notifier, idle=None, fullscreen=None, screens_factory: Callable | None = None,
                 overdue: Callable[[], int] = lambda: 0, check_clock: Callable[[], object] = lambda: None,
                 parent=None):
        super().__init__(parent)
        from companion.platform.fullscreen import NoFullscreen
        from companion.platform.idle import NoIdle

        self.clock = clock
        self.settings = settings
        self.library = library
        self.journal = journal
        self.notifier = notifier
        self.idle = idle or NoIdle()
        self.fullscreen = fullscreen or NoFullscreen()
        self.overdue = overdue
        # The wall-clock watchdog, asked first whenever we wake: after a night asleep a timer may
        # fire before the watchdog's own tick, and the sleep must be counted before anything starts.
        self.check_clock = check_clock
        self._screens_factory = screens_factory
        self._screens = None
        self._library_signature = None
        state = settings.get("breaks_state")
        self.engine = BreakEngine(clock, schedule, [], self._rules(), state=state,
                                  idle_probe=self._idle_now, hold_probe=self._fullscreen_now,
                                  lang=ui_language(settings))
        self.shift = ShiftWatch(clock, schedule, settings.get("shift_end_nudge_minutes"), state.get("shift"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.run)
        self._saved = ""
        self._zero_arms = 0
        self._locked_since: datetime | None = None
        self._warning_shown = False  # a BREAK_TAG notice may be on screen
        self.running = False

    # -- life cycle --------------------------------------------------------------------------
    def start(self) -> None:
        self.running = True
        self.reload()

    def stop(self) -> None:
        self.running = False
        self.timer.stop()
        self._withdraw_warning()  # nobody is left to start the break it announces
        self.save_seen()
        if self._screens is not None:
            self._screens.close_all()

    def reload(self, schedule=None) -> None:
        """Settings, kinds or the schedule changed (here or in another process)."""
        if schedule is not None:
            self.engine.set_schedule(schedule)
            self.shift.schedule = schedule
        self.engine.rules = self._rules()
        self.engine.lang = ui_language(self.settings)
        self.shift.nudge_minutes = self.settings.get("shift_end_nudge_minutes")
        events: list[Event] = []
        signature = self.library.signature()
        enabled = self.settings.get("breaks_enabled")
        if signature != self._library_signature or enabled != bool(self.engine.kinds):
            self._library_signature = signature
            events += self.engine.set_kinds(self.library.kinds(enabled_only=True) if enabled else [])
        paused = self.settings.paused_until()
        if paused != self.engine.paused_until:
            events += self.engine.set_pause(paused)
        if self.settings.get("do_not_disturb") != self.engine.dnd:
            events += self.engine.set_dnd(self.settings.get("do_not_disturb"))
        self._handle(events)
        self.run()

    def _rules(self) -> BreakRules:
        s = self.settings
        return BreakRules(postpone_seconds=s.get("break_postpone_minutes") * 60,
                          postpone_limit=s.get("break_postpone_limit"),
                          postpone_window=s.get("break_postpone_window"),
                          strict=s.get("break_strict"))

    # -- the loop ------------------------------------------------------------------------------
    def run(self) -> None:
        """Advance the engine and the shift watch to now, act, and arm for the next moment."""
        if not self.running:
            return
        self.check_clock()
        events = self.engine.update()
        self._handle(events)
        if self.engine.phase != "off":  # "Pause everything" holds the evening nudge too
            for nudge in self.shift.update():
                self._nudge(nudge)
        self._arm()
        self._save()

    def _arm(self) -> None:
        now = self.clock.now()
        shift = self.shift.next_wakeup() if self.engine.phase != "off" else None  # held while paused
        moments = [m for m in (self.engine.next_wakeup(), shift) if m is not None]
        if not moments:
            self.timer.stop()
            return
        ms = max(0, min(int((min(moments) - now).total_seconds() * 1000), MAX_ARM_MS))
        # Insurance against a busy loop: a moment that stays "now" after being handled.
        self._zero_arms = self._zero_arms + 1 if ms == 0 else 0
        if self._zero_arms > 3:
            log.warning("the break plan did not move on; looking again in a second")
            ms = 1000
        self.timer.start(ms)

    def next_at(self) -> datetime | None:
        return self.engine.next_wakeup()

    def sample(self) -> None:
        """The minute tick: idle time for natural breaks and overtime (no extra wake-ups)."""
        if not self.running:
            return
        self.check_clock()
        idle = self._idle_now()
        if not self._watch_lock(idle):
            self._handle(self.engine.observe_idle(idle))
        for start, end in self.shift.observe_activity(idle):
            try:
                self.journal.overtime(start, end)
            except Exception:  # noqa: BLE001 - a busy database must not stop the breaks
                log.exception("could not log overtime")
        self._arm()

    def _watch_lock(self, idle: float | None) -> bool:
        """A locked screen is rest: from when it was locked (the last input) until it is unlocked,
        logged once as "locked" instead of as idle time. True when this sample was about the lock."""
        from companion.platform.idle import screen_locked

        if self._locked_since is None and idle is not None and idle < 60:
            return False  # input in the last minute: not locked (and no D-Bus round trip to ask)
        locked = screen_locked(self.idle)
        now = self.clock.now()
        if locked:
            if self._locked_since is None:
                self._locked_since = now - timedelta(seconds=idle or 0)
                self.engine.idle_reason = "locked"  # a break due meanwhile sees this rest as such
            return True
        if self._locked_since is not None and locked is False:
            since, self._locked_since = self._locked_since, None
            # The same stretch the engine may already have seen: one row in the log.
            self._handle(self.engine.observe_idle((now - since).total_seconds()))
            self.engine.idle_reason = "idle"
            return True
        return False

    def slept(self, seconds: float) -> None:
        """The machine was asleep for `seconds` (the wall clock jumped): that was rest."""
        if not self.running or seconds <= 0:
            return
        now = self.clock.now()
        self._handle(self.engine.rested(now - timedelta(seconds=seconds), now, "sleep"))
        self.run()

    # -- what the agent does ---------------------------------------------------------------------
    def postpone(self) -> None:
        self._handle(self.engine.postpone())
        self.run()

    def skip(self) -> None:
        self._handle(self.engine.skip())
        self.run()

    def finish_early(self) -> None:
        self._handle(self.engine.finish_early())
        self.run()

    def take_now(self) -> None:
        self._handle(self.engine.take_now())
        self.run()

    def set_dnd(self, on: bool) -> None:
        self.settings.set("do_not_disturb", bool(on))
        self._handle(self.engine.set_dnd(on))
        self.run()

    # -- events → the desktop -----------------------------------------------------------------------
    @property
    def screens(self):
        if self._screens is None:
            if self._screens_factory is not None:
                self._screens = self._screens_factory()
            else:
                from companion.ui.break_window import BreakScreens

                self._screens = BreakScreens(self.clock)
            self._screens.postpone_requested.connect(self.postpone)
            self._screens.skip_requested.connect(self.skip)
            self._screens.finish_requested.connect(self.finish_early)
        return self._screens

    def _handle(self, events: list[Event]) -> None:
        changed = False
        for event in events:
            changed = True
            if isinstance(event, Warn):
                if not any(isinstance(later, Start) for later in events):  # not when already over
                    self._warn(event)
            elif isinstance(event, Start):
                self.screens.show_offer(event.offer, self.engine.lang, self.engine.rules.postpone_seconds)
            elif isinstance(event, End):
                if self._screens is not None:
                    self._screens.close_all()
            elif isinstance(event, Record):
                try:
                    self.journal.record(event)
                except Exception:  # noqa: BLE001 - a busy database must not stop the breaks
                    log.exception("could not log a break")
        if self.engine.phase != "warning":  # started, cancelled, owed, paused: the notice is untrue
            self._withdraw_warning()
        if changed:
            self._save()
            self.changed.emit()

    def _warn(self, warn: Warn) -> None:
        lang = self.engine.lang
        seconds = max(1, int(round((warn.starts_at - self.clock.now()).total_seconds())))
        if lang == "ru":
            title = f"{warn.kind.name('ru')} через {_ru_seconds(seconds)}"
        else:
            title = f"{warn.kind.name('en')} in {_en_seconds(seconds)}"
        if self._notify(Notice(title, warn.suggestion), BREAK_TAG):  # in place of a stale one, if any
            self._warning_shown = True

    def _nudge(self, nudge: Nudge) -> None:
        now = self.clock.now()
        try:
            summary = shift_summary(self.shift.schedule, now, self.overdue())
        except Exception:  # noqa: BLE001 - the nudge goes out without figures rather than not at all
            log.exception("could not sum up the shift")
            summary = None
        if summary is None:
            self._notify(Notice("Пора заканчивать" if self.engine.lang == "ru" else "Time to stop", ""), SHIFT_TAG)
            return
        lang = self.engine.lang
        end = nudge.shift_end.astimezone(self.shift.schedule.tz).strftime("%H:%M")
        if lang == "ru":
            title = f"Смена заканчивается в {end}" if nudge.shift_end > now else "Смена закончилась"
            lines = []
            if summary.next_day is not None:
                lines.append(f"На следующий рабочий день: обновлений — {summary.due_next_day}, "
                             f"обещанных сроков — {summary.promised_next_day}.")
            if summary.overdue:
                lines.append(f"Просрочено сейчас: {summary.overdue}.")
            lines.append(f"Открытых обещаний клиентам: {summary.open_promises}.")
            lines.append("Пора заканчивать: остальное подождёт до завтра.")
        else:
            title = f"Your shift ends at {end}" if nudge.shift_end > now else "Your shift is over"
            lines = []
            if summary.next_day is not None:
                lines.append(f"Next working day: {summary.due_next_day} updates due, "
                             f"{summary.promised_next_day} promised dates.")
            if summary.overdue:
                lines.append(f"Overdue right now: {summary.overdue}.")
            lines.append(f"Open promises to clients: {summary.open_promises}.")
            lines.append("Time to stop: the rest can wait until tomorrow.")
        text = "\n".join(lines)
        self._notify(Notice(title, text), SHIFT_TAG)
        self.nudged.emit(f"{title}\n{text}")

    def _notify(self, notice: Notice, tag: str) -> bool:
        try:
            self.notifier.notify(notice, tag=tag)
        except NotificationError as exc:
            log.error("could not show a notice: %s", exc)
            return False
        return True

    def _withdraw_warning(self) -> None:
        if self._warning_shown:
            self._warning_shown = False
            self.notifier.withdraw(BREAK_TAG)

    # -- probes and state ------------------------------------------------------------------------
    def _idle_now(self) -> float | None:
        try:
            return self.idle.idle_seconds()
        except Exception:  # noqa: BLE001 - a backend failing now and then: no information
            return None

    def _fullscreen_now(self) -> bool:
        try:
            return bool(self.fullscreen.active())
        except Exception:  # noqa: BLE001
            return False

    def _save(self) -> None:
        state = dict(self.engine.state())
        state["shift"] = self.shift.state()
        state.pop("seen", None)
        text = json.dumps(state, sort_keys=True)
        if text != self._saved:  # "seen" alone does not justify a write every minute
            self._saved = text
            state["seen"] = self.engine.state()["seen"]
            try:
                self.settings.set("breaks_state", state)
            except Exception:  # noqa: BLE001
                log.exception("could not save the break timers")

    def save_seen(self) -> None:
        """Every few minutes and at exit: when the app was last running (a long absence is rest)."""
        self._saved = ""
        self._save()

    def status_text(self) -> str:
        """For the tray tooltip: the next break, or why there is none."""
        engine = self.engine
        lang = engine.lang
        tz = self.shift.schedule.tz
        if not engine.kinds:
            return "Перерывы выключены" if lang == "ru" else "Breaks are off"
        if engine.phase == "off":
            return ""
        if engine.phase == "owed":
            fullscreen = engine.owed is not None and engine.owed[1] == "fullscreen"
            if lang == "ru":
                return "Перерыв ждёт конца полноэкранного режима" if fullscreen else "Перерыв ждёт: «Не беспокоить»"
            return "A break waits for fullscreen to end" if fullscreen else "A break waits: Do not disturb"
        if engine.phase == "break" and engine.offer is not None:
            return f"{engine.offer.kind.name(lang)}: {'сейчас' if lang == 'ru' else 'now'}"
        if engine.planned is None:
            return ""
        kind, at = engine.planned
        when = at.astimezone(tz).strftime("%H:%M")
        return f"{'Следующий перерыв' if lang == 'ru' else 'Next break'}: {kind.name(lang)}, {when}"


def _ru_seconds(n: int) -> str:
    if n >= 60 and n % 60 == 0:
        m = n // 60
        return f"{m} мин"
    return f"{n} с"


def _en_seconds(n: int) -> str:
    if n >= 60 and n % 60 == 0:
        m = n // 60
        return f"{m} minute{'s' if m != 1 else ''}"
    return f"{n} seconds" if n != 1 else "1 second"

