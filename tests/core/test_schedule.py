"""The working schedule: parsing the week, and the working-time arithmetic every due time uses.

Calendar used throughout (2026): Mon 23 Nov is a plain Monday.
DST weekends: Europe/Berlin springs forward Sun 29 Mar and falls back Sun 25 Oct;
America/New_York springs forward Sun 8 Mar and falls back Sun 1 Nov.
In 2027 Europe/Berlin springs forward Sun 28 Mar (02:00 CET -> 03:00 CEST, at 01:00 UTC) and
falls back Sun 31 Oct (03:00 CEST -> 02:00 CET, at 01:00 UTC).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from companion.core.schedule import ScheduleError, ShiftPoint, WorkSchedule, format_week, parse_week

UTC = timezone.utc
MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")

HOUR = 3600
OFFICE = "mon-fri 09:00-18:00"
LUNCH = "mon-fri 09:00-13:00,14:00-18:00"
ALWAYS = "mon-sun 00:00-24:00"
NIGHT = "mon-fri 22:00-24:00; tue-sat 00:00-06:00"  # an overnight shift, split at midnight
NIGHTS = "mon-fri 22:00-06:00"  # the same hours as night shifts: each belongs to its start day

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

    def test_a_range_ending_before_it_starts_is_a_night_shift_of_its_start_day(self):
        week = parse_week(NIGHTS)
        assert week == (((1320, 1800),),) * 5 + ((), ())

    @pytest.mark.parametrize("spec, ranges", [
        ("mon 18:00-09:00", ((1080, 1980),)),
        ("mon 22:00-00:00", ((1320, 1440),)),  # ends at midnight: an ordinary evening range
        ("mon 23:59-00:01", ((1439, 1441),)),
        ("mon 00:00-24:00", ((0, 1440),)),  # still the whole day
        ("mon 09:00-13:00,20:00-02:00", ((540, 780), (1200, 1560))),
        ("mon 01:00-03:00,22:00-06:00", ((60, 180), (1320, 1800))),  # Monday's own early hours
        ("mon 20:00-23:00,22:00-02:00", ((1200, 1560),)),  # overlapping on the day: merged
        ("mon 09:00-21:00,21:00-09:00", ((540, 1980),)),  # a 24-hour shift
    ])
    def test_night_ranges(self, spec, ranges):
        assert parse_week(spec)[0] == ranges

    def test_a_night_shift_may_end_exactly_when_the_next_day_starts(self):
        week = parse_week("mon-fri 22:00-06:00; sat 06:00-10:00")
        assert week[4] == ((1320, 1800),) and week[5] == ((360, 600),)

    def test_the_old_split_form_stays_as_written(self):
        # Touching at midnight is allowed and not merged into the start day: each part keeps
        # belonging to its own day.
        week = parse_week(NIGHT)
        assert week[0] == ((1320, 1440),)
        assert week[1] == ((0, 360), (1320, 1440))


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
        NIGHTS,
        "mon-fri 22:00-06:00; sat 06:00-10:00",
        "mon-fri 09:00-13:00,20:00-02:00",
        "mon 09:00-21:00,21:00-09:00; thu 09:00-21:00,21:00-09:00",
        "mon 08:00-20:00,20:00-08:00; wed 13:00-18:30,18:30-13:00",  # 24-hour shifts
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
        ("mon-fri 22:00-00:00", "mon-fri 22:00-24:00"),
        ("mon-fri 20:00-23:00,22:00-02:00", "mon-fri 20:00-02:00"),
        ("sun 22:00-06:00; mon-thu 22:00-06:00", "mon-thu 22:00-06:00; sun 22:00-06:00"),
        ("mon 09:00-17:00,17:00-09:00", "mon 09:00-21:00,21:00-09:00"),
        ("sun-thu 23:30-07:30", "mon-thu 23:30-07:30; sun 23:30-07:30"),
        ("mon 13:00-01:00,01:00-13:00", "mon 01:00-13:00,13:00-01:00"),  # from Monday 01:00
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


@st.composite
def weeks_with_nights(draw):
    """Random weeks as above, some days ending with a night shift that stops at or before the
    next day's first start and lasts at most 24 hours."""
    week = [list(day) for day in draw(weeks())]
    for i in range(7):
        if not draw(st.booleans()):
            continue
        earliest = week[i][-1][1] // 15 + 1 if week[i] else 0  # separated from the day's ranges
        if i and week[i - 1] and week[i - 1][-1][1] > 1440:  # after yesterday's night
            earliest = max(earliest, week[i - 1][-1][1] // 15 - 96)
        following = week[(i + 1) % 7]
        limit = following[0][0] // 15 if following else 96  # the next day's first start
        if earliest > 95 or limit < 1:
            continue
        start = draw(st.integers(max(earliest, 1), 95))
        end = draw(st.integers(97, min(96 + limit, start + 96)))
        week[i].append((start * 15, end * 15))
    week = tuple(tuple(day) for day in week)
    assume(any(week))
    return week


@PROPS
@given(st.one_of(weeks(), weeks_with_nights()))
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
# Night shifts: "mon-fri 22:00-06:00" in Moscow, Mon 23 Nov 2026 22:00 - Sat 28 Nov 06:00
# =============================================================================================

def nights(tz: str = "Europe/Moscow", days_off=()) -> WorkSchedule:
    return sched(NIGHTS, tz, days_off)


def msk(*args) -> datetime:
    return at(MSK, *args)


class TestShiftOf:
    @pytest.mark.parametrize("when, day, clock", [
        ((2026, 11, 23, 22, 0), (2026, 11, 23), (22, 0)),    # the start of Monday's shift
        ((2026, 11, 27, 23, 0), (2026, 11, 27), (23, 0)),    # Friday night
        ((2026, 11, 28, 2, 0), (2026, 11, 27), (26, 0)),     # Saturday 02:00 is still Friday's
        ((2026, 11, 25, 7, 0), (2026, 11, 24), (31, 0)),     # after Tuesday's shift ended
        ((2026, 11, 25, 21, 59), (2026, 11, 24), (45, 59)),  # ... until Wednesday's starts
        ((2026, 11, 28, 12, 0), (2026, 11, 27), (36, 0)),    # Saturday: no shift of its own
        ((2026, 11, 29, 10, 0), (2026, 11, 29), (10, 0)),    # Sunday: Saturday has no night
        ((2026, 11, 30, 3, 0), (2026, 11, 30), (3, 0)),      # Monday morning: Sunday neither
    ])
    def test_night_shifts(self, when, day, clock):
        point = nights().shift_of(msk(*when))
        assert point.day == date(*day)
        assert point.second == clock[0] * 3600 + clock[1] * 60

    @pytest.mark.parametrize("spec", [OFFICE, NIGHT, ALWAYS])
    def test_without_night_ranges_it_is_the_local_date(self, spec):
        s = sched(spec)
        for hour in range(0, 24 * 7, 5):
            when = msk(2026, 11, 23) + timedelta(hours=hour)
            assert s.shift_of(when) == ShiftPoint(when.date(), when.hour * 3600)

    def test_the_night_after_a_day_off_is_not_the_previous_night(self):
        s = nights(days_off={date(2026, 11, 27)})  # Friday off
        assert s.shift_of(msk(2026, 11, 28, 2)).day == date(2026, 11, 28)

    def test_a_moment_at_the_next_start_belongs_to_the_next_shift(self):
        s = sched("mon-fri 22:00-06:00; sat 06:00-10:00")
        assert s.shift_of(msk(2026, 11, 28, 5, 59)).day == date(2026, 11, 27)
        assert s.shift_of(msk(2026, 11, 28, 6, 0)).day == date(2026, 11, 28)


class TestNightShifts:
    def test_intervals_from_inside_a_shift_that_started_yesterday(self):
        got = list(islice(nights().intervals_from(msk(2026, 11, 24, 3)), 2))
        assert got == [(msk(2026, 11, 23, 22), msk(2026, 11, 24, 6)),
                       (msk(2026, 11, 24, 22), msk(2026, 11, 25, 6))]
        assert all(is_utc(a) and is_utc(b) for a, b in got)

    @pytest.mark.parametrize("when, first", [
        ((2026, 11, 28, 3, 0), (2026, 11, 27, 22)),   # Friday's shift, on Saturday morning
        ((2026, 11, 28, 6, 0), (2026, 11, 27, 22)),   # touching at its end still counts
        ((2026, 11, 28, 7, 0), (2026, 11, 30, 22)),   # then Monday's
        ((2026, 11, 23, 0, 0), (2026, 11, 23, 22)),   # Sunday night is not a shift
    ])
    def test_intervals_from(self, when, first):
        start, end = next(nights().intervals_from(msk(*when)))
        assert start == msk(*first)
        assert end == start + timedelta(hours=8)

    @pytest.mark.parametrize("when, latest", [
        ((2026, 11, 24, 3, 0), (2026, 11, 23, 22)),   # inside the shift: that shift
        ((2026, 11, 24, 12, 0), (2026, 11, 23, 22)),
        ((2026, 11, 24, 22, 0), (2026, 11, 23, 22)),  # a shift starting at `when` is not before it
        ((2026, 11, 28, 5, 0), (2026, 11, 27, 22)),
        ((2026, 11, 30, 5, 0), (2026, 11, 27, 22)),   # Monday morning: back to Friday
    ])
    def test_intervals_before(self, when, latest):
        got = list(islice(nights().intervals_before(msk(*when)), 2))
        assert got[0] == (msk(*latest), msk(*latest) + timedelta(hours=8))
        assert got[1][0] < got[0][0]

    @pytest.mark.parametrize("when, working", [
        ((2026, 11, 23, 21, 59), False),
        ((2026, 11, 23, 22, 0), True),
        ((2026, 11, 24, 0, 0), True),     # midnight inside the shift
        ((2026, 11, 24, 5, 59), True),
        ((2026, 11, 24, 6, 0), False),    # the end is not working time
        ((2026, 11, 24, 12, 0), False),
        ((2026, 11, 28, 3, 0), True),     # Saturday morning: Friday's shift
        ((2026, 11, 28, 23, 0), False),
        ((2026, 11, 29, 3, 0), False),
        ((2026, 11, 30, 3, 0), False),    # Sunday night: no shift
    ])
    def test_is_working_time(self, when, working):
        assert nights().is_working_time(msk(*when)) is working

    @pytest.mark.parametrize("when, expected", [
        ((2026, 11, 24, 3, 0), (2026, 11, 24, 3, 0)),
        ((2026, 11, 24, 6, 0), (2026, 11, 24, 6, 0)),     # the end counts as inside
        ((2026, 11, 24, 7, 0), (2026, 11, 24, 22, 0)),
        ((2026, 11, 28, 7, 0), (2026, 11, 30, 22, 0)),
        ((2026, 11, 30, 2, 0), (2026, 11, 30, 22, 0)),
    ])
    def test_next_working_moment(self, when, expected):
        assert nights().next_working_moment(msk(*when)) == msk(*expected)

    @pytest.mark.parametrize("when, expected", [
        ((2026, 11, 23, 23, 0), (2026, 11, 24, 22, 0)),   # during Monday's shift: Tuesday night
        ((2026, 11, 24, 3, 0), (2026, 11, 24, 22, 0)),    # still Monday's shift after midnight
        ((2026, 11, 24, 12, 0), (2026, 11, 24, 22, 0)),   # after it: tonight
        ((2026, 11, 23, 12, 0), (2026, 11, 24, 22, 0)),   # before Monday's: like 08:00 at an office
        ((2026, 11, 27, 23, 0), (2026, 11, 30, 22, 0)),   # Friday night -> Monday night
        ((2026, 11, 28, 3, 0), (2026, 11, 30, 22, 0)),
        ((2026, 11, 29, 12, 0), (2026, 11, 30, 22, 0)),
    ])
    def test_next_shift_start(self, when, expected):
        result = nights().next_shift_start(msk(*when))
        assert result == msk(*expected)
        assert is_utc(result)

    @pytest.mark.parametrize("when, hours, expected", [
        ((2026, 11, 23, 23, 0), 2, (2026, 11, 24, 1, 0)),   # across midnight
        ((2026, 11, 24, 3, 0), 3, (2026, 11, 24, 6, 0)),    # the rest of the shift exactly
        ((2026, 11, 24, 3, 0), 4, (2026, 11, 24, 23, 0)),
        ((2026, 11, 24, 7, 0), 1, (2026, 11, 24, 23, 0)),   # between shifts: from tonight
        ((2026, 11, 27, 23, 0), 8, (2026, 11, 30, 23, 0)),  # 7h on Friday's, 1h on Monday's
        ((2026, 11, 28, 3, 0), 4, (2026, 11, 30, 23, 0)),
        ((2026, 11, 23, 22, 0), 40, (2026, 11, 28, 6, 0)),  # the whole week
    ])
    def test_add_working(self, when, hours, expected):
        assert nights().add_working(msk(*when), hours * HOUR) == msk(*expected)

    @pytest.mark.parametrize("a, b, hours", [
        ((2026, 11, 23, 0), (2026, 11, 30, 0), 40),
        ((2026, 11, 28, 0), (2026, 11, 29, 0), 6),    # Saturday: the end of Friday's shift
        ((2026, 11, 24, 3), (2026, 11, 24, 23), 4),   # 3h of Monday's, 1h of Tuesday's
        ((2026, 11, 24, 6), (2026, 11, 24, 22), 0),   # the day between
    ])
    def test_working_seconds_between(self, a, b, hours):
        assert nights().working_seconds_between(msk(*a), msk(*b)) == hours * HOUR

    def test_end_of_working_day_is_the_next_morning(self):
        s = nights()
        assert s.end_of_working_day(date(2026, 11, 23)) == msk(2026, 11, 24, 6)
        assert s.end_of_working_day(date(2026, 11, 27)) == msk(2026, 11, 28, 6)
        assert s.end_of_working_day(date(2026, 11, 28)) is None

    @pytest.mark.parametrize("anchor, days, expected", [
        ((2026, 11, 27, 23, 0), 1, (2026, 11, 30, 23, 0)),   # Friday night -> Monday night
        ((2026, 11, 28, 2, 0), 1, (2026, 12, 1, 2, 0)),      # Friday's shift -> Monday's
        ((2026, 11, 25, 7, 0), 1, (2026, 11, 26, 6, 0)),     # after Tuesday's: by the end of Wed's
        ((2026, 11, 25, 3, 0), 1, (2026, 11, 26, 3, 0)),     # Tuesday's -> Wednesday's
        ((2026, 11, 24, 22, 0), 1, (2026, 11, 25, 22, 0)),
        ((2026, 11, 23, 12, 0), 1, (2026, 11, 24, 22, 0)),   # before Monday's: Tuesday's start
        ((2026, 11, 28, 12, 0), 1, (2026, 12, 1, 6, 0)),     # Saturday: after Friday's shift
        ((2026, 11, 29, 12, 0), 1, (2026, 11, 30, 22, 0)),   # Sunday: the first shift after it
        ((2026, 11, 24, 3, 0), 5, (2026, 12, 1, 3, 0)),      # a working week
        ((2026, 11, 26, 23, 0, 30), 2, (2026, 11, 30, 23, 0, 30)),  # seconds kept
    ])
    def test_add_business_days_counts_shifts(self, anchor, days, expected):
        result = nights().add_business_days(msk(*anchor), days)
        assert result == msk(*expected)
        assert is_utc(result)

    def test_business_days_on_a_night_with_a_day_part(self):
        s = sched("mon-fri 09:00-13:00,20:00-02:00")
        assert s.add_business_days(msk(2026, 11, 24, 1), 1) == msk(2026, 11, 25, 1)  # Monday's
        assert s.add_business_days(msk(2026, 11, 24, 5), 1) == msk(2026, 11, 25, 2)  # its end
        assert s.add_business_days(msk(2026, 11, 24, 10), 1) == msk(2026, 11, 25, 10)
        assert s.add_business_days(msk(2026, 11, 24, 15), 1) == msk(2026, 11, 25, 20)  # the gap

    def test_a_24_hour_shift_every_third_day(self):
        s = sched("mon 08:00-20:00,20:00-08:00; thu 08:00-20:00,20:00-08:00")
        assert s.is_working_time(msk(2026, 11, 24, 7, 59))
        assert not s.is_working_time(msk(2026, 11, 24, 8))
        assert s.working_seconds_between(msk(2026, 11, 23), msk(2026, 11, 30)) == 48 * HOUR
        assert s.add_business_days(msk(2026, 11, 24, 6), 1) == msk(2026, 11, 27, 6)
        assert s.next_shift_start(msk(2026, 11, 24, 6)) == msk(2026, 11, 26, 8)


class TestNightDayOff:
    FRIDAY = date(2026, 11, 27)

    def test_a_day_off_removes_the_night_that_starts_on_it(self):
        s = nights(days_off={self.FRIDAY})
        assert s.is_working_time(msk(2026, 11, 27, 3))       # Thursday's shift, Friday morning
        assert not s.is_working_time(msk(2026, 11, 27, 23))
        assert not s.is_working_time(msk(2026, 11, 28, 3))   # Friday's night part is gone too
        assert s.working_seconds_between(msk(2026, 11, 23), msk(2026, 11, 30)) == 32 * HOUR
        assert s.end_of_working_day(self.FRIDAY) is None
        assert s.end_of_working_day(date(2026, 11, 26)) == msk(2026, 11, 27, 6)

    def test_exactly_that_night_is_removed(self):
        with_night, without = nights(), nights(days_off={self.FRIDAY})
        minute = msk(2026, 11, 22)
        while minute < msk(2026, 12, 2):
            removed = msk(2026, 11, 27, 22) <= minute < msk(2026, 11, 28, 6)
            assert without.is_working_time(minute) == (with_night.is_working_time(minute)
                                                       and not removed), minute
            minute += timedelta(minutes=10)

    def test_business_days_skip_the_night_off(self):
        s = nights(days_off={self.FRIDAY})
        assert s.add_business_days(msk(2026, 11, 26, 23), 1) == msk(2026, 11, 30, 23)
        assert s.add_business_days(msk(2026, 11, 27, 3), 1) == msk(2026, 12, 1, 3)  # Thu's -> Mon's
        # Saturday 03:00 no longer belongs to Friday: it waits for Monday night
        assert s.add_business_days(msk(2026, 11, 28, 3), 1) == msk(2026, 11, 30, 22)
        assert s.next_shift_start(msk(2026, 11, 26, 23)) == msk(2026, 11, 30, 22)


# =============================================================================================
# DST: wall-clock times skipped or repeated
# =============================================================================================

def berlin(spec: str, days_off=()) -> WorkSchedule:
    return sched(spec, "Europe/Berlin", days_off)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


SPRING_2027, AUTUMN_2027 = date(2027, 3, 28), date(2027, 10, 31)


class TestDstGap:
    def test_a_shift_starting_in_the_gap_starts_when_the_clock_jumps(self):
        s = berlin("mon-sun 02:30-10:00")
        start, end = next(s.intervals_from(utc(2027, 3, 27, 12)))
        assert start == utc(2027, 3, 28, 1)  # 03:00 CEST, not 03:30
        assert start.astimezone(BERLIN).replace(tzinfo=None) == datetime(2027, 3, 28, 3)
        assert end == at(BERLIN, 2027, 3, 28, 10)
        assert s.is_working_time(utc(2027, 3, 28, 1)) and not s.is_working_time(utc(2027, 3, 28, 0, 59))
        assert s.next_working_moment(utc(2027, 3, 27, 23)) == utc(2027, 3, 28, 1)
        assert s.working_seconds_between(utc(2027, 3, 28), utc(2027, 3, 29)) == 7 * HOUR

    def test_a_shift_ending_in_the_gap_ends_when_the_clock_jumps(self):
        s = berlin("mon-sun 23:00-02:30")
        night = (utc(2027, 3, 27, 22), utc(2027, 3, 28, 1))  # 23:00 CET to 03:00 CEST
        assert next(s.intervals_from(utc(2027, 3, 27, 23))) == night
        assert s.end_of_working_day(date(2027, 3, 27)) == utc(2027, 3, 28, 1)
        assert s.working_seconds_between(*night) == 3 * HOUR
        # an ordinary night is 3h30
        assert s.working_seconds_between(utc(2027, 3, 20, 12), utc(2027, 3, 21, 12)) == 3.5 * HOUR

    def test_a_range_entirely_inside_the_gap_does_not_happen_that_day(self):
        s = berlin("mon-sun 02:10-02:50,09:00-12:00")
        assert next(s.intervals_from(utc(2027, 3, 27, 23)))[0] == at(BERLIN, 2027, 3, 28, 9)
        assert s.next_working_moment(utc(2027, 3, 27, 23)) == at(BERLIN, 2027, 3, 28, 9)
        assert s.next_shift_start(at(BERLIN, 2027, 3, 27, 12)) == at(BERLIN, 2027, 3, 28, 9)
        assert s.add_working(at(BERLIN, 2027, 3, 27, 12), 0) == at(BERLIN, 2027, 3, 27, 12)
        assert s.working_seconds_between(utc(2027, 3, 27, 23), utc(2027, 3, 28, 12)) == 3 * HOUR

    def test_times_in_the_repeated_hour_are_the_first_occurrence(self):
        s = berlin("mon-sun 02:30-10:00")
        start, end = next(s.intervals_from(utc(2027, 10, 30, 12)))
        assert start == utc(2027, 10, 31, 0, 30)  # 02:30 CEST, not 02:30 CET an hour later
        assert end == utc(2027, 10, 31, 9)  # 10:00 CET
        night = berlin("mon-sun 23:00-02:30")
        assert next(night.intervals_from(utc(2027, 10, 30, 22))) == \
            (utc(2027, 10, 30, 21), utc(2027, 10, 31, 0, 30))

    def test_the_first_minute_of_the_gap_is_the_jump_too(self):
        # 02:00 itself does not exist either, in Berlin as in New York
        assert next(berlin("mon-sun 02:00-04:00").intervals_from(utc(2027, 3, 27, 12))) == \
            (utc(2027, 3, 28, 1), utc(2027, 3, 28, 2))  # 03:00-04:00 CEST
        s = WorkSchedule.parse("mon-sun 02:00-04:00", "America/New_York")
        assert next(s.intervals_from(utc(2027, 3, 14, 5))) == \
            (utc(2027, 3, 14, 7), utc(2027, 3, 14, 8))  # 03:00-04:00 EDT

    def test_business_days_onto_a_skipped_time_land_on_the_jump(self):
        s = berlin("mon-sun 22:00-06:00")
        # Saturday 02:30 belongs to Friday's shift; Saturday's shift has no 02:30 on Sunday.
        assert s.add_business_days(at(BERLIN, 2027, 3, 27, 2, 30), 1) == utc(2027, 3, 28, 1)
        assert s.add_business_days(at(BERLIN, 2027, 3, 27, 2, 30, 40), 1) == utc(2027, 3, 28, 1)


class TestNightShiftsOverDst:
    EVERY_NIGHT = "mon-sun 22:00-06:00"

    @pytest.mark.parametrize("saturday, start_utc, end_utc, hours", [
        ((2027, 3, 27), utc(2027, 3, 27, 21), utc(2027, 3, 28, 4), 7),    # 22:00 CET - 06:00 CEST
        ((2027, 10, 30), utc(2027, 10, 30, 20), utc(2027, 10, 31, 5), 9),  # 22:00 CEST - 06:00 CET
        ((2027, 3, 20), utc(2027, 3, 20, 21), utc(2027, 3, 21, 5), 8),
    ])
    def test_the_dst_night_is_an_hour_shorter_or_longer(self, saturday, start_utc, end_utc, hours):
        s = berlin(self.EVERY_NIGHT)
        assert next(s.intervals_from(at(BERLIN, *saturday, 12))) == (start_utc, end_utc)
        assert s.end_of_working_day(date(*saturday)) == end_utc
        assert s.working_seconds_between(at(BERLIN, *saturday, 12),
                                         at(BERLIN, *days_later(saturday, 1), 12)) == hours * HOUR
        assert s.add_working(start_utc, hours * HOUR) == end_utc

    @pytest.mark.parametrize("when, working", [
        (utc(2027, 3, 28, 0, 59), True),   # 01:59 CET
        (utc(2027, 3, 28, 1, 0), True),    # 03:00 CEST
        (utc(2027, 3, 28, 3, 59), True),   # 05:59 CEST
        (utc(2027, 3, 28, 4, 0), False),   # 06:00 CEST
        (utc(2027, 10, 31, 0, 30), True),  # 02:30 CEST
        (utc(2027, 10, 31, 1, 30), True),  # 02:30 CET, the second time
        (utc(2027, 10, 31, 4, 59), True),  # 05:59 CET
        (utc(2027, 10, 31, 5, 0), False),
    ])
    def test_is_working_time_through_the_dst_night(self, when, working):
        assert berlin(self.EVERY_NIGHT).is_working_time(when) is working

    @pytest.mark.parametrize("anchor, expected_local, real_hours", [
        # Saturday 23:00 -> Sunday 23:00 keeps the wall clock over both DST nights
        (at(BERLIN, 2027, 3, 27, 23), datetime(2027, 3, 28, 23), 23),
        (at(BERLIN, 2027, 10, 30, 23), datetime(2027, 10, 31, 23), 25),
        # Sunday 01:30 (Saturday's shift) -> Monday 01:30 (Sunday's)
        (at(BERLIN, 2027, 3, 28, 1, 30), datetime(2027, 3, 29, 1, 30), 23),
        (at(BERLIN, 2027, 10, 31, 1, 30), datetime(2027, 11, 1, 1, 30), 25),
        # Sunday 05:00 CEST/CET, after the change -> Monday 05:00
        (at(BERLIN, 2027, 3, 28, 5), datetime(2027, 3, 29, 5), 24),
        (at(BERLIN, 2027, 10, 31, 5), datetime(2027, 11, 1, 5), 24),
        # Friday's shift -> Saturday's, on the DST night
        (at(BERLIN, 2027, 3, 27, 4), datetime(2027, 3, 28, 4), 23),
        (at(BERLIN, 2027, 10, 30, 4), datetime(2027, 10, 31, 4), 25),
    ])
    def test_daily_keeps_the_wall_clock_over_the_dst_night(self, anchor, expected_local, real_hours):
        due = berlin(self.EVERY_NIGHT).add_business_days(anchor, 1)
        assert due.astimezone(BERLIN).replace(tzinfo=None) == expected_local
        assert due - anchor == timedelta(hours=real_hours)

    def test_the_repeated_hour_counts_once_per_occurrence(self):
        s = berlin(self.EVERY_NIGHT)
        # 02:30 CEST and 02:30 CET are both in Saturday's shift, an hour apart in working time
        first, second = utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 30)
        assert s.working_seconds_between(first, second) == HOUR
        assert s.add_working(first, HOUR) == second
        # daily from either: the (single) 02:30 of Sunday's shift, on Monday
        assert s.add_business_days(first, 1) == s.add_business_days(second, 1) == \
            at(BERLIN, 2027, 11, 1, 2, 30)

    def test_friday_night_to_monday_night_over_the_spring_weekend(self):
        s = berlin(NIGHTS)
        anchor = at(BERLIN, 2027, 3, 26, 23)  # CET
        due = s.add_business_days(anchor, 1)
        assert due == at(BERLIN, 2027, 3, 29, 23)  # CEST
        assert due - anchor == timedelta(hours=71)


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
    "nights-berlin-holidays": sched(NIGHTS, "Europe/Berlin",
                                    days_off={date(2026, 3, 27), date(2026, 10, 23), date(2026, 12, 24)}),
    "every-night-ny": sched("mon-sun 22:00-06:00", "America/New_York"),
    "day-and-night-berlin": sched("mon-fri 09:00-13:00,20:00-02:00; sat 02:30-10:00", "Europe/Berlin"),
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


