"""A week of night shifts, "mon-fri 22:00-06:00", driven on a fake clock.

Each night belongs to the day it starts on: Monday's runs from Monday 22:00 to Tuesday 06:00 and
Friday's ends on Saturday morning. Two tickets are kept, one updated daily (counted in nights) and
one every 4 working hours; the agent updates them at all sorts of moments (early and late in a
night, after it, by day, at the weekend) and the reminder planner is run between updates the way
the app runs it: wake at `next_wake`, deliver, remember what was delivered.

The same week runs in Moscow (no DST) and in Berlin over the spring-forward weekend of 2027
(Mon 22 Mar to Tue 30 Mar: Friday's night is CET, Monday's CEST). Wall-clock times are the same
in both; only the real hours between them differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.cadence import Cadence
from companion.core.clock import FakeClock
from companion.core.reminders import items_for, plan
from companion.core.schedule import WorkSchedule
from companion.core.tickets import DueInfo

UTC = timezone.utc
HOUR = 3600
NIGHTS = "mon-fri 22:00-06:00"
WEEKS = {  # zone -> the Monday the week starts on
    "Europe/Moscow": date(2026, 11, 23),
    "Europe/Berlin": date(2027, 3, 22),  # DST starts Sun 28 Mar
}
DAYS = {name: i for i, name in enumerate(
    ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon2", "tue2", "wed2"))}


class Week:
    """Wall-clock times of one week in one zone: week("tue", "03:00")."""

    def __init__(self, zone: str, days_off: tuple[str, ...] = ()):
        self.tz = ZoneInfo(zone)
        self.monday = WEEKS[zone]
        self.schedule = WorkSchedule.parse(NIGHTS, zone, [self.day(d) for d in days_off])

    def day(self, name: str) -> date:
        return self.monday + timedelta(days=DAYS[name])

    def __call__(self, day: str, clock: str) -> datetime:
        hours, minutes = map(int, clock.split(":"))
        return datetime.combine(self.day(day), time(hours, minutes), tzinfo=self.tz).astimezone(UTC)


def in_a_night(when: datetime, tz: ZoneInfo, end_included: bool = True) -> bool:
    """Inside a night shift, from the wall clock alone: Monday to Friday from 22:00, or Tuesday to
    Saturday up to 06:00 (a due time or a reminder may be at 06:00 itself: the end of a night)."""
    local = when.astimezone(tz)
    second = local.hour * 3600 + local.minute * 60 + local.second
    morning = second <= 6 * HOUR if end_included else second < 6 * HOUR
    return (local.weekday() <= 4 and second >= 22 * HOUR) or (1 <= local.weekday() <= 5 and morning)


def night_of(when: datetime, tz: ZoneInfo) -> date:
    """The night a moment belongs to, by the rule: its date's, unless the previous day had a night
    and the moment is before this date's night starts (or this date has none)."""
    local = when.astimezone(tz)
    day = local.date()
    previous = day - timedelta(days=1)
    if previous.weekday() <= 4 and (day.weekday() > 4 or local.hour < 22):
        return previous
    return day


# =============================================================================================
# The agent's week on a fake clock
# =============================================================================================

CADENCES = {"T-1": Cadence.parse("1d"), "T-2": Cadence.parse("4h")}


@dataclass(frozen=True)
class Update:
    day: str
    clock: str
    key: str
    due: tuple[str, str]  # the next update is then due at


