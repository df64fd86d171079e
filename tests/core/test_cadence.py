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
