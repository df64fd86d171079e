"""Peewee models. Instants are stored as integer UTC epoch seconds (sortable, zone-proof)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

import peewee as pw

from companion.core.clock import from_epoch, to_epoch

db = pw.DatabaseProxy()


class Status(StrEnum):
    """A ticket's status as stored. A StrEnum, so the column keeps these strings and a member
    equals its string. What each means for reminders and lists (active, running, overdue) is
    core.tickets' to say."""

    OPEN = "open"
    WAITING_CLIENT = "waiting_client"
    WAITING_DEV = "waiting_dev"
    RESOLVED = "resolved"
    CLOSED = "closed"


STATUSES = tuple(Status)
CHANNELS = ("chat", "email", "phone", "portal")
PRIORITIES = ("low", "normal", "high", "urgent")


class InstantField(pw.IntegerField):
    """An aware datetime stored as UTC epoch seconds."""

    def db_value(self, value: object) -> object:
        if isinstance(value, datetime):
            return to_epoch(value)
        return value

    def python_value(self, value: int | None) -> datetime | None:
        return from_epoch(value) if value is not None else None


class StatusField(pw.TextField):
    """A Status, read back as the member (a value no release wrote stays the plain string)."""

    def python_value(self, value: str | None) -> Status | str | None:
        return _STATUS_OF.get(value, value) if value is not None else None


_STATUS_OF = {status.value: status for status in Status}


class BaseModel(pw.Model):
    """Every model but Setting has the integer `id` key peewee would add by itself: each declares
    it, for type checkers. They are also told of what peewee adds where they cannot see it: a
    foreign key's `<name>_id`, and the backref query on the other side (annotations only)."""

    class Meta:
        database = db
        legacy_table_names = False


def tuples(query: pw.BaseQuery) -> Iterable[tuple[Any, ...]]:
    """`query.tuples()`: its rows as plain tuples, in the query's column order. (What the type
    checker is told: peewee's stubs have a query keep yielding model instances after .tuples().)"""
    return cast("Iterable[tuple[Any, ...]]", query.tuples())


class Ticket(BaseModel):
    id = pw.AutoField()
    key = pw.TextField()
    client = pw.TextField(default="")  # the company or the person the ticket is for
    contact = pw.TextField(default="")  # the person to address there: a name, no address
    channel = pw.TextField(default="chat")
    subject = pw.TextField(default="")
    url = pw.TextField(default="")
    status = StatusField(default=Status.OPEN, index=True)
    priority = pw.TextField(default="normal")
    difficult = pw.BooleanField(default=False)
    notes = pw.TextField(default="")
    cadence = pw.TextField(default="none")
    next_update_at = InstantField(null=True)  # an explicit one-off "next update by"
    next_update_due = InstantField(null=True, index=True)  # materialised: when the next update is due
    promised_at = InstantField(null=True, index=True)
    snoozed_until = InstantField(null=True)
    pause_remaining = pw.IntegerField(null=True)  # working seconds left when paused (waiting_client)
    last_update_at = InstantField(null=True)
    cadence_from = InstantField()  # the cadence counts from here (creation, last update, reopening)
    created_at = InstantField()
    modified_at = InstantField()
    archived_at = InstantField(null=True, index=True)
    search_text = pw.TextField(default="")  # casefolded key/client/contact/subject/notes for filtering

    updates: pw.ModelSelect[ClientUpdate]
    fired: pw.ModelSelect[FiredReminder]
    tough: pw.ModelSelect[ToughConversation]
    handoffs: pw.ModelSelect[Handoff]


class ClientUpdate(BaseModel):
    id = pw.AutoField()
    ticket = pw.ForeignKeyField(Ticket, backref="updates", on_delete="CASCADE")
    ticket_id: int
    at = InstantField(index=True)
    channel = pw.TextField(default="")
    note = pw.TextField(default="")
    template = pw.TextField(default="")
    due_at = InstantField(null=True)
    on_time = pw.BooleanField(null=True)


class Setting(BaseModel):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()  # JSON


class FiredReminder(BaseModel):
    """One row per reminder instance already delivered, so nothing is ever announced twice."""

    id = pw.AutoField()
    instance = pw.TextField(unique=True)
    ticket = pw.ForeignKeyField(Ticket, backref="fired", on_delete="CASCADE")
    ticket_id: int
    fired_at = InstantField(index=True)


class ReplyCategory(BaseModel):
    id = pw.AutoField()
    slug = pw.TextField(unique=True)
    name_ru = pw.TextField(default="")
    name_en = pw.TextField(default="")
    position = pw.IntegerField(default=0)
    team = pw.BooleanField(default=False)  # mirrored from the team's shared packs: read-only here

    templates: pw.ModelSelect[ReplyTemplate]

    def name(self, lang: str) -> str:
        first, second = (self.name_ru, self.name_en) if lang == "ru" else (self.name_en, self.name_ru)
        return first or second or self.slug