def shift_bounds(s: WorkSchedule, day: date) -> tuple[datetime, datetime]:
    """The first start and the last end of the shift that starts on `day`."""
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=s.tz)
    start = next(a for a, _b in s.intervals_from(midnight) if a >= midnight)
    return start, s.end_of_working_day(day)


@PROPS
@given(schedules, instants.map(lambda d: d.replace(second=0)), st.integers(1, 6))
def test_add_business_days_lands_in_the_shift_n_working_days_later(s, t, days):
    due = s.add_business_days(t, days)
    assert due > t
    assert s.next_working_moment(due) == due  # never outside working hours
    # the shift `days` working days after the one the anchor belongs to (its local date's unless
    # it is the morning or the day after a night shift)
    later = [s.shift_of(t).day + timedelta(days=i) for i in range(1, 60)]
    target = [d for d in later if s.is_working_day(d)][days - 1]
    start, end = shift_bounds(s, target)
    assert start <= due <= end


# =============================================================================================
# An independent oracle: working minutes from the wall clock alone, minute by minute
# =============================================================================================

def wall_clock_flags(s: WorkSchedule, first: datetime, minutes: int) -> list[bool]:
    """For each minute from `first` (UTC), whether it is working time, judged from the wall clock.

    A range [a, b) of day D runs from the first moment the wall clock reads D+a or later to the
    first moment it reads D+b or later. The highest reading so far (`peak`) tells both: it jumps
    with the clock over the spring-forward gap and waits while the fall-back repeats an hour."""
    flags: list[bool] = []
    peak = None
    for i in range(-24 * 60, minutes):  # a day's lead so that `peak` is right from the start
        wall = (first + timedelta(minutes=i)).astimezone(s.tz).replace(tzinfo=None)
        peak = wall if peak is None or wall > peak else peak
        if i < 0:
            continue
        on = False
        for day in (peak.date() - timedelta(days=1), peak.date()):
            if day in s.days_off:
                continue
            midnight = datetime(day.year, day.month, day.day)
            on = on or any(midnight + timedelta(minutes=a) <= peak < midnight + timedelta(minutes=b)
                           for a, b in s.week[day.weekday()])
        flags.append(on)
    return flags


