"""The reply palette: keyboard-first search, preview and copy, checked on the real Qt clipboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from companion.core.tickets import TicketInput
from companion.store.models import ClientUpdate
from companion.ui.reply_palette import ReplyPalette
from tests.ui.replies import clipboard, uses

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ticket(app):
    return app.tickets.create(TicketInput("SUP-7", client="Olga", subject="VPN drops", cadence="1d"))


def open_palette(app, ticket_id=None) -> ReplyPalette:
    app.shell.show_palette(ticket_id)
    palette = app.shell.palette
    assert palette.isVisible()
    return palette


def rows(palette: ReplyPalette) -> list[str]:
    """The result list as shown: "title  —  category"."""
    model = palette.list.model()
    return [model.index(row).data() for row in range(model.rowCount())]


def current(palette: ReplyPalette) -> str:
    return palette.list.currentIndex().data()


def test_opens_for_the_ticket_with_everything_listed_and_the_first_reply_previewed(app, ticket):
    palette = open_palette(app, ticket.id)
    assert palette.ticket_box.currentText() == "SUP-7 · Olga — VPN drops"
    assert palette.search.text() == "" and len(rows(palette)) == 51
    assert rows(palette)[0].startswith("★ ")  # favourites lead while nothing is typed
    assert palette.preview.toPlainText() and palette.problems.text() == ""
    assert palette.copy_button.isEnabled() and palette.copy_mark_button.isEnabled()


def test_typing_filters_and_ranks(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    QTest.keyClicks(palette.search, "screensh")
    assert current(palette) == "Screenshot or video  —  Clarifying questions"
    palette.search.clear()
    QTest.keyClicks(palette.search, "devloper")  # a typo still finds it
    assert "Checking with the developers" in current(palette)

    app.shell.replies.set_language("ru")
    palette.search.clear()
    palette.search.insert("скриншот")  # QTest cannot type Cyrillic
    assert current(palette) == "Скриншот или видео  —  Уточняющие вопросы"
    palette.search.clear()
    QTest.keyClicks(palette.search, "cnfnec")  # "статус" typed in the English layout
    assert current(palette).endswith("  —  Статус")


def test_arrows_move_the_selection_while_typing_continues(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is palette.search)  # ready to type on opening
    QTest.keyClicks(palette.search, "ask")
    first, second = rows(palette)[:2]
    QTest.keyClick(palette.search, Qt.Key.Key_Down)
    assert current(palette) == second
    QTest.keyClick(palette.search, Qt.Key.Key_Up)
    QTest.keyClick(palette.search, Qt.Key.Key_Up)  # stays on the first row
    assert current(palette) == first
    assert QApplication.focusWidget() is palette.search
    QTest.keyClicks(palette.search, "screen")  # the next letters still go to the search
    assert palette.search.text() == "askscreen"


def test_enter_copies_the_filled_reply_and_closes(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    QTest.keyClicks(palette.search, "no news yet")
    assert current(palette).startswith("★ No news yet, still working")
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    text, rich = clipboard()
    assert text.startswith("Good morning, Olga! A quick update:") and "next update tomorrow by 10 am" in text
    assert rich.startswith("<p>Good morning, Olga!")
    assert not palette.isVisible()
    assert uses("status-no-news") == 1 and app.shell.last_toast == "Copied: No news yet, still working"
    assert ClientUpdate.select().count() == 0  # plain Enter does not mark the ticket updated


def test_ctrl_enter_copies_and_marks_the_ticket_updated(app, ticket, clock, qtbot):
    clock.advance(hours=1)
    before = app.tickets.get(ticket.id).next_update_due
    palette = open_palette(app, ticket.id)
    QTest.keyClicks(palette.search, "still on it")
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.search, Qt.Key.Key_Return, CTRL)
    assert clipboard()[0].startswith("Just a quick note to say we're still working on this.")
    [update] = ClientUpdate.select()
    assert update.template == "status-still-on-it" and update.ticket_id == ticket.id and update.on_time
    assert app.tickets.get(ticket.id).next_update_due > before
    assert app.shell.last_toast == "Copied: Still on it (short) · SUP-7 marked updated"


def test_ctrl_enter_without_a_ticket_explains_and_does_nothing(app, ticket):
    palette = open_palette(app, None)
    assert palette.ticket_box.currentText() == "No ticket"
    assert not palette.copy_mark_button.isEnabled()
    QTest.keyClicks(palette.search, "still on it")
    QTest.keyClick(palette.search, Qt.Key.Key_Return, CTRL)
    assert palette.isVisible() and palette.problems.text() == "Choose the ticket to mark updated."
    assert clipboard() == ("", "") and ClientUpdate.select().count() == 0 and uses("status-still-on-it") == 0


def test_the_language_buttons_switch_the_preview_and_the_copy(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    ru, en = palette.lang_buttons.buttons()
    assert (ru.text(), ru.isChecked(), en.text(), en.isChecked()) == ("RU", False, "EN", True)
    QTest.keyClicks(palette.search, "still on it")
    assert palette.preview.toPlainText().startswith("Just a quick note")
    ru.click()
    assert ru.isChecked() and not en.isChecked()
    assert current(palette) == "Всё ещё работаем (коротко)  —  Статус"  # the same reply stays chosen
    assert palette.preview.toPlainText().startswith("Небольшое уточнение: мы всё ещё работаем")
    assert app.settings.get("reply_language") == "ru"  # the one switch shared with the tray menu
    with qtbot.waitSignal(palette.closed):
        palette.copy_button.click()
    assert clipboard()[0].startswith("Небольшое уточнение: мы всё ещё работаем")
    assert app.shell.last_toast == "Copied: Всё ещё работаем (коротко)"


def test_the_preview_highlights_unfilled_placeholders_and_lists_them(app, ticket):
    palette = open_palette(app, None)  # no ticket: {ticket} and {next_update} have no value
    QTest.keyClicks(palette.search, "request received")
    text = palette.preview.toPlainText()
    assert text.startswith("Hello! Thanks")
    cursor = QTextCursor(palette.preview.document())
    cursor.setPosition(text.index("{ticket}") + 1)
    assert cursor.charFormat().background().color().name() == "#ffcc80"
    cursor.setPosition(text.index("Hello") + 1)  # a filled value ({hello}): lightly marked
    assert cursor.charFormat().background().color().name() == "#e3f0ff"
    cursor.setPosition(text.index("getting") + 1)  # the template's own words: unmarked
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush
    assert palette.problems.text().splitlines() == ["{ticket}: no ticket chosen", "{next_update}: no ticket chosen"]
    palette.ticket_box.setCurrentIndex(palette.ticket_box.findData(ticket.id))
    assert palette.preview.toPlainText().startswith("Good morning, Olga!") and palette.problems.text() == ""


def test_no_match_says_so_and_enter_does_nothing(app, ticket):
    palette = open_palette(app, ticket.id)
    QTest.keyClicks(palette.search, "qqqzzzxx")
    assert rows(palette) == []
    # Said in the list, where the agent is looking; the preview stays empty.
    empty = palette.list.empty_label
    assert empty.isVisible() and empty.text() == "No reply matches “qqqzzzxx”."
    assert palette.list.viewport().isAncestorOf(empty)
    assert palette.preview.toPlainText() == ""
    assert not palette.copy_button.isEnabled()
    QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert palette.isVisible() and clipboard() == ("", "")
    palette.search.clear()  # something found again: the message goes
    assert rows(palette) and not empty.isVisible()


def test_a_long_ticket_is_cut_with_an_ellipsis_and_read_whole_in_the_tooltip(app):
    subject = "The printer in accounting prints blank pages after the driver update"
    ticket = app.tickets.create(TicketInput("SUP-1042", client="Romashka North-Western Trading", subject=subject,
                                            cadence="1d"))
    palette = open_palette(app, ticket.id)
    box = palette.ticket_box
    assert box.currentText() == f"SUP-1042 · Romashka North-Western Trading — {subject}"  # whole, not cut at 90
    palette.resize(palette.minimumSizeHint().width(), palette.height())
    QApplication.processEvents()
    assert box.is_elided() and box.toolTip() == box.currentText()
    palette.resize(1800, palette.height())
    QApplication.processEvents()
    assert not box.is_elided() and box.toolTip() == ""


def test_escape_closes_without_copying(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    qtbot.waitUntil(palette.isActiveWindow)
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.search, Qt.Key.Key_Escape)
    assert clipboard() == ("", "")


def test_after_the_explanation_choosing_the_ticket_and_ctrl_enter_again_marks_it(app, ticket, qtbot):
    palette = open_palette(app, None)
    qtbot.waitUntil(palette.isActiveWindow)
    QTest.keyClicks(palette.search, "still on it")
    QTest.keyClick(palette.search, Qt.Key.Key_Return, CTRL)
    assert QApplication.focusWidget() is palette.ticket_box  # where the missing choice is made
    palette.ticket_box.setCurrentIndex(palette.ticket_box.findData(ticket.id))
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.ticket_box, Qt.Key.Key_Return, CTRL)
    assert [u.template for u in ClientUpdate.select()] == ["status-still-on-it"]
    assert uses("status-still-on-it") == 1


def test_enter_on_the_list_copies_once(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    qtbot.waitUntil(palette.isActiveWindow)
    QTest.keyClicks(palette.search, "screenshot")
    palette.list.setFocus()
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.list, Qt.Key.Key_Return)
    assert clipboard()[0].startswith("Thank you! Could you send us a screenshot")
    assert uses("ask-screenshot") == 1


def test_enter_on_the_focused_copy_and_mark_button_marks_the_ticket_too(app, ticket, qtbot):
    palette = open_palette(app, ticket.id)
    QTest.keyClicks(palette.search, "still on it")
    palette.copy_mark_button.setFocus()
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.copy_mark_button, Qt.Key.Key_Return)
    [update] = ClientUpdate.select()
    assert update.template == "status-still-on-it"


def test_marking_updated_by_hand_right_after_copying_keeps_the_time_the_reply_promised(app, ticket, clock, qtbot):
    """Copy with Enter, paste and send, then click Updated four minutes later: the next update is
    due at the time the reply told the client, not a cadence counted from the click."""
    from companion.core.reply_library import reply_context

    from companion.core.tickets import next_update_after

    clock.advance(hours=1, minutes=14)  # 11:14: the reply says tomorrow by 11:15
    palette = open_palette(app, ticket.id)
    QTest.keyClicks(palette.search, "no news")
    promised = reply_context(app.tickets.get(ticket.id), clock.now(), app.tickets.schedule, "en", "",
                             app.tickets.update_lead).ticket.next_update
    with qtbot.waitSignal(palette.closed):
        QTest.keyClick(palette.search, Qt.Key.Key_Return)
    assert "by" in clipboard()[0]
    clock.advance(minutes=4)
    recounted = next_update_after(app.tickets.get(ticket.id), clock.now(), app.tickets.schedule)
    assert recounted != promised  # counted from the click it would be 11:30
    assert app.shell.actions.mark_updated(ticket.id, ask=False)
    assert app.tickets.get(ticket.id).next_update_due == promised
