"""The reminder notice stays true: replaced by a newer one with what still holds, narrowed when some
of it was dealt with, withdrawn once nothing is due; and nothing is announced twice."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from companion.core.reminders import ReminderService
from companion.core.tickets import TicketInput
from companion.platform.notifications import FakeBackend, Notifier
from companion.platform.scheduler import FakeAlarm
from companion.store.models import FiredReminder



@pytest.fixture
def loop(qtbot, clock, tickets, settings):
    from companion.runtime.reminder_loop import ReminderLoop

    server = FakeBackend()
    scheduler = FakeAlarm()
    controller = ReminderLoop(ReminderService(clock, tickets, settings), Notifier([server]), scheduler)

    class Loop:
        pass

    bag = Loop()
    bag.__dict__.update(controller=controller, server=server, scheduler=scheduler, clock=clock,
                        tickets=tickets)

    def fire_at_armed_time():
        clock.set(scheduler.armed_at)
        scheduler.due.emit()

    bag.fire = fire_at_armed_time
    return bag


def on_screen(loop) -> list[str]:
    return [f"{n.title} | {n.body}" for n in loop.server.showing.values()]


def test_an_update_marked_after_the_reminder_withdraws_it(loop):
    ticket = loop.tickets.create(TicketInput("SUP-1", client="Olga", subject="VPN", cadence="1h"))
    loop.controller.run()
    loop.fire()
    assert len(on_screen(loop)) == 1 and "SUP-1" in on_screen(loop)[0]
    loop.clock.advance(minutes=3)
    loop.tickets.mark_updated(ticket.id)
    loop.controller.run()  # what the app does on every data change
    assert on_screen(loop) == [] and [n.title for n in loop.server.withdrawn] == ["Update the client: SUP-1 · Olga"]
    assert len(loop.server.sent) == 1
    assert loop.scheduler.armed_at > loop.clock.now()  # for the next update


def test_a_snoozed_reminder_is_withdrawn_and_comes_back_once_when_the_snooze_ends(loop):
    ticket = loop.tickets.create(TicketInput("SUP-1", cadence="1h"))
    loop.controller.run()
    loop.fire()
    until = loop.clock.now() + timedelta(minutes=30)
    loop.tickets.snooze(ticket.id, until)
    loop.controller.refresh()
    assert on_screen(loop) == [] and len(loop.server.withdrawn) == 1
    loop.controller.run()
    assert loop.scheduler.armed_at == until
    loop.fire()
    assert len(loop.server.sent) == 2 and len(on_screen(loop)) == 1


def test_when_some_are_dealt_with_the_notice_is_narrowed_in_place_and_nothing_is_announced_again(loop):
    first = loop.tickets.create(TicketInput("SUP-1", client="Olga", cadence="1h"))
    loop.tickets.create(TicketInput("SUP-2", client="Ivan", cadence="1h"))
    loop.controller.run()
    loop.fire()
    assert "Client updates due: 2" in on_screen(loop)[0]
    fired = FiredReminder.select().count()
    delivered = []
    loop.controller.delivered.connect(delivered.append)
    loop.tickets.mark_updated(first.id)
    loop.controller.run()
    assert len(on_screen(loop)) == 1 and on_screen(loop)[0].startswith("Update the client: SUP-2 · Ivan |")
    assert len(loop.server.replaced) == 1 and loop.server.withdrawn == []
    assert FiredReminder.select().count() == fired and delivered == []
    loop.controller.run()
    loop.controller.refresh()
    assert len(loop.server.sent) == 2  # nothing changed since: nothing sent


def test_a_later_reminder_replaces_the_notice_and_keeps_what_still_holds(loop):
    loop.tickets.create(TicketInput("SUP-1", cadence="1h"))
    loop.controller.run()
    loop.fire()
    loop.clock.advance(minutes=30)
    loop.tickets.create(TicketInput("SUP-2", cadence="1h"))
    delivered = []
    loop.controller.delivered.connect(delivered.append)
    loop.controller.run()
    loop.fire()
    assert [i.key for i in delivered[-1]] == ["SUP-2"]  # only the new one is recorded as delivered
    assert len(loop.server.showing) == 1 and len(loop.server.replaced) == 1
    assert on_screen(loop)[0].startswith("Client updates due: 2 (SUP-1, SUP-2)")
    assert re.search(r"SUP-1: update \S.* late\n", on_screen(loop)[0])  # how late as of now


def test_a_notice_the_agent_closed_is_neither_withdrawn_nor_brought_back(loop):
    first = loop.tickets.create(TicketInput("SUP-1", cadence="1h"))
    loop.controller.run()
    loop.fire()
    loop.server.dismiss_all()
    loop.tickets.create(TicketInput("SUP-2", cadence="1h"))
    loop.controller.run()
    loop.fire()
    assert len(on_screen(loop)) == 1 and on_screen(loop)[0].startswith("Update the client: SUP-2 |")  # not SUP-1
    assert loop.server.replaced == []
    loop.tickets.mark_updated(first.id)
    loop.controller.run()
    assert loop.server.withdrawn == [] and len(loop.server.showing) == 1


def test_where_notices_cannot_be_taken_back_nothing_is_sent_when_one_is_dealt_with(loop):
    loop.server.retractable = False  # a tray balloon
    ticket = loop.tickets.create(TicketInput("SUP-1", cadence="1h"))
    loop.controller.run()
    loop.fire()
    loop.tickets.mark_updated(ticket.id)
    loop.controller.run()
    assert len(loop.server.sent) == 1 and loop.server.withdrawn == []


def test_a_finished_ticket_withdraws_its_reminder(loop):
    ticket = loop.tickets.create(TicketInput("SUP-1", cadence="1h"))
    loop.controller.run()
    loop.fire()
    loop.tickets.set_status(ticket.id, "resolved")
    loop.controller.refresh()
    assert on_screen(loop) == [] and len(loop.server.withdrawn) == 1


# -- through the whole app: the data-change path it already has reaches the notice ----------------

def test_the_popup_updated_button_withdraws_the_notification(make_app, clock, backend):
    app = make_app()
    app.tickets.create(TicketInput("SUP-1", client="Olga", subject="VPN", cadence="1h"))
    app.runtime.on_local_change()
    clock.set(app.runtime.reminder_alarm.armed_at)
    app.runtime.reminder_alarm.due.emit()
    assert len(backend.showing) == 1
    app.shell.show_popup()
    app.shell.popup.rows[0].updated.click()
    assert backend.showing == {} and len(backend.withdrawn) == 1


def test_a_snooze_in_the_app_withdraws_the_notification(make_app, clock, backend):
    app = make_app()
    ticket = app.tickets.create(TicketInput("SUP-1", cadence="1h"))
    app.runtime.on_local_change()
    clock.set(app.runtime.reminder_alarm.armed_at)
    app.runtime.reminder_alarm.due.emit()
    app.shell.actions.snooze(ticket.id, clock.now() + timedelta(hours=1))
    assert backend.showing == {} and len(backend.withdrawn) == 1