ORACLE_CASES = {  # schedule, first minute (UTC), days
    "nights-msk-friday-off": (sched(NIGHTS, "Europe/Moscow", days_off={date(2026, 11, 27)}),
                              utc(2026, 11, 16), 21),
    "nights-berlin-spring": (sched(NIGHTS, "Europe/Berlin", days_off={date(2027, 3, 31)}),
                             utc(2027, 3, 15), 21),
    "every-night-berlin-spring": (sched("mon-sun 22:00-06:00", "Europe/Berlin"), utc(2027, 3, 22), 14),
    "every-night-berlin-autumn": (sched("mon-sun 22:00-06:00", "Europe/Berlin"), utc(2027, 10, 25), 14),
    "gap-edges-berlin-spring": (sched("mon-sun 02:30-04:00,20:00-02:15", "Europe/Berlin"),
                                utc(2027, 3, 22), 14),
    "gap-edges-berlin-autumn": (sched("mon-sun 02:30-04:00,20:00-02:15", "Europe/Berlin"),
                                utc(2027, 10, 25), 14),
    "day-and-night-ny-spring": (sched("mon-fri 09:00-13:00,20:00-02:00; sat 10:00-14:00",
                                      "America/New_York"), utc(2027, 3, 8), 14),
    "day-and-night-ny-autumn": (sched("mon-fri 09:00-13:00,20:00-02:00; sat 10:00-14:00",
                                      "America/New_York"), utc(2027, 11, 1), 14),
    "touching-msk-tuesday-off": (sched("mon-fri 22:00-06:00; sat 06:00-10:00", "Europe/Moscow",
                                       days_off={date(2026, 11, 24)}), utc(2026, 11, 16), 21),
    "24-hour-shifts-berlin-autumn": (sched("mon 08:00-20:00,20:00-08:00; thu 08:00-20:00,20:00-08:00",
                                           "Europe/Berlin"), utc(2027, 10, 18), 21),
}


