"""Wellbeing statistics on a real data file: exact figures per local day and per week."""

import csv
import io
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.breaks import Record
from companion.core.journal import Journal
from companion.core.stats import CSV_COLUMNS, DayStats, Stats
from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate, db

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc
MONDAY = date(2026, 11, 23)


def local(*args, tz=MSK):
    return datetime(*args, tzinfo=tz).astimezone(UTC)


@pytest.fixture
def journal(database, clock):
    return Journal(clock, lambda: MSK)


@pytest.fixture
def stats(database, clock):
    return Stats(clock, MSK)


@pytest.fixture
def ticket(tickets):
    return tickets.create(TicketInput("SUP-1", client="Ольга"))


def brk(journal, outcome, when, seconds=0, kind="micro", reason=""):
    journal.record(Record(kind, outcome, when, when + timedelta(seconds=seconds), seconds, reason=reason))


def update(ticket, when, on_time):
    ClientUpdate.create(ticket=ticket.id, at=when, on_time=on_time, due_at=when if on_time is not None else None)


def seed_monday(journal, ticket):
    """Monday 23 November in Moscow: one of everything, some twice."""
    for minute in (20, 40, 0):
        brk(journal, "taken", local(2026, 11, 23, 11 if minute else 12, minute), 20)
    brk(journal, "done_early", local(2026, 11, 23, 12, 30), 420, kind="long")
    brk(journal, "postponed", local(2026, 11, 23, 14, 0), 4, kind="long")  # seconds on screen: not rest
    brk(journal, "skipped", local(2026, 11, 23, 15, 0), 3)
    brk(journal, "skipped", local(2026, 11, 23, 15, 20))
    brk(journal, "natural", local(2026, 11, 23, 13, 0), 900, kind="long", reason="idle")
    brk(journal, "natural", local(2026, 11, 23, 16, 0), 1800, kind="long", reason="sleep")
    update(ticket, local(2026, 11, 23, 10, 5), True)
    update(ticket, local(2026, 11, 23, 13, 15), True)
    update(ticket, local(2026, 11, 23, 17, 0), False)
    update(ticket, local(2026, 11, 23, 17, 30), None)
    journal.tough(ticket.id, 60, completed=True, automatic=True, at=local(2026, 11, 23, 10, 6))
    journal.tough(None, 30, completed=False, automatic=False, at=local(2026, 11, 23, 17, 1))
    journal.overtime(local(2026, 11, 23, 18, 0), local(2026, 11, 23, 18, 40))


MONDAY_FIGURES = DayStats(MONDAY, taken=3, done_early=1, postponed=1, skipped=2, natural=2,
                          rest_seconds=3 * 20 + 420 + 900 + 1800, overtime_seconds=40 * 60,
                          updates_on_time=2, updates_late=1, updates_unscheduled=1, tough=2)


def test_a_day_with_every_kind_of_record(journal, stats, ticket):
    seed_monday(journal, ticket)
    # the neighbours' records stay out: Sunday 23:59 and Tuesday 00:00 in Moscow
    brk(journal, "taken", local(2026, 11, 22, 23, 59), 20)
    brk(journal, "taken", local(2026, 11, 24, 0, 0), 20)
    update(ticket, local(2026, 11, 24, 0, 0), False)
    day = stats.day(MONDAY)
    assert day == MONDAY_FIGURES
    assert day.breaks_taken == 4 and day.breaks_missed == 3 and day.updates == 4


def test_an_empty_day_is_all_zeros(stats):
    assert stats.day(MONDAY) == DayStats(MONDAY)


def test_a_record_late_in_the_evening_counts_on_that_local_day(journal, stats):
    brk(journal, "taken", local(2026, 11, 23, 23, 30), 20)  # 20:30 UTC
    brk(journal, "taken", local(2026, 11, 24, 0, 30), 20)  # 21:30 UTC, still the 23rd in UTC
    assert [d.taken for d in stats.days(MONDAY, MONDAY + timedelta(days=1))] == [1, 1]
    in_utc = Stats(stats.clock, ZoneInfo("UTC"))
    assert [d.taken for d in in_utc.days(MONDAY, MONDAY + timedelta(days=1))] == [2, 0]


