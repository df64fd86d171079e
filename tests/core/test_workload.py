"""Workload: the updates a day holds and the active tickets, against the agent's capacity.

The clock starts on Monday 23 November 2026, 10:00 Moscow; the schedule is mon-fri 09:00-18:00,
except in the night-shift tests at the end ("mon-fri 22:00-06:00"), where a day's load is its
night's: Monday's runs from Monday 22:00 to Tuesday 06:00.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.cadence import Cadence
from companion.core.schedule import WorkSchedule
from companion.core.tickets import TicketInput, TicketService
from companion.core.workload import Workload, same_time_on

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, d) for d in range(23, 30))
NEXT_MON, NEXT_TUE = date(2026, 11, 30), date(2026, 12, 1)
NIGHTS = "mon-fri 22:00-06:00"


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


@pytest.fixture
def workload(tickets, settings):
    return Workload(tickets, lambda: (settings.get("capacity_tickets"), settings.get("capacity_updates")))


def add(tickets, n, prefix="T", **fields):
    return [tickets.create(TicketInput(f"{prefix}-{i}", **fields)) for i in range(n)]


def test_daily_tickets_load_every_working_day_from_their_first_due(tickets, workload):
    add(tickets, 4, cadence="1d")  # created Mon 10:00: due Tue 10:00, then every working day
    assert workload.day_load(MON).updates == 0
    assert [workload.day_load(d).updates for d in (TUE, WED, THU, FRI, SAT, SUN, NEXT_MON)] == [4, 4, 4, 4, 0, 0, 4]
    assert workload.day_load(TUE).tickets == 4


def test_an_hourly_cadence_needs_several_updates_the_same_day(tickets, workload):
    # Due Tue 10:00 every 3 working hours: 10:00, 13:00 and 16:00; the next is Wed 10:00.
    tickets.create(TicketInput("SUP-1", cadence="3h", next_update_at=local(2026, 11, 24, 10, 0)))
    assert workload.day_load(TUE).updates == 3
    assert workload.day_load(WED).updates == 3
    # Created now (Mon 10:00) every 4 working hours: 14:00 and 18:00 today, Tue 13:00 and 17:00.
    tickets.create(TicketInput("SUP-2", cadence="4h"))
    assert workload.day_load(MON).updates == 2
    assert workload.day_load(TUE).updates == 3 + 2


def test_a_promise_counts_once_on_its_day_even_a_day_off(tickets, workload):
    tickets.create(TicketInput("SUP-1", cadence="none", promised_at=local(2026, 11, 26, 15, 0)))
    tickets.create(TicketInput("SUP-2", cadence="none", promised_at=local(2026, 11, 28, 12, 0)))  # Saturday
    tickets.create(TicketInput("SUP-3", cadence="1d", promised_at=local(2026, 11, 24, 17, 0)))
    assert workload.day_load(THU).updates == 1 + 1  # the promise, and SUP-3's daily update
    assert workload.day_load(SAT).updates == 1
    assert workload.day_load(TUE).updates == 2  # SUP-3: its update and its promise


def test_an_update_due_on_a_day_off_counts_on_the_next_shift(database, clock, settings):
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow", days_off=[FRI])
    service = TicketService(clock, schedule)
    workload = Workload(service, lambda: (25, 20))
    clock.set(local(2026, 11, 26, 11, 0))  # Thursday
    service.create(TicketInput("SUP-1", cadence="1d"))  # Fri is off: due Mon 11:00
    service.create(TicketInput("SUP-2", cadence="none", next_update_at=local(2026, 11, 28, 12, 0)))  # Sat
    assert workload.day_load(FRI).updates == 0
    assert workload.day_load(SAT).updates == 0
    assert workload.day_load(NEXT_MON).updates == 2


def test_waiting_on_the_client_is_active_but_adds_no_updates(tickets, workload):
    add(tickets, 2, cadence="1d")
    waiting = tickets.create(TicketInput("W-1", cadence="1d"))
    tickets.set_status(waiting.id, "waiting_client")
    dev = tickets.create(TicketInput("D-1", cadence="1d"))
    tickets.set_status(dev.id, "waiting_dev")  # the clock keeps running
    load = workload.day_load(TUE)
    assert (load.updates, load.tickets) == (3, 4)


def test_archived_resolved_and_closed_tickets_are_not_load(tickets, workload):
    add(tickets, 2, cadence="1d")
    gone = add(tickets, 3, prefix="G", cadence="1d", promised_at=local(2026, 11, 24, 12, 0))
    tickets.archive(gone[0].id)
    tickets.set_status(gone[1].id, "resolved")
    tickets.set_status(gone[2].id, "closed")
    load = workload.day_load(TUE)
    assert (load.updates, load.tickets) == (2, 2)


def test_an_overdue_update_is_todays_work(tickets, workload, clock):
    tickets.create(TicketInput("SUP-1", cadence="1d"))  # due Tue 10:00
    clock.set(local(2026, 11, 25, 11, 0))  # Wednesday: it is a day late
    assert workload.today().day == WED
    assert workload.today().updates == 1
    assert workload.day_load(THU).updates == 1  # made now, the next is due tomorrow


def test_updates_made_today_stay_in_todays_load(tickets, workload, clock):
    daily = tickets.create(TicketInput("SUP-1", cadence="1d", next_update_at=local(2026, 11, 23, 15, 0)))
    tickets.create(TicketInput("SUP-2", cadence="3h"))  # due 13:00 and 16:00 today
    assert workload.today().updates == 3
    clock.set(local(2026, 11, 23, 14, 50))
    tickets.mark_updated(daily.id)  # the update its reminder asked for: the next one is tomorrow
    today = workload.today()
    assert (today.updates, today.done) == (3, 1)
    tickets.mark_updated("SUP-2")  # late for 13:00: next due 17:50, promised as 18:00
    today = workload.today()
    assert (today.updates, today.done) == (3, 2)
    assert workload.day_load(TUE).done == 0


def test_editing_a_ticket_does_not_count_its_old_time_twice(tickets, workload):
    add(tickets, 3, cadence="1d")
    edited = tickets.create(TicketInput("SUP-9", cadence="1d"))
    assert workload.day_load(TUE).updates == 4
    # The dialog moves SUP-9's update to Tuesday 15:00: one update on Tuesday, not two.
    load = workload.day_load(TUE, extra=1, exclude_ticket=edited.id, extra_tickets=1)
    assert (load.updates, load.tickets) == (4, 4)
    assert workload.for_instant(local(2026, 11, 24, 15, 0), extra=1).updates == 5


def test_capacity_is_read_each_time_and_over_is_past_it(tickets, workload, settings):
    add(tickets, 3, cadence="1d")
    settings.set("capacity_updates", 3)
    settings.set("capacity_tickets", 2)
    load = workload.day_load(TUE)
    assert (load.capacity_updates, load.capacity_tickets) == (3, 2)
    assert not load.over_updates and load.over_tickets and load.over
    assert load.ratio == pytest.approx(1.5)
    assert workload.day_load(TUE, extra=1).over_updates


def test_suggest_day_skips_the_weekend_and_full_days(tickets, workload, settings):
    settings.set("capacity_updates", 3)
    add(tickets, 3, cadence="1w")  # due next Monday: full
    add(tickets, 3, prefix="F", cadence="none", promised_at=local(2026, 11, 27, 12, 0))  # Friday full
    assert workload.suggest_day(THU) == NEXT_MON + timedelta(days=1)  # not Sat/Sun, not Mon
    assert workload.suggest_day(WED) == THU
    assert workload.suggest_day(WED, extra=4) is None  # more than a whole day's capacity


def test_suggest_day_gives_up_when_every_day_is_full(tickets, workload, settings):
    settings.set("capacity_updates", 2)
    add(tickets, 2, cadence="1d")
    assert workload.suggest_day(MON) is None
    assert workload.suggest_day(MON, extra=0) == TUE


def test_a_new_promise_on_a_full_day_warns_and_suggests_the_same_time_on_a_day_with_room(tickets, workload, settings):
    settings.set("capacity_updates", 2)
    add(tickets, 2, cadence="none", promised_at=local(2026, 11, 27, 11, 0))  # Friday full
    check = workload.check_draft(TicketInput("NEW", cadence="none", promised_at=local(2026, 11, 27, 16, 30)))
    assert check.field == "promised_at" and check.load.day == FRI
    assert (check.load.updates, check.adds_updates, check.load.tickets) == (3, 1, 3)
    assert check.warn_updates and not check.warn_tickets
    assert check.suggestion == NEXT_MON
    assert check.suggested_at == local(2026, 11, 30, 16, 30)
    room = workload.check_draft(TicketInput("NEW", cadence="none", promised_at=local(2026, 11, 26, 16, 30)))
    assert room.load.day == THU and room.load.updates == 1 and not room.warn and room.suggestion is None


def test_a_draft_with_a_cadence_loads_its_first_due_day(tickets, workload, settings):
    settings.set("capacity_updates", 2)
    add(tickets, 2, cadence="1d")  # Tuesday onwards: full
    check = workload.check_draft(TicketInput("NEW", cadence="1d"))
    assert (check.field, check.at, check.load.day) == ("next_update_at", local(2026, 11, 24, 10, 0), TUE)
    assert check.warn_updates and check.suggestion is None  # daily: every day will be full
    hourly = workload.check_draft(TicketInput("NEW", cadence="none", next_update_at=local(2026, 11, 24, 20, 0)))
    # 20:00 is after hours: due Wed 09:00, which is just as full; the suggestion keeps working hours.
    assert hourly.load.day == WED and hourly.warn_updates and hourly.suggestion is None


def test_editing_keeps_the_ticket_count_and_new_tickets_add_one(tickets, workload, settings):
    settings.set("capacity_tickets", 2)
    first, second = add(tickets, 2, cadence="none")
    edit = workload.check_draft(TicketInput("T-0", cadence="none"), first)
    assert edit.load.tickets == 2 and not edit.adds_ticket and not edit.warn
    new = workload.check_draft(TicketInput("T-9", cadence="none"))
    assert new.load.tickets == 3 and new.adds_ticket and new.warn_tickets and new.field is None
    assert new.load.day == MON
    closed = workload.check_draft(TicketInput("T-0", cadence="none", status="closed"), first)
    assert closed.load.tickets == 1 and not closed.warn


def test_same_time_on_keeps_the_wall_time_and_working_hours(schedule):
    evening = local(2026, 11, 24, 20, 0)
    assert same_time_on(evening, FRI, schedule) == local(2026, 11, 27, 20, 0)
    assert same_time_on(evening, FRI, schedule, working=True) == local(2026, 11, 27, 18, 0)
    assert same_time_on(local(2026, 11, 24, 7, 0), FRI, schedule, working=True) == local(2026, 11, 27, 9, 0)


@pytest.mark.parametrize("spec, days_off, now", [
    ("mon-fri 09:00-18:00", (), (2026, 11, 23, 10, 0)),
    ("mon-fri 09:00-13:00,14:00-18:00; sat 10:00-14:00", (date(2026, 11, 26),), (2026, 11, 23, 10, 0)),
    (NIGHTS, (), (2026, 11, 24, 3, 0)),  # in Monday's night
    ("mon-fri 22:00-06:00; sat 10:00-14:00", (date(2026, 11, 26),), (2026, 11, 24, 3, 0)),
])
def test_counts_match_stepping_through_every_update(database, clock, spec, days_off, now):
    """The arithmetic agrees with making every update on time, one after another, each counted
    on its shift's day (on day schedules, the calendar day)."""
    schedule = WorkSchedule.parse(spec, "Europe/Moscow", days_off=days_off)
    service = TicketService(clock, schedule)
    workload = Workload(service, lambda: (1000, 1000))
    cadences = ["none", "1h", "2h", "3h", "5h", "7h", "9h", "13h", "1d", "2d", "3d", "1w"]
    created = []
    for i in range(60):
        clock.set(local(2026, 11, 20, 9, 0) + timedelta(minutes=97 * i))  # some overdue, some ahead
        explicit = local(2026, 11, 23, 8, 0) + timedelta(minutes=131 * i) if i % 3 == 0 else None
        promise = local(2026, 11, 23, 12, 0) + timedelta(hours=7 * i) if i % 4 == 0 else None
        created.append(service.create(TicketInput(f"S-{i}", cadence=cadences[i % len(cadences)],
                                                  next_update_at=explicit, promised_at=promise)))
    clock.set(local(*now))
    assert workload.today().day == MON
    start = schedule.next_working_moment(clock.now())
    totals = []
    for offset in range(16):
        day = MON + timedelta(days=offset)
        expected = 0
        for t in created:
            if t.promised_at is not None and schedule.shift_of(t.promised_at).day == day:
                expected += 1
            due, cadence = t.next_update_due, Cadence.parse(t.cadence)
            if due is None:
                continue
            due = max(due, start)
            while schedule.shift_of(due).day <= day:
                expected += schedule.shift_of(due).day == day
                if cadence.is_none:
                    break
                due = cadence.next_due(due, schedule)
        assert workload.day_load(day).updates == expected, day
        totals.append(expected)
    assert sum(totals) > 400  # a real load, not a comparison of zeros


