"""Rest breaks: the state machine that decides when a break is due, warns, runs it, and credits
the rest the agent had anyway (idle, sleep, a locked screen).

Pure domain code: no Qt, no timers, no I/O. The time comes from a Clock; the caller asks
`next_wakeup()` when to call `update()` again and feeds observations in (idle seconds, a sleep
gap, holds such as a fullscreen window or do-not-disturb). Every call returns the events the UI
must act on and the log records to store, so a whole shift can be replayed on a fake clock.

One module over the usual size on purpose: the state machine's phases, timers and credits are one
piece of logic (the engine and its small value types); docs/architecture.md ("Breaks, the shift
and wellbeing") describes it.

Rules:
- Each kind (micro, long, the agent's own) has its own timer counted in *working* time of the
  schedule since the last rest that was long enough for it. A gap between shifts long enough for
  a kind counts as that rest; breaks never fall outside working hours.
- A break warns `warn` seconds before, then runs for `duration`. A longer kind due soon after a
  shorter one replaces it; any rest of length L credits every kind whose duration is <= L.
- Postpone only in the first `postpone_window` seconds, at most `postpone_limit` times in any
  hour; Skip is counted (and absent in strict mode); Done early ends a long break.
- Idle at least a kind's duration counts as that break (natural); sleep or a locked screen too.
- While held (fullscreen, do-not-disturb) a due break is owed and offered once right after.
- Pause (the tray's "Pause everything") silences breaks; they are re-planned from its end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any, Callable, Iterable, NamedTuple, TypedDict

from companion.core.clock import Clock
from companion.core.schedule import ScheduleError, WorkSchedule

UTC = timezone.utc


class Phase(StrEnum):
    """Where the engine is."""

    WAITING = "waiting"  # a break is planned
    WARNING = "warning"  # the notice is out
    BREAK = "break"  # the window is up
    OWED = "owed"  # due while held; offered once the hold ends
    OFF = "off"  # paused, or no kinds


class Outcome(StrEnum):
    """How a break ended. Every one but CANCELLED is a row of the break log (BreakLog.outcome)."""

    TAKEN = "taken"
    DONE_EARLY = "done_early"
    SKIPPED = "skipped"
    POSTPONED = "postponed"
    NATURAL = "natural"  # rest had anyway: idle, sleep, a locked screen
    CANCELLED = "cancelled"  # the window was overtaken (pause, the kind switched off): not logged


OUTCOMES = tuple(outcome for outcome in Outcome if outcome is not Outcome.CANCELLED)


class Hold(StrEnum):
    """What holds a due break back, so that it is owed and offered once the hold ends."""

    NONE = ""
    FULLSCREEN = "fullscreen"
    DND = "dnd"  # do not disturb


class Rest(StrEnum):
    """Why a natural break's rest happened (its BreakLog.reason)."""

    IDLE = "idle"
    SLEEP = "sleep"
    LOCKED = "locked"


@dataclass(frozen=True)
class BreakKind:
    slug: str
    names: dict[str, str]  # {"ru": ..., "en": ...}
    interval: int  # seconds of working time between the end of one rest and this break
    duration: int  # seconds
    warn: int  # seconds of notice before the break starts
    long: bool = False  # offers "Done early"
    enabled: bool = True
    suggestions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> texts

    def name(self, lang: str) -> str:
        other = "en" if lang == "ru" else "ru"
        return self.names.get(lang) or self.names.get(other) or self.slug


@dataclass(frozen=True)
class BreakRules:
    postpone_seconds: int = 300
    postpone_limit: int = 2  # per rolling hour
    postpone_window: int = 15  # seconds from the start of a break during which Postpone is offered
    strict: bool = False  # no Skip
    merge_window: int = 300  # a longer kind due this soon after a shorter one replaces it


@dataclass(frozen=True)
class BreakOffer:
    """What the break window shows; the window asks the engine again before acting."""

    kind: BreakKind
    suggestion: str
    started_at: datetime
    ends_at: datetime
    postpone_until: datetime | None  # Postpone is offered until then (None: not at all)
    postpones_left: int
    can_skip: bool
    can_finish_early: bool
    owed: Hold = Hold.NONE  # what held this break back, when it is offered once the hold ended
    finish_from: datetime | None = None  # "Done early" is offered from then on

    @property
    def duration(self) -> int:
        return int((self.ends_at - self.started_at).total_seconds())