# The ticket is taken (or updated) at `day clock`; its next update is then due at `due`.
SCRIPT = [
    Update("mon", "22:10", "T-1", ("tue", "22:10")),   # taken at the start of Monday's night
    Update("mon", "22:10", "T-2", ("tue", "02:10")),
    Update("tue", "02:30", "T-2", ("tue", "22:30")),   # 3h30 left of Monday's night, 30 min of Tuesday's
    Update("tue", "03:00", "T-1", ("wed", "03:00")),   # after midnight: still Monday's night
    Update("tue", "07:30", "T-1", ("wed", "06:00")),   # after Monday's night: by the end of Tuesday's
    Update("tue", "12:00", "T-2", ("wed", "02:00")),   # by day: counted from 22:00
    Update("wed", "05:00", "T-2", ("thu", "01:00")),   # 1h left, 3h of Wednesday's night
    Update("wed", "05:59", "T-1", ("thu", "05:59")),
    Update("wed", "23:00", "T-1", ("thu", "23:00")),
    Update("thu", "01:05", "T-2", ("thu", "05:05")),
    Update("fri", "22:00", "T-2", ("sat", "02:00")),   # late: updated at the start of Friday's night
    Update("fri", "23:00", "T-1", ("mon2", "23:00")),  # Friday's night -> Monday's, not Saturday
    Update("sat", "02:00", "T-1", ("tue2", "02:00")),  # Saturday 02:00 is Friday's night
    Update("sat", "05:00", "T-2", ("tue2", "01:00")),  # 1h of Friday's night, 3h of Monday's
    Update("sat", "09:00", "T-1", ("tue2", "06:00")),  # Saturday by day: after Friday's night
    Update("sun", "20:00", "T-1", ("mon2", "22:00")),  # Sunday: the start of Monday's night
]

# What the reminders say, and when: every one inside a night.
FIRED = [
    (("tue", "02:10"), "T-2"),
    (("wed", "02:00"), "T-2"),
    (("thu", "01:00"), "T-2"),
    (("thu", "05:05"), "T-2"),
    (("thu", "23:00"), "T-1"),   # updated only on Friday night
    (("sat", "02:00"), "T-2"),   # the same minute T-1 is updated: T-2 was due
    (("mon2", "22:00"), "T-1"),
    (("tue2", "01:00"), "T-2"),
]


@dataclass
class Desk:
    """The agent's tickets and the reminder loop, on a fake clock."""

    week: Week
    clock: FakeClock
    due: dict[str, datetime]
    delivered: set[str]
    fired: list[tuple[datetime, str]]

    @classmethod
    def open(cls, week: Week, start: datetime) -> "Desk":
        return cls(week, FakeClock(start), {}, set(), [])

    def infos(self) -> list[DueInfo]:
        return [DueInfo(n, key, "client", "subject", due, None, None)
                for n, (key, due) in enumerate(sorted(self.due.items()), 1)]

    def run_until(self, until: datetime) -> None:
        """Wake, deliver and re-arm as the app does, up to and including `until`."""
        while True:
            result = plan(self.infos(), self.week.schedule, self.clock.now(), self.delivered,
                          warning_hours=2.0)
            for item in result.fire:
                self.fired.append((self.clock.now(), item.key))
                self.delivered.add(item.instance)
            if result.next_wake is None or result.next_wake > until:
                break
            self.clock.set(result.next_wake)
        self.clock.set(until)

    def update(self, key: str) -> datetime:
        self.due[key] = CADENCES[key].next_due(self.clock.now(), self.week.schedule)
        return self.due[key]


@pytest.mark.parametrize("zone", sorted(WEEKS))
def test_a_week_of_night_shifts(zone):
    week = Week(zone)
    desk = Desk.open(week, week("mon", "21:00"))
    for step in SCRIPT:
        desk.run_until(week(step.day, step.clock))
        due = desk.update(step.key)
        assert due == week(*step.due), step
        assert in_a_night(due, week.tz)
        if step.key == "T-2":  # exactly four hours of night work
            assert week.schedule.working_seconds_between(desk.clock.now(), due) == 4 * HOUR
    desk.run_until(week("tue2", "07:00"))
    assert desk.fired == [(week(*when), key) for when, key in FIRED]
    assert all(in_a_night(when, week.tz) for when, _key in desk.fired)


def test_friday_night_to_monday_night_is_an_hour_shorter_over_the_spring_weekend():
    moscow, berlin = Week("Europe/Moscow"), Week("Europe/Berlin")
    for week, hours in ((moscow, 72), (berlin, 71)):
        anchor = week("fri", "23:00")
        assert CADENCES["T-1"].next_due(anchor, week.schedule) - anchor == timedelta(hours=hours)
        # 4 working hours from Saturday 05:00: 1h on Friday's night (CET), 3h on Monday's (CEST)
        assert CADENCES["T-2"].next_due(week("sat", "05:00"), week.schedule) == week("tue2", "01:00")


