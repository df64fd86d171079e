"""Update cadences ("keep the client informed every …") and the early warning before a promise.

Mon 23 Nov 2026 is a plain Monday; the default schedule is mon-fri 09:00-18:00 in Moscow.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.cadence import Cadence, CadenceError, promise_warning_at
from companion.core.schedule import WorkSchedule

UTC = timezone.utc
MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")
HOUR = 3600

PROPS = settings(max_examples=200, deadline=None, database=None)


def at(tz: ZoneInfo, *args) -> datetime:
    return datetime(*args, tzinfo=tz)


def msk(*args) -> datetime:
    return at(MSK, *args)


@pytest.fixture
def office():
    return WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")


# =============================================================================================
# Cadence.parse
# =============================================================================================

class TestParse:
    @pytest.mark.parametrize("text", [None, "", "  ", "none", "None", "NONE", "-", "0"])
    def test_no_cadence(self, text):
        cadence = Cadence.parse(text)
        assert cadence == Cadence.NONE
        assert cadence.is_none
        assert cadence.code == "none"

    @pytest.mark.parametrize("text, kind, amount, code", [
        ("4h", "hours", 4, "4h"),
        ("4 h", "hours", 4, "4h"),
        ("4H", "hours", 4, "4h"),
        ("1h", "hours", 1, "1h"),
        ("200h", "hours", 200, "200h"),
        ("1d", "days", 1, "1d"),
        ("2d", "days", 2, "2d"),
        ("1w", "weeks", 1, "1w"),
        ("daily", "days", 1, "1d"),
        (" Daily ", "days", 1, "1d"),
        ("every-2-days", "days", 2, "2d"),
        ("weekly", "weeks", 1, "1w"),
    ])
    def test_understood_cadences(self, text, kind, amount, code):
        cadence = Cadence.parse(text)
        assert (cadence.kind, cadence.amount) == (kind, amount)
        assert cadence.code == code
        assert not cadence.is_none

    @pytest.mark.parametrize("code", ["none", "1h", "4h", "200h", "1d", "2d", "1w", "3w"])
    def test_code_round_trips(self, code):
        assert Cadence.parse(code).code == code
        assert Cadence.parse(Cadence.parse(code).code) == Cadence.parse(code)

    @pytest.mark.parametrize("text, message", [
        ("soon", r"cannot read the cadence 'soon'.*none, Nh \(working hours\), 1d, 2d or 1w"),
        ("4x", r"cannot read the cadence '4x'"),
        ("h", r"cannot read the cadence 'h'"),
        ("-4h", r"cannot read the cadence '-4h'"),
        ("1.5h", r"cannot read the cadence '1.5h'"),
        ("every day", r"cannot read the cadence 'every day'"),
        ("1000d", r"cannot read the cadence '1000d'"),
        ("0h", r"the cadence '0h' must be at least 1"),
        ("0d", r"must be at least 1"),
        ("201h", r"201 working hours is too long; use days or weeks"),
    ])
    def test_bad_cadence_is_a_value_error_saying_what_is_wrong(self, text, message):
        with pytest.raises(ValueError, match=message) as info:
            Cadence.parse(text)
        assert isinstance(info.value, CadenceError)


# =============================================================================================
# Cadence.next_due
# =============================================================================================

class TestNextDue:
    def test_no_cadence_is_never_due(self, office):
        assert Cadence.NONE.next_due(msk(2026, 11, 23, 10), office) is None

    @pytest.mark.parametrize("cadence, anchor, due", [
        ("4h", (2026, 11, 23, 10, 0), (2026, 11, 23, 14, 0)),    # same day
        ("4h", (2026, 11, 23, 16, 0), (2026, 11, 24, 11, 0)),    # 2h today, 2h tomorrow
        ("4h", (2026, 11, 27, 16, 0), (2026, 11, 30, 11, 0)),    # Friday -> Monday
        ("4h", (2026, 11, 28, 12, 0), (2026, 11, 30, 13, 0)),    # Saturday: counts from Monday 09:00
        ("4h", (2026, 11, 23, 6, 0), (2026, 11, 23, 13, 0)),     # early: counts from 09:00
        ("9h", (2026, 11, 23, 9, 0), (2026, 11, 23, 18, 0)),     # a whole day, due at closing
        ("1d", (2026, 11, 23, 15, 0), (2026, 11, 24, 15, 0)),
        ("daily", (2026, 11, 27, 15, 0), (2026, 11, 30, 15, 0)), # Friday -> Monday same time
        ("1d", (2026, 11, 23, 3, 0), (2026, 11, 24, 9, 0)),      # 03:00 -> start of the shift
        ("1d", (2026, 11, 27, 3, 0), (2026, 11, 30, 9, 0)),
        ("1d", (2026, 11, 23, 21, 0), (2026, 11, 24, 18, 0)),    # after hours: by end of day
        ("1d", (2026, 11, 23, 7, 0), (2026, 11, 24, 9, 0)),      # before the shift: its start
        ("1d", (2026, 11, 27, 19, 0), (2026, 11, 30, 18, 0)),    # Friday evening: Monday's end
        ("2d", (2026, 11, 26, 11, 0), (2026, 11, 30, 11, 0)),    # Thursday -> Monday
        ("1w", (2026, 11, 23, 10, 0), (2026, 11, 30, 10, 0)),
        ("weekly", (2026, 11, 27, 15, 0), (2026, 12, 4, 15, 0)),
        ("2w", (2026, 11, 23, 10, 0), (2026, 12, 7, 10, 0)),
    ])
    def test_office_hours(self, office, cadence, anchor, due):
        result = Cadence.parse(cadence).next_due(msk(*anchor), office)
        assert result.astimezone(MSK) == msk(*due)
        assert result.utcoffset() == timedelta(0)

    def test_hours_skip_the_lunch_break(self):
        s = WorkSchedule.parse("mon-fri 09:00-13:00,14:00-18:00", "Europe/Berlin")
        assert Cadence.parse("2h").next_due(at(BERLIN, 2026, 11, 23, 12), s) == \
            at(BERLIN, 2026, 11, 23, 15)

    def test_days_skip_days_off(self):
        s = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow",
                               days_off={date(2026, 11, 30)})
        assert Cadence.parse("1d").next_due(msk(2026, 11, 27, 15), s) == msk(2026, 12, 1, 15)

    def test_a_week_is_the_schedule_s_working_days(self):
        six_day_week = WorkSchedule.parse("mon-sat 09:00-18:00", "Europe/Moscow")
        assert Cadence.parse("1w").next_due(msk(2026, 11, 24, 10), six_day_week) == \
            msk(2026, 12, 1, 10)

    def test_a_week_counts_business_days_so_a_holiday_pushes_it(self):
        s = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow",
                               days_off={date(2026, 11, 25)})
        assert Cadence.parse("1w").next_due(msk(2026, 11, 23, 10), s) == msk(2026, 12, 1, 10)

    @pytest.mark.parametrize("tz, friday, monday", [
        (BERLIN, (2026, 3, 27), (2026, 3, 30)),
        (BERLIN, (2026, 10, 23), (2026, 10, 26)),
        (NY, (2026, 3, 6), (2026, 3, 9)),
        (NY, (2026, 10, 30), (2026, 11, 2)),
    ])
    def test_daily_over_a_dst_weekend_keeps_the_local_time(self, tz, friday, monday):
        s = WorkSchedule.parse("mon-fri 09:00-18:00", tz)
        due = Cadence.parse("daily").next_due(at(tz, *friday, 15), s)
        assert due == at(tz, *monday, 15)
        assert due.astimezone(tz).hour == 15

    @pytest.mark.parametrize("tz, friday, monday", [
        (BERLIN, (2026, 3, 27), (2026, 3, 30)),
        (NY, (2026, 10, 30), (2026, 11, 2)),
    ])
    def test_hourly_cadence_over_a_dst_weekend(self, tz, friday, monday):
        s = WorkSchedule.parse("mon-fri 09:00-18:00", tz)
        due = Cadence.parse("4h").next_due(at(tz, *friday, 16), s)
        assert due == at(tz, *monday, 11)


class TestNextDueOnNightShifts:
    """"mon-fri 22:00-06:00": five nights, Mon 23 Nov 22:00 to Sat 28 Nov 06:00 in Moscow."""

    @pytest.fixture
    def nights(self):
        return WorkSchedule.parse("mon-fri 22:00-06:00", "Europe/Moscow")

    @pytest.mark.parametrize("cadence, anchor, due", [
        ("1d", (2026, 11, 27, 23, 0), (2026, 11, 30, 23, 0)),   # Friday night: Monday night
        ("1d", (2026, 11, 28, 2, 0), (2026, 12, 1, 2, 0)),      # Friday's night: Monday's
        ("1d", (2026, 11, 25, 7, 0), (2026, 11, 26, 6, 0)),     # after Tuesday's: Wednesday's end
        ("1d", (2026, 11, 24, 1, 0), (2026, 11, 25, 1, 0)),     # Monday's night: Tuesday's
        ("1d", (2026, 11, 23, 12, 0), (2026, 11, 24, 22, 0)),   # before Monday's: Tuesday's start
        ("1d", (2026, 11, 28, 12, 0), (2026, 12, 1, 6, 0)),     # Saturday: after Friday's night
        ("1d", (2026, 11, 29, 23, 0), (2026, 11, 30, 23, 0)),   # Sunday: Monday's night
        ("2d", (2026, 11, 26, 23, 0), (2026, 11, 30, 23, 0)),   # Thursday's: Monday's
        ("1w", (2026, 11, 24, 3, 0), (2026, 12, 1, 3, 0)),      # five nights
        ("4h", (2026, 11, 23, 23, 0), (2026, 11, 24, 3, 0)),    # across midnight
        ("4h", (2026, 11, 24, 4, 0), (2026, 11, 25, 0, 0)),     # 2h, then 2h of the next night
        ("4h", (2026, 11, 28, 4, 0), (2026, 12, 1, 0, 0)),      # Friday's night to Monday's
        ("4h", (2026, 11, 24, 12, 0), (2026, 11, 25, 2, 0)),    # by day: from the next start
        ("8h", (2026, 11, 23, 22, 0), (2026, 11, 24, 6, 0)),    # a whole night, due at its end
    ])
    def test_night_shifts(self, nights, cadence, anchor, due):
        result = Cadence.parse(cadence).next_due(msk(*anchor), nights)
        assert result == msk(*due)
        assert result.utcoffset() == timedelta(0)

    def test_a_night_off_is_skipped_whole(self):
        s = WorkSchedule.parse("mon-fri 22:00-06:00", "Europe/Moscow", days_off={date(2026, 11, 30)})
        assert Cadence.parse("1d").next_due(msk(2026, 11, 27, 23), s) == msk(2026, 12, 1, 23)
        assert Cadence.parse("4h").next_due(msk(2026, 11, 28, 4), s) == msk(2026, 12, 2, 0)

    @pytest.mark.parametrize("anchor, due, real_hours", [
        # every night in Berlin; the DST nights of 2027 are Sat 27 Mar and Sat 30 Oct
        ((2027, 3, 27, 23), (2027, 3, 28, 23), 23),
        ((2027, 3, 28, 1), (2027, 3, 29, 1), 23),     # Saturday's night, before the jump
        ((2027, 10, 30, 23), (2027, 10, 31, 23), 25),
        ((2027, 10, 31, 1), (2027, 11, 1, 1), 25),    # Saturday's night, before the repeat
    ])
    def test_daily_keeps_the_wall_clock_over_the_dst_night(self, anchor, due, real_hours):
        s = WorkSchedule.parse("mon-sun 22:00-06:00", "Europe/Berlin")
        result = Cadence.parse("1d").next_due(at(BERLIN, *anchor), s)
        assert result == at(BERLIN, *due)
        assert result - at(BERLIN, *anchor) == timedelta(hours=real_hours)

    @pytest.mark.parametrize("anchor_utc, due_utc", [
        # 4 working hours from Saturday 23:00 CET: 01:00 CET (00:00 UTC) + the jump = 04:00 CEST
        (datetime(2027, 3, 27, 22, tzinfo=UTC), datetime(2027, 3, 28, 2, tzinfo=UTC)),
        # from Saturday 23:00 CEST: 02:00 CEST, then the repeated hour counts again
        (datetime(2027, 10, 30, 21, tzinfo=UTC), datetime(2027, 10, 31, 1, tzinfo=UTC)),
    ])
    def test_hours_over_the_dst_night_are_real_hours(self, anchor_utc, due_utc):
        s = WorkSchedule.parse("mon-sun 22:00-06:00", "Europe/Berlin")
        assert Cadence.parse("4h").next_due(anchor_utc, s) == due_utc

    def test_promise_warning_reaches_back_over_midnight_and_the_weekend(self, nights):
        assert promise_warning_at(msk(2026, 11, 24, 1), nights, 2) == msk(2026, 11, 23, 23)
        assert promise_warning_at(msk(2026, 11, 30, 23), nights, 2) == msk(2026, 11, 28, 5)
        # promised for Sunday noon: the last two hours of Friday's night
        assert promise_warning_at(msk(2026, 11, 29, 12), nights, 2) == msk(2026, 11, 28, 4)


@PROPS
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30),
                    timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
       st.integers(1, 200))
def test_hour_cadence_on_night_shifts_is_exactly_that_much_working_time(anchor, hours):
    s = WorkSchedule.parse("mon-fri 22:00-06:00; sat 10:00-14:00", "Europe/Berlin")
    due = Cadence("hours", hours).next_due(anchor, s)
    assert due > anchor
    assert s.working_seconds_between(anchor, due) == hours * HOUR
    assert s.next_working_moment(due) == due


@PROPS
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30),
                    timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
       st.integers(1, 4 * 16).map(lambda quarters: quarters / 4))
def test_warning_on_night_shifts_is_never_late_and_at_most_a_second_early(promised, hours):
    s = WorkSchedule.parse("mon-sun 22:00-06:00", "Europe/Berlin")
    warning = promise_warning_at(promised, s, hours)
    assert warning < promised
    worked = s.working_seconds_between(warning, promised)
    assert hours * HOUR <= worked <= hours * HOUR + 1


@PROPS
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30),
                    timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
       st.integers(1, 200))
def test_hour_cadence_is_exactly_that_much_working_time(anchor, hours):
    s = WorkSchedule.parse("mon-fri 09:00-13:00,14:00-18:00", "Europe/Berlin")
    due = Cadence("hours", hours).next_due(anchor, s)
    assert due > anchor
    assert s.working_seconds_between(anchor, due) == hours * HOUR
    assert s.next_working_moment(due) == due


# =============================================================================================
# promise_warning_at
# =============================================================================================

class TestPromiseWarning:
    def test_two_working_hours_before_tuesday_ten_is_monday_five_pm(self, office):
        assert promise_warning_at(msk(2026, 11, 24, 10), office, 2) == msk(2026, 11, 23, 17)

    def test_one_working_hour_before_tuesday_ten_is_the_start_of_tuesday(self, office):
        assert promise_warning_at(msk(2026, 11, 24, 10), office, 1) == msk(2026, 11, 24, 9)

    @pytest.mark.parametrize("promised, hours, warning", [
        ((2026, 11, 24, 10, 0), 4, (2026, 11, 23, 15, 0)),
        ((2026, 11, 24, 10, 0), 9, (2026, 11, 23, 10, 0)),
        ((2026, 11, 24, 10, 30), 2.5, (2026, 11, 23, 17, 0)),
    ])
    def test_warning_crosses_the_night(self, office, promised, hours, warning):
        assert promise_warning_at(msk(*promised), office, hours) == msk(*warning)

    @pytest.mark.parametrize("promised, hours", [
        ((2026, 11, 24, 10, 0), 2),
        ((2026, 11, 24, 10, 0), 1),
        ((2026, 11, 30, 10, 0), 2),     # Monday: the warning comes on Friday
        ((2026, 11, 23, 15, 0), 0.5),   # same day
        ((2026, 11, 28, 12, 0), 2),     # promised on a Saturday
    ])
    def test_warning_is_within_a_second_of_the_exact_working_time(self, office, promised, hours):
        promise = msk(*promised)
        warning = promise_warning_at(promise, office, hours)
        assert hours * HOUR <= office.working_seconds_between(warning, promise) <= hours * HOUR + 1

    def test_monday_promise_is_warned_on_friday(self, office):
        warning = promise_warning_at(msk(2026, 11, 30, 10), office, 2)
        assert msk(2026, 11, 27, 16, 59) <= warning <= msk(2026, 11, 27, 17)

    def test_zero_or_negative_hours_warn_at_the_promise_itself(self, office):
        promise = msk(2026, 11, 24, 10)
        assert promise_warning_at(promise, office, 0) == promise
        assert promise_warning_at(promise, office, -1) == promise

    def test_lunch_break_is_not_counted(self):
        s = WorkSchedule.parse("mon-fri 09:00-13:00,14:00-18:00", "Europe/Berlin")
        warning = promise_warning_at(at(BERLIN, 2026, 11, 23, 15), s, 2)
        assert at(BERLIN, 2026, 11, 23, 11, 59, 59) <= warning <= at(BERLIN, 2026, 11, 23, 12)


@PROPS
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 30),
                    timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
       st.integers(1, 4 * 16).map(lambda quarters: quarters / 4))
def test_warning_is_never_late_and_at_most_a_second_early(promised, hours):
    s = WorkSchedule.parse("mon-fri 09:00-18:00", "America/New_York")
    warning = promise_warning_at(promised, s, hours)
    assert warning < promised
    worked = s.working_seconds_between(warning, promised)
    assert hours * HOUR <= worked <= hours * HOUR + 1