# -- events returned to the caller ---------------------------------------------------------------
@dataclass(frozen=True)
class Warn:
    kind: BreakKind
    starts_at: datetime
    suggestion: str


@dataclass(frozen=True)
class Start:
    offer: BreakOffer


@dataclass(frozen=True)
class End:
    """The break window closes (the break ran out, was skipped, postponed, finished early, or was
    overtaken: pause, schedule end)."""

    kind: BreakKind
    outcome: Outcome


@dataclass(frozen=True)
class Cancelled:
    """A warning was withdrawn (the agent rested anyway, paused, or the plan changed)."""

    kind: BreakKind


@dataclass(frozen=True)
class Record:
    """A row for the break log (store.models.BreakLog)."""

    kind: str
    outcome: Outcome  # one of OUTCOMES
    started_at: datetime
    ended_at: datetime | None
    seconds: int
    reason: str = ""  # a Rest for a natural break, the Hold of a break that was owed
    due_at: datetime | None = None


Event = Warn | Start | End | Cancelled | Record


class Planned(NamedTuple):
    kind: BreakKind
    at: datetime  # when the break starts (its notice comes `kind.warn` before)


class Owed(NamedTuple):
    kind: BreakKind
    hold: Hold  # what holds it back now


class EngineState(TypedDict):
    """What the engine keeps across a restart, as JSON: instants in epoch seconds."""

    anchor: dict[str, int | None]  # per kind: where its interval counts from
    override: dict[str, int | None]  # per kind: when a postponed break comes back
    postpones: list[int | None]  # the postpones of the last hour
    turn: dict[str, int]  # per kind: which suggestion comes next
    seen: int | None  # when the app was last running


def _epoch(when: datetime | None) -> int | None:
    return None if when is None else int(when.timestamp())


def _instant(value: float | str | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)


