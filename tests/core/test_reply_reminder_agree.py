"""A reply and the reminder agree (docs/architecture.md, "A reply and the reminder agree").

Over thousands of random tickets, cadences, schedules, zones and copy moments: whatever
{next_update} says in a reply copied at `t` is exactly the due time the ticket has after it is
marked updated (at `t`, as Ctrl+Enter does, or by hand a few minutes later), the reminder for
it comes before that time and never after it, and the words of the reply, read back by the
app's own time grammar, name the same instant.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, time, timedelta, timezone

import pytest

from companion.core.clock import FakeClock
from companion.core.reminders import items_for
from companion.core.reply_library import reply_context
from companion.core.replies import render
from companion.core.schedule import WorkSchedule
from companion.core.tickets import TicketInput, TicketService
from companion.core.timeparse import Ambiguous, read_time

UTC = timezone.utc
SCHEDULES = ["mon-fri 09:00-18:00", "mon-fri 09:00-13:00,14:00-18:00", "mon-sat 08:30-17:15",
             "mon-fri 22:00-06:00", "mon-sun 00:00-24:00", "tue-sat 10:00-19:00"]
ZONES = ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Yekaterinburg"]
CADENCES = ["1h", "2h", "4h", "7h", "1d", "2d", "1w"]
CASES = 3000


def _case(rng: random.Random):
    spec, zone = rng.choice(SCHEDULES), rng.choice(ZONES)
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(0, 2 * 365 * 1440))
    return spec, zone, start, rng.choice(CADENCES)


def test_the_reply_names_the_time_the_reminder_keeps(database):
    rng = random.Random(20261202)
    checked = read_back = 0
    for n in range(CASES):
        spec, zone, start, cadence = _case(rng)
        schedule = WorkSchedule.parse(spec, zone)
        clock = FakeClock(start)
        service = TicketService(clock, schedule, update_lead=timedelta(minutes=rng.choice((0, 15, 30))))
        one_off = start + timedelta(minutes=rng.randrange(30, 5000)) if rng.random() < 0.3 else None
        ticket = service.create(TicketInput(f"P-{n}", cadence=cadence, next_update_at=one_off))
        # The agent copies the reply at some moment: early, on time, or late.
        clock.advance(minutes=rng.randrange(0, 4000))
        copied_at = clock.now()
        lang = rng.choice(("ru", "en"))
        ctx = reply_context(service.get(ticket.id), copied_at, schedule, lang, "Anna", service.update_lead)
        quoted = ctx.ticket.next_update
        text = render("{next_update}", ctx).text
        service.quoted(ticket.id, quoted)
        if rng.random() < 0.5:
            service.mark_updated(ticket.id)  # Ctrl+Enter: copy and mark updated at once
        else:
            clock.advance(seconds=rng.randrange(0, 300))  # by hand, right after pasting
            service.mark_updated(ticket.id)
        after = service.get(ticket.id)
        assert after.next_update_due == quoted, (spec, zone, cadence, copied_at, text)
        # The reminder for it comes at or before the promised time, inside working hours.
        (item,) = [i for i in items_for(_info(after), schedule, 2.0, service.update_lead) if i.kind == "update"]
        assert item.due_at == quoted and item.fire_at <= quoted
        assert schedule.is_working_time(item.fire_at) or item.fire_at == quoted
        # A day named alone ("в пятницу", "by Friday") is one that this very instant ends.
        if not re.search(r"\d:\d\d|\d (?:am|pm)|noon|midnight", text):
            local = quoted.astimezone(schedule.tz)
            assert local.time() == time(0) or schedule.end_of_working_day(local.date()) == quoted, (text, spec)
        # Read back by the app's own grammar, the words name the same instant.
        try:
            assert read_time(text, copied_at, schedule, lang).at == quoted, (text, copied_at, spec, zone)
            read_back += 1
        except Ambiguous as exc:
            assert quoted in {r.at for r in exc.readings}, text
        checked += 1
        database.execute_sql("DELETE FROM client_update")
        database.execute_sql("DELETE FROM ticket")
    assert checked == CASES and read_back > CASES * 0.9


def _info(ticket):
    from companion.core.tickets import DueInfo

    return DueInfo(ticket.id, ticket.key, ticket.client, ticket.subject, ticket.next_update_due,
                   ticket.promised_at, ticket.snoozed_until)


@pytest.mark.parametrize("lead", [timedelta(minutes=15)])
def test_the_issue_example_no_news_yet_at_12_44_for_an_update_due_12_47(database, lead):
    """Due 12:47 (a one-off time); at 12:44, after the reminder came at 12:32, the agent sends
    "no news yet" with Ctrl+Enter. The reply and the next reminder name one time."""
    tz = "Europe/Moscow"
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", tz)
    clock = FakeClock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # 12:00 in Moscow
    service = TicketService(clock, schedule, lead)
    ticket = service.create(TicketInput("SUP-1", cadence="4h",
                                        next_update_at=datetime(2026, 12, 2, 9, 47, tzinfo=UTC)))
    clock.set(datetime(2026, 12, 2, 9, 44, tzinfo=UTC))
    ctx = reply_context(service.get(ticket.id), clock.now(), schedule, "ru", "", lead)
    assert render("Пришлю новости {next_update}.", ctx).text == "Пришлю новости сегодня до 16:45."
    service.quoted(ticket.id, ctx.ticket.next_update)
    service.mark_updated(ticket.id)
    due = service.get(ticket.id).next_update_due
    assert due == datetime(2026, 12, 2, 13, 45, tzinfo=UTC)  # 16:45 Moscow, as the reply says
    (item,) = items_for(_info(service.get(ticket.id)), schedule, 2.0, lead)
    assert item.fire_at == datetime(2026, 12, 2, 13, 30, tzinfo=UTC)  # reminded at 16:30


def test_an_extra_update_before_the_reminder_keeps_the_one_off_time_the_client_was_told(database):
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")
    clock = FakeClock(datetime(2026, 12, 2, 7, 0, tzinfo=UTC))  # Wed 10:00 Moscow
    service = TicketService(clock, schedule)
    friday = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)  # Fri 16:00
    ticket = service.create(TicketInput("SUP-2", cadence="none", next_update_at=friday))
    ctx = reply_context(service.get(ticket.id), clock.now(), schedule, "ru", "")
    assert render("{next_update}", ctx).text == "в пятницу до 16:00"
    service.mark_updated(ticket.id)
    assert service.get(ticket.id).next_update_due == friday
    clock.set(friday - timedelta(minutes=10))  # after the reminder: the update it asked for
    service.mark_updated(ticket.id)
    assert service.get(ticket.id).next_update_due is None


def test_a_reply_quoting_the_due_time_it_meets_does_not_freeze_the_reminder(database):
    """Review finding: a one-off due 14:00; the reply copied at 13:44 said "до 14:00"; the
    reminder came at 13:45; Updated at 13:47 must not keep 14:00 (an instance already announced)."""
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")
    clock = FakeClock(datetime(2026, 12, 2, 7, 0, tzinfo=UTC))  # 10:00 Moscow
    service = TicketService(clock, schedule)
    due = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # 14:00
    ticket = service.create(TicketInput("SUP-3", cadence="4h", next_update_at=due))
    clock.set(due - timedelta(minutes=16))
    ctx = reply_context(service.get(ticket.id), clock.now(), schedule, "ru", "")
    assert ctx.ticket.next_update == due
    service.quoted(ticket.id, ctx.ticket.next_update)
    clock.set(due - timedelta(minutes=13))  # after the reminder
    service.mark_updated(ticket.id)
    after = service.get(ticket.id).next_update_due
    assert after is not None and after > due  # the cadence from now, a new reminder


def test_resuming_after_waiting_on_the_client_gives_a_promise_time(database):
    schedule = WorkSchedule.parse("mon-fri 09:00-18:00", "Europe/Moscow")
    clock = FakeClock(datetime(2026, 12, 2, 7, 0, 11, tzinfo=UTC))
    service = TicketService(clock, schedule)
    ticket = service.create(TicketInput("SUP-4", cadence="3h"))
    service.set_status(ticket.id, "waiting_client")
    clock.advance(hours=2, seconds=7)
    service.set_status(ticket.id, "open")
    due = service.get(ticket.id).next_update_due
    assert due.second == 0 and due.astimezone(schedule.tz).minute % 15 == 0


def test_a_night_shift_deadline_is_not_named_by_the_day_it_started(database):
    from companion.core.replies import deadline

    schedule = WorkSchedule.parse("mon-fri 22:00-06:00", "Europe/Moscow")
    now = datetime(2026, 12, 3, 23, 0, tzinfo=schedule.tz)  # Thursday night
    end = datetime(2026, 12, 4, 6, 0, tzinfo=schedule.tz)  # the end of Thursday's night
    assert deadline(end, now, schedule.tz, "ru", schedule) == "завтра до 6:00"
    assert deadline(end, now, schedule.tz, "en", schedule) == "tomorrow by 6 am"