def test_a_day_schedule_still_counts_calendar_days(tickets, workload, clock, schedule):
    tickets.create(TicketInput("SUP-1", cadence="none", promised_at=local(2026, 11, 28, 3, 0)))  # Saturday
    clock.set(local(2026, 11, 27, 23, 30))
    tickets.mark_updated("SUP-1")  # late on Friday, after hours
    clock.set(local(2026, 11, 28, 3, 0))
    today = workload.today()
    assert (today.day, today.updates, today.done) == (SAT, 1, 0)
    friday = workload.day_load(FRI)
    assert (friday.updates, friday.done) == (1, 1)
    assert workload.for_instant(local(2026, 11, 28, 3, 0)).day == SAT
    assert same_time_on(local(2026, 11, 24, 3, 0), WED, schedule, working=True) == local(2026, 11, 25, 9, 0)


# -- night shifts ---------------------------------------------------------------------------------
@pytest.fixture
def nights(tickets, clock, settings):
    """(ticket service, workload) of a night worker; the clock is set to Monday's night."""
    service = TicketService(clock, WorkSchedule.parse(NIGHTS, "Europe/Moscow"))
    clock.set(local(2026, 11, 23, 23, 0))
    return service, Workload(service, lambda: (settings.get("capacity_tickets"), settings.get("capacity_updates")))


