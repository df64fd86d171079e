"""The contact on a ticket: kept, bounded, searched, exported and imported, and filling replies."""

from __future__ import annotations

import pytest

from companion.core.reply_library import reply_context
from companion.core.replies import render
from companion.core.tickets import TicketInput, ValidationError
from companion.core.transfer import export_data, import_data
from companion.store.models import Ticket


def test_a_ticket_keeps_its_contact_through_create_edit_and_detail(tickets):
    t = tickets.create(TicketInput("SUP-1", client="ООО «Ромашка»", contact="  Иван   Петров "))
    assert tickets.detail(t.id).contact == "Иван Петров"  # whitespace tidied as the key's is
    tickets.edit(t.id, TicketInput("SUP-1", client="ООО «Ромашка»", contact="Мария"))
    assert tickets.detail("SUP-1").contact == "Мария"
    assert [d.contact for d in tickets.listing("all", "мария")] == ["Мария"]  # the filter finds a contact


@pytest.mark.parametrize("contact", ["И" * 501, "Иван\x00"])
def test_a_contact_has_the_client_s_bounds(tickets, contact):
    with pytest.raises(ValidationError) as caught:
        tickets.create(TicketInput("SUP-1", contact=contact))
    assert caught.value.field == "contact"
    assert Ticket.select().count() == 0


def test_export_and_import_carry_the_contact_and_an_older_export_has_none(tickets, clock):
    tickets.create(TicketInput("SUP-1", client="ООО «Ромашка»", contact="Иван Петров"))
    data = export_data()
    assert data["tickets"][0]["contact"] == "Иван Петров"
    Ticket.delete().execute()
    import_data(data, clock)
    assert Ticket.get().contact == "Иван Петров"
    Ticket.delete().execute()
    del data["tickets"][0]["contact"]  # written before the contact existed
    import_data(data, clock)
    assert Ticket.get().contact == ""


def test_a_reply_for_the_ticket_greets_its_contact(tickets, clock, schedule):
    t = tickets.create(TicketInput("SUP-1", client="ООО «Ромашка»", contact="Иван Петров"))
    ctx = reply_context(t, clock.now(), schedule, "ru", "Мария")
    assert render("{hello} Обращение {ticket}, {client}.", ctx).text == \
        "Доброе утро, Иван! Обращение SUP-1, ООО «Ромашка»."
