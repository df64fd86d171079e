"""Rotating shifts ("2/2 from 2026-12-03 09:00-21:00"): N days on, M days off, counted both ways
from a first working day; the working-time arithmetic over them, across days off, night shifts
and DST changes.

Calendar: Thu 3 Dec 2026 is the anchor of most cases, so with 2/2 the working days are 3, 4, 7, 8,
11, 12 December and, before the anchor, 29, 30 November. Europe/Berlin springs forward Sun 28 Mar
2027 (02:00 -> 03:00) and falls back Sun 31 Oct 2027 (03:00 -> 02:00). Europe/Moscow last moved
its clocks on Sun 26 Oct 2014 (02:00 MSK+4 -> 01:00 MSK+3) and Sun 27 Mar 2011 (02:00 -> 03:00).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from companion.core.cadence import Cadence
from companion.core.schedule import Cycle, ScheduleError, WorkSchedule, parse_pattern, parse_week

UTC = timezone.utc
MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
HOUR = 3600
DAY_2_2 = "2/2 from 2026-12-03 09:00-21:00"
NIGHT_2_2 = "2/2 from 2026-12-03 21:00-09:00"


def sched(spec: str = DAY_2_2, tz: str = "Europe/Moscow", days_off=()) -> WorkSchedule:
    return WorkSchedule.parse(spec, tz, days_off)


def at(tz: ZoneInfo, *args) -> datetime:
    return datetime(*args, tzinfo=tz)


def working_days(schedule: WorkSchedule, first: date, count: int) -> list[int]:
    return [d.day for d in (first + timedelta(days=i) for i in range(count)) if schedule.is_working_day(d)]


# -- the text form ---------------------------------------------------------------------------------
@pytest.mark.parametrize("spec", [
    DAY_2_2, NIGHT_2_2, "1/3 from 2027-01-01 09:00-21:00,21:00-09:00", "3/3 from 2026-12-01 08:00-12:00,13:00-20:00",
    "5/2 from 2026-11-30 09:00-18:00", "2/2 from 2026-12-03 00:00-24:00",
])
def test_the_cycle_spec_reads_back_as_written(spec):
    schedule = sched(spec)
    assert schedule.is_cycle and schedule.spec == spec
    assert sched(schedule.spec) == schedule


def test_a_loosely_typed_cycle_is_read_and_written_canonically():
    assert sched("  2 / 2  FROM 2026-12-03  9:00 - 21:00 ").spec == DAY_2_2
    assert sched("2/2 с 2026-12-03 09:00-13:00,12:00-21:00").spec == DAY_2_2  # Russian "from"; merged


@pytest.mark.parametrize("spec, message", [
    ("2/2 09:00-21:00", r"cannot read '2/2 09:00-21:00'; example of a rotating shift: 2/2 from"),
    ("2/2 from 03.12.2026 09:00-21:00", r"'03.12.2026' is not a date \(use YYYY-MM-DD"),
    ("2/2 from 2026-02-30 09:00-21:00", r"'2026-02-30' is not a date"),
    ("0/2 from 2026-12-03 09:00-21:00", r"days on and days off must each be between 1 and 60"),
    ("2/0 from 2026-12-03 09:00-21:00", r"between 1 and 60"),
    ("2/2 from 2026-12-03 9-21", r"cannot read the time range '9-21'"),
    ("2/2 from 2026-12-03 off", r"no working hours at all"),
    ("2/2 from 2026-12-03 25:00-21:00", r"not a time of day"),
    ("2/2 from 2026-12-03 09:00-21:00,21:00-10:00", r"longer than 24 hours"),
    ("2/2 from 2026-12-03 08:00-12:00,21:00-09:00",
     r"day 1 of the cycle 21:00-09:00 runs into day 2 of the cycle 08:00-12:00"),
])
def test_a_bad_cycle_says_what_is_wrong(spec, message):
    with pytest.raises(ScheduleError, match=message):
        sched(spec)


def test_the_weekly_form_is_untouched_and_both_names_read_both_forms():
    assert sched("mon-fri 09:00-18:00").spec == "mon-fri 09:00-18:00" and not sched("mon-fri 09:00-18:00").is_cycle
    office = (((540, 1080),),) * 5 + ((),) * 2
    assert parse_pattern("mon-fri 09:00-18:00") == parse_week("mon-fri 09:00-18:00") == office
    assert parse_pattern(DAY_2_2) == parse_week(DAY_2_2) == Cycle(2, 2, date(2026, 12, 3), ((540, 1260),))


def test_the_settings_accept_and_read_a_cycle(settings):
    settings.set("schedule", " 2/2 FROM 2026-12-03 09:00-21:00")
    assert settings.get("schedule") == DAY_2_2
    assert settings.schedule() == sched(DAY_2_2)


# -- which days are working ----------------------------------------------------------------------
def test_working_days_repeat_over_several_cycles_on_both_sides_of_the_anchor():
    schedule = sched()
    assert working_days(schedule, date(2026, 11, 25), 6) == [25, 26, 29, 30]
    assert working_days(schedule, date(2026, 12, 1), 14) == [3, 4, 7, 8, 11, 12]
    far = date(2026, 12, 3) - timedelta(days=4 * 100)  # a hundred cycles back: still a first day
    assert schedule.is_working_day(far) and schedule.is_working_day(far + timedelta(days=1))
    assert not schedule.is_working_day(far - timedelta(days=1))


def test_uneven_cycles_and_days_off():
    one_three = sched("1/3 from 2027-01-01 09:00-21:00,21:00-09:00")  # "сутки через трое"
    assert working_days(one_three, date(2026, 12, 20), 21) == [20, 24, 28, 1, 5, 9]
    schedule = sched(days_off={date(2026, 12, 7)})
    assert working_days(schedule, date(2026, 12, 1), 14) == [3, 4, 8, 11, 12]


def test_a_weekly_cadence_counts_the_average_week_rounded_down():
    assert sched().working_weekdays == 3  # 3.5 shifts a week
    assert sched("1/3 from 2027-01-01 09:00-21:00").working_weekdays == 1  # 1.75
    assert sched("5/2 from 2026-11-30 09:00-18:00").working_weekdays == 5
    assert sched("1/13 from 2027-01-01 09:00-21:00").working_weekdays == 0  # the cadence counts max(1, …)
    thursday = at(MSK, 2026, 12, 3, 10)
    assert Cadence.parse("1w").next_due(thursday, sched()) == at(MSK, 2026, 12, 8, 10).astimezone(UTC)


# -- arithmetic across days off ------------------------------------------------------------------
def test_working_time_skips_the_days_off():
    schedule = sched()
    friday_evening = at(MSK, 2026, 12, 4, 20)
    assert schedule.add_working(friday_evening, 2 * HOUR) == at(MSK, 2026, 12, 7, 10).astimezone(UTC)
    intervals = list(islice(schedule.intervals_from(at(MSK, 2026, 12, 5, 12)), 3))
    assert [(a.astimezone(MSK).day, a.astimezone(MSK).hour, b.astimezone(MSK).hour) for a, b in intervals] == \
        [(7, 9, 21), (8, 9, 21), (11, 9, 21)]
    assert schedule.next_working_moment(at(MSK, 2026, 12, 5, 12)) == at(MSK, 2026, 12, 7, 9).astimezone(UTC)
    assert schedule.working_seconds_between(at(MSK, 2026, 12, 4, 12), at(MSK, 2026, 12, 7, 12)) == 12 * HOUR
    assert schedule.add_business_days(at(MSK, 2026, 12, 4, 15), 1) == at(MSK, 2026, 12, 7, 15).astimezone(UTC)
    assert schedule.add_business_days(at(MSK, 2026, 12, 4, 15), 3) == at(MSK, 2026, 12, 11, 15).astimezone(UTC)
    assert schedule.next_shift_start(at(MSK, 2026, 12, 4, 15)) == at(MSK, 2026, 12, 7, 9).astimezone(UTC)
    assert schedule.end_of_working_day(date(2026, 12, 5)) is None


def test_a_night_rotation_belongs_to_the_evening_it_starts():
    schedule = sched(NIGHT_2_2)
    after_second_night = at(MSK, 2026, 12, 5, 8)  # Saturday morning: still Friday's night
    assert schedule.shift_of(after_second_night).day == date(2026, 12, 4)
    assert schedule.is_working_time(after_second_night)
    assert not schedule.is_working_time(at(MSK, 2026, 12, 5, 10))
    assert not schedule.is_working_time(at(MSK, 2026, 12, 6, 23))
    assert schedule.next_working_moment(at(MSK, 2026, 12, 5, 10)) == at(MSK, 2026, 12, 7, 21).astimezone(UTC)
    assert schedule.end_of_working_day(date(2026, 12, 4)) == at(MSK, 2026, 12, 5, 9).astimezone(UTC)
    assert schedule.add_working(at(MSK, 2026, 12, 5, 8), 2 * HOUR) == at(MSK, 2026, 12, 7, 22).astimezone(UTC)
    # A daily update made at 03:00 after the second night is due in the next shift, at the same hour.
    assert schedule.add_business_days(at(MSK, 2026, 12, 5, 3), 1) == at(MSK, 2026, 12, 8, 3).astimezone(UTC)


# -- DST -------------------------------------------------------------------------------------------
def test_berlin_spring_forward_shortens_the_night_and_keeps_the_wall_clock():
    schedule = sched("2/2 from 2027-03-27 21:00-09:00", "Europe/Berlin")  # the night of 27-28 March
    (start, end), = schedule._day_intervals(date(2027, 3, 27))
    assert start == at(BERLIN, 2027, 3, 27, 21).astimezone(UTC) and end == at(BERLIN, 2027, 3, 28, 9).astimezone(UTC)
    assert (end - start) == timedelta(hours=11)
    assert schedule.working_seconds_between(start, end) == 11 * HOUR
    assert schedule.add_business_days(at(BERLIN, 2027, 3, 27, 22), 1) == at(BERLIN, 2027, 3, 28, 22).astimezone(UTC)


def test_berlin_fall_back_lengthens_the_day_shift():
    schedule = sched("2/2 from 2027-10-30 00:00-24:00", "Europe/Berlin")
    assert schedule.working_seconds_between(at(BERLIN, 2027, 10, 31, 0), at(BERLIN, 2027, 11, 1, 0)) == 25 * HOUR
    assert not schedule.is_working_day(date(2027, 11, 1)) and schedule.is_working_day(date(2027, 11, 3))


def test_moscow_clock_changes_keep_the_rotation_and_the_wall_clock():
    back = sched("2/2 from 2014-10-25 21:00-09:00")  # the night the clocks went back for good
    (start, end), = back._day_intervals(date(2014, 10, 25))
    assert end - start == timedelta(hours=13)
    assert end.astimezone(MSK).hour == 9 and back.is_working_day(date(2014, 10, 29))
    forward = sched("2/2 from 2011-03-26 09:00-21:00")
    assert forward.working_seconds_between(at(MSK, 2011, 3, 27, 0), at(MSK, 2011, 3, 28, 0)) == 12 * HOUR
    assert forward._day_intervals(date(2011, 3, 27))[0][0] == at(MSK, 2011, 3, 27, 9).astimezone(UTC)
    assert [d.day for d in (date(2011, 3, 24) + timedelta(days=i) for i in range(8))
            if forward.is_working_day(d)] == [26, 27, 30, 31]