# =============================================================================================
# Nothing falls due at the weekend or in the day-time gap
# =============================================================================================

@pytest.mark.parametrize("zone", sorted(WEEKS))
@pytest.mark.parametrize("code", ["1d", "2d", "1w", "1h", "4h", "8h", "30h"])
def test_every_due_time_is_inside_a_night(zone, code):
    week = Week(zone)
    cadence = Cadence.parse(code)
    anchor, end = week("mon", "00:00"), week("tue2", "00:00")
    while anchor < end:
        due = cadence.next_due(anchor, week.schedule)
        assert due > anchor
        assert in_a_night(due, week.tz), (anchor.astimezone(week.tz), due.astimezone(week.tz))
        reminder = items_for(DueInfo(1, "T-1", "c", "s", due, None, None), week.schedule, 2.0)[0]
        assert in_a_night(reminder.fire_at, week.tz)
        anchor += timedelta(minutes=17)


def test_a_daily_cadence_moves_one_night_whatever_the_moment_in_it():
    week = Week("Europe/Moscow")
    for start_day, following in zip(["mon", "tue", "wed", "thu", "fri"], ["tue", "wed", "thu", "fri", "mon2"],
                                     strict=True):
        for minutes in range(0, 8 * 60 + 1, 20):  # 22:00 to 06:00, both ends included
            anchor = week(start_day, "22:00") + timedelta(minutes=minutes)
            expected = week(following, "22:00") + timedelta(minutes=minutes)
            assert CADENCES["T-1"].next_due(anchor, week.schedule) == expected


# =============================================================================================
# A day off removes exactly its night
# =============================================================================================

@pytest.mark.parametrize("zone", sorted(WEEKS))
def test_a_day_off_removes_exactly_that_night(zone):
    week, friday_off = Week(zone), Week(zone, days_off=("fri",))
    start, end = week("mon", "00:00"), week("tue2", "12:00")
    assert week.schedule.working_seconds_between(start, end) - \
        friday_off.schedule.working_seconds_between(start, end) == 8 * HOUR
    minute = start
    while minute < end:
        removed = week("fri", "22:00") <= minute < week("sat", "06:00")
        assert friday_off.schedule.is_working_time(minute) == \
            (week.schedule.is_working_time(minute) and not removed)
        minute += timedelta(minutes=5)
    # Thursday's night still ends on Friday morning
    assert friday_off.schedule.is_working_time(week("fri", "05:59"))


def test_with_friday_off_cadences_and_reminders_skip_that_night():
    week = Week("Europe/Moscow", days_off=("fri",))
    s = week.schedule
    assert CADENCES["T-1"].next_due(week("thu", "23:00"), s) == week("mon2", "23:00")
    assert CADENCES["T-1"].next_due(week("fri", "03:00"), s) == week("tue2", "03:00")  # Thursday's
    assert CADENCES["T-2"].next_due(week("fri", "05:00"), s) == week("tue2", "01:00")
    # Friday by day is after Thursday's night: by the end of Monday's; 4h from Monday 22:00
    assert CADENCES["T-1"].next_due(week("fri", "12:00"), s) == week("tue2", "06:00")
    assert CADENCES["T-2"].next_due(week("fri", "12:00"), s) == week("tue2", "02:00")
    # a reminder due on the night that was taken off comes on Monday night
    stale = DueInfo(1, "T-1", "c", "s", week("fri", "23:00"), None, None)
    result = plan([stale], s, week("fri", "21:00"), set(), warning_hours=2.0)
    assert result.fire == [] and result.next_wake == week("mon2", "22:00")
    assert [i.key for i in plan([stale], s, week("mon2", "22:00"), set(), warning_hours=2.0).fire] == ["T-1"]


# =============================================================================================
# The reminder planner on night shifts
# =============================================================================================

