"""Undo of "mark updated" (issue 13): the ticket is put back exactly and the log entry goes; an undo
that would clobber later work, or repeat itself, is refused in words."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.reminders import ReminderService
from companion.core.tickets import CannotUndo, TicketInput

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def test_undo_puts_the_ticket_back_exactly_and_removes_the_entry(tickets, clock):
    t = tickets.create(TicketInput("SUP-1", cadence="4h", promised_at=local(2026, 11, 26, 12, 0)))
    clock.set(local(2026, 11, 23, 11, 0))
    tickets.mark_updated(t.id, note="first")
    clock.set(local(2026, 11, 23, 15, 0))
    tickets.snooze(t.id, local(2026, 11, 23, 15, 30))
    before = tickets.detail(t.id)
    clock.set(local(2026, 11, 23, 15, 20, 30))
    logged = tickets.log_update(t.id, note="second", channel="email")
    moved = tickets.detail(t.id)
    assert moved.last_update_at == local(2026, 11, 23, 15, 20, 30) and moved.snoozed_until is None
    assert moved.next_update_due != before.next_update_due
    assert [u.note for u in tickets.update_log(t.id)] == ["second", "first"]

    clock.set(local(2026, 11, 23, 15, 20, 35))
    tickets.undo_update(logged)
    assert tickets.detail(t.id) == before  # due, last update, promise, cadence, snooze, status, times
    assert tickets.get(t.id).cadence_from == local(2026, 11, 23, 11, 0)
    assert [u.note for u in tickets.update_log(t.id)] == ["first"]


def test_undo_of_a_paused_ticket_keeps_its_remaining_time(tickets, clock):
    t = tickets.create(TicketInput("SUP-2", cadence="4h"))
    clock.set(local(2026, 11, 23, 12, 0))
    tickets.set_status(t.id, "waiting_client")
    before = tickets.detail(t.id)
    assert before.pause_remaining == 7200
    clock.set(local(2026, 11, 23, 13, 0))
    logged = tickets.log_update(t.id)
    assert tickets.detail(t.id).pause_remaining == 4 * 3600  # restarted in full
    tickets.undo_update(logged)
    assert tickets.detail(t.id) == before


def test_undo_twice_is_a_clear_error(tickets, clock):
    t = tickets.create(TicketInput("SUP-3", cadence="1d"))
    logged = tickets.log_update(t.id)
    tickets.undo_update(logged)
    with pytest.raises(CannotUndo, match="already undone"):
        tickets.undo_update(logged)
    assert tickets.update_log(t.id) == []


@pytest.mark.parametrize("change", [
    lambda tickets, t: tickets.edit(t.id, TicketInput("SUP-4", cadence="1d", notes="called them")),
    lambda tickets, t: tickets.set_status(t.id, "resolved"),
    lambda tickets, t: tickets.snooze(t.id, local(2026, 11, 23, 17, 0)),
])
def test_undo_after_the_ticket_was_edited_is_refused_and_clobbers_nothing(tickets, clock, change):
    t = tickets.create(TicketInput("SUP-4", cadence="1d"))
    clock.set(local(2026, 11, 23, 11, 0))
    logged = tickets.log_update(t.id, note="sent")
    change(tickets, t)
    edited = tickets.detail(t.id)
    with pytest.raises(CannotUndo, match="changed after it was marked updated"):
        tickets.undo_update(logged)
    assert tickets.detail(t.id) == edited
    assert [u.note for u in tickets.update_log(t.id)] == ["sent"]


def test_undo_after_a_second_update_in_the_same_second_is_refused(tickets, clock):
    t = tickets.create(TicketInput("SUP-5", cadence="none"))
    first = tickets.log_update(t.id, note="one")
    tickets.log_update(t.id, note="two")  # same instant: the ticket's fields alone look untouched
    with pytest.raises(CannotUndo):
        tickets.undo_update(first)
    assert [u.note for u in tickets.update_log(t.id)] == ["two", "one"]


def test_undo_of_a_deleted_ticket_is_a_clear_error(tickets):
    t = tickets.create(TicketInput("SUP-6", cadence="1d"))
    logged = tickets.log_update(t.id)
    tickets.delete(t.id)
    with pytest.raises(CannotUndo, match="already undone|no longer exists"):
        tickets.undo_update(logged)


def test_undo_after_the_reminder_was_delivered_shows_it_again_without_announcing_it_twice(
        tickets, clock, settings):
    reminders = ReminderService(clock, tickets, settings)
    t = tickets.create(TicketInput("SUP-7", cadence="4h"))  # due Mon 14:00, reminded 13:45
    clock.set(local(2026, 11, 23, 14, 5))
    plan = reminders.plan()
    assert [item.ticket_id for item in plan.fire] == [t.id]
    reminders.mark_delivered(plan.fire)  # the notification went out

    logged = tickets.log_update(t.id)
    assert reminders.pending_now() == [] and reminders.plan().fire == []
    clock.set(clock.now() + timedelta(seconds=5))
    tickets.undo_update(logged)
    assert [item.ticket_id for item in reminders.pending_now()] == [t.id]  # due again, in the popup
    assert reminders.plan().fire == []  # ... but not announced a second time
    assert tickets.detail(t.id).next_update_due == local(2026, 11, 23, 14, 0)


def test_undo_gives_back_the_time_a_copied_reply_quoted(tickets, clock):
    t = tickets.create(TicketInput("SUP-8", cadence="4h"))
    clock.set(local(2026, 11, 23, 11, 0))
    tickets.quoted(t.id, local(2026, 11, 23, 16, 0))
    logged = tickets.log_update(t.id)
    assert tickets.detail(t.id).next_update_due == local(2026, 11, 23, 16, 0)
    tickets.undo_update(logged)
    again = tickets.log_update(t.id)  # marked again, the quoted time still holds
    assert again.quote is not None and tickets.detail(t.id).next_update_due == local(2026, 11, 23, 16, 0)


def test_mark_updated_still_answers_with_the_logged_update(tickets, clock):
    t = tickets.create(TicketInput("SUP-9", cadence="4h"))
    update = tickets.mark_updated(t.id, note="x")
    assert update.note == "x" and update.on_time is True and update.ticket_id == t.id
