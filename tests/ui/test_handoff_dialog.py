"""Handing a ticket to a colleague from the main window: the chooser, the offer kept locally until the
server has it, the ticket's hand-off lines, and taking the offer back. No team server: the team is as
last heard (settings team_cache), which is all the dialog reads."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from companion.core.tickets import TicketInput
from companion.store.models import Handoff
from companion.ui.handoff_dialog import HandoffDialog

ALL_DAY = "mon-sun 00:00-24:00"


def member(login, name, active, due, schedule=ALL_DAY):
    return {"login": login, "name": name, "active": active, "due_today": due, "done_today": 0,
            "capacity_updates": 20, "capacity_tickets": 25, "schedule": schedule, "tz": "Europe/Moscow",
            "days_off": "", "updated_at": "2026-12-03T07:00:00+00:00"}


BOARD = [member("anna", "Анна Петрова", 4, 2), member("boris", "Борис Смирнов", 3, 5),
         member("lena", "Лена Орлова", 25, 19, schedule=""), member("oleg", "Олег Ким", 12, 3)]


def join_offline(app):
    """In a team as far as this app knows (a server that is never asked in these tests)."""
    app.settings.set("team_url", "postgresql://anna@127.0.0.1:1/team")
    app.settings.set("team_cache", {"board": BOARD, "me": "anna"})


@pytest.fixture
def app(make_app):
    app = make_app()
    app.tickets.create(TicketInput("SUP-7", client="Acme", subject="Printer offline"))
    yield app
    app.runtime.team.stop()


def test_outside_a_team_the_dialog_says_why_and_cannot_offer(app):
    ticket = app.tickets.get("SUP-7")
    dialog = HandoffDialog(app.runtime.team, ticket.id, ticket.key, ticket.subject)
    assert not dialog.ok.isEnabled()
    assert "Settings → Team" in dialog.reason.text()
    dialog.accept()
    assert Handoff.select().count() == 0


def test_a_team_of_one_says_nobody_has_joined(app):
    app.settings.set("team_url", "postgresql://anna@127.0.0.1:1/team")
    app.settings.set("team_cache", {"board": [member("anna", "Анна", 1, 1)], "me": "anna"})
    ticket = app.tickets.get("SUP-7")
    dialog = HandoffDialog(app.runtime.team, ticket.id, ticket.key)
    assert not dialog.ok.isEnabled()
    assert "Nobody else" in dialog.reason.text()


def test_colleagues_come_least_loaded_first_with_their_shift_and_load(app):
    join_offline(app)
    ticket = app.tickets.get("SUP-7")
    dialog = HandoffDialog(app.runtime.team, ticket.id, ticket.key, ticket.subject)
    rows = [dialog.people.row(i) for i in range(dialog.people.count())]
    assert [r[0] for r in rows] == ["Борис Смирнов", "Олег Ким", "Лена Орлова"]
    assert rows[0][1] == "on shift" and rows[0][2].startswith("3/25 ticket") and " · 5/20 update" in rows[0][2]
    assert rows[2][1] == "schedule unknown" and rows[2][2].endswith("full")
    assert dialog.chosen() == "boris" and dialog.ok.isEnabled()
    assert not dialog.away.isVisible()


def test_offering_from_the_main_window_marks_the_ticket_and_can_be_withdrawn(app, qtbot, monkeypatch):
    join_offline(app)
    app.shell.show_main()
    window = app.shell.main
    ticket = app.tickets.get("SUP-7")
    window.select_ticket(ticket.id)

    def offer(dialog):
        dialog.people.setCurrentRow(1)  # Олег
        dialog.note.setPlainText("Клиент ждёт звонка в 15:00")
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(HandoffDialog, "exec", offer)
    window.act_hand_off.trigger()

    row = Handoff.get()
    assert (row.direction, row.colleague, row.state, row.pending) == ("out", "oleg", "queued", "send")
    assert app.runtime.team.state().pending == 1
    assert "SUP-7 offered to Олег Ким" in window.statusBar().currentMessage()
    detail = window.detail.toPlainText()
    assert "Offered to Олег Ким · waiting for the answer" in detail
    assert "Offered to Олег Ким, " in detail and "«" not in detail and "Клиент ждёт звонка в 15:00" in detail
    assert window.act_withdraw.isEnabled()

    # A second offer of the same ticket is refused in the dialog, with the reason.
    again = HandoffDialog(app.runtime.team, ticket.id, ticket.key)
    assert not again.ok.isEnabled() and "already offered to Олег Ким" in again.reason.text()

    window.act_withdraw.trigger()
    # Recorded at once and sent by the team thread, by the offer's token: an offer whose sending was never
    # confirmed may have reached the server all the same.
    row = Handoff.get()
    assert (row.state, row.pending) == ("queued", "withdraw")
    assert "withdrawing the offer to Олег Ким" in window.statusBar().currentMessage()
    assert app.runtime.team.offered_to(ticket.id) is None


def test_the_lines_of_answered_offers(app):
    join_offline(app)
    window_ticket = app.tickets.get("SUP-7")
    now = app.runtime.clock.now()
    Handoff.create(token="t1", direction="out", ticket=window_ticket.id, ticket_key="SUP-7", colleague="boris",
                   colleague_name="Борис Смирнов", state="declined", reason="в отпуске", created_at=now,
                   decided_at=now)
    Handoff.create(token="t2", direction="in", ticket=window_ticket.id, ticket_key="SUP-7", colleague="lena",
                   colleague_name="Лена Орлова", note="срочно", state="accepted", created_at=now)
    app.shell.show_main()
    window = app.shell.main
    window.select_ticket(window_ticket.id)
    text = window.detail.toPlainText()
    assert "Борис Смирнов declined, " in text and text.count("в отпуске") == 1
    assert "Received from Лена Орлова, " in text and "срочно" in text


def test_an_away_server_says_the_offer_will_wait(app, qtbot):
    join_offline(app)
    app.runtime.team._set(reachable=False, error="connection refused")
    ticket = app.tickets.get("SUP-7")
    dialog = HandoffDialog(app.runtime.team, ticket.id, ticket.key, ticket.subject)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.away.isVisible() and "when it answers" in dialog.away.text()
    out = Path("test-artifacts")
    out.mkdir(exist_ok=True)
    dialog.grab().save(str(out / "team-handoff.png"))
    assert dialog.width() <= 1366 and dialog.height() <= 768
    dialog.people.setCurrentRow(0)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.offered is not None
    assert "will be sent when the team server answers" in dialog.outcome()
