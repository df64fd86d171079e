"""The break state machine over whole shifts on a fake clock: exact outcomes, no waiting."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.core.breaks import (BreakEngine, BreakKind, BreakRules, Cancelled, End, Hold, Outcome, Phase,
                                   Planned, Record, Start, Warn)
from companion.core.clock import FakeClock
from companion.core.schedule import WorkSchedule

MSK = ZoneInfo("Europe/Moscow")
MICRO = BreakKind("micro", {"ru": "Пауза для глаз", "en": "Eye break"}, 20 * 60, 20, 10,
                  suggestions={"en": ("Look far away", "Blink slowly"), "ru": ("Посмотрите вдаль",)})
LONG = BreakKind("long", {"en": "Long break"}, 90 * 60, 600, 60, long=True, suggestions={"en": ("Tea",)})
WATER = BreakKind("water", {"en": "Water"}, 45 * 60, 30, 10, suggestions={"en": ("A glass of water",)})


def at(h, m=0, s=0, day=23):
    """Local Moscow time on Monday 23 November 2026 (or another day of that month)."""
    return datetime(2026, 11, day, h, m, s, tzinfo=MSK)


def hms(when):
    return when.astimezone(MSK).strftime("%H:%M:%S")


class Agent:
    """Drives an engine like the app does: wake up when asked, act on the events."""

    def __init__(self, kinds=(MICRO, LONG), start=None, schedule="mon-fri 09:00-18:00", rules=None,
                 state=None, **kwargs):
        rules = rules or BreakRules()
        self.clock = FakeClock(start or at(9))
        self.idle = None
        self.fullscreen = False
        self.engine = BreakEngine(self.clock, WorkSchedule.parse(schedule, "Europe/Moscow"), kinds, rules,
                                  state=state, idle_probe=lambda: self.idle, hold_probe=lambda: self.fullscreen,
                                  **kwargs)
        self.events: list[tuple[datetime, object]] = []
        self.on_start = None  # callback(offer) -> events, e.g. postpone at once

    def _take(self, events):
        for event in events:
            self.events.append((self.clock.now(), event))
            if isinstance(event, Start) and self.on_start is not None:
                self._take(self.on_start(event.offer))

    def run_until(self, until):
        while True:
            wake = self.engine.next_wakeup()
            if wake is None or wake > until:
                self.clock.set(until)
                self._take(self.engine.update())
                return
            self.clock.set(max(wake, self.clock.now()))
            self._take(self.engine.update())

    def do(self, events):
        self._take(events)

    def records(self, outcome=None):
        return [e for _, e in self.events if isinstance(e, Record) and (outcome is None or e.outcome == outcome)]

    def starts(self):
        return [(hms(when), e.offer.kind.slug) for when, e in self.events if isinstance(e, Start)]

    def warns(self):
        return [(hms(when), e.kind.slug) for when, e in self.events if isinstance(e, Warn)]


def test_a_plain_shift_has_micro_breaks_every_20_minutes_and_a_long_one_every_90():
    agent = Agent()
    agent.run_until(at(18, 30))
    starts = agent.starts()
    assert starts[:6] == [("09:20:00", "micro"), ("09:40:20", "micro"), ("10:00:40", "micro"),
                          ("10:21:00", "micro"), ("10:30:00", "long"), ("11:00:00", "micro")]
    # Each notice comes exactly `warn` seconds before its break.
    assert agent.warns()[:5] == [("09:19:50", "micro"), ("09:40:10", "micro"), ("10:00:30", "micro"),
                                 ("10:20:50", "micro"), ("10:29:00", "long")]
    assert [s for s in starts if s[1] == "long"] == [("10:30:00", "long"), ("12:10:00", "long"),
                                                     ("13:50:00", "long"), ("15:30:00", "long"),
                                                     ("17:10:00", "long")]
    assert len(agent.records("taken")) == 26
    assert all(at(9) <= r.started_at and r.ended_at <= at(18) for r in agent.records())
    # A long break is also an eye break: the next micro break counts from its end.
    assert ("11:00:00", "micro") in starts and ("10:50:00", "micro") not in starts


def test_nothing_happens_outside_working_hours_and_the_next_shift_starts_fresh():
    agent = Agent(start=at(17, 30))
    agent.run_until(at(10, 0, day=24))
    starts = agent.starts()
    assert starts == [("17:50:00", "micro"), ("09:20:00", "micro"), ("09:40:20", "micro")]
    assert all(not (at(18) <= when < at(9, day=24)) for when, _ in agent.events)


def test_a_lunch_gap_in_the_schedule_is_rest():
    agent = Agent(schedule="mon-fri 09:00-13:00,14:00-18:00", start=at(12, 0))
    agent.run_until(at(14, 30))
    starts = agent.starts()
    assert ("14:20:00", "micro") in starts
    assert not any("13:00:00" <= s < "14:20:00" for s, _ in starts)


def test_a_long_break_due_shortly_after_a_micro_one_takes_its_place():
    agent = Agent(start=at(10, 8))
    # Micro due 10:28, long due 10:30: two minutes apart, so one long break at 10:28.
    agent.engine.anchor.update(micro=at(10, 8), long=at(9))
    agent.engine._replan(agent.clock.now())
    agent.run_until(at(10, 45))
    assert agent.starts() == [("10:28:00", "long")]
    assert agent.records("taken")[0].due_at == at(10, 28)


def test_idle_long_enough_counts_as_a_natural_break_and_replans():
    agent = Agent(start=at(9))
    agent.run_until(at(9, 25))  # the 09:20 micro break was taken
    # The agent walks away at 09:30; the app samples idle time once a minute.
    for minute in range(31, 44):
        agent.clock.set(at(9, minute))
        agent.do(agent.engine.observe_idle((minute - 30) * 60))
    natural = agent.records("natural")
    assert natural[-1].kind == "long" and natural[-1].reason == "idle"
    assert natural[-1].started_at == at(9, 30) and natural[-1].seconds == 13 * 60
    # One idle stretch: every record of it starts at the same instant (the journal keeps one row).
    assert {r.started_at for r in natural} == {at(9, 30)}
    agent.idle = 0
    agent.run_until(at(11, 30))
    starts = agent.starts()
    assert ("10:03:00", "micro") in starts  # 20 minutes after the last idle sample
    assert [s for s in starts if s[1] == "long"] == [("11:13:00", "long")]  # 90 minutes after 09:43


def test_idle_right_before_a_break_satisfies_it_without_a_notice():
    agent = Agent(start=at(9))
    agent.idle = 45.0  # away from the keyboard when the notice would go out
    agent.run_until(at(9, 19, 55))
    assert agent.warns() == [] and agent.starts() == []
    assert agent.records("natural")[0].kind == "micro"


def test_short_idle_is_not_a_break():
    agent = Agent(start=at(9))
    agent.idle = 5.0
    agent.run_until(at(9, 21))
    assert agent.starts() == [("09:20:00", "micro")]
    assert agent.records("natural") == []


def test_a_40_minute_sleep_counts_as_rest_and_the_breaks_restart_after_it():
    agent = Agent(start=at(9))
    agent.run_until(at(10, 10))
    agent.clock.set(at(10, 50))  # the lid was closed at 10:10; the app sees the jump on wake
    agent.do(agent.engine.rested(at(10, 10), at(10, 50), "sleep"))
    record = agent.records("natural")[-1]
    assert (record.kind, record.reason, record.seconds) == ("long", "sleep", 2400)
    agent.run_until(at(12, 30))
    starts = agent.starts()
    assert ("10:30:00", "long") not in starts
    assert starts[starts.index(("10:00:40", "micro")) + 1] == ("11:10:00", "micro")
    assert [s for s in starts if s[1] == "long"] == [("12:20:00", "long")]


def test_a_break_running_when_the_machine_slept_is_taken():
    agent = Agent(start=at(10, 29, 30))
    agent.engine.anchor["long"] = at(9)
    agent.engine.anchor["micro"] = at(10, 20)
    agent.engine._replan(agent.clock.now())
    agent.run_until(at(10, 31))  # the long break started at 10:30
    assert agent.engine.phase == "break"
    agent.clock.set(at(11, 20))
    agent.do(agent.engine.rested(at(10, 31), at(11, 20), "sleep"))
    assert [e.outcome for e in agent.records()] == ["taken", "natural"]
    assert [e for _, e in agent.events if isinstance(e, End)][0].outcome == "taken"


def test_fullscreen_holds_a_break_and_offers_it_once_right_after():
    agent = Agent(start=at(10, 20))
    agent.engine.anchor["micro"] = at(10, 20)
    agent.engine.anchor["long"] = at(9)
    agent.engine._replan(agent.clock.now())
    agent.fullscreen = True  # a presentation from 10:25 to 10:47
    agent.clock.set(at(10, 25))
    agent.run_until(at(10, 47))
    assert agent.starts() == [] and agent.warns() == []
    assert agent.engine.phase is Phase.OWED and agent.engine.owed == (LONG, Hold.FULLSCREEN)
    assert agent.engine.owed.hold == agent.engine.owed[1] == "fullscreen"  # the break loop reads [1]
    # Idle while fullscreen (watching a video) is not rest.
    agent.do(agent.engine.observe_idle(900))
    assert agent.records("natural") == []
    agent.fullscreen = False
    agent.run_until(at(11, 0))
    # The hold is looked at every 5 seconds while a break is owed.
    assert agent.warns()[0] == ("10:47:05", "long")
    assert agent.starts()[0] == ("10:48:05", "long")
    taken = agent.records("taken")[0]
    assert taken.reason == "fullscreen" and taken.kind == "long"
    # Offered once: nothing else was owed, the next micro counts from the long break's end.
    agent.run_until(at(11, 30))
    assert agent.starts()[1] == ("11:18:05", "micro")


def test_do_not_disturb_holds_breaks_until_turned_off():
    agent = Agent(start=at(9))
    agent.do(agent.engine.set_dnd(True))
    agent.run_until(at(9, 50))
    assert agent.starts() == [] and agent.engine.phase == "owed"
    agent.do(agent.engine.set_dnd(False))
    agent.run_until(at(9, 51))
    assert agent.warns() == [("09:50:00", "micro")]
    assert agent.starts() == [("09:50:10", "micro")]
    start = [e for _, e in agent.events if isinstance(e, Start)][0]
    assert start.offer.owed == "dnd"


def test_postpone_only_early_and_a_limited_number_of_times_per_hour():
    agent = Agent(start=at(9), rules=BreakRules(postpone_seconds=300, postpone_limit=2, postpone_window=15))
    agent.run_until(at(9, 20, 5))
    assert agent.engine.can_postpone()
    agent.do(agent.engine.postpone())
    assert agent.records("postponed")[0].seconds == 5
    agent.run_until(at(9, 25, 11))  # back 5 minutes later, with a new notice first
    assert agent.warns()[-1] == ("09:24:55", "micro") and agent.starts()[-1] == ("09:25:05", "micro")
    offer = agent.engine.offer
    assert offer.postpones_left == 1
    agent.clock.set(at(9, 25, 25))  # 20 s into the break: too late to postpone
    assert not agent.engine.can_postpone() and agent.engine.postpone() == []
    agent.run_until(at(9, 45, 30))  # taken at 09:25:25; the next one starts at 09:45:25
    agent.do(agent.engine.postpone())
    agent.run_until(at(9, 50, 30))
    assert agent.engine.phase == "break" and agent.engine.postpones_left() == 0
    assert not agent.engine.can_postpone()  # the limit: two per hour
    assert len(agent.records("postponed")) == 2
    agent.clock.set(at(10, 20, 6))
    agent.engine.offer = None
    assert agent.engine.postpones_left() == 1  # the first one is more than an hour old


def test_skip_is_counted_and_absent_in_strict_mode():
    agent = Agent(start=at(9))
    agent.on_start = lambda offer: agent.engine.skip()
    agent.run_until(at(9, 41))
    skipped = agent.records("skipped")
    assert [r.started_at for r in skipped] == [at(9, 20), at(9, 40, 0)]
    assert [e.outcome for _, e in agent.events if isinstance(e, End)] == ["skipped", "skipped"]

    strict = Agent(start=at(9), rules=BreakRules(strict=True))
    strict.run_until(at(9, 20, 1))
    assert strict.engine.offer.can_skip is False
    assert strict.engine.skip() == [] and strict.engine.phase == "break"


def test_done_early_only_for_long_breaks():
    agent = Agent(start=at(10, 29))
    agent.engine.anchor.update(micro=at(10, 20), long=at(9))
    agent.engine._replan(agent.clock.now())
    agent.run_until(at(10, 30, 1))
    assert agent.engine.offer.kind.slug == "long" and agent.engine.offer.can_finish_early
    agent.clock.set(at(10, 34))
    agent.do(agent.engine.finish_early())
    record = agent.records("done_early")[0]
    assert record.seconds == 4 * 60 - 0 and record.kind == "long"
    agent.run_until(at(10, 55))
    assert agent.starts()[-1] == ("10:54:00", "micro")

    micro = Agent(start=at(9))
    micro.run_until(at(9, 20, 1))
    assert micro.engine.offer.can_finish_early is False and micro.engine.finish_early() == []


def test_pause_everything_silences_breaks_and_replans_from_its_end():
    agent = Agent(start=at(9))
    agent.run_until(at(9, 19, 55))  # the notice is out
    agent.do(agent.engine.set_pause(at(10, 55)))
    assert isinstance(agent.events[-1][1], Cancelled)
    before = len(agent.events)
    agent.run_until(at(11, 30))
    assert agent.starts()[0] == ("11:15:00", "micro")
    assert all(when >= at(10, 55) for when, e in agent.events[before:])


def test_pausing_during_a_break_is_skipping_it():
    agent = Agent(start=at(9), rules=BreakRules(strict=True))
    agent.run_until(at(9, 20, 5))
    agent.do(agent.engine.set_pause(at(10)))
    assert [e.outcome for _, e in agent.events if isinstance(e, End)] == ["skipped"]
    assert [(r.outcome, r.seconds) for r in agent.records()] == [("skipped", 5)]


def test_own_kinds_have_their_own_timer_and_a_long_break_covers_them():
    agent = Agent(kinds=(MICRO, LONG, WATER), start=at(9))
    agent.run_until(at(12, 0))
    water = [s for s in agent.starts() if s[1] == "water"]
    # Due at 09:45, within five minutes of the 09:40:20 eye break: one break for both.
    assert water[:2] == [("09:40:20", "water"), ("10:21:10", "water")]
    # The 10:30 long break (600 s) is also a glass of water (30 s): the next one is due 45 minutes
    # after its end (11:25) and again absorbs the eye break due at 11:20:20.
    assert water[2] == ("11:20:20", "water")
    assert ("11:00:00", "micro") in agent.starts()


def test_restart_keeps_the_timers_and_a_long_absence_is_rest():
    agent = Agent(start=at(9))
    agent.run_until(at(9, 30))
    state = agent.engine.state()
    # Restarted two minutes later: the timers carry on (next micro at 09:40:20).
    again = Agent(start=at(9, 32), state=state)
    again.run_until(at(9, 45))
    assert again.starts() == [("09:40:20", "micro")]
    # Restarted after 15 minutes away (app closed, machine off): rest, but no natural-break record.
    later = Agent(start=at(9, 45), state=state)
    later.run_until(at(10, 10))
    assert later.starts() == [("10:05:00", "micro")]
    assert later.records("natural") == []


def test_an_eight_hour_week_with_everything_runs_on_the_fake_clock():
    agent = Agent(kinds=(MICRO, LONG, WATER), start=at(9))
    agent.on_start = lambda offer: agent.engine.postpone() if offer.kind.slug == "long" else []
    for day in range(23, 28):
        agent.run_until(at(12, day=day))
        agent.fullscreen = True
        agent.run_until(at(12, 40, day=day))
        agent.fullscreen = False
        agent.clock.set(at(13, 30, day=day))
        agent.do(agent.engine.rested(at(12, 40, day=day), at(13, 30, day=day), "sleep"))
        agent.run_until(at(18, 30, day=day))
    outcomes = {}
    for record in agent.records():
        outcomes[record.outcome] = outcomes.get(record.outcome, 0) + 1
    # Every day: the lunch-time sleep is one natural (long) break; each of the three long breaks is
    # postponed twice (the hourly limit) and then taken; 20 breaks taken in all.
    assert outcomes == {"natural": 5, "postponed": 30, "taken": 100}
    longs = [r for r in agent.records("taken") if r.kind == "long"]
    assert len(longs) == 15 and all(r.started_at - r.due_at == timedelta(minutes=10) for r in longs)
    assert all(agent.engine.schedule.is_working_time(r.started_at) for r in agent.records() if r.outcome != "natural")


@pytest.mark.parametrize("lang,expected", [("ru", "Посмотрите вдаль"), ("en", "Look far away")])
def test_suggestions_follow_the_language_and_rotate(lang, expected):
    agent = Agent(start=at(9), lang=lang)
    agent.run_until(at(9, 41))
    suggestions = [e.offer.suggestion for _, e in agent.events if isinstance(e, Start)]
    assert suggestions[0] == expected
    if lang == "en":
        assert suggestions[1] == "Blink slowly"


def test_take_a_break_now():
    agent = Agent(start=at(9, 5))
    agent.do(agent.engine.take_now())
    assert agent.engine.offer.kind.slug == "long"
    agent.run_until(at(9, 40))
    assert agent.records("taken")[0].started_at == at(9, 5)
    assert agent.starts()[1] == ("09:35:00", "micro")


def test_switching_a_kind_off_withdraws_its_notice():
    agent = Agent(start=at(9))
    agent.run_until(at(9, 19, 55))
    agent.do(agent.engine.set_kinds([LONG]))
    assert isinstance(agent.events[-1][1], Cancelled)
    agent.run_until(at(10, 31))
    assert agent.starts() == [("10:30:00", "long")]


def test_a_night_with_the_lid_closed_restarts_the_timers_but_is_not_a_logged_break():
    agent = Agent(start=at(17, 30))
    agent.clock.set(at(9, 10, day=24))
    agent.do(agent.engine.rested(at(17, 40), at(9, 10, day=24), "sleep"))
    record = agent.records("natural")
    # Only 30 minutes of it were working time (17:40-18:00 and 09:00-09:10): logged as that much
    # rest, not 15.5 hours.
    assert [(r.kind, r.seconds) for r in record] == [("long", 1800)]
    agent.run_until(at(9, 31, day=24))
    assert agent.starts() == [("09:30:00", "micro")]


def test_a_break_started_by_a_late_timer_after_waking_is_cancelled_by_the_sleep():
    agent = Agent(start=at(17))
    agent.run_until(at(17, 5))
    # The machine slept from 17:05 until 09:00:05; the stale timer fires before the watchdog.
    agent.clock.set(at(9, 0, 5, day=24))
    agent.engine.planned = Planned(MICRO, at(17, 20))
    agent.do(agent.engine.update())
    assert agent.engine.phase == "break"
    agent.do(agent.engine.rested(at(17, 5), at(9, 0, 5, day=24), "sleep"))
    assert agent.engine.phase == "waiting"
    assert [e.outcome for _, e in agent.events if isinstance(e, End)] == [Outcome.CANCELLED]
    assert agent.records("taken") == [] and agent.engine.planned.at == at(9, 20, 5, day=24)


def test_editing_kinds_during_a_pause_keeps_the_pause():
    agent = Agent(start=at(9))
    agent.do(agent.engine.set_pause(at(12)))
    agent.do(agent.engine.set_kinds([MICRO, LONG, WATER]))
    agent.run_until(at(11, 59))
    assert agent.starts() == [] and agent.engine.phase == "off"
    agent.run_until(at(12, 21))
    assert agent.starts() == [("12:20:00", "micro")]


def test_a_break_held_past_the_end_of_the_shift_is_not_offered_in_the_evening():
    agent = Agent(start=at(17, 0))
    agent.fullscreen = True
    agent.run_until(at(19, 59))
    assert agent.engine.phase == "owed"
    agent.fullscreen = False
    agent.run_until(at(9, 30, day=24))
    assert agent.starts() == [("09:20:00", "micro")]


def test_a_postpone_that_would_land_after_the_shift_waits_for_the_next_one():
    agent = Agent(start=at(17, 40))
    agent.engine.anchor.update(micro=at(17, 38))
    agent.engine._replan(agent.clock.now())
    agent.run_until(at(17, 58, 2))
    assert agent.engine.phase == "break"
    agent.do(agent.engine.postpone())  # 18:03:02 is after the shift
    agent.run_until(at(9, 30, day=24))
    assert agent.starts() == [("17:58:00", "micro"), ("09:20:00", "micro")]


def test_being_away_during_a_long_break_is_not_a_second_natural_break():
    agent = Agent(start=at(10, 29))
    agent.engine.anchor.update(micro=at(10, 20), long=at(9))
    agent.engine._replan(agent.clock.now())
    agent.run_until(at(10, 40))  # the long break ran 10:30-10:40 with nobody at the desk
    agent.clock.set(at(10, 40, 30))
    agent.do(agent.engine.observe_idle(640))  # last input at 10:29:50
    assert [r.outcome for r in agent.records()] == ["taken"]


def test_skipping_a_long_break_also_skips_the_eye_break_it_replaced():
    agent = Agent(start=at(10, 8))
    agent.engine.anchor.update(micro=at(10, 8), long=at(9))
    agent.engine._replan(agent.clock.now())
    agent.run_until(at(10, 28, 5))
    assert agent.engine.offer.kind.slug == "long"
    agent.do(agent.engine.skip())
    agent.run_until(at(10, 50))
    assert agent.starts() == [("10:28:00", "long"), ("10:48:05", "micro")]


def test_the_held_label_is_not_carried_to_a_later_break():
    agent = Agent(start=at(9))
    agent.do(agent.engine.set_dnd(True))
    agent.run_until(at(9, 30))
    assert agent.engine.next_wakeup() is None  # held by do-not-disturb: nothing to poll
    agent.idle = 60.0  # away when do-not-disturb is turned off: that was the break
    agent.do(agent.engine.set_dnd(False))
    agent.idle = 0.0
    agent.run_until(at(9, 51))
    assert [e.offer.owed for _, e in agent.events if isinstance(e, Start)] == [""]


def test_a_break_the_agent_took_can_end_early_at_once():
    """Only a break the schedule brought waits two minutes (tests/core/test_break_taken_by_choice.py)."""
    agent = Agent(start=at(9, 5))
    agent.do(agent.engine.take_now())
    agent.clock.set(at(9, 6))
    agent.do(agent.engine.finish_early())
    assert [(r.outcome, r.seconds) for r in agent.records()] == [("done_early", 60)]


def test_a_kind_without_notice_starts_without_one():
    quiet = BreakKind("quiet", {"en": "Quiet"}, 30 * 60, 30, 0, suggestions={"en": ("Breathe",)})
    agent = Agent(kinds=(quiet,), start=at(9))
    agent.run_until(at(9, 31))
    assert agent.warns() == [] and agent.starts() == [("09:30:00", "quiet")]