class BreakEngine:
    """The break state machine; `phase` says where it is (see Phase)."""

    OWED_POLL_SECONDS = 5  # how often the hold (fullscreen) is looked at while a break is owed
    RESTART_GAP_SECONDS = 300  # a shorter gap while the app was not running is a restart, not rest
    FINISH_EARLY_AFTER = 120  # "Done early" is offered after this much of a long break

    def __init__(self, clock: Clock, schedule: WorkSchedule, kinds: Iterable[BreakKind],
                 rules: BreakRules = BreakRules(), state: Mapping[str, Any] | None = None,
                 idle_probe: Callable[[], float | None] = lambda: None,
                 hold_probe: Callable[[], bool] = lambda: False, lang: str = "en"):
        self.clock = clock
        self.schedule = schedule
        self.rules = rules
        self.idle_probe = idle_probe
        self.hold_probe = hold_probe
        self.lang = lang
        self.kinds: list[BreakKind] = []
        self.anchor: dict[str, datetime] = {}
        self.override: dict[str, datetime] = {}  # a postponed kind comes back at this instant
        self.postpones: list[datetime] = []
        self.turn: dict[str, int] = {}  # which suggestion comes next, per kind
        self.first_due: dict[str, datetime | None] = {}  # when a postponed break was first due
        self.phase = Phase.WAITING
        self.planned: Planned | None = None
        self.offer: BreakOffer | None = None
        self.owed: Owed | None = None
        self.owed_reason = Hold.NONE  # carried into the offer made when the hold ends
        self.paused_until: datetime | None = None
        self.dnd = False
        self.idle_reason = Rest.IDLE  # LOCKED while the screen is locked: the log says which
        self._stretch: datetime | None = None  # where the idle stretch last credited began
        self._window_closed: datetime | None = None  # when the last break window closed
        now = clock.now()
        self._load(state or {}, now)
        self.set_kinds(kinds)

    # -- persistence -----------------------------------------------------------------------------
    def _load(self, state: Mapping[str, Any], now: datetime) -> None:
        for slug, value in (state.get("anchor") or {}).items():
            when = _instant(value)
            if when is not None:
                self.anchor[slug] = min(when, now)  # a clock set back must not push breaks away
        for slug, value in (state.get("override") or {}).items():
            when = _instant(value)
            if when is not None and when > now:
                self.override[slug] = when
        self.postpones = [p for p in (_instant(v) for v in state.get("postpones") or []) if p is not None
                          and timedelta(0) <= now - p < timedelta(hours=1)]
        self.turn = {str(k): int(v) for k, v in (state.get("turn") or {}).items()}
        self._seen = _instant(state.get("seen"))

    def state(self) -> EngineState:
        """What survives a restart (stored as JSON by the caller)."""
        return {"anchor": {k: _epoch(v) for k, v in self.anchor.items()},
                "override": {k: _epoch(v) for k, v in self.override.items()},
                "postpones": [_epoch(p) for p in self.postpones],
                "turn": dict(self.turn),
                "seen": _epoch(self.clock.now())}

    # -- configuration ---------------------------------------------------------------------------
    def set_kinds(self, kinds: Iterable[BreakKind]) -> list[Event]:
        """New or edited kinds (settings changed). Timers of kinds that stay keep running."""
        now = self.clock.now()
        events: list[Event] = []
        self.kinds = sorted((k for k in kinds if k.enabled), key=lambda k: (k.duration, k.slug))
        slugs = {k.slug for k in self.kinds}
        for kind in self.kinds:
            self.anchor.setdefault(kind.slug, now)
        if self._seen is not None and self.kinds:  # the app was not running: a long gap was rest
            seen, self._seen = self._seen, None
            if now - seen >= timedelta(seconds=self.RESTART_GAP_SECONDS):
                self._credit(seen, now, record=False)
        if self.phase == Phase.BREAK and self.offer is not None and self.offer.kind.slug not in slugs:
            events += self._close(Outcome.CANCELLED)
        elif self.phase == Phase.WARNING and self.planned and self.planned.kind.slug not in slugs:
            events.append(Cancelled(self.planned.kind))
            self.phase = Phase.WAITING
        elif self.phase == Phase.OWED and self.owed and self.owed.kind.slug not in slugs:
            self.owed, self.phase = None, Phase.WAITING
        if self.phase == Phase.OFF and (self.paused_until is None or now >= self.paused_until):
            self.phase = Phase.WAITING
        if self.phase == Phase.WAITING:
            self._replan(now)
        return events

    def set_schedule(self, schedule: WorkSchedule) -> None:
        self.schedule = schedule
        if self.phase == Phase.WAITING:
            self._replan(self.clock.now())

    def set_pause(self, until: datetime | None) -> list[Event]:
        """Pause everything until `until` (None resumes). Breaks are re-planned from the end."""
        now = self.clock.now()
        events: list[Event] = []
        if until is not None and until > now:
            self.paused_until = until
            events += self._stand_down()
            self.phase = Phase.OFF
        else:
            if self.paused_until is not None:
                self._resume_from(min(self.paused_until, now))
            self.paused_until = None
            if self.phase == Phase.OFF:
                self.phase = Phase.WAITING
                self._replan(now)
        return events

    def set_dnd(self, on: bool) -> list[Event]:
        """Do not disturb: due breaks are held (owed) and offered once it is turned off."""
        self.dnd = bool(on)
        return self.update()

    # -- what the caller asks ----------------------------------------------------------------
    def next_wakeup(self) -> datetime | None:
        """When `update()` must run next (None: only on an observation or a user action)."""
        if self.phase == Phase.OFF:
            return self.paused_until
        if self.phase == Phase.BREAK and self.offer is not None:
            return self.offer.ends_at
        if self.phase == Phase.OWED:
            if self.owed is not None and self.owed.hold == Hold.DND:
                return None  # set_dnd(False) wakes the engine; nothing to look at until then
            return self.clock.now() + timedelta(seconds=self.OWED_POLL_SECONDS)
        if self.planned is None:
            return None
        kind, at = self.planned
        if self.phase == Phase.WARNING:
            return at
        return at - timedelta(seconds=kind.warn)

    def postpones_left(self, now: datetime | None = None) -> int:
        now = now or self.clock.now()
        recent = [p for p in self.postpones if now - p < timedelta(hours=1)]
        return max(0, self.rules.postpone_limit - len(recent))

    def can_postpone(self) -> bool:
        now = self.clock.now()
        return (self.phase == Phase.BREAK and self.offer is not None and self.offer.postpone_until is not None
                and now < self.offer.postpone_until and self.postpones_left(now) > 0)

    # -- the clock moved -----------------------------------------------------------------------
    def update(self) -> list[Event]:
        now = self.clock.now()
        events: list[Event] = []
        if self.phase == Phase.OFF:
            if self.paused_until is not None and now >= self.paused_until:
                events += self.set_pause(None)
            else:
                return events
        if self.phase == Phase.BREAK:
            if self.offer is not None and now >= self.offer.ends_at:
                events += self._finish(Outcome.TAKEN, self.offer.ends_at)
            else:
                return events
        if self.phase == Phase.OWED:
            assert self.owed is not None  # what is owed goes with the phase
            held = self._held()
            if held:
                self.owed = self.owed._replace(hold=held)
                return events
            kind, hold = self.owed
            self.owed, self.phase = None, Phase.WAITING
            if self._working(now):
                # Offered once, right away: the notice, then the break.
                self.owed_reason = hold
                self.planned = Planned(kind, now + timedelta(seconds=kind.warn))
            else:
                self._replan(now)  # the shift is over meanwhile: the next shift starts afresh
        if self.planned is None:
            self._replan(now)
            if self.planned is None:
                return events
        kind, at = self.planned
        if self.phase == Phase.WAITING and now >= at - timedelta(seconds=kind.warn):
            events += self._look_at_idle(now)
            if self.phase != Phase.WAITING or self.planned is None or self.planned.kind != kind:
                return events  # the agent was away long enough: rested, re-planned
            kind, at = self.planned
            if now >= at - timedelta(seconds=kind.warn):
                if self._held():
                    return events + self._owe(kind)
                self.phase = Phase.WARNING
                if kind.warn > 0:
                    events.append(Warn(kind, at, self._peek(kind)))
        if self.phase == Phase.WARNING and now >= at:
            events += self._look_at_idle(now)
            if self.phase != Phase.WARNING:
                return events
            if self._held():
                return events + self._owe(kind)
            events += self._start(kind, at, now)
        return events

    # -- observations -------------------------------------------------------------------------
    def observe_idle(self, idle_seconds: float | None) -> list[Event]:
        """The agent has not touched the keyboard or mouse for `idle_seconds`."""
        if idle_seconds is None or self.phase in (Phase.BREAK, Phase.OFF):
            return []
        now = self.clock.now()
        if idle_seconds < min((k.duration for k in self.kinds), default=0) or not self.kinds:
            self._stretch = None
            return []
        if self._held(Hold.FULLSCREEN):
            return []  # watching a fullscreen video is not rest for the eyes
        start = now - timedelta(seconds=idle_seconds)
        if self._window_closed is not None and start < self._window_closed:
            # Away since before the break window closed: the rest goes on (the timers move), but
            # it is the same absence as that break, not another one for the log.
            return self._credit(self._window_closed, now, reason=Rest.IDLE, record=False)
        if self._stretch is not None and abs((self._stretch - start).total_seconds()) <= 5:
            start = self._stretch  # the same stretch seen again: one record
        return self._credit(start, now, reason=self.idle_reason)

    def rested(self, start: datetime, end: datetime, reason: Rest) -> list[Event]:
        """The machine slept or the screen was locked from `start` to `end`."""
        events: list[Event] = []
        if self.phase == Phase.BREAK:
            if self.offer is not None and self.offer.started_at >= start:
                # Started by a late timer after the machine woke up: the sleep was the rest.
                events += self._close(Outcome.CANCELLED)
            else:
                events += self.update()  # a break that ran out while asleep was taken
        return events + self._credit(start, end, reason=reason)

    # -- the agent's choices in the break window ----------------------------------------------------
    def postpone(self) -> list[Event]:
        if self.offer is None or not self.can_postpone():
            return []
        now = self.clock.now()
        kind = self.offer.kind
        self.postpones.append(now)
        events = self._close(Outcome.POSTPONED, now)
        back = now + timedelta(seconds=self.rules.postpone_seconds)
        if self._working(back):
            self.override[kind.slug] = back
            self.planned = Planned(kind, back)
        else:  # it would fall after the shift: the next shift starts afresh
            self.first_due.pop(kind.slug, None)
            self.anchor[kind.slug] = now
            self._replan(now)
        return events

    def skip(self) -> list[Event]:
        if self.phase != Phase.BREAK or self.offer is None or not self.offer.can_skip:
            return []
        now = self.clock.now()
        kind, rest = self.offer.kind, now - self.offer.started_at
        window = timedelta(seconds=self.rules.merge_window)
        merged = [k for k in self.kinds if k.duration < kind.duration
                  and (due := self._due(k, now)) is not None and due <= now + window]
        events = self._close(Outcome.SKIPPED, now)
        self.anchor[kind.slug] = now  # this one is not owed: the next comes a full interval later
        for other in merged:  # nor are the shorter ones it stood in for
            self.anchor[other.slug] = now
        for other in self.kinds:
            if other.duration <= rest.total_seconds():
                self.anchor[other.slug] = max(self.anchor.get(other.slug, now), now)
        self._replan(now)
        return events

    def finish_early(self) -> list[Event]:
        if self.phase != Phase.BREAK or self.offer is None or not self.offer.can_finish_early:
            return []
        now = self.clock.now()
        if self.offer.finish_from is not None and now < self.offer.finish_from:
            return []
        return self._finish(Outcome.DONE_EARLY, now)

    def take_now(self, slug: str | None = None) -> list[Event]:
        """Start a break at once (the tray's "Take a break now"); the longest kind by default."""
        if not self.kinds or self.phase in (Phase.BREAK, Phase.OFF):
            return []
        now = self.clock.now()
        kind = next((k for k in self.kinds if k.slug == slug), self.kinds[-1])
        events: list[Event] = []
        if self.phase == Phase.WARNING and self.planned:
            events.append(Cancelled(self.planned.kind))
        self.owed = None
        return events + self._start(kind, now, now, asked=True)

    # -- internals ------------------------------------------------------------------------------
    def _held(self, only: Hold | None = None) -> Hold:
        if only in (None, Hold.DND) and self.dnd:
            return Hold.DND
        if only in (None, Hold.FULLSCREEN):
            try:
                if self.hold_probe():
                    return Hold.FULLSCREEN
            except Exception:  # noqa: BLE001 - a probe that fails does not hold breaks
                return Hold.NONE
        return Hold.NONE

    def _working(self, when: datetime) -> bool:
        try:
            return self.schedule.is_working_time(when)
        except ScheduleError:
            return False

    def _look_at_idle(self, now: datetime) -> list[Event]:
        try:
            idle = self.idle_probe()
        except Exception:  # noqa: BLE001 - no idle information this time
            idle = None
        return self.observe_idle(idle)

    def _owe(self, kind: BreakKind) -> list[Event]:
        events: list[Event] = []
        if self.phase == Phase.WARNING:
            events.append(Cancelled(kind))
        self.owed = Owed(kind, self._held())
        self.phase = Phase.OWED
        self.override.pop(kind.slug, None)
        return events

    def _peek(self, kind: BreakKind) -> str:
        texts = kind.suggestions.get(self.lang) or next((t for t in kind.suggestions.values() if t), ())
        return texts[self.turn.get(kind.slug, 0) % len(texts)] if texts else ""

    def _start(self, kind: BreakKind, at: datetime, now: datetime, asked: bool = False) -> list[Event]:
        """`asked`: the agent started it; they may end it whenever they like."""
        suggestion = self._peek(kind)
        self.turn[kind.slug] = self.turn.get(kind.slug, 0) + 1
        window = self.rules.postpone_window
        self.offer = BreakOffer(
            kind=kind, suggestion=suggestion, started_at=now, ends_at=now + timedelta(seconds=kind.duration),
            postpone_until=now + timedelta(seconds=window) if window > 0 and self.rules.postpone_limit > 0 else None,
            postpones_left=self.postpones_left(now), can_skip=not self.rules.strict, can_finish_early=kind.long,
            owed=self.owed_reason,
            finish_from=now + timedelta(seconds=min(self.FINISH_EARLY_AFTER, kind.duration))
            if kind.long and not asked else None)
        self.phase = Phase.BREAK
        self.planned = Planned(kind, at)
        return [Start(self.offer)]

    def _close(self, outcome: Outcome, now: datetime | None = None) -> list[Event]:
        offer = self.offer
        due = self.planned.at if self.planned else None
        self.offer, self.phase, self.planned, self.owed_reason = None, Phase.WAITING, None, Hold.NONE
        if offer is None:
            return []
        self._window_closed = now or self.clock.now()
        events: list[Event] = [End(offer.kind, outcome)]
        if outcome != Outcome.CANCELLED:
            end = now or self.clock.now()
            first_due = self.first_due.get(offer.kind.slug, due)  # before any postponing
            if outcome != Outcome.POSTPONED:
                self.first_due.pop(offer.kind.slug, None)
            else:
                self.first_due[offer.kind.slug] = first_due
            events.append(Record(offer.kind.slug, outcome, offer.started_at, end,
                                 int((end - offer.started_at).total_seconds()), reason=offer.owed,
                                 due_at=first_due))
        return events

    def _finish(self, outcome: Outcome, end: datetime) -> list[Event]:
        offer = self.offer
        assert offer is not None  # the callers finish a break that is on
        events = self._close(outcome, end)
        self._credit_kinds(offer.kind.duration, end)
        self.override.pop(offer.kind.slug, None)
        self.anchor[offer.kind.slug] = end
        self._replan(self.clock.now())
        return events

    def _credit_kinds(self, seconds: float, end: datetime) -> list[BreakKind]:
        credited = [k for k in self.kinds if k.duration <= seconds]
        for kind in credited:
            self.anchor[kind.slug] = max(self.anchor.get(kind.slug, end), end)
            self.override.pop(kind.slug, None)
            self.first_due.pop(kind.slug, None)
        return credited

    def _credit(self, start: datetime, end: datetime, reason: str = "", record: bool = True) -> list[Event]:
        seconds = (end - start).total_seconds()
        credited = self._credit_kinds(seconds, end)
        if not credited:
            return []
        events: list[Event] = []
        self.owed_reason = Hold.NONE
        longest = max(credited, key=lambda k: k.duration)
        # Only rest within working hours is a natural *break* in the log (a night with the lid
        # closed is not); it still restarts the timers above.
        working = self.schedule.working_seconds_between(start, end) if record else 0
        if working >= longest.duration:
            self._stretch = start
            events.append(Record(longest.slug, Outcome.NATURAL, start, end, int(working), reason=reason))
        slugs = {k.slug for k in credited}
        if self.phase == Phase.WARNING and self.planned and self.planned.kind.slug in slugs:
            events.append(Cancelled(self.planned.kind))
            self.phase = Phase.WAITING
        if self.phase == Phase.OWED and self.owed and self.owed.kind.slug in slugs:
            self.owed, self.phase = None, Phase.WAITING
        if self.phase == Phase.WAITING:
            self._replan(self.clock.now())
        return events

    def _resume_from(self, when: datetime) -> None:
        for slug in list(self.anchor):
            self.anchor[slug] = max(self.anchor[slug], when)
        self.override.clear()

    def _stand_down(self) -> list[Event]:
        events: list[Event] = []
        self.owed_reason = Hold.NONE
        if self.phase == Phase.BREAK:
            # Pausing in the middle of a break is skipping it (strict mode cannot be dodged so).
            events += self._close(Outcome.SKIPPED, self.clock.now())
        elif self.phase == Phase.WARNING and self.planned:
            events.append(Cancelled(self.planned.kind))
        self.planned, self.owed = None, None
        return events

    def _due(self, kind: BreakKind, now: datetime) -> datetime | None:
        if kind.slug in self.override:
            return self.override[kind.slug]
        anchor = min(self.anchor.get(kind.slug, now), now)
        # A gap between working intervals long enough for this kind is rest (lunch, the night),
        # so the timer starts again with the next interval.
        try:
            due = self.schedule.add_working(anchor, kind.interval)
            cursor = anchor
            for start, end in self.schedule.intervals_from(anchor):
                if start >= due:
                    break
                if start > cursor and (start - cursor).total_seconds() >= kind.duration:
                    anchor = start
                    due = self.schedule.add_working(anchor, kind.interval)
                cursor = max(cursor, end)
            return due
        except ScheduleError:
            return None

    def _replan(self, now: datetime) -> None:
        if self.phase != Phase.WAITING:
            return
        candidates = [Planned(kind, due) for kind in self.kinds if (due := self._due(kind, now)) is not None]
        if not candidates:
            self.planned = None
            return
        first, first_at = min(candidates, key=lambda c: (c.at, -c.kind.duration))
        window = timedelta(seconds=self.rules.merge_window)
        longer = [kind for kind, at in candidates if kind.duration > first.duration and at - first_at <= window]
        kind = max(longer, key=lambda k: k.duration) if longer else first
        at = first_at
        if at <= now and not self._working(now):
            # Overdue outside working hours (held, postponed or paused past the end of the
            # shift): the time off until the next shift is the rest.
            for overdue in self.kinds:
                if (due := self._due(overdue, now)) is not None and due <= now:
                    self.anchor[overdue.slug] = now
                    self.override.pop(overdue.slug, None)
            self._replan(now)
            return
        if at <= now:
            at = now + timedelta(seconds=kind.warn)  # overdue (a restart mid-shift): notice first
        self.planned = Planned(kind, at)
