"""The reminder popup's "Offered to you" section: a colleague's offer shows above what is due, with
Accept and Decline (a reason typed in place); answering records the action for the team thread.

The app is in a team whose server cannot be reached (port 1): the thread fails to connect, which is
all it does here; the offers are written straight into the local table, as a sync would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from companion.core.tickets import TicketInput
from companion.store.models import Handoff

NOWHERE = "postgresql://boris@127.0.0.1:1/team"


@pytest.fixture
def team_app(make_app, clock):
    app = make_app(start=False)
    app.settings.set("team_url", NOWHERE)
    app.start()
    assert app.runtime.team.joined()
    return app


def offer(clock, offer_id=41, key="SUP-7", who="Анна Петрова", note="клиент <важный> & срочный"):
    return Handoff.create(token=f"token-{offer_id}", offer_id=offer_id, direction="in", ticket_key=key,
                          summary="Ромашка · VPN падает", colleague="anna", colleague_name=who, note=note,
                          state="offered", created_at=clock.now())


def popup_with_offers(app):
    app.shell.show_popup()
    popup = app.shell.popup
    assert popup.isVisible()
    return popup


def test_an_offer_shows_above_the_due_reminders_with_who_what_and_the_note(team_app, clock, qtbot):
    team_app.tickets.create(TicketInput("SUP-1", client="Лютик", subject="Принтер",
                                        next_update_at=clock.now() - timedelta(minutes=5)))
    team_app.runtime.on_local_change()
    offer(clock)
    popup = popup_with_offers(team_app)
    assert list(popup.offer_rows) == [41]
    row = popup.offer_rows[41]
    layout = popup.list_layout
    assert layout.indexOf(popup.offers_box) < layout.indexOf(popup.rows[0])  # above the due one
    title = row.findChildren(type(row.status))[0].text()
    assert "SUP-7" in title and "Анна Петрова" in title
    assert row.summary.text() == "Ромашка · VPN падает"
    assert row.note.text() == "Note: клиент <важный> & срочный"  # plain text: shown as typed
    assert row.note.textFormat() == Qt.TextFormat.PlainText
    assert popup.offers_header.text() == "Offered to you: 1" and popup.due_header.text() == "Due now: 1"
    assert not popup.header.isVisible()


def test_a_tray_click_opens_the_popup_for_an_offer_even_with_nothing_due(team_app, clock):
    offer(clock)
    assert team_app.runtime.pending_now() == []
    team_app.shell.on_tray_click()
    popup = team_app.shell.popup
    assert popup.isVisible() and list(popup.offer_rows) == [41]
    assert popup.due_header.text() == "Nothing is due. Well kept!"


def test_accept_records_the_action_and_says_it_is_under_way(team_app, clock, qtbot):
    offer(clock)
    row = popup_with_offers(team_app).offer_rows[41]
    qtbot.mouseClick(row.accept, Qt.MouseButton.LeftButton)
    stored = Handoff.get(Handoff.offer_id == 41)
    assert (stored.pending, stored.state) == ("accept", "offered")
    assert row.status.text() == "Accepting…" and not row.accept.isEnabled() and not row.decline.isEnabled()
    # A redraw (a sync, the minute) keeps the row and its state while the server has not answered.
    team_app.shell.refresh()
    assert team_app.shell.popup.offer_rows[41] is row and row.status.text() == "Accepting…"


def test_accepting_a_key_already_in_the_list_says_why_in_the_row(team_app, clock, qtbot):
    team_app.tickets.create(TicketInput("SUP-7", client="Лютик"))
    offer(clock)
    row = popup_with_offers(team_app).offer_rows[41]
    qtbot.mouseClick(row.accept, Qt.MouseButton.LeftButton)
    assert "already have an open ticket SUP-7" in row.status.text()
    assert row.status.isVisible() and row.accept.isEnabled()
    assert Handoff.get(Handoff.offer_id == 41).pending == ""


def test_decline_asks_for_a_reason_in_place_and_records_it(team_app, clock, qtbot):
    offer(clock)
    row = popup_with_offers(team_app).offer_rows[41]
    qtbot.mouseClick(row.decline, Qt.MouseButton.LeftButton)
    assert row.reason_box.isVisible()
    assert Handoff.get(Handoff.offer_id == 41).pending == ""  # nothing decided by opening the field
    row.reason.insert("ухожу в отпуск")  # (QTest types ASCII only)
    qtbot.keyClick(row.reason, Qt.Key.Key_Return)
    stored = Handoff.get(Handoff.offer_id == 41)
    assert (stored.pending, stored.reason) == ("decline", "ухожу в отпуск")
    assert row.status.text() == "Declining…" and not row.reason_box.isVisible()


def test_escape_in_the_reason_cancels_the_decline_but_keeps_the_popup(team_app, clock, qtbot):
    offer(clock)
    popup = popup_with_offers(team_app)
    row = popup.offer_rows[41]
    qtbot.mouseClick(row.decline, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(row.reason, "not mine")
    qtbot.keyClick(row.reason, Qt.Key.Key_Escape)
    assert not row.reason_box.isVisible() and row.reason.text() == ""
    assert popup.isVisible()
    assert Handoff.get(Handoff.offer_id == 41).pending == ""


def test_an_offer_that_is_taken_leaves_the_section(team_app, clock, qtbot):
    offer(clock)
    popup = popup_with_offers(team_app)
    Handoff.update(state="accepted", pending="").where(Handoff.offer_id == 41).execute()
    team_app.runtime.team.changed.emit()
    assert popup.offer_rows == {} and not popup.offers_box.isVisible()
    assert popup.header.text() == "Nothing is due. Well kept!" and popup.header.isVisible()


def test_an_offer_notice_goes_out_through_the_notifier(team_app, clock, backend):
    row = offer(clock)
    team_app.runtime.team.offer_arrived.emit(row)
    notice = backend.sent[-1]
    assert notice.title == "Анна Петрова offers you ticket SUP-7"
    assert "Ромашка · VPN падает" in notice.body and "Note: клиент <важный> & срочный" in notice.body
