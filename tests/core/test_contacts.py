"""The client and the contact: mailboxes read as people and helpdesks write them, companies told
from people, and the name a greeting uses."""

from __future__ import annotations

import pytest

from companion.core.contacts import address_name, fill_from_mailbox, looks_like_company, split_contact


@pytest.mark.parametrize("text,name,email", [
    ("Иван Петров <ivan@example.com>", "Иван Петров", "ivan@example.com"),
    ('"Petrov, Ivan" <ivan@x.ru>', "Petrov, Ivan", "ivan@x.ru"),
    ("Петров, Иван <ivan@x.ru>", "Петров, Иван", "ivan@x.ru"),  # the comma unquoted, as Outlook copies
    ("ivan@example.com", "", "ivan@example.com"),
    ("<ivan@example.com>", "", "ivan@example.com"),
    ("Иван Петров", "Иван Петров", ""),
    ("ООО «Ромашка»", "ООО «Ромашка»", ""),
    ("ivan@example.com (Иван Петров)", "Иван Петров", "ivan@example.com"),
    ("Иван Петров ivan@example.com", "Иван Петров", "ivan@example.com"),
    ("  Иван   Петров\t<ivan@example.com>  ", "Иван Петров", "ivan@example.com"),
    ("Иван Петров <ivan.petrov+support@mail.example.co.uk>", "Иван Петров",
     "ivan.petrov+support@mail.example.co.uk"),
    ('"Иван \\"Ваня\\" Петров" <ivan@example.com>', 'Иван "Ваня" Петров', "ivan@example.com"),
    ("'Anna Smith' <anna@acme.com>", "Anna Smith", "anna@acme.com"),
    ("ivan@example.com <ivan@example.com>", "", "ivan@example.com"),  # the name is the address again
    ("Иван Петров <>", "Иван Петров", ""),
    ("Иван Петров <не адрес>", "Иван Петров", ""),
    ("Иван Петров <ivan@example.c", "Иван Петров <ivan@example.c", ""),  # not closed: no mailbox
    ("Support <support@localhost>", "Support", ""),  # no dotted domain: not taken for an address
    ("", "", ""),
    ("   ", "", ""),
])
def test_split_contact(text, name, email):
    assert split_contact(text) == (name, email)


@pytest.mark.parametrize("client,contact,expected", [
    # pasted into Client with Contact empty: a person is the client, and the contact
    ("Иван Петров <ivan@example.com>", "", ("Иван Петров", "Иван Петров")),
    # pasted into Client while Contact holds someone: the contact stays
    ("Иван Петров <ivan@example.com>", "Мария", ("Иван Петров", "Мария")),
    # pasted into Contact: only the contact changes
    ("ООО «Ромашка»", "Иван Петров <ivan@example.com>", ("ООО «Ромашка»", "Иван Петров")),
    ("", "Иван Петров <ivan@example.com>", ("", "Иван Петров")),
    # a bare address or plain text: nothing to move
    ("ivan@example.com", "", ("ivan@example.com", "")),
    ("", "ivan@example.com", ("", "ivan@example.com")),
    ("ООО «Ромашка»", "Иван", ("ООО «Ромашка»", "Иван")),
    # only a closed mailbox: one still being typed is not split at "ivan@example.c"
    ("", "Иван Петров <ivan@example.c", ("", "Иван Петров <ivan@example.c")),
    ("Иван Петров ivan@example.com", "", ("Иван Петров ivan@example.com", "")),
    ("", "ivan@example.com (Иван Петров)", ("", "Иван Петров")),
])
def test_fill_from_mailbox(client, contact, expected):
    assert fill_from_mailbox(client, contact) == expected


@pytest.mark.parametrize("client", [
    "ООО «Ромашка»", "ООО \"Ромашка\"", "ОАО Газпром", "ЗАО «Вектор»", "ПАО Сбербанк", "АО «Тинькофф Банк»",
    "ИП Петров И. С.", "«Ромашка»", "Acme LLC", "Acme, LLC", "Globex Ltd", "Globex Ltd.", "Initech Inc.",
    "Umbrella Corp", "Siemens GmbH", "The Acme Company", "Smith & Co.", "ооо ромашка",
])
def test_companies(client):
    assert looks_like_company(client)


@pytest.mark.parametrize("client", [
    "Иван Петров", "Петров Иван Сергеевич", "Anna Smith", "Иван Петров <ivan@co.uk>", "Coco Chanel",
    "Incognito", "Ltd-ова Анна", "", "Acme",
])
def test_people(client):
    assert not looks_like_company(client)


@pytest.mark.parametrize("name,address", [
    ("Иван", "Иван"),
    ("Иван Петров", "Иван"),
    ("Ivan Petrov", "Ivan"),
    ("Анна-Мария Петрова", "Анна-Мария"),
    ("Петров Иван Сергеевич", "Петров Иван Сергеевич"),  # which is the first name? not guessed
    ("Иван Сергеевич Петров", "Иван Сергеевич Петров"),
    ("И. Петров", "И. Петров"),
    ("Dr. Smith", "Dr. Smith"),
    ("Иван Петров <ivan@example.com>", "Иван"),
    ("ivan@example.com", ""),
    ("  Иван  ", "Иван"),
    ("", ""),
])
def test_address_name(name, address):
    assert address_name(name) == address
