"""End-of-shift nudge and overtime on a fake clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from companion.core.clock import FakeClock
from companion.core.schedule import WorkSchedule
from companion.core.shift import ShiftWatch, shift_summary
from companion.core.tickets import TicketInput

MSK = ZoneInfo("Europe/Moscow")


def at(h, m=0, s=0, day=23):
    return datetime(2026, 11, day, h, m, s, tzinfo=MSK)


def watch(start, spec="mon-fri 09:00-18:00", minutes=10, state=None):
    clock = FakeClock(start)
    return clock, ShiftWatch(clock, WorkSchedule.parse(spec, "Europe/Moscow"), minutes, state)


def test_the_nudge_comes_once_before_the_end_of_the_shift():
    clock, shift = watch(at(9))
    assert shift.next_wakeup() == at(17, 50)
    assert shift.update() == []
    clock.set(at(17, 50))
    nudges = shift.update()
    assert [(n.day.isoformat(), n.shift_end) for n in nudges] == [("2026-11-23", at(18))]
    assert shift.update() == []  # once
    assert shift.next_wakeup() == at(17, 50, day=24)  # tomorrow's
    # Survives a restart: the state says today was nudged.
    clock2, again = watch(at(17, 55), state=shift.state())
    assert again.update() == [] and again.next_wakeup() == at(17, 50, day=24)


def test_irregular_hours_and_days_off():
    clock, shift = watch(at(9), spec="mon 10:00-14:00; wed 12:00-20:00,21:00-23:00")
    assert shift.next_wakeup() == at(13, 50)
    clock.set(at(14, 30))
    assert len(shift.update()) == 1
    assert shift.next_wakeup() == at(22, 50, day=25)  # Tuesday is off; Wednesday ends at 23:00


def test_a_nudge_missed_while_the_app_was_closed_is_late_but_not_stale():
    clock, shift = watch(at(19, 30))
    assert len(shift.update()) == 1  # 1.5 h after the end: still worth saying
    clock, shift = watch(at(22, 0))
    assert shift.update() == []  # 4 h after: dropped
    assert shift.next_wakeup() == at(17, 50, day=24)


def test_overtime_is_active_time_outside_the_schedule():
    clock, shift = watch(at(17, 58))
    assert shift.observe_activity(3.0) == []  # still working hours
    clock.set(at(17, 59))
    assert shift.observe_activity(2.0) == []
    clock.set(at(18, 0, 30))
    assert shift.observe_activity(10.0) == [(at(18), at(18, 0, 30))]
    clock.set(at(18, 1, 30))
    assert shift.observe_activity(40.0) == [(at(18, 0, 30), at(18, 1, 30))]
    clock.set(at(18, 2, 30))
    assert shift.observe_activity(65.0) == []  # no input since the previous sample: away
    clock.set(at(18, 30))
    assert shift.observe_activity(1.0) == [(at(18, 29), at(18, 30))]  # after a gap: the last minute
    assert shift.observe_activity(None) == []  # no idle information: nothing is claimed


def test_a_weekend_is_all_overtime_and_the_morning_before_the_shift_too():
    clock, shift = watch(at(12, day=28))  # Saturday
    assert shift.observe_activity(0.0) == [(at(11, 59, day=28), at(12, day=28))]
    clock, shift = watch(at(9, 0, 30, day=24))
    assert shift.observe_activity(0.0) == [(at(8, 59, 30, day=24), at(9, day=24))]


def test_summary_counts_tomorrow_and_what_is_still_open(tickets, clock):
    schedule = tickets.schedule
    clock.set(at(17, 50))
    tickets.create(TicketInput(key="A-1", cadence="1d"))  # due tomorrow 17:50
    tickets.create(TicketInput(key="A-2", cadence="none", promised_at=at(11, day=24)))
    tickets.create(TicketInput(key="A-3", cadence="none", promised_at=at(11, day=27)))
    summary = shift_summary(schedule, clock.now(), overdue=tickets.overdue_count())
    assert summary.next_day.isoformat() == "2026-11-24"
    assert (summary.due_next_day, summary.promised_next_day, summary.open_promises, summary.overdue) == (1, 1, 2, 0)
    assert timedelta(0) <= at(18) - clock.now()
