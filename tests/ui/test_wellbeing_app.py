"""Wellbeing as wired in the whole app: breaks planned at start, pause and do-not-disturb, the
breathing reset (by hand and after updating a difficult client), the wellbeing window, today's
load in the tray tooltip, and the hand-off reply."""

from __future__ import annotations

from datetime import timedelta

from companion.core.tickets import TicketInput
from companion.store.models import BreakKind, ToughConversation
from tests.ui.replies import clipboard


def test_start_seeds_the_kinds_and_plans_the_first_break(make_app):
    app = make_app()
    assert BreakKind.select().count() >= 2
    assert app.runtime.break_loop.running and app.runtime.break_loop.engine.planned is not None
    kind, at = app.runtime.break_loop.engine.planned
    assert kind.slug == "micro" and at == app.clock.now() + timedelta(minutes=20)
    details = app.runtime.tray_state().details
    assert details[0] == "Today: 0 of 20 updates, 0 of 25 active tickets"
    assert details[1].startswith("Next break: ") and details[1].endswith("10:20")


def test_the_tooltip_counts_todays_load(make_app):
    app = make_app()
    app.settings.set("capacity_updates", 3)
    for n in range(4):
        app.tickets.create(TicketInput(f"SUP-{n}", cadence="2h"))
    app.runtime.on_local_change()
    load = app.runtime.tray_state().details[0]
    assert load.startswith("Today: ") and "of 3 updates" in load


def test_pause_everything_silences_breaks_too(make_app):
    app = make_app()
    app.runtime.pause("1h")
    assert app.runtime.break_loop.engine.phase == "off"
    app.runtime.pause("resume")
    assert app.runtime.break_loop.engine.phase == "waiting" and app.runtime.break_loop.engine.planned is not None


def test_do_not_disturb_from_the_tray_holds_breaks(make_app):
    app = make_app()
    app.runtime.set_dnd(True)
    assert app.settings.get("do_not_disturb") is True and app.runtime.break_loop.engine.dnd
    assert "Do not disturb: breaks are held" in app.runtime.tray_state().details


def test_a_tough_conversation_opens_the_breathing_window_and_is_logged(make_app, qtbot):
    app = make_app()
    ticket = app.tickets.create(TicketInput("SUP-9", client="Pavel"))
    app.shell.tough_conversation(ticket.id)
    window = app.shell.breathing
    assert window.isVisible()
    app.clock.advance(seconds=12)
    window.tick()
    with qtbot.waitSignal(window.finished):
        window.close_button.click()
    row = ToughConversation.get()
    assert (row.ticket_id, row.seconds, row.completed, row.automatic) == (ticket.id, 12, False, False)


def test_updating_a_difficult_client_offers_the_reset_when_enabled(make_app):
    app = make_app()
    easy = app.tickets.create(TicketInput("SUP-1", client="Olga"))
    hard = app.tickets.create(TicketInput("SUP-2", client="Pavel", difficult=True))
    app.shell.actions.mark_updated(hard.id, ask=False)
    assert app.shell.breathing is None  # off by default
    app.settings.set("tough_after_difficult", True)
    app.shell.actions.mark_updated(easy.id, ask=False)
    assert app.shell.breathing is None
    app.shell.actions.mark_updated(hard.id, ask=False)
    assert app.shell.breathing is not None and app.shell.breathing.isVisible()
    app.clock.advance(seconds=app.settings.get("tough_seconds") + 1)
    app.shell.breathing.tick()
    row = ToughConversation.get()
    assert row.completed and row.automatic and row.ticket_id == hard.id


def test_the_wellbeing_window_opens_on_today(make_app):
    app = make_app()
    app.shell.show_wellbeing()
    assert app.shell.wellbeing.isVisible() and app.shell.wellbeing.windowTitle() == "Wellbeing"


def test_copy_handoff_puts_the_handoff_reply_on_the_clipboard(app):
    ticket = app.tickets.create(TicketInput("SUP-3", client="Olga", subject="VPN", cadence="1d"))
    app.shell.copy_handoff(ticket.id)
    text, _html = clipboard()
    assert "SUP-3" in text or "Olga" in text
    assert app.shell.last_toast.startswith("Copied: ")