def test_on_nights_updates_after_midnight_count_on_the_nights_day(nights):
    service, workload = nights
    service.create(TicketInput("N-1", cadence="none", next_update_at=local(2026, 11, 24, 3, 0)))  # Tue 03:00
    service.create(TicketInput("N-2", cadence="none", next_update_at=local(2026, 11, 28, 2, 0)))  # Sat 02:00
    service.create(TicketInput("N-3", cadence="none", promised_at=local(2026, 11, 28, 5, 30)))  # Sat 05:30
    service.create(TicketInput("N-4", cadence="none", next_update_at=local(2026, 11, 28, 12, 0)))  # Mon 22:00
    days = (MON, TUE, WED, THU, FRI, SAT, SUN, NEXT_MON)
    assert [workload.day_load(d).updates for d in days] == [1, 0, 0, 0, 2, 0, 0, 1]
    assert workload.for_instant(local(2026, 11, 28, 2, 0)).day == FRI


def test_on_nights_today_at_three_on_saturday_is_fridays_night(nights, clock):
    service, workload = nights
    clock.set(local(2026, 11, 27, 22, 30))  # Friday's night begins
    daily = service.create(TicketInput("N-1", cadence="1d"))  # due Mon 22:30
    service.create(TicketInput("N-2", cadence="none", next_update_at=local(2026, 11, 28, 4, 0)))
    clock.set(local(2026, 11, 27, 23, 0))
    service.mark_updated("N-2")  # an extra update before midnight: still due at 04:00
    clock.set(local(2026, 11, 28, 2, 0))
    service.mark_updated(daily.id)  # and one after: the next is Tuesday 02:00, in Monday's night
    clock.set(local(2026, 11, 28, 3, 0))
    today = workload.today()
    assert (today.day, today.updates, today.done) == (FRI, 3, 2)
    assert workload.day_load(SAT).updates == 0
    assert workload.day_load(NEXT_MON).updates == 1


