"""A break the agent started themselves ("Take a break now") can be ended at once; one the
schedule brought waits two minutes before "Done early" is offered."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from companion.core.breaks import BreakEngine, BreakKind, BreakRules, Start
from companion.core.clock import FakeClock
from companion.core.schedule import WorkSchedule

MSK = ZoneInfo("Europe/Moscow")
LONG = BreakKind("long", {"ru": "Большой перерыв", "en": "Long break"}, 90 * 60, 600, 60, long=True)


def engine() -> tuple[BreakEngine, FakeClock]:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=MSK))
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")
    return BreakEngine(clock, schedule, [LONG], BreakRules()), clock


def test_a_break_taken_by_choice_can_be_ended_at_once():
    breaks, clock = engine()
    clock.advance(minutes=30)
    [start] = [e for e in breaks.take_now() if isinstance(e, Start)]
    assert start.offer.finish_from is None
    assert breaks.finish_early()  # ended, and logged
    assert breaks.offer is None


def test_a_scheduled_break_offers_done_early_after_two_minutes():
    breaks, clock = engine()
    clock.advance(minutes=90)
    starts = [e for e in breaks.update() if isinstance(e, Start)]
    if not starts:  # the notice first, then the break
        clock.advance(minutes=1)
        starts = [e for e in breaks.update() if isinstance(e, Start)]
    [start] = starts
    assert start.offer.finish_from == start.offer.started_at + timedelta(minutes=2)
    assert breaks.finish_early() == []  # too early: nothing happens