def test_weeks_start_on_monday(journal, stats):
    brk(journal, "taken", local(2026, 11, 22, 23, 30), 20)  # Sunday night: the week before
    brk(journal, "skipped", local(2026, 11, 23, 0, 10))  # Monday just after midnight
    brk(journal, "taken", local(2026, 11, 29, 23, 59), 20)  # Sunday: the last day of the week
    brk(journal, "taken", local(2026, 11, 30, 0, 0), 20)  # the next Monday
    week = stats.week(date(2026, 11, 26))  # a Thursday
    assert [d.day for d in week] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert [(d.taken, d.skipped) for d in week] == [(0, 1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (1, 0)]
    assert stats.week(MONDAY) == week and stats.week(date(2026, 11, 29)) == week
    before = stats.week(date(2026, 11, 22))
    assert before[0].day == date(2026, 11, 16) and before[-1].taken == 1
    assert stats.week(date(2026, 11, 30))[0].taken == 1


def test_days_follow_the_zone_over_a_daylight_saving_change(database, clock):
    berlin = ZoneInfo("Europe/Berlin")
    journal, stats = Journal(clock, lambda: berlin), Stats(clock, lambda: berlin)
    # 29 March 2026: clocks jump from 02:00 to 03:00, the day has 23 hours
    for args in ((2026, 3, 28, 23, 30), (2026, 3, 29, 0, 30), (2026, 3, 29, 3, 30), (2026, 3, 29, 23, 45),
                 (2026, 3, 30, 0, 15)):
        brk(journal, "taken", local(*args, tz=berlin), 20)
    # 25 October 2026: 03:00 goes back to 02:00, the day has 25 hours
    for args in ((2026, 10, 25, 0, 10), (2026, 10, 25, 23, 50), (2026, 10, 26, 0, 5)):
        brk(journal, "taken", local(*args, tz=berlin), 20)
    assert [d.taken for d in stats.days(date(2026, 3, 28), date(2026, 3, 30))] == [1, 3, 1]
    assert [d.taken for d in stats.days(date(2026, 10, 24), date(2026, 10, 26))] == [0, 2, 1]


def test_a_range_costs_the_same_few_queries_however_long(journal, stats, ticket):
    seed_monday(journal, ticket)
    statements = []
    connection = db.connection()
    connection.set_trace_callback(statements.append)
    try:
        week = stats.days(MONDAY, MONDAY + timedelta(days=6))
        week_queries = len(statements)
        statements.clear()
        year = stats.days(date(2026, 1, 1), date(2026, 12, 31))
        year_queries = len(statements)
    finally:
        connection.set_trace_callback(None)
    assert week_queries == year_queries <= 4
    assert len(year) == 365 and year[MONDAY.timetuple().tm_yday - 1] == MONDAY_FIGURES
    assert week[0] == MONDAY_FIGURES and all(d == DayStats(d.day) for d in week[1:])


def test_a_backwards_range_is_refused(stats):
    with pytest.raises(ValueError, match="ends .* before it starts"):
        stats.days(MONDAY, MONDAY - timedelta(days=1))


def test_totals_add_every_figure(journal, stats, ticket):
    seed_monday(journal, ticket)
    brk(journal, "taken", local(2026, 11, 25, 11, 0), 20)
    update(ticket, local(2026, 11, 25, 11, 0), False)
    total = stats.totals(stats.week(MONDAY))
    assert total.day is None
    assert (total.taken, total.breaks_taken, total.updates_late, total.rest_seconds, total.overtime_seconds) == (
        4, 5, 2, MONDAY_FIGURES.rest_seconds + 20, 2400)


def test_csv_has_a_header_a_line_per_day_and_a_total(journal, stats, ticket):
    seed_monday(journal, ticket)
    brk(journal, "natural", local(2026, 11, 24, 12, 0), 90, reason="idle")  # 1.5 min rounds up
    brk(journal, "natural", local(2026, 11, 25, 12, 0), 29, reason="idle")  # under half a minute
    text = Stats.to_csv(stats.week(MONDAY))
    assert text.isascii() and text.endswith("\n")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == list(CSV_COLUMNS)
    assert lines[0][:3] == ["date", "breaks_taken", "taken"] and len(lines) == 1 + 7 + 1
    assert [line[0] for line in lines[1:]] == [f"2026-11-{d}" for d in range(23, 30)] + ["total"]
    assert lines[1] == ["2026-11-23", "4", "3", "1", "1", "2", "2", "53", "40", "2", "1", "1", "2"]
    assert lines[2][CSV_COLUMNS.index("rest_minutes")] == "2"
    assert lines[3][CSV_COLUMNS.index("rest_minutes")] == "0"
    assert lines[-1] == ["total", "4", "3", "1", "1", "2", "4", "55", "40", "2", "1", "1", "2"]
    empty = list(csv.reader(io.StringIO(Stats.to_csv([]))))
    assert empty == [list(CSV_COLUMNS), ["total"] + ["0"] * 12]


def test_json_rows_carry_iso_dates_and_every_figure(journal, stats, ticket):
    seed_monday(journal, ticket)
    [row] = Stats.to_json([stats.day(MONDAY)])
    assert row == {"day": "2026-11-23", "breaks_taken": 4, "taken": 3, "done_early": 1, "postponed": 1,
                   "skipped": 2, "natural": 2, "rest_seconds": 3180, "overtime_seconds": 2400,
                   "updates_on_time": 2, "updates_late": 1, "updates_unscheduled": 1, "tough": 2}
    assert Stats.to_json([Stats.totals([stats.day(MONDAY)])])[0]["day"] is None


def test_today_is_the_local_date(stats, clock):
    clock.set(local(2026, 11, 24, 0, 30))  # 21:30 UTC on the 23rd
    assert stats.today() == date(2026, 11, 24)
    assert Stats.week_of(date(2026, 11, 26)) == (MONDAY, date(2026, 11, 29))