def test_on_nights_a_daily_cadence_repeats_every_night(nights, clock):
    service, workload = nights
    service.create(TicketInput("D-1", cadence="1d"))  # Tue 23:00: Tuesday's night, then every night
    clock.set(local(2026, 11, 24, 2, 0))  # still Monday's night
    every = service.create(TicketInput("D-2", cadence="1d"))  # Wed 02:00 (Tuesday's) ... Sat 02:00 (Friday's)
    service.create(TicketInput("D-3", cadence="2d"))  # Thu 02:00 (Wednesday's), Sat 02:00, Wed 2 Dec 02:00
    assert every.next_update_due == local(2026, 11, 25, 2, 0)
    days = (MON, TUE, WED, THU, FRI, SAT, SUN, NEXT_MON, NEXT_TUE)
    assert [workload.day_load(d).updates for d in days] == [0, 2, 3, 2, 3, 0, 0, 2, 3]


def test_on_nights_an_hourly_cadence_counts_after_midnight_in_its_night(nights):
    service, workload = nights
    service.create(TicketInput("H-1", cadence="3h"))
    # Monday's night: Tue 02:00, 05:00; Tuesday's: Wed 00:00, 03:00, 06:00 (its very end);
    # Wednesday's: Thu 01:00, 04:00; Thursday's: 23:00, 02:00, 05:00; Friday's: Sat 00:00, 03:00, 06:00.
    days = (MON, TUE, WED, THU, FRI, SAT, SUN)
    assert [workload.day_load(d).updates for d in days] == [2, 3, 2, 3, 3, 0, 0]