@lru_cache(maxsize=None)
def oracle(name: str) -> tuple[WorkSchedule, datetime, list[bool], list[int]]:
    """The schedule, its first minute, the flags, and the running count of working minutes."""
    s, first, days = ORACLE_CASES[name]
    flags = wall_clock_flags(s, first, days * 1440)
    counts = [0]
    for flag in flags:
        counts.append(counts[-1] + flag)
    return s, first, flags, counts


oracle_names = st.sampled_from(sorted(ORACLE_CASES))
ORACLE_PROPS = settings(PROPS, max_examples=300)


def test_the_oracle_sees_the_dst_nights():
    _s, first, flags, _counts = oracle("every-night-berlin-spring")
    night = [first + timedelta(minutes=i) for i, on in enumerate(flags) if on
             and utc(2027, 3, 27, 12) <= first + timedelta(minutes=i) < utc(2027, 3, 28, 12)]
    assert (night[0], night[-1], len(night)) == (utc(2027, 3, 27, 21), utc(2027, 3, 28, 3, 59), 7 * 60)
    _s, first, flags, _counts = oracle("every-night-berlin-autumn")
    night = [i for i, on in enumerate(flags) if on
             and utc(2027, 10, 30, 12) <= first + timedelta(minutes=i) < utc(2027, 10, 31, 12)]
    assert len(night) == 9 * 60


