from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.tickets import TicketInput, ValidationError

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def test_daily_cadence_is_due_next_business_day_same_time(tickets, clock):
    clock.set(local(2026, 11, 27, 15, 0))  # Friday
    t = tickets.create(TicketInput("SUP-1", client="Иван", cadence="1d"))
    assert t.next_update_due == local(2026, 11, 30, 15, 0)  # Monday


def test_marking_updated_logs_and_restarts_the_clock(tickets, clock):
    t = tickets.create(TicketInput("SUP-1", cadence="4h"))  # Mon 10:00
    assert t.next_update_due == local(2026, 11, 23, 14, 0)
    clock.set(local(2026, 11, 23, 13, 30))
    update = tickets.mark_updated("sup-1", note="sent logs")
    assert update.on_time is True and update.due_at == local(2026, 11, 23, 14, 0)
    again = tickets.get("SUP-1")
    assert again.next_update_due == local(2026, 11, 23, 17, 30)
    clock.set(local(2026, 11, 24, 9, 0))  # late: due was 17:30 yesterday
    late = tickets.mark_updated("SUP-1")
    assert late.on_time is False
    assert [u.note for u in tickets.updates("SUP-1")] == ["", "sent logs"]


def test_waiting_on_client_pauses_and_resumes_with_time_left(tickets, clock):
    tickets.create(TicketInput("SUP-2", cadence="4h"))  # due 14:00
    clock.set(local(2026, 11, 23, 12, 0))  # 2 working hours left
    paused = tickets.set_status("SUP-2", "waiting_client")
    assert paused.next_update_due is None and paused.pause_remaining == 7200
    clock.set(local(2026, 11, 25, 17, 0))  # the client answers two days later
    resumed = tickets.set_status("SUP-2", "open")
    assert resumed.next_update_due == local(2026, 11, 26, 10, 0)  # 1 h today + 1 h tomorrow


def test_resolved_tickets_have_nothing_due_and_free_their_key(tickets):
    tickets.create(TicketInput("SUP-3", cadence="1d"))
    done = tickets.set_status("SUP-3", "resolved")
    assert done.next_update_due is None
    tickets.create(TicketInput("SUP-3", cadence="1d"))  # the key is free again


def test_key_unique_among_open_tickets(tickets):
    tickets.create(TicketInput("SUP-4"))
    with pytest.raises(ValidationError) as err:
        tickets.create(TicketInput("sup-4"))
    assert err.value.field == "key" and "already exists" in str(err.value)


@pytest.mark.parametrize("field,value,message", [
    ("key", "  ", "key is empty"),
    ("url", "javascript:alert(1)", "only http and https"),
    ("cadence", "every now and then", "cannot read the cadence"),
    ("channel", "pigeon", "unknown channel"),
])
def test_validation_names_the_problem(tickets, field, value, message):
    data = TicketInput("SUP-5")
    setattr(data, field, value)
    with pytest.raises(ValidationError) as err:
        tickets.create(data)
    assert err.value.field == field and message in str(err.value)


def test_explicit_next_update_outside_hours_moves_to_shift_start(tickets):
    t = tickets.create(TicketInput("SUP-6", next_update_at=local(2026, 11, 24, 3, 0)))
    assert t.next_update_due == local(2026, 11, 24, 9, 0)


def test_snooze_does_not_move_the_due_time(tickets, clock):
    t = tickets.create(TicketInput("SUP-7", cadence="4h"))
    due = t.next_update_due
    snoozed = tickets.snooze("SUP-7", clock.now() + timedelta(hours=6))
    assert snoozed.next_update_due == due


def test_views_and_filter(tickets, clock):
    tickets.create(TicketInput("A-1", client="Иван Петров", cadence="1h"))
    tickets.create(TicketInput("B-2", client="Olga", subject="Printer on fire", cadence="1w"))
    tickets.create(TicketInput("C-3", client="Zoe", status="waiting_client", cadence="1d"))
    archived = tickets.create(TicketInput("D-4", client="Old"))
    tickets.archive(archived.id)
    clock.advance(hours=2)
    keys = lambda view, text="": sorted(t.key for t in tickets.listing(view, text))  # noqa: E731
    assert keys("due") == ["A-1"]
    assert keys("waiting") == ["C-3"]
    assert keys("all") == ["A-1", "B-2", "C-3"]
    assert keys("archived") == ["D-4"]
    assert keys("all", "ИВАН") == ["A-1"]
    assert keys("all", "fire") == ["B-2"]
    assert tickets.overdue_count() == 1


def test_keys_match_case_insensitively_in_any_script(tickets):
    tickets.create(TicketInput("ЗАЯВКА-7", client="Иван"))
    assert tickets.get("заявка-7").client == "Иван"
    with pytest.raises(ValidationError):
        tickets.create(TicketInput("Заявка-7"))


def test_waiting_on_client_twice_keeps_the_time_left(tickets, clock):
    tickets.create(TicketInput("SUP-8", cadence="1d"))  # due Tue 10:00
    tickets.set_status("SUP-8", "waiting_client")
    left = tickets.get("SUP-8").pause_remaining
    clock.advance(hours=50)
    assert tickets.set_status("SUP-8", "waiting_client").pause_remaining == left
    archived = tickets.archive("SUP-8")
    assert tickets.unarchive(archived.id).pause_remaining == left
