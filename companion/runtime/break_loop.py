"""Runs the wellbeing loop: the break engine and the shift watch (core) → notices (platform), the
break screens (asked for through signals; the ui shell shows them) → the journal (store). One job
in the scheduler, armed for the next thing that matters; idle time is read once a minute (on the
runtime's minute tick), at a break's notice and start, and every few seconds only while a break is
owed (held by a fullscreen window)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtCore import QObject, Signal

from companion import language
from companion.core.breaks import BreakEngine, BreakRules, End, Event, Hold, Phase, Record, Rest, Start, Warn
from companion.core.clock import Clock
from companion.core.journal import Journal
from companion.core.settings import Settings
from companion.core.shift import Nudge, ShiftWatch, shift_summary
from companion.platform.notifications import Notice, NotificationError, Notifier
from companion.platform.scheduler import Alarm, FakeAlarm
from companion.runtime import wording

log = logging.getLogger(__name__)

BREAK_TAG = "break"  # the notice "a break in N s": true only while the engine is warning
SHIFT_TAG = "shift"  # the end-of-shift nudge: one a day, a newer one takes the older one's place


class BreakLoop(QObject):
    """Owns the break engine and the shift watch; the runtime wires it to the tray and the shell."""

    changed = Signal()  # the plan or the state changed (tray tooltip, menu ticks)
    nudged = Signal(str)  # the end-of-shift text (also sent as a notice)
    offer = Signal(object, str, int)  # a break starts: (BreakOffer, language, postpone seconds)
    ended = Signal()  # the break on screen is over: close its windows

    def __init__(self, clock: Clock, settings: Settings, schedule, library, journal: Journal,
                 notifier: Notifier, alarm: Alarm | FakeAlarm, idle=None, fullscreen=None,
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
        self._library_signature = None
        state = settings.get("breaks_state")
        self.engine = BreakEngine(clock, schedule, [], self._rules(), state=state,
                                  idle_probe=self._idle_now, hold_probe=self._fullscreen_now,
                                  lang=language.of_settings(settings))
        self.shift = ShiftWatch(clock, schedule, settings.get("shift_end_nudge_minutes"), state.get("shift"))
        self.alarm = alarm  # the scheduler's job for this loop (breaks and the shift notice)
        alarm.due.connect(self.run)
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
        self.alarm.arm(None)
        self._withdraw_warning()  # nobody is left to start the break it announces
        self.save_seen()
        self.ended.emit()

    def reload(self, schedule=None) -> None:
        """Settings, kinds or the schedule changed (here or in another process)."""
        if schedule is not None:
            self.engine.set_schedule(schedule)
            self.shift.schedule = schedule
        self.engine.rules = self._rules()
        self.engine.lang = language.of_settings(self.settings)
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
        if self.engine.phase != Phase.OFF:  # "Pause everything" holds the evening nudge too
            for nudge in self.shift.update():
                self._nudge(nudge)
        self._arm()
        self._save()

    def _arm(self) -> None:
        now = self.clock.now()
        shift = self.shift.next_wakeup() if self.engine.phase != Phase.OFF else None  # held while paused
        moments = [m for m in (self.engine.next_wakeup(), shift) if m is not None]
        if not moments:
            self.alarm.arm(None)
            return
        at = max(min(moments), now)
        # Insurance against a busy loop: a moment that stays "now" after being handled.
        self._zero_arms = self._zero_arms + 1 if at == now else 0
        if self._zero_arms > 3:
            log.warning("the break plan did not move on; looking again in a second")
            at = now + timedelta(seconds=1)
        self.alarm.arm(at)

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
            except Exception:  # a busy database must not stop the breaks
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
                self.engine.idle_reason = Rest.LOCKED  # a break due meanwhile sees this rest as such
            return True
        if self._locked_since is not None and locked is False:
            since, self._locked_since = self._locked_since, None
            # The same stretch the engine may already have seen: one row in the log.
            self._handle(self.engine.observe_idle((now - since).total_seconds()))
            self.engine.idle_reason = Rest.IDLE
            return True
        return False

    def slept(self, seconds: float) -> None:
        """The machine was asleep for `seconds` (the wall clock jumped): that was rest."""
        if not self.running or seconds <= 0:
            return
        now = self.clock.now()
        self._handle(self.engine.rested(now - timedelta(seconds=seconds), now, Rest.SLEEP))
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
    def _handle(self, events: list[Event]) -> None:
        changed = False
        for event in events:
            changed = True
            if isinstance(event, Warn):
                if not any(isinstance(later, Start) for later in events):  # not when already over
                    self._warn(event)
            elif isinstance(event, Start):
                self.offer.emit(event.offer, self.engine.lang, self.engine.rules.postpone_seconds)
            elif isinstance(event, End):
                self.ended.emit()
            elif isinstance(event, Record):
                try:
                    self.journal.record(event)
                except Exception:  # a busy database must not stop the breaks
                    log.exception("could not log a break")
        if self.engine.phase != Phase.WARNING:  # started, cancelled, owed, paused: the notice is untrue
            self._withdraw_warning()
        if changed:
            self._save()
            self.changed.emit()

    def _warn(self, warn: Warn) -> None:
        seconds = int(round((warn.starts_at - self.clock.now()).total_seconds()))
        notice = wording.break_warning(warn.kind.name(self.engine.lang), seconds, warn.suggestion)
        if self._notify(notice, BREAK_TAG):  # in place of a stale one, if any
            self._warning_shown = True

    def _nudge(self, nudge: Nudge) -> None:
        now = self.clock.now()
        try:
            summary = shift_summary(self.shift.schedule, now, self.overdue())
        except Exception:  # the nudge goes out without figures rather than not at all
            log.exception("could not sum up the shift")
            summary = None
        notice = wording.shift_nudge(nudge, summary, now, self.shift.schedule.tz)
        self._notify(notice, SHIFT_TAG)
        if summary is not None:
            self.nudged.emit(f"{notice.title}\n{notice.body}")

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
        except Exception:  # noqa: BLE001 - a probe failing now and then: not fullscreen
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
            except Exception:
                log.exception("could not save the break timers")

    def save_seen(self) -> None:
        """Every few minutes and at exit: when the app was last running (a long absence is rest)."""
        self._saved = ""
        self._save()

    def status_text(self) -> str:
        """For the tray tooltip: the next break, or why there is none."""
        engine = self.engine
        lang = engine.lang
        planned, owed, offer = engine.planned, engine.owed, engine.offer
        return wording.break_status(
            enabled=bool(engine.kinds), phase=engine.phase,
            held_by_fullscreen=owed is not None and owed.hold == Hold.FULLSCREEN,
            now_kind=offer.kind.name(lang) if offer is not None else None,
            next_kind=planned.kind.name(lang) if planned is not None else None,
            next_at=planned.at if planned is not None else None, tz=self.shift.schedule.tz)
