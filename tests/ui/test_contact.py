"""The contact in the ticket dialog (issue 13, point 4): a pasted mailbox is split, the name is
saved as the contact, and a reply for the ticket greets that person, not the company."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from companion.core.reply_library import reply_context
from companion.core.replies import render
from companion.core.tickets import TicketInput
from companion.resources import replies_path
from companion.store.models import Ticket
from companion.ui.ticket_dialog import TicketDialog


def paste(edit, text):
    QApplication.clipboard().setText(text)
    edit.setFocus()
    edit.paste()  # as Ctrl+V does: an edit by the user, so the dialog reacts


def type_in(edit, text):
    """Type `text` a character at a time (QTest.keyClicks knows only ASCII keys)."""
    edit.setFocus()
    for ch in text:
        edit.insert(ch)  # an edit by the user, as a key press is


def shipped_body(slug, lang):
    library = json.loads(replies_path().read_text(encoding="utf-8"))
    [template] = [t for t in library["templates"] if t["id"] == slug]
    return template["variants"][lang]["body"]


def test_a_mailbox_pasted_into_client_becomes_the_person_and_the_contact(qtbot, tickets, clock, schedule):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-1")
    paste(dialog.client, "Иван Петров <ivan@example.com>")
    assert (dialog.client.text(), dialog.contact.text()) == ("Иван Петров", "Иван Петров")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    saved = Ticket.get(Ticket.key == "SUP-1")
    assert (saved.client, saved.contact) == ("Иван Петров", "Иван Петров")

    ctx = reply_context(saved, clock.now(), schedule, "ru", "Мария")
    text = render(shipped_body("ack-received", "ru"), ctx).text
    assert text.startswith("Доброе утро, Иван! Спасибо, что написали.")


def test_a_mailbox_pasted_into_contact_leaves_the_company_and_greets_the_person(qtbot, tickets, clock, schedule):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-2")
    type_in(dialog.client, "ООО «Ромашка»")
    paste(dialog.contact, "Иван Петров <ivan@example.com>")
    assert (dialog.client.text(), dialog.contact.text()) == ("ООО «Ромашка»", "Иван Петров")
    dialog.save()
    saved = Ticket.get(Ticket.key == "SUP-2")
    assert (saved.client, saved.contact) == ("ООО «Ромашка»", "Иван Петров")
    for lang, opening in (("ru", "Доброе утро, Иван! "), ("en", "Good morning, Иван! ")):
        ctx = reply_context(saved, clock.now(), schedule, lang, "Мария")
        assert render(shipped_body("status-no-news", lang), ctx).text.startswith(opening)


def test_typed_text_is_left_as_typed_and_a_company_alone_is_greeted_without_its_name(qtbot, tickets, clock,
                                                                                      schedule):
    dialog = TicketDialog(tickets)
    qtbot.addWidget(dialog)
    dialog.key.setText("SUP-3")
    type_in(dialog.client, "ООО «Ромашка»")
    type_in(dialog.contact, "Иван Петров <ivan@example.com")
    assert dialog.contact.text() == "Иван Петров <ivan@example.com"  # half typed: nothing moved yet
    type_in(dialog.contact, ">")
    assert dialog.contact.text() == "Иван Петров"  # the mailbox complete: the name stays
    dialog.contact.clear()
    dialog.save()
    saved = Ticket.get(Ticket.key == "SUP-3")
    ctx = reply_context(saved, clock.now(), schedule, "ru", "Мария")
    assert render(shipped_body("ack-received", "ru"), ctx).text.startswith("Здравствуйте! Спасибо")


def test_editing_shows_and_keeps_the_contact(qtbot, tickets):
    t = tickets.create(TicketInput("SUP-4", client="Acme LLC", contact="Anna Smith"))
    dialog = TicketDialog(tickets, t)
    qtbot.addWidget(dialog)
    assert dialog.contact.text() == "Anna Smith"
    assert dialog.contact.placeholderText() == "Ivan Petrov"
    dialog.contact.setText("Bob")
    dialog.save()
    assert tickets.detail("SUP-4").contact == "Bob"