def test_promises_warn_two_night_hours_before_and_fire_inside_a_night():
    week = Week("Europe/Moscow")
    s = week.schedule
    promised_monday = DueInfo(1, "P-1", "c", "s", None, week("mon2", "23:00"), None)
    promised_sunday = DueInfo(2, "P-2", "c", "s", None, week("sun", "12:00"), None)
    items = {(i.key, i.kind): i for info in (promised_monday, promised_sunday)
             for i in items_for(info, s, 2.0)}
    # 1h of Monday's night and the last hour of Friday's
    assert items["P-1", "promise_warning"].fire_at == week("sat", "05:00")
    assert items["P-1", "promise"].fire_at == week("mon2", "23:00")
    # a promise for Sunday noon: warned at the end of Friday's night, reminded Monday night
    assert items["P-2", "promise_warning"].fire_at == week("sat", "04:00")
    assert items["P-2", "promise"].fire_at == week("mon2", "22:00")
    assert items["P-2", "promise"].due_at == week("sun", "12:00")  # the commitment itself stays
    assert all(in_a_night(i.fire_at, week.tz) for i in items.values())


def test_a_snooze_into_the_day_comes_back_at_the_start_of_the_night():
    week = Week("Europe/Berlin")
    due = week("wed", "03:00")
    snoozed = DueInfo(1, "T-1", "c", "s", due, None, week("wed", "09:00"))
    fired = {i.instance for i in plan([DueInfo(1, "T-1", "c", "s", due, None, None)], week.schedule,
                                      due, set(), warning_hours=2.0).fire}
    result = plan([snoozed], week.schedule, week("wed", "03:05"), fired, warning_hours=2.0)
    assert result.fire == [] and result.next_wake == week("wed", "22:00")
    again = plan([snoozed], week.schedule, week("wed", "22:00"), fired, warning_hours=2.0)
    assert [(i.key, i.due_at) for i in again.fire] == [("T-1", due)]


@pytest.mark.parametrize("zone", sorted(WEEKS))
def test_what_fell_due_over_the_weekend_comes_as_one_digest_on_monday_night(zone):
    week = Week(zone)
    infos = [DueInfo(1, "T-1", "c", "s", week("sat", "05:30"), None, None),  # missed: app closed
             DueInfo(2, "T-2", "c", "s", week("sat", "12:00"), None, None),  # due at the weekend
             DueInfo(3, "T-3", "c", "s", week("mon2", "23:00"), None, None)]
    result = plan(infos, week.schedule, week("mon2", "22:05"), set(), warning_hours=2.0, catch_up=True)
    assert [i.key for i in result.fire] == ["T-1", "T-2"]
    assert result.digest
    assert [i.fire_at for i in result.fire] == [week("sat", "05:30"), week("mon2", "22:00")]
    assert result.next_wake == week("mon2", "23:00")


# =============================================================================================
# Against a minute-by-minute count
# =============================================================================================

NIGHT_PROPS = settings(max_examples=150, deadline=None, database=None)
week_minutes = st.integers(0, 9 * 24 * 60 - 1)


@NIGHT_PROPS
@given(st.sampled_from(sorted(WEEKS)), week_minutes, st.integers(1, 20))
def test_hours_cadence_counts_night_minutes_one_by_one(zone, offset, hours):
    week = Week(zone)
    anchor = week("mon", "00:00") + timedelta(minutes=offset)
    due = Cadence("hours", hours).next_due(anchor, week.schedule)
    # step minute by minute from the anchor, counting the minutes that start inside a night
    counted, minute = 0, anchor
    while counted < hours * 60:
        counted += in_a_night(minute, week.tz, end_included=False)
        minute += timedelta(minutes=1)
    assert due == minute


@NIGHT_PROPS
@given(st.sampled_from(sorted(WEEKS)), week_minutes, st.integers(1, 4))
def test_daily_cadence_lands_in_the_night_n_nights_on(zone, offset, days):
    week = Week(zone)
    anchor = week("mon", "00:00") + timedelta(minutes=offset)
    due = Cadence("days", days).next_due(anchor, week.schedule)
    assert in_a_night(due, week.tz)
    # the nights started strictly after the anchor's night and up to the due one
    local = due.astimezone(week.tz)
    due_night = local.date() - timedelta(days=1) if local.hour < 12 else local.date()
    anchor_night = night_of(anchor, week.tz)
    assert week.schedule.shift_of(anchor).day == anchor_night
    started = [anchor_night + timedelta(days=i) for i in range(1, (due_night - anchor_night).days + 1)]
    assert len([d for d in started if d.weekday() <= 4]) == days