class ReplyTemplate(BaseModel):
    id = pw.AutoField()
    slug = pw.TextField(unique=True)
    category = pw.ForeignKeyField(ReplyCategory, backref="templates", on_delete="RESTRICT")
    category_id: int
    favourite = pw.BooleanField(default=False)
    use_count = pw.IntegerField(default=0)
    last_used_at = InstantField(null=True)
    position = pw.IntegerField(default=0)
    created_at = InstantField()
    modified_at = InstantField()

    variants: pw.ModelSelect[ReplyVariant]


class ReplyVariant(BaseModel):
    id = pw.AutoField()
    template = pw.ForeignKeyField(ReplyTemplate, backref="variants", on_delete="CASCADE")
    template_id: int
    lang = pw.TextField()
    title = pw.TextField(default="")
    body = pw.TextField(default="")


class BreakKind(BaseModel):
    """A kind of rest break: the shipped "micro" and "long", or one the agent added (hydration…)."""

    id = pw.AutoField()
    slug = pw.TextField(unique=True)
    name_ru = pw.TextField(default="")
    name_en = pw.TextField(default="")
    interval_min = pw.IntegerField()  # minutes of working time between one rest and the next break
    duration_s = pw.IntegerField()  # length of the break in seconds
    warn_s = pw.IntegerField()  # seconds of notice before the break starts
    long = pw.BooleanField(default=False)  # a long break offers "Done early"
    enabled = pw.BooleanField(default=True)
    builtin = pw.BooleanField(default=False)  # shipped kinds can be switched off, not deleted
    position = pw.IntegerField(default=0)

    suggestions: pw.ModelSelect[BreakSuggestion]

    def name(self, lang: str) -> str:
        first, second = (self.name_ru, self.name_en) if lang == "ru" else (self.name_en, self.name_ru)
        return first or second or self.slug


class BreakSuggestion(BaseModel):
    id = pw.AutoField()
    kind = pw.ForeignKeyField(BreakKind, backref="suggestions", on_delete="CASCADE")
    kind_id: int
    lang = pw.TextField()
    text = pw.TextField()
    position = pw.IntegerField(default=0)


class BreakLog(BaseModel):
    """One row per break outcome: taken, done_early, skipped, postponed, or natural (idle, sleep,
    locked screen). Kind is kept as a slug so the history survives deleting a kind."""

    id = pw.AutoField()
    kind = pw.TextField()
    outcome = pw.TextField(index=True)
    reason = pw.TextField(default="")  # natural: idle | sleep | locked; owed: fullscreen | dnd
    due_at = InstantField(null=True)
    started_at = InstantField(index=True)
    ended_at = InstantField(null=True)
    seconds = pw.IntegerField(default=0)  # rest actually had


class ToughConversation(BaseModel):
    id = pw.AutoField()
    ticket = pw.ForeignKeyField(Ticket, null=True, backref="tough", on_delete="SET NULL")
    ticket_id: int | None
    at = InstantField(index=True)
    seconds = pw.IntegerField(default=0)  # how long the reset ran
    completed = pw.BooleanField(default=False)
    automatic = pw.BooleanField(default=False)  # opened by marking a difficult client updated


class OvertimeSpan(BaseModel):
    """Active time outside the schedule, as spans; `day` is the local date the span started on."""

    id = pw.AutoField()
    day = pw.TextField(index=True)
    started_at = InstantField()
    ended_at = InstantField()


class Handoff(BaseModel):
    """A ticket offered to a colleague ('out') or by one ('in') through the team server, and what of it
    is still to reach the server (`pending`: send, accept or decline)."""

    id = pw.AutoField()
    token = pw.TextField(unique=True)  # the offer's own id, made by the sender: sending twice stores one
    offer_id = pw.IntegerField(null=True)  # the server's number, once it has the offer
    direction = pw.TextField()  # out | in
    ticket = pw.ForeignKeyField(Ticket, null=True, backref="handoffs", on_delete="SET NULL")
    ticket_id: int | None
    ticket_key = pw.TextField()
    summary = pw.TextField(default="")
    colleague = pw.TextField()  # their login on the team server
    colleague_name = pw.TextField(default="")
    note = pw.TextField(default="")
    payload = pw.TextField(default="")  # out: the ticket as offered (JSON) until the server has it
    state = pw.TextField()  # queued | offered | accepted | declined | withdrawn
    pending = pw.TextField(default="", index=True)
    reason = pw.TextField(default="")
    error = pw.TextField(default="")  # why the pending action has not reached the server yet
    created_at = InstantField()
    decided_at = InstantField(null=True)


ALL_MODELS = (Ticket, ClientUpdate, Setting, FiredReminder, ReplyCategory, ReplyTemplate, ReplyVariant,
              BreakKind, BreakSuggestion, BreakLog, ToughConversation, OvertimeSpan, Handoff)
