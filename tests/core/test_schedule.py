"""The working schedule: parsing the week, and the working-time arithmetic every due time uses.

Calendar used throughout (2026): Mon 23 Nov is a plain Monday.
DST weekends: Europe/Berlin springs forward Sun 29 Mar and falls back Sun 25 Oct;
America/New_York springs forward Sun 8 Mar and falls back Sun 1 Nov.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from companion.core.schedule import ScheduleError, WorkSchedule, format_week, parse_week

UTC = timezone.utc
MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")

HOUR = 3600
OFFICE = "mon-fri 09:00-18:00"
LUNCH = "mon-fri 09:00-13:00,14:00-18:00"
ALWAYS = "mon-sun 00:00-24:00"
NIGHT = "mon-fri 22:00-24:00; tue-sat 00:00-06:00"  # an overnight shift, split at midnight

PROPS = settings(max_examples=200, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])


def sched(spec: str = OFFICE, tz: str = "Europe/Moscow", days_off=()) -> WorkSchedule:
    return WorkSchedule.parse(spec, tz, days_off)


def at(tz: ZoneInfo, *args) -> datetime:
    """A wall-clock time in `tz` (aware)."""
    return datetime(*args, tzinfo=tz)


def days_later(day: tuple, n: int) -> tuple:
    """(y, m, d) shifted by n calendar days."""
    d = date(*day[:3]) + timedelta(days=n)
    return (d.year, d.month, d.day)


def is_utc(dt: datetime) -> bool:
    return dt.tzinfo is not None and dt.utcoffset() == timedelta(0)


# =============================================================================================
# parse_week / format_week
# =============================================================================================

class TestParseWeek:
    def test_office_week_is_monday_to_friday_and_weekend_off(self):
        week = parse_week(OFFICE)
        assert week == (((540, 1080),),) * 5 + ((), ())

    def test_lunch_break_gives_two_ranges_each_day(self):
        week = parse_week(LUNCH)
        assert week[0] == ((9 * 60, 13 * 60), (14 * 60, 18 * 60))
        assert week[4] == week[0]
        assert week[5] == week[6] == ()

    def test_round_the_clock_uses_24_00_as_the_end_of_day(self):
        assert parse_week(ALWAYS) == (((0, 1440),),) * 7

    def test_days_not_named_are_off(self):
        week = parse_week("tue 10:00-12:00")
        assert [bool(day) for day in week] == [False, True, False, False, False, False, False]

    def test_single_digit_hours_and_loose_spacing_are_accepted(self):
        assert parse_week("  MON  9:00 - 18:00 ") == parse_week("mon 09:00-18:00")

    def test_parts_can_be_separated_by_semicolons_or_newlines(self):
        assert parse_week("mon-fri 09:00-18:00\nsat 10:00-14:00") == \
            parse_week("mon-fri 09:00-18:00; sat 10:00-14:00")

    def test_overlapping_and_touching_ranges_are_merged(self):
        assert parse_week("mon 09:00-12:00,11:00-18:00")[0] == ((540, 1080),)
        assert parse_week("mon 09:00-13:00,13:00-18:00")[0] == ((540, 1080),)

    def test_day_range_may_wrap_over_the_weekend(self):
        week = parse_week("fri-mon 10:00-16:00")
        assert [bool(day) for day in week] == [True, False, False, False, True, True, True]

    def test_off_removes_a_day(self):
        week = parse_week("mon-fri 09:00-18:00; wed off")
        assert week[2] == ()
        assert week[1] == week[3] == ((540, 1080),)


class TestFormatWeek:
    @pytest.mark.parametrize("spec", [
        OFFICE,
        LUNCH,
        ALWAYS,
        "mon-thu 09:00-18:00; fri 09:00-16:00",
        "mon-fri 09:00-18:00; sat 10:00-14:00",
        "mon 09:00-18:00; wed 09:00-18:00",  # equal but not consecutive: not grouped
        "sat-sun 10:00-14:00",
        "mon 22:00-24:00; tue-fri 00:00-06:00,22:00-24:00; sat 00:00-06:00",
    ])
    def test_canonical_specs_round_trip_unchanged(self, spec):
        assert format_week(parse_week(spec)) == spec

    @pytest.mark.parametrize("spec, canonical", [
        ("mon 09:00-18:00; tue 09:00-18:00; wed 09:00-18:00", "mon-wed 09:00-18:00"),
        ("Mon-Fri 9:00-18:00", OFFICE),
        ("mon-fri 09:00-18:00; wed off", "mon-tue 09:00-18:00; thu-fri 09:00-18:00"),
        ("fri-mon 10:00-16:00", "mon 10:00-16:00; fri-sun 10:00-16:00"),
        ("mon-fri 14:00-18:00,09:00-13:00", LUNCH),
        ("mon-sun 00:00-12:00,12:00-24:00", ALWAYS),
        (NIGHT, "mon 22:00-24:00; tue-fri 00:00-06:00,22:00-24:00; sat 00:00-06:00"),
    ])
    def test_equivalent_specs_are_shown_in_one_canonical_form(self, spec, canonical):
        assert format_week(parse_week(spec)) == canonical

    def test_schedule_spec_property_is_the_canonical_text(self):
        assert sched("mon-fri 9:00-18:00").spec == OFFICE


@st.composite
def weeks(draw):
    """Random weeks on a 15-minute grid; ranges on a day are separated (never touching)."""
    week = []
    for _ in range(7):
        points = sorted(draw(st.lists(st.integers(0, 96), max_size=6, unique=True)))
        if len(points) % 2:
            points = points[:-1]
        week.append(tuple((points[i] * 15, points[i + 1] * 15) for i in range(0, len(points), 2)))
    assume(any(week))
    return tuple(week)


@PROPS
@given(weeks())
def test_any_week_survives_a_format_parse_round_trip(week):
    text = format_week(week)
    assert parse_week(text) == week
    assert format_week(parse_week(text)) == text


class TestBadSpecs:
    @pytest.mark.parametrize("spec, message", [
        ("xyz 09:00-18:00", r"unknown day 'xyz'"),
        ("mon-fxi 09:00-18:00", r"unknown day 'fxi'"),
        ("mon 09:00-25:00", r"'09:00-25:00' is not a time of day"),
        ("mon 25:00-26:00", r"is not a time of day"),
        ("mon 09:60-10:00", r"'09:60-10:00' is not a time of day"),
        ("mon 24:00-24:00", r"is not a time of day"),  # 24:00 may only end a range
        ("mon 24:30-24:45", r"is not a time of day"),
        ("mon 09:00-09:00", r"the range '09:00-09:00' starts and ends at the same time"),
        ("mon 00:00-00:00", r"starts and ends at the same time"),
        # a night shift may not run into the next day's own hours, nor last over 24 hours
        ("mon-fri 22:00-06:00; sat 04:00-10:00",
         r"^fri 22:00-06:00 runs into sat 04:00-10:00: the hours after midnight would count twice$"),
        ("sun 23:00-01:00; mon 00:30-08:00", r"sun 23:00-01:00 runs into mon 00:30-08:00"),
        ("mon 22:00-06:00; tue 00:00-24:00", r"mon 22:00-06:00 runs into tue 00:00-24:00"),
        ("mon 12:00-14:00,22:00-06:00; tue 05:00-09:00,12:00-14:00",
         r"mon 22:00-06:00 runs into tue 05:00-09:00"),
        ("mon 00:00-24:00,22:00-06:00", r"mon: the shift from 00:00 to 06:00 the next day is longer "
                                        r"than 24 hours"),
        ("", r"the schedule is empty"),
        ("   ", r"the schedule is empty"),
        ("mon-fri off", r"no working hours at all"),
        ("mon-fri", r"cannot read 'mon-fri'"),
        ("monday 09:00-18:00", r"cannot read 'monday 09:00-18:00'"),
        ("mon 9-18", r"cannot read the time range '9-18'"),
        ("mon 09:00-18:00,noon-13:00", r"cannot read the time range 'noon-13:00'"),
    ])
    def test_bad_spec_is_a_value_error_naming_the_problem(self, spec, message):
        with pytest.raises(ValueError, match=message) as info:
            parse_week(spec)
        assert isinstance(info.value, ScheduleError)

    def test_none_is_treated_as_empty(self):
        with pytest.raises(ScheduleError, match="empty"):
            parse_week(None)

    def test_unknown_time_zone_is_named(self):
        with pytest.raises(ScheduleError, match=r"unknown time zone 'Mars/Olympus'"):
            WorkSchedule.parse(OFFICE, "Mars/Olympus")

    def test_a_schedule_without_hours_refuses_to_compute(self):
        empty = WorkSchedule(BERLIN, ((),) * 7)
        when = at(BERLIN, 2026, 11, 23, 10)
        for compute in (lambda: empty.next_working_moment(when),
                        lambda: empty.add_working(when, HOUR),
                        lambda: empty.add_business_days(when, 1),
                        lambda: empty.next_shift_start(when)):
            with pytest.raises(ScheduleError, match="no working hours"):
                compute()


# =============================================================================================
# next_working_moment
# =============================================================================================

class TestNextWorkingMoment:
    @pytest.mark.parametrize("when, expected", [
        # inside working hours: unchanged
        ((2026, 11, 23, 10, 15), (2026, 11, 23, 10, 15)),
        # start of the shift is inside, and so is its end
        ((2026, 11, 23, 9, 0), (2026, 11, 23, 9, 0)),
        ((2026, 11, 23, 18, 0), (2026, 11, 23, 18, 0)),
        # early morning: start of today's shift
        ((2026, 11, 23, 7, 30), (2026, 11, 23, 9, 0)),
        # evening, across midnight: tomorrow morning
        ((2026, 11, 23, 19, 0), (2026, 11, 24, 9, 0)),
        ((2026, 11, 23, 23, 59), (2026, 11, 24, 9, 0)),
        # Friday evening and the weekend: Monday morning
        ((2026, 11, 27, 18, 30), (2026, 11, 30, 9, 0)),
        ((2026, 11, 28, 12, 0), (2026, 11, 30, 9, 0)),
        ((2026, 11, 29, 23, 0), (2026, 11, 30, 9, 0)),
    ])
    def test_office_hours(self, when, expected):
        result = sched().next_working_moment(at(MSK, *when))
        assert result.astimezone(MSK) == at(MSK, *expected)
        assert is_utc(result)

    def test_lunch_break_waits_for_the_afternoon(self):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.next_working_moment(at(BERLIN, 2026, 11, 23, 13, 30)) == at(BERLIN, 2026, 11, 23, 14)

    def test_day_off_is_skipped(self):
        s = sched(days_off={date(2026, 11, 30)})  # Monday off
        assert s.next_working_moment(at(MSK, 2026, 11, 27, 19)) == at(MSK, 2026, 12, 1, 9)

    def test_consecutive_days_off_are_skipped(self):
        s = sched(days_off={date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 4)})
        assert s.next_working_moment(at(MSK, 2026, 12, 30, 18, 30)) == at(MSK, 2027, 1, 5, 9)

    def test_overnight_shift_is_working_time_after_midnight(self):
        s = sched(NIGHT, "America/New_York")
        tuesday_3am = at(NY, 2026, 11, 24, 3)
        assert s.next_working_moment(tuesday_3am) == tuesday_3am
        # Saturday morning after the last night shift: next one starts Monday 22:00
        assert s.next_working_moment(at(NY, 2026, 11, 28, 7)) == at(NY, 2026, 11, 30, 22)

    @pytest.mark.parametrize("tz, evening, next_morning_utc", [
        # spring forward: Sunday 09:00 is already summer time
        (BERLIN, (2026, 3, 28, 20), datetime(2026, 3, 29, 7, tzinfo=UTC)),
        (NY, (2026, 3, 7, 20), datetime(2026, 3, 8, 13, tzinfo=UTC)),
        # fall back: Sunday 09:00 is already winter time
        (BERLIN, (2026, 10, 24, 20), datetime(2026, 10, 25, 8, tzinfo=UTC)),
        (NY, (2026, 10, 31, 20), datetime(2026, 11, 1, 14, tzinfo=UTC)),
    ])
    def test_shift_starts_at_local_nine_on_the_dst_sunday(self, tz, evening, next_morning_utc):
        s = WorkSchedule.parse("mon-sun 09:00-18:00", tz)
        result = s.next_working_moment(at(tz, *evening))
        assert result == next_morning_utc
        assert result.astimezone(tz).hour == 9


# =============================================================================================
# add_working
# =============================================================================================

class TestAddWorking:
    def test_within_one_shift(self):
        assert sched().add_working(at(MSK, 2026, 11, 23, 10), 2 * HOUR) == at(MSK, 2026, 11, 23, 12)

    def test_result_is_utc(self):
        assert is_utc(sched().add_working(at(MSK, 2026, 11, 23, 10), 2 * HOUR))

    def test_overflow_continues_next_morning(self):
        # 17:00 + 3h = 1h today + 2h tomorrow
        assert sched().add_working(at(MSK, 2026, 11, 23, 17), 3 * HOUR) == at(MSK, 2026, 11, 24, 11)

    def test_eight_hours_from_friday_afternoon_land_monday_1pm(self):
        assert sched().add_working(at(MSK, 2026, 11, 27, 14), 8 * HOUR) == at(MSK, 2026, 11, 30, 13)

    def test_using_up_the_day_exactly_ends_at_closing_time(self):
        assert sched().add_working(at(MSK, 2026, 11, 27, 14), 4 * HOUR) == at(MSK, 2026, 11, 27, 18)

    def test_counting_starts_at_the_next_shift_when_started_off_hours(self):
        saturday = at(MSK, 2026, 11, 28, 12)
        assert sched().add_working(saturday, 1 * HOUR) == at(MSK, 2026, 11, 30, 10)
        assert sched().add_working(saturday, 0) == at(MSK, 2026, 11, 30, 9)

    def test_lunch_break_does_not_count(self):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.add_working(at(BERLIN, 2026, 11, 23, 12), 2 * HOUR) == at(BERLIN, 2026, 11, 23, 15)

    def test_days_off_do_not_count(self):
        s = sched(days_off={date(2026, 11, 24)})  # Tuesday off
        assert s.add_working(at(MSK, 2026, 11, 23, 16), 4 * HOUR) == at(MSK, 2026, 11, 25, 11)

    def test_a_full_working_week(self):
        assert sched().add_working(at(MSK, 2026, 11, 23, 9), 45 * HOUR) == at(MSK, 2026, 11, 27, 18)

    def test_overnight_shift_crosses_midnight(self):
        s = sched(NIGHT, "America/New_York")
        assert s.add_working(at(NY, 2026, 11, 23, 23), 2 * HOUR) == at(NY, 2026, 11, 24, 1)
        # Friday 23:00 + 3h: 1h Friday night, 2h Saturday early morning
        assert s.add_working(at(NY, 2026, 11, 27, 23), 3 * HOUR) == at(NY, 2026, 11, 28, 2)

    @pytest.mark.parametrize("tz, friday", [
        (BERLIN, (2026, 3, 27, 14)),
        (BERLIN, (2026, 10, 23, 14)),
        (NY, (2026, 3, 6, 14)),
        (NY, (2026, 10, 30, 14)),
    ])
    def test_eight_hours_over_a_dst_weekend_still_land_monday_1pm_local(self, tz, friday):
        s = WorkSchedule.parse(OFFICE, tz)
        result = s.add_working(at(tz, *friday), 8 * HOUR)
        monday = at(tz, *days_later(friday, 3), 13)
        assert result == monday
        assert result.astimezone(tz).hour == 13

    @pytest.mark.parametrize("start_utc, wall_clock_after_3h", [
        # Berlin, spring: 00:00 CET + 3 real hours = 04:00 CEST (wall clock jumped)
        (datetime(2026, 3, 28, 23, tzinfo=UTC), datetime(2026, 3, 29, 4)),
        # Berlin, autumn: 00:00 CEST + 3 real hours = 02:00 CET (the hour 02:00-03:00 repeats)
        (datetime(2026, 10, 24, 22, tzinfo=UTC), datetime(2026, 10, 25, 2)),
    ])
    def test_round_the_clock_schedule_adds_real_elapsed_hours_over_dst(self, start_utc,
                                                                        wall_clock_after_3h):
        s = sched(ALWAYS, "Europe/Berlin")
        result = s.add_working(start_utc, 3 * HOUR)
        assert result == start_utc + timedelta(hours=3)
        assert result.astimezone(BERLIN).replace(tzinfo=None) == wall_clock_after_3h

    def test_round_the_clock_new_york_spring_forward(self):
        s = sched(ALWAYS, "America/New_York")
        midnight = datetime(2026, 3, 8, 5, tzinfo=UTC)  # 00:00 EST
        result = s.add_working(midnight, 3 * HOUR)
        assert result == datetime(2026, 3, 8, 8, tzinfo=UTC)
        assert result.astimezone(NY).hour == 4  # 04:00 EDT

    def test_round_the_clock_dst_gap_with_a_local_start_time(self):
        s = sched(ALWAYS, "Europe/Berlin")
        start = at(BERLIN, 2026, 3, 29, 1)  # 01:00 CET, one hour before the gap
        assert s.add_working(start, 3 * HOUR) == start.astimezone(UTC) + timedelta(hours=3)


# =============================================================================================
# working_seconds_between
# =============================================================================================

class TestWorkingSecondsBetween:
    @pytest.mark.parametrize("a, b, hours", [
        ((2026, 11, 23, 10), (2026, 11, 23, 12), 2),
        ((2026, 11, 23, 7), (2026, 11, 23, 20), 9),    # clipped to the shift
        ((2026, 11, 27, 17), (2026, 11, 30, 10), 2),   # Friday to Monday over the weekend
        ((2026, 11, 28, 0), (2026, 11, 29, 23), 0),    # the weekend alone
        ((2026, 11, 23, 0), (2026, 11, 30, 0), 45),    # a whole week
    ])
    def test_office_hours(self, a, b, hours):
        assert sched().working_seconds_between(at(MSK, *a), at(MSK, *b)) == hours * HOUR

    def test_reversed_or_empty_span_is_zero(self):
        a, b = at(MSK, 2026, 11, 23, 10), at(MSK, 2026, 11, 23, 12)
        assert sched().working_seconds_between(b, a) == 0
        assert sched().working_seconds_between(a, a) == 0

    def test_lunch_break_is_not_counted(self):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.working_seconds_between(at(BERLIN, 2026, 11, 23, 12),
                                         at(BERLIN, 2026, 11, 23, 15)) == 2 * HOUR

    def test_days_off_are_not_counted(self):
        s = sched(days_off={date(2026, 11, 25)})
        assert s.working_seconds_between(at(MSK, 2026, 11, 23), at(MSK, 2026, 11, 30)) == 36 * HOUR

    @pytest.mark.parametrize("tz, saturday, hours", [
        (BERLIN, (2026, 3, 28), 47),
        (BERLIN, (2026, 10, 24), 49),
        (NY, (2026, 3, 7), 47),
        (NY, (2026, 10, 31), 49),
    ])
    def test_round_the_clock_weekend_with_a_dst_change_is_47_or_49_hours(self, tz, saturday, hours):
        s = WorkSchedule.parse(ALWAYS, tz)
        start = at(tz, *saturday)
        end = at(tz, *days_later(saturday, 2))  # Monday 00:00 local
        assert s.working_seconds_between(start, end) == hours * HOUR

    @pytest.mark.parametrize("tz, sunday", [(BERLIN, (2026, 3, 29)), (BERLIN, (2026, 10, 25)),
                                             (NY, (2026, 3, 8)), (NY, (2026, 11, 1))])
    def test_a_nine_to_six_shift_on_the_dst_sunday_is_still_nine_hours(self, tz, sunday):
        s = WorkSchedule.parse("mon-sun 09:00-18:00", tz)
        assert s.working_seconds_between(at(tz, *sunday), at(tz, *sunday, 23, 59)) == 9 * HOUR

    def test_round_the_clock_span_over_the_gap_given_in_local_time(self):
        s = sched(ALWAYS, "Europe/Berlin")
        assert s.working_seconds_between(at(BERLIN, 2026, 3, 29, 1),
                                         at(BERLIN, 2026, 3, 29, 4)) == 2 * HOUR


# =============================================================================================
# add_business_days
# =============================================================================================

class TestAddBusinessDays:
    @pytest.mark.parametrize("anchor, days, expected", [
        ((2026, 11, 23, 15, 0), 1, (2026, 11, 24, 15, 0)),    # Mon -> Tue, same time
        ((2026, 11, 27, 15, 0), 1, (2026, 11, 30, 15, 0)),    # Fri -> Mon
        ((2026, 11, 26, 11, 0), 2, (2026, 11, 30, 11, 0)),    # Thu + 2 -> Mon
        ((2026, 11, 23, 10, 0), 5, (2026, 11, 30, 10, 0)),    # a working week
        ((2026, 11, 28, 12, 0), 1, (2026, 11, 30, 12, 0)),    # from Saturday -> Monday
        ((2026, 11, 23, 3, 0), 1, (2026, 11, 24, 9, 0)),      # 03:00 is before the shift
        ((2026, 11, 23, 22, 0), 1, (2026, 11, 24, 18, 0)),    # late evening: by end of day
        ((2026, 11, 23, 15, 0, 30), 1, (2026, 11, 24, 15, 0, 30)),  # seconds are kept
    ])
    def test_office_hours(self, anchor, days, expected):
        result = sched().add_business_days(at(MSK, *anchor), days)
        assert result.astimezone(MSK) == at(MSK, *expected)
        assert is_utc(result)

    def test_day_off_is_not_a_business_day(self):
        s = sched(days_off={date(2026, 11, 30)})
        assert s.add_business_days(at(MSK, 2026, 11, 27, 15), 1) == at(MSK, 2026, 12, 1, 15)

    def test_time_in_the_lunch_break_moves_to_the_afternoon(self):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.add_business_days(at(BERLIN, 2026, 11, 23, 13, 30), 1) == \
            at(BERLIN, 2026, 11, 24, 14)

    def test_time_is_clamped_into_a_shorter_target_day(self):
        s = sched("mon-thu 09:00-18:00; fri 09:00-15:00")
        assert s.add_business_days(at(MSK, 2026, 11, 26, 16), 1) == at(MSK, 2026, 11, 27, 15)

    @pytest.mark.parametrize("tz, friday, utc_gap", [
        (BERLIN, (2026, 3, 27), timedelta(hours=71)),
        (BERLIN, (2026, 10, 23), timedelta(hours=73)),
        (NY, (2026, 3, 6), timedelta(hours=71)),
        (NY, (2026, 10, 30), timedelta(hours=73)),
    ])
    def test_daily_from_friday_1500_is_monday_1500_local_over_a_dst_weekend(self, tz, friday,
                                                                             utc_gap):
        s = WorkSchedule.parse(OFFICE, tz)
        anchor = at(tz, *friday, 15)
        result = s.add_business_days(anchor, 1)
        assert result == at(tz, *days_later(friday, 3), 15)
        assert result - anchor == utc_gap

    @pytest.mark.parametrize("tz, saturday, utc_gap", [
        (BERLIN, (2026, 3, 28), timedelta(hours=23)),
        (BERLIN, (2026, 10, 24), timedelta(hours=25)),
        (NY, (2026, 3, 7), timedelta(hours=23)),
        (NY, (2026, 10, 31), timedelta(hours=25)),
    ])
    def test_seven_day_schedule_keeps_local_time_over_the_dst_night(self, tz, saturday, utc_gap):
        s = WorkSchedule.parse("mon-sun 09:00-18:00", tz)
        anchor = at(tz, *saturday, 15)
        result = s.add_business_days(anchor, 1)
        assert result.astimezone(tz).replace(tzinfo=None) == datetime(*days_later(saturday, 1), 15)
        assert result - anchor == utc_gap

    def test_a_few_seconds_after_closing_is_still_due_by_end_of_next_day(self):
        result = sched().add_business_days(at(MSK, 2026, 11, 23, 18, 0, 30), 1)
        assert result == at(MSK, 2026, 11, 24, 18, 0)


# =============================================================================================
# next_shift_start
# =============================================================================================

class TestNextShiftStart:
    @pytest.mark.parametrize("when, expected", [
        ((2026, 11, 23, 12, 0), (2026, 11, 24, 9, 0)),   # during the shift: tomorrow
        ((2026, 11, 23, 8, 0), (2026, 11, 24, 9, 0)),    # before today's shift: still tomorrow
        ((2026, 11, 23, 23, 30), (2026, 11, 24, 9, 0)),  # late evening, across midnight
        ((2026, 11, 27, 12, 0), (2026, 11, 30, 9, 0)),   # Friday -> Monday
        ((2026, 11, 28, 10, 0), (2026, 11, 30, 9, 0)),   # Saturday -> Monday
    ])
    def test_office_hours(self, when, expected):
        result = sched().next_shift_start(at(MSK, *when))
        assert result.astimezone(MSK) == at(MSK, *expected)
        assert is_utc(result)

    def test_lunch_break_is_not_a_new_shift(self):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.next_shift_start(at(BERLIN, 2026, 11, 23, 12)) == at(BERLIN, 2026, 11, 24, 9)

    def test_day_off_is_skipped(self):
        s = sched(days_off={date(2026, 11, 24)})
        assert s.next_shift_start(at(MSK, 2026, 11, 23, 12)) == at(MSK, 2026, 11, 25, 9)

    def test_round_the_clock_next_shift_is_local_midnight(self):
        s = sched(ALWAYS, "Europe/Berlin")
        assert s.next_shift_start(at(BERLIN, 2026, 11, 23, 10)) == at(BERLIN, 2026, 11, 24, 0)

    def test_uses_the_local_date_not_the_utc_date(self):
        # Monday 22:00 in New York is already Tuesday in UTC; "tomorrow" is still Tuesday.
        s = WorkSchedule.parse(OFFICE, "America/New_York")
        monday_night = datetime(2026, 11, 24, 3, tzinfo=UTC)
        assert s.next_shift_start(monday_night) == at(NY, 2026, 11, 24, 9)

    @pytest.mark.parametrize("tz, saturday, expected_utc", [
        (BERLIN, (2026, 3, 28), datetime(2026, 3, 29, 7, tzinfo=UTC)),
        (BERLIN, (2026, 10, 24), datetime(2026, 10, 25, 8, tzinfo=UTC)),
        (NY, (2026, 3, 7), datetime(2026, 3, 8, 13, tzinfo=UTC)),
        (NY, (2026, 10, 31), datetime(2026, 11, 1, 14, tzinfo=UTC)),
    ])
    def test_over_the_dst_night(self, tz, saturday, expected_utc):
        s = WorkSchedule.parse("mon-sun 09:00-18:00", tz)
        assert s.next_shift_start(at(tz, *saturday, 20)) == expected_utc


# =============================================================================================
# is_working_time / end_of_working_day
# =============================================================================================

class TestIsWorkingTime:
    @pytest.mark.parametrize("when, working", [
        ((2026, 11, 23, 9, 0), True),
        ((2026, 11, 23, 12, 59), True),
        ((2026, 11, 23, 13, 30), False),  # lunch
        ((2026, 11, 23, 17, 59), True),
        ((2026, 11, 23, 18, 0), False),   # closing time itself is not working time
        ((2026, 11, 28, 12, 0), False),   # Saturday
    ])
    def test_lunch_schedule(self, when, working):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.is_working_time(at(BERLIN, *when)) is working

    def test_day_off_is_not_working_time(self):
        s = sched(days_off={date(2026, 11, 23)})
        assert s.is_working_time(at(MSK, 2026, 11, 23, 12)) is False

    @pytest.mark.parametrize("spec, when", [
        (ALWAYS, at(BERLIN, 2026, 11, 24, 0)),
        (NIGHT, at(BERLIN, 2026, 11, 24, 0)),
    ])
    def test_midnight_inside_a_continuous_shift_is_working_time(self, spec, when):
        assert sched(spec, "Europe/Berlin").is_working_time(when) is True

    def test_end_of_working_day(self):
        s = sched(LUNCH, "Europe/Berlin")
        assert s.end_of_working_day(date(2026, 11, 23)) == at(BERLIN, 2026, 11, 23, 18)
        assert s.end_of_working_day(date(2026, 11, 28)) is None


# =============================================================================================
# Properties
# =============================================================================================

PROPERTY_SCHEDULES = {
    "office-msk": sched(OFFICE, "Europe/Moscow"),
    "lunch-berlin-holidays": sched(LUNCH, "Europe/Berlin",
                                   days_off={date(2026, 12, 24), date(2026, 12, 25), date(2026, 3, 30)}),
    "with-saturday-ny": sched("mon-fri 08:30-17:00; sat 10:00-14:00", "America/New_York"),
    "always-berlin": sched(ALWAYS, "Europe/Berlin"),
    "night-ny": sched(NIGHT, "America/New_York"),
    "over-the-dst-hour-berlin": sched("mon-sun 01:00-03:30", "Europe/Berlin"),
}

DST_CHANGES = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
               datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC)]

anywhere = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30),
                        timezones=st.just(UTC))
near_dst = st.builds(lambda base, s: base + timedelta(seconds=s),
                     st.sampled_from(DST_CHANGES), st.integers(-4 * 86400, 4 * 86400))
instants = st.one_of(anywhere, near_dst).map(lambda d: d.replace(microsecond=0))
schedules = st.sampled_from(sorted(PROPERTY_SCHEDULES)).map(PROPERTY_SCHEDULES.__getitem__)
durations = st.integers(0, 60 * HOUR)


@PROPS
@given(schedules, instants)
def test_next_working_moment_is_idempotent_and_never_earlier(s, t):
    moment = s.next_working_moment(t)
    assert moment >= t
    assert s.next_working_moment(moment) == moment
    assert s.working_seconds_between(t, moment) == 0  # no working time was skipped


@PROPS
@given(schedules, instants, durations, durations)
def test_add_working_is_additive(s, t, a, b):
    assert s.add_working(t, a + b) == s.add_working(s.add_working(t, a), b)


@PROPS
@given(schedules, instants, durations)
def test_working_time_between_start_and_result_is_what_was_added(s, t, seconds):
    start = s.next_working_moment(t)
    end = s.add_working(start, seconds)
    assert end >= start
    assert s.working_seconds_between(start, end) == seconds
    # starting off hours counts exactly the same working time
    assert s.working_seconds_between(t, s.add_working(t, seconds)) == seconds


@PROPS
@given(schedules, instants, durations, durations)
def test_working_seconds_between_adds_up_over_consecutive_spans(s, t, x, y):
    a, b, c = t, t + timedelta(seconds=x), t + timedelta(seconds=x + y)
    assert s.working_seconds_between(a, c) == \
        s.working_seconds_between(a, b) + s.working_seconds_between(b, c)


@PROPS
@given(schedules, instants.map(lambda d: d.replace(second=0)), st.integers(1, 6))
def test_add_business_days_lands_on_the_nth_working_day_inside_working_hours(s, t, days):
    due = s.add_business_days(t, days)
    assert s.next_working_moment(due) == due  # never outside working hours
    start_day, due_day = t.astimezone(s.tz).date(), due.astimezone(s.tz).date()
    between = [start_day + timedelta(days=i) for i in range(1, (due_day - start_day).days + 1)]
    working = [d for d in between if s.is_working_day(d)]
    # the due day is a working day, and exactly `days` working days after the anchor's day
    assert s.is_working_day(due_day)
    assert len(working) == days