@ORACLE_PROPS
@given(oracle_names, st.data())
def test_working_time_agrees_with_the_wall_clock_oracle(name, data):
    s, first, flags, counts = oracle(name)
    a = data.draw(st.integers(0, len(flags) - 1))
    b = data.draw(st.integers(a, len(flags)))
    t_a, t_b = first + timedelta(minutes=a), first + timedelta(minutes=b)
    assert s.is_working_time(t_a) is flags[a]
    assert s.working_seconds_between(t_a, t_b) == 60 * (counts[b] - counts[a])


@ORACLE_PROPS
@given(oracle_names, st.data())
def test_add_working_and_next_working_moment_agree_with_the_oracle(name, data):
    s, first, flags, counts = oracle(name)
    a = data.draw(st.integers(1, len(flags) - 1))
    minutes = data.draw(st.integers(1, 40 * 60))
    t_a = first + timedelta(minutes=a)
    # the instant the `minutes`-th working minute after `a` ends
    k = bisect_left(counts, counts[a] + minutes)
    assume(k < len(counts))
    assert s.add_working(t_a, minutes * 60) == first + timedelta(minutes=k)
    # `a` itself when working or just at the end of working time, else the next start
    if flags[a] or flags[a - 1]:
        expected = a
    else:
        expected = next((i for i in range(a, len(flags)) if flags[i]), None)
        assume(expected is not None)
    assert s.next_working_moment(t_a) == first + timedelta(minutes=expected)