def test_on_nights_a_full_night_suggests_the_next_night_with_room(nights, settings):
    service, workload = nights
    settings.set("capacity_updates", 2)
    add(service, 2, prefix="P", cadence="none", promised_at=local(2026, 11, 28, 3, 0))  # Friday's night full
    promise = workload.check_draft(TicketInput("NEW", cadence="none", promised_at=local(2026, 11, 28, 4, 30)))
    assert (promise.field, promise.load.day, promise.load.updates) == ("promised_at", FRI, 3)
    assert promise.warn_updates
    assert (promise.suggestion, promise.suggested_at) == (NEXT_MON, local(2026, 12, 1, 4, 30))
    add(service, 2, prefix="U", cadence="none", next_update_at=local(2026, 11, 25, 3, 0))  # Tuesday's night full
    due = workload.check_draft(TicketInput("NEW", cadence="none", next_update_at=local(2026, 11, 25, 4, 0)))
    assert (due.field, due.load.day, due.load.updates) == ("next_update_at", TUE, 3) and due.warn_updates
    # Wednesday's night at the same point, where a daily cadence would put it: not Wednesday 22:00.
    assert (due.suggestion, due.suggested_at) == (WED, local(2026, 11, 26, 4, 0))


def test_on_nights_a_draft_is_due_when_the_service_will_say(nights, clock):
    service, workload = nights
    clock.set(local(2026, 11, 23, 23, 7))
    check = workload.check_draft(TicketInput("NEW", cadence="1d"))
    saved = service.create(TicketInput("NEW", cadence="1d"))
    assert (check.at, check.load.day) == (saved.next_update_due, TUE)
    assert check.at == local(2026, 11, 24, 23, 15)  # promised at the quarter hour


def test_same_time_on_keeps_the_point_of_a_night():
    nights = WorkSchedule.parse(NIGHTS, "Europe/Moscow")
    three = local(2026, 11, 24, 3, 0)  # in Monday's night
    assert same_time_on(three, WED, nights) == local(2026, 11, 26, 3, 0)
    assert same_time_on(three, WED, nights, working=True) == Cadence.parse("2d").next_due(three, nights) \
        == local(2026, 11, 26, 3, 0)
    assert same_time_on(local(2026, 11, 24, 23, 0), FRI, nights, working=True) == local(2026, 11, 27, 23, 0)
    # Tuesday noon is after Monday's night: moved, it is due by the end of Wednesday's.
    assert same_time_on(local(2026, 11, 24, 12, 0), WED, nights, working=True) == local(2026, 11, 26, 6, 0)
    assert same_time_on(three, SAT, nights, working=True) == local(2026, 11, 30, 22, 0)  # no night: the next one
    with pytest.raises(ValueError):
        same_time_on(three, MON, nights, working=True)  # a cadence does not move back


