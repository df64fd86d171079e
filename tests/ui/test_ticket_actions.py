"""Ticket actions (issue 13): the Mark-updated dialog is ready to type into and submits on
Ctrl+Enter; "Updated" offers Undo in a toast that takes no focus and waits while hovered; the
snooze dialog is titled and picks with the calendar."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate
from companion.ui.ticket_actions import UNDO_MSEC, MarkUpdatedDialog, TicketActions
from companion.ui.when_edit import DateTimePicker

from tests.ui.questions import answer_question

MSK = ZoneInfo("Europe/Moscow")
UTC = timezone.utc


def local(*args):
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def shown(qtbot, dialog):
    qtbot.addWidget(dialog, before_close_func=lambda d: d.hide())
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


# -- the Mark-updated dialog --------------------------------------------------------------------
def test_mark_updated_opens_on_the_note_and_ctrl_enter_submits(qtbot):
    dialog = shown(qtbot, MarkUpdatedDialog("SUP-1", "email"))
    assert dialog.focusWidget() is dialog.note
    qtbot.keyClicks(dialog.note, "sent the workaround")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.note.toPlainText() == "sent the workaround"  # Ctrl+Enter made no new line
    assert dialog.channel.currentData() == "email"


def test_mark_updated_esc_closes_at_once_without_a_note(qtbot):
    dialog = shown(qtbot, MarkUpdatedDialog("SUP-1", "chat"))
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_mark_updated_esc_asks_when_a_note_was_typed(qtbot):
    dialog = shown(qtbot, MarkUpdatedDialog("SUP-1", "chat"))
    qtbot.keyClicks(dialog.note, "called")
    asked = []
    answer_question("Keep editing", asked)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert asked == ["Discard this note?"] and dialog.isVisible()
    answer_question("Discard", asked)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# -- Undo of "Updated" ------------------------------------------------------------------------------
@pytest.fixture
def actions(qtbot, tickets):
    actions = TicketActions(tickets)
    yield actions
    if actions._undo_toast is not None:
        actions.undo_toast.expire()
        actions.undo_toast.deleteLater()


def test_undo_in_the_toast_restores_the_ticket_and_the_log(qtbot, tickets, clock, actions):
    ticket = tickets.create(TicketInput("SUP-1", cadence="4h", promised_at=local(2026, 11, 25, 12, 0)))
    clock.set(local(2026, 11, 23, 13, 0))
    tickets.snooze(ticket.id, local(2026, 11, 23, 13, 50))
    before = tickets.detail(ticket.id)
    changes = []
    actions.changed.connect(lambda: changes.append("changed"))
    assert actions.mark_updated(ticket.id, ask=False)
    assert ClientUpdate.select().count() == 1 and tickets.detail(ticket.id) != before

    toast = actions.undo_toast
    assert toast.isVisible() and toast.button.text() == "Undo"
    assert toast.label.text() == "SUP-1: client update logged"
    assert toast.remaining > UNDO_MSEC - 1000
    assert toast.button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert toast.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert toast.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    messages = []
    actions.message.connect(messages.append)
    qtbot.mouseClick(toast.button, Qt.MouseButton.LeftButton)
    assert tickets.detail(ticket.id) == before
    assert ClientUpdate.select().count() == 0
    assert not toast.isVisible() and changes == ["changed", "changed"]  # the runtime re-plans
    assert messages == ["SUP-1: update undone"]


def test_the_toast_goes_by_itself_and_then_undoes_nothing(qtbot, tickets, actions):
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    actions.mark_updated(ticket.id, ask=False)
    toast = actions.undo_toast
    toast._timer.timeout.emit()  # the eight seconds are up
    assert not toast.isVisible()
    toast.button.click()
    assert ClientUpdate.select().count() == 1


def test_the_toast_waits_while_the_pointer_rests_on_it(qtbot, tickets, actions):
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    actions.mark_updated(ticket.id, ask=False)
    toast = actions.undo_toast
    QApplication.sendEvent(toast, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert not toast._timer.isActive() and toast.remaining > 0
    from PySide6.QtCore import QEvent

    QApplication.sendEvent(toast, QEvent(QEvent.Type.Leave))
    assert toast._timer.isActive() and toast.isVisible()


def test_undo_after_an_edit_is_refused_in_words(qtbot, tickets, clock, actions, monkeypatch):
    shown_warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown_warnings.append(text)))
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    actions.mark_updated(ticket.id, ask=False)
    clock.advance(seconds=3)
    tickets.edit(ticket.id, TicketInput("SUP-1", cadence="1d", notes="called them"))
    actions.undo_toast.button.click()
    assert shown_warnings == ["SUP-1 was changed after it was marked updated, so the update was left in place. "
                              "Edit the ticket to change its times."]
    assert ClientUpdate.select().count() == 1 and tickets.get(ticket.id).notes == "called them"


def test_marking_through_the_dialog_offers_undo_too(qtbot, tickets, actions, monkeypatch):
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    monkeypatch.setattr(MarkUpdatedDialog, "exec", lambda self: (self.note.setPlainText("sent"), 1)[1])
    assert actions.mark_updated(ticket.id)
    assert actions.undo_toast.isVisible()
    actions.undo_toast.button.click()
    assert ClientUpdate.select().count() == 0


# -- snoozing until a chosen time ---------------------------------------------------------------------
def test_snooze_until_is_titled_and_uses_the_picker(qtbot, tickets, clock, actions, monkeypatch):
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    seen = []

    def choose(self):
        seen.append((self.windowTitle(), self.hint.text(), self.typed.isVisible() or not self.typed.isHidden()))
        self.typed.setText("16:00")
        self._read_typed("16:00")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateTimePicker, "exec", choose)
    assert actions.snooze_custom(ticket.id)
    assert seen == [("Snooze SUP-1 until", "Reminders stay silent until then; the due time does not move.", True)]
    assert tickets.get(ticket.id).snoozed_until == local(2026, 11, 23, 16, 0)


def test_the_toast_goes_with_the_window_it_was_shown_for(qtbot, tickets, actions):
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    ticket = tickets.create(TicketInput("SUP-1", cadence="1d"))
    actions.mark_updated(ticket.id, window, ask=False)
    assert actions.undo_toast.isVisible()
    window.hide()  # (the palette hides as it copies: the offer stands)
    assert actions.undo_toast.isVisible()
    window.close()
    assert not actions.undo_toast.isVisible()
