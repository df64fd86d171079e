"""The "Replies" menu (tray and main window), checked on the real Qt clipboard."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtGui import QGuiApplication

from companion.core.tickets import TicketInput
from companion.ui.reply_menu import ReplyMenu
from tests.ui.replies import clipboard, uses

UTC = timezone.utc
CLIENT = "Olga <olga@example.com> & Friends"  # a person (a company, "& Co", is greeted "Hello!")


def opened(menu: ReplyMenu) -> ReplyMenu:
    """What the user sees when the menu opens (it is rebuilt on aboutToShow)."""
    menu.aboutToShow.emit()
    return menu


def texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def action(menu: ReplyMenu, text: str):
    found = [a for a in ReplyMenu.actions_recursive(menu) if a.text() == text]
    assert found, f"no menu entry {text!r} in {[a.text() for a in ReplyMenu.actions_recursive(menu)]}"
    return found[0]


def submenu(menu, title: str):
    found = [a.menu() for a in menu.actions() if a.menu() is not None and a.text() == title]
    assert found, f"no submenu {title!r} in {texts(menu)}"
    return found[0]


def selected_in_main_window(app, ticket_id: int) -> ReplyMenu:
    app.shell.show_main()
    app.shell.main.select_ticket(ticket_id)
    return opened(app.shell.main.reply_button.menu())


def test_header_names_the_ticket_in_context_or_says_there_is_none(app):
    menu = opened(ReplyMenu(app.shell.replies))
    assert texts(menu)[0] == "No ticket selected or due"
    assert not menu.actions()[0].isEnabled()

    ticket = app.tickets.create(TicketInput("SUP-7", client=CLIENT, cadence="1d"))
    menu = selected_in_main_window(app, ticket.id)
    assert texts(menu)[0] == f"For SUP-7 · {CLIENT.replace('&', '&&')}"  # && shows as one "&"

    app.shell.main.hide()  # the window is gone: the most pressing due ticket is the context
    due = app.tickets.create(TicketInput("SUP-9", client="Ivan", next_update_at=datetime(2026, 11, 23, 6, 0,
                                                                                          tzinfo=UTC)))
    assert app.runtime.reminders.pending_now()[0].ticket_id == due.id
    assert texts(opened(menu))[0] == "For SUP-9 · Ivan"


def test_favourites_and_the_five_most_used_are_on_top_and_categories_are_submenus(app):
    ticket = app.tickets.create(TicketInput("SUP-7", client="Olga", cadence="1d"))
    menu = opened(ReplyMenu(app.shell.replies))
    entries = texts(menu)
    favourites = ["★ Request received", "★ Checking with the developers", "★ No news yet, still working",
                  "★ Closing after confirmation"]
    assert entries[1:5] == favourites
    assert entries[5] == "Acknowledge"  # then the categories, in the reply language
    assert "Reproducing && testing" in entries
    assert texts(submenu(menu, "Acknowledge"))[:2] == ["Request received", "Thanks for the details"]

    for slug, times in (("ask-steps", 3), ("ask-screenshot", 1), ("calm-facts", 2), ("steps-basic", 5),
                        ("ask-versions", 4), ("wait-reminder", 6), ("ack-received", 9)):
        reply = app.shell.replies.library.find(slug)
        for _ in range(times):
            assert app.shell.replies.copy(reply.id, ticket.id)
    entries = texts(opened(menu))
    # The five most used non-favourites, most used first; a used favourite stays a favourite.
    assert entries[1:10] == favourites + ["Reminder: awaiting your reply", "Step-by-step instructions",
                                          "App, OS and browser versions", "Steps to reproduce",
                                          "Facts and next steps"]
    assert entries[10] == "Acknowledge"


def test_a_reply_copies_text_and_html_for_the_ticket_counts_the_use_and_confirms(app, qtbot):
    ticket = app.tickets.create(TicketInput("SUP-7", client=CLIENT, subject="VPN", cadence="1d"))
    menu = selected_in_main_window(app, ticket.id)
    with qtbot.waitSignal(app.shell.replies.copied) as copied:
        action(submenu(menu, "Acknowledge"), "Request received").trigger()
    text, rich = clipboard()
    assert text == (f"Good morning, {CLIENT}! Thanks for getting in touch. We've received your request SUP-7 and "
                    "are already looking into it. I'll get back to you with an update tomorrow by 10 am.")
    assert "Olga &lt;olga@example.com&gt; &amp; Friends" in rich and "<b>" not in rich and "{" not in rich
    assert uses("ack-received") == 1
    assert copied.args == ["Copied: Request received"]
    assert app.shell.last_toast == "Copied: Request received"
    assert app.shell.toast.isVisible() and app.shell.toast.text() == "Copied: Request received"
    assert app.shell.main.statusBar().currentMessage() == "Copied: Request received"
    # A used favourite stays among the favourites, not listed a second time among the most used.
    assert texts(opened(menu)).count("★ Request received") == 1
    assert "Request received" not in texts(menu)


def test_switching_the_language_changes_titles_and_the_copy_and_is_remembered(app, qtbot):
    ticket = app.tickets.create(TicketInput("SUP-7", client="Ольга", cadence="1d"))
    menu = selected_in_main_window(app, ticket.id)
    languages = [a for a in menu.actions() if a.isCheckable()]
    assert [(a.text(), a.isChecked()) for a in languages] == [("Русский", False), ("English", True)]
    with qtbot.waitSignal(app.shell.replies.language_changed):
        languages[0].trigger()
    assert app.settings.get("reply_language") == "ru"
    menu = opened(menu)
    entries = texts(menu)
    assert "★ Получили обращение" in entries and "Подтверждение" in entries and "Acknowledge" not in entries
    assert [a.isChecked() for a in menu.actions() if a.isCheckable()] == [True, False]
    action(menu, "★ Получили обращение").trigger()
    text, _rich = clipboard()
    assert text.startswith("Доброе утро, Ольга! Спасибо, что написали.") and "завтра до 10:00" in text
    assert app.shell.last_toast == "Copied: Получили обращение"

    # Remembered: a new menu (as after a restart) opens in Russian.
    assert "Подтверждение" in texts(opened(ReplyMenu(app.shell.replies)))


def test_an_unfilled_placeholder_asks_first(app, monkeypatch):
    asked = []

    def confirm(parent, title, rendered, ticket_id):
        asked.append((title, [p.placeholder for p in rendered.problems], ticket_id))
        return answer

    monkeypatch.setattr(app.shell.replies, "confirm", confirm)
    QGuiApplication.clipboard().setText("what the agent had before")
    menu = opened(ReplyMenu(app.shell.replies))  # no ticket in context

    answer = False
    action(menu, "★ Request received").trigger()
    assert asked == [("Request received", ["{ticket}", "{next_update}"], None)]
    assert clipboard() == ("what the agent had before", "")
    assert uses("ack-received") == 0 and app.shell.last_toast == ""

    answer = True
    action(menu, "★ Request received").trigger()
    text, _rich = clipboard()
    assert text.startswith("Hello! ") and "request {ticket} and" in text  # nobody to name: no gap
    assert uses("ack-received") == 1 and app.shell.last_toast == "Copied: Request received"


def test_a_ticket_without_a_promised_date_asks_before_copying_it(app, monkeypatch):
    asked = []
    monkeypatch.setattr(app.shell.replies, "confirm", lambda *args: asked.append(args[2].problems) or False)
    ticket = app.tickets.create(TicketInput("SUP-7", client="Olga", cadence="1d"))
    menu = selected_in_main_window(app, ticket.id)
    action(submenu(menu, "Deadlines && saying no"), "Estimated date").trigger()
    [[problem]] = asked
    assert problem.placeholder == "{promised}" and "SUP-7 has no promised date" in problem.message
    assert clipboard() == ("", "") and uses("deadline-estimate") == 0


def test_the_tray_menu_has_the_replies_submenu(make_app):
    app = make_app(start=False, use_tray=True)  # offscreen the icon is never shown; its menu exists
    titles = [a.text() for a in app.shell.tray.menu.actions() if a.text()]
    assert titles[3:5] == ["Replies", "Find reply…"]
    assert isinstance(app.shell.tray.replies_menu, ReplyMenu)


def test_reopening_the_menu_many_times_leaves_nothing_behind(app):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QActionGroup
    from PySide6.QtWidgets import QMenu

    def settle():  # the old submenus go with deleteLater, when the event loop runs it
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    menu = opened(ReplyMenu(app.shell.replies))
    settle()
    before = len(menu.children())
    for _ in range(5):
        opened(menu)
        settle()
    assert len(menu.findChildren(QActionGroup)) == 1
    assert len(menu.findChildren(QMenu)) == 12  # one per category
    assert len(menu.children()) == before


def test_find_and_edit_open_the_palette_and_the_editor_for_the_ticket_in_context(app):
    ticket = app.tickets.create(TicketInput("SUP-7", client="Olga", cadence="1d"))
    menu = selected_in_main_window(app, ticket.id)
    action(menu, "Find reply…").trigger()
    assert app.shell.palette.isVisible() and app.shell.palette.ticket_id() == ticket.id
    app.shell.palette.hide()
    action(menu, "Edit replies…").trigger()
    assert app.shell.editor.isVisible() and app.shell.editor.preview_ticket.currentData() == ticket.id


@pytest.mark.parametrize("press,copied", [("Copy anyway", True), ("Cancel", False)])
def test_the_real_question_lists_the_unfilled_placeholders(app, qtbot, press, copied):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append((box.windowTitle(), box.text()))
        [button] = [b for b in box.buttons() if b.text() == press]
        button.click()

    app.shell.replies.confirm = app.shell.replies.ask_before_copying  # the real question, answered by `answer`
    QTimer.singleShot(0, answer)
    menu = opened(ReplyMenu(app.shell.replies))
    action(menu, "★ Request received").trigger()
    [(title, text)] = seen
    assert title == "Unfilled placeholders"
    assert "“Request received” still has placeholders without a value" in text
    assert "<li>{ticket}: no ticket chosen</li>" in text and "Copy anyway?" in text
    assert (clipboard()[0].startswith("Hello! Thanks")) is copied
    assert uses("ack-received") == int(copied)


def test_the_menu_and_its_ways_out_carry_icons(app):
    menu = opened(ReplyMenu(app.shell.replies))
    assert not menu.icon().isNull()  # shown where it is a submenu (the tray)
    assert not action(menu, "Find reply…").icon().isNull() and not action(menu, "Edit replies…").icon().isNull()
    assert all(a.icon().isNull() for a in menu.reply_actions())  # the replies themselves: names only