def night_runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The stretches of working minutes [start, end) in the flags."""
    runs, start = [], None
    for i, on in enumerate(flags + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i))
            start = None
    return runs


@ORACLE_PROPS
@given(st.data(), st.integers(1, 5))
def test_business_days_on_night_shifts_agree_with_the_oracle(data, days):
    """"mon-fri 22:00-06:00" in Moscow (no DST), Friday 27 Nov off, with the rule stated on the
    oracle's stretches of working time: inside a night, the same point of the night `days` nights
    later; after a night that began the day before, the end of the night `days` later; before a
    night starting that day, the start of the night `days` later; on a day without a night, the
    `days`-th night after it, at the same time of night clamped into it."""
    s, first, flags, _counts = oracle("nights-msk-friday-off")
    runs = night_runs(flags)
    a = data.draw(st.integers(runs[0][1], runs[-days - 2][0]))  # room on both sides
    t_a = first + timedelta(minutes=a)
    local_day = t_a.astimezone(MSK).date()
    starts = [start for start, _end in runs]
    j = bisect_right(starts, a)  # the first night starting after `a`
    i = j - 1  # the last one starting at or before it

    def night_day(n: int) -> date:
        return (first + timedelta(minutes=runs[n][0])).astimezone(MSK).date()

    if runs[i][0] <= a < runs[i][1]:
        expected = runs[i + days][0] + (a - runs[i][0])
    elif night_day(i) == local_day - timedelta(days=1):
        expected = runs[i + days][1]
    elif night_day(j) == local_day:
        expected = runs[j + days][0]
    else:
        since_start = (t_a.astimezone(MSK).hour - 22) * 60 + t_a.astimezone(MSK).minute
        night = runs[j + days - 1]
        expected = night[0] + min(max(since_start, 0), night[1] - night[0])
    assert s.add_business_days(t_a, days) == first + timedelta(minutes=expected)
