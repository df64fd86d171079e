"""Who a ticket is with: the client (a company or a person) and the contact person's name.

A helpdesk hands the agent a mailbox, "Иван Петров <ivan@example.com>", where the agent wants a
name to greet. This module reads such text (`split_contact`), says which of the two ticket fields
gets what when a mailbox is typed or pasted (`fill_from_mailbox`), whether a client reads as a
company (`looks_like_company`) and how a contact is addressed in a greeting (`address_name`).

Pure functions on strings: no storage, no Qt, no guessing of patronymics or grammatical cases.
The address itself is not kept: the helpdesk has it, and the ticket has no field for it.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from typing import NamedTuple

_EMAIL = r"[^\s<>@,;:\"]+@[^\s<>@,;:\"]+\.[^\s<>@,;:\"]+"
_IS_EMAIL = re.compile(_EMAIL)
_ANGLE = re.compile(r"(?P<name>.*?)\s*<\s*(?P<email>[^<>]*?)\s*>")  # Name <address>, the usual paste
_TRAILING = re.compile(rf"(?P<name>[^<>]*?)[\s,;:]*(?P<email>{_EMAIL})")  # Name address, as some chats copy

# Legal forms and the marks of a company name, as whole words (casefolded). "ИП" is a person in
# law, but "Добрый день, ИП Петров!" greets a registration, not the man.
_COMPANY_WORDS = frozenset({
    "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "гуп", "муп", "фгуп",
    "llc", "ltd", "inc", "gmbh", "corp", "corporation", "company", "co", "plc", "llp",
})
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")  # a hyphenated name is one word


class Mailbox(NamedTuple):
    """A display name and an address, either of which may be empty."""

    name: str
    email: str


def split_contact(text: str) -> Mailbox:
    """The name and the address in `text`, as a mail header or a helpdesk writes them:

    - "Иван Петров <ivan@example.com>" → ("Иван Петров", "ivan@example.com")
    - "\\"Petrov, Ivan\\" <ivan@x.ru>" → ("Petrov, Ivan", "ivan@x.ru"); an unquoted comma as well
    - "ivan@example.com (Иван Петров)" → ("Иван Петров", "ivan@example.com")
    - "Иван Петров ivan@example.com" → ("Иван Петров", "ivan@example.com")
    - "ivan@example.com", "<ivan@example.com>" → ("", "ivan@example.com")
    - "Иван Петров", "ООО «Ромашка»" → the text itself and no address

    Whitespace runs become one space. Something that is not an address with a dotted domain
    ("<>", "a@b") is not taken for one; a name that is only the address again is no name.
    """
    text = " ".join((text or "").split())
    if not text:
        return Mailbox("", "")
    angle = _ANGLE.fullmatch(text)
    if angle is not None:
        email = angle["email"] if _IS_EMAIL.fullmatch(angle["email"]) else ""
        return _mailbox(_unquote(angle["name"]), email)
    name, email = parseaddr(text)
    if email and _IS_EMAIL.fullmatch(email) and name and f"({name})" in text:  # address (Name)
        return _mailbox(name, email)
    trailing = _TRAILING.fullmatch(text)
    if trailing is not None:
        return _mailbox(_unquote(trailing["name"]), trailing["email"])
    return Mailbox(text, "")


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return " ".join(name.split())


def _mailbox(name: str, email: str) -> Mailbox:
    if "@" in name and name.strip("<>") in (email, ""):
        name = ""
    return Mailbox(name, email)


class ContactFields(NamedTuple):
    client: str
    contact: str


def fill_from_mailbox(client: str, contact: str) -> ContactFields:
    """The ticket's client and contact after a mailbox was typed or pasted into either.

    The rule: a mailbox with a name ("Иван Петров <ivan@example.com>") in Contact leaves the name
    there. In Client it leaves the name as the client (a person is the client) and, if Contact is
    empty, puts the name there too, so the greeting has someone to address. The address goes.
    A bare address, or text that is no mailbox, stays as typed: there is no name to move. Only a
    closed mailbox ("…>", "…)") counts, so one being typed is not cut short at "ivan@example.c".
    """
    person = _closed_mailbox(contact)
    if person.name and person.email:
        contact = person.name
    mailbox = _closed_mailbox(client)
    if mailbox.name and mailbox.email:
        client = mailbox.name
        if not contact.strip():
            contact = mailbox.name
    return ContactFields(client, contact)


def _closed_mailbox(text: str) -> Mailbox:
    return split_contact(text) if text.rstrip().endswith((">", ")")) else Mailbox(text, "")


def looks_like_company(client: str) -> bool:
    """Whether the client reads as an organisation: a legal form as a word (ООО, АО, ИП, LLC,
    Ltd, Inc, GmbH, Corp, Company, Co. …) or a name in «guillemets». A company name without
    either ("Acme") reads as a person; the contact field is what makes the greeting personal."""
    name = split_contact(client).name  # "ivan@co.uk" names no company
    if "«" in name and "»" in name:
        return True
    return any(word in _COMPANY_WORDS for word in _WORD.findall(name.casefold()))


def address_name(name: str) -> str:
    """How a greeting addresses the contact: "Иван Петров" → "Иван", "Ivan" → "Ivan".

    One word is used as it is, two words give the first ("First Last"). Three or more words are
    kept whole: "Петров Иван Сергеевич" and "Иван Сергеевич Петров" cannot be told apart, and a
    wrong guess ("Добрый день, Петров!") is worse than a formal one. So are names that start
    with an initial or a title ("И. Петров", "Dr. Smith"). Anything after an address is dropped.
    """
    words = split_contact(name).name.split()
    if len(words) == 2 and not words[0].endswith(".") and len(words[0]) > 1:
        return words[0]
    return " ".join(words)
