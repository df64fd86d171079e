"""Tickets and their client-update commitments: validation, the state rules, and queries.

The one definition of what a status means for the work (active, running, overdue) is here, in
Python and as the same conditions on Ticket rows; every other module asks these. Queries hand
out plain values (TicketRow, TicketDetail, UpdateRow), so the UI and the CLI never hold a
database object or build a query.

One module over the usual size on purpose: the state rules, the queries that apply them and the
service that changes tickets must agree, and keeping them side by side is what keeps them agreeing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime, time, timedelta, timezone
from enum import Enum
from typing import NamedTuple

import peewee as pw

from companion.core import limits
from companion.core.cadence import Cadence, CadenceError
from companion.core.clock import Clock
from companion.core.schedule import WorkSchedule
from companion.core.urls import UrlError, validate_url
from companion.store.models import CHANNELS, PRIORITIES, STATUSES, ClientUpdate, Ticket, db, tuples
from companion.store.models import Status as Status  # for the UI and the CLI, which ask core

UTC = timezone.utc
MAX_KEY = 64
MAX_TEXT = 500
MAX_NOTES = 20000


class ValidationError(ValueError):
    """Bad input. `field` names the offending field; the message says exactly what is wrong."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


class NotFound(LookupError):
    pass


class UndoRefused(Enum):
    """Why an update cannot be taken back."""

    ALREADY_UNDONE = "already_undone"
    GONE = "gone"  # the ticket was deleted
    CHANGED = "changed"  # edited, snoozed or updated again since: undoing would throw that away


class CannotUndo(ValueError):
    """An undo that would not put things back as they were; `reason` says why (the UI words it),
    and so does the message, for the CLI and the log."""

    def __init__(self, reason: UndoRefused, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class TicketInput:
    key: str
    client: str = ""
    contact: str = ""  # the person to address at the client (core/contacts.py)
    channel: str = "chat"
    subject: str = ""
    url: str = ""
    status: str = Status.OPEN  # as typed; cleaned() makes it a Status
    priority: str = "normal"
    difficult: bool = False
    notes: str = ""
    cadence: str = "none"
    next_update_at: datetime | None = None
    promised_at: datetime | None = None

    def cleaned(self) -> "TicketInput":
        try:
            return self._cleaned()
        except limits.LimitError as exc:
            raise ValidationError(exc.field, str(exc)) from None

    def _cleaned(self) -> "TicketInput":
        key = " ".join((self.key or "").split())
        limits.visible(limits.text(key, "key"), "key")
        if not key:
            raise ValidationError("key", "the ticket key is empty; give it a key such as SUP-1234 or #5521")
        if len(key) > MAX_KEY:
            raise ValidationError("key", f"the ticket key is {len(key)} characters long; at most {MAX_KEY}")
        for name in ("client", "contact", "subject"):
            value = getattr(self, name) or ""
            if len(value) > MAX_TEXT:
                raise ValidationError(name, f"the {name} is longer than {MAX_TEXT} characters")
            limits.text(value, name)
        if len(self.notes or "") > MAX_NOTES:
            raise ValidationError("notes", f"the notes are longer than {MAX_NOTES} characters")
        limits.text(self.notes or "", "notes", multiline=True)
        limits.text(self.url or "", "url")
        if not isinstance(self.difficult, bool):
            limits.flag(self.difficult, "difficult")
        if self.channel not in CHANNELS:
            raise ValidationError("channel", f"unknown channel {self.channel!r}; use one of {', '.join(CHANNELS)}")
        status = _status(self.status)
        if self.priority not in PRIORITIES:
            raise ValidationError("priority", f"unknown priority {self.priority!r}; use one of {', '.join(PRIORITIES)}")
        try:
            url = validate_url(self.url or "")
        except UrlError as exc:
            raise ValidationError("url", str(exc)) from None
        try:
            cadence = Cadence.parse(self.cadence).code
        except CadenceError as exc:
            raise ValidationError("cadence", str(exc)) from None
        for name in ("next_update_at", "promised_at"):
            limits.instant(getattr(self, name), name)
        return replace(self, key=key, client=(self.client or "").strip(),
                       contact=" ".join((self.contact or "").split()),
                       subject=(self.subject or "").strip(), url=url, notes=self.notes or "",
                       cadence=cadence, status=status)


def _status(value: str) -> Status:
    if value not in STATUSES:
        raise ValidationError("status", f"unknown status {value!r}; use one of {', '.join(STATUSES)}")
    return Status(value)


@dataclass(frozen=True)
class DueInfo:
    """What the reminder planner needs to know about one ticket."""

    id: int
    key: str
    client: str
    subject: str
    next_update_due: datetime | None
    promised_at: datetime | None
    snoozed_until: datetime | None


VIEWS = ("due", "today", "waiting", "all", "archived")
LIST_COLUMNS = ("key", "client", "subject", "status", "next_update_due", "promised_at", "last_update_at")

# What a status means for the work.
ACTIVE = (Status.OPEN, Status.WAITING_CLIENT, Status.WAITING_DEV)  # being worked on
RUNNING = (Status.OPEN, Status.WAITING_DEV)  # active, and the update clock runs
WAITING = (Status.WAITING_CLIENT, Status.WAITING_DEV)  # the "Waiting" view


def is_active(status: str, archived_at: datetime | None) -> bool:
    """Active: not archived, neither resolved nor closed. Only an active ticket has commitments
    (updates, promises), holds its key and counts towards the workload."""
    return archived_at is None and status in ACTIVE


def is_running(status: str, archived_at: datetime | None) -> bool:
    """Active with the update clock running: waiting on the client pauses it."""
    return archived_at is None and status in RUNNING


def is_overdue(status: str, archived_at: datetime | None, due: datetime | None,
               promised: datetime | None, now: datetime) -> bool:
    """Overdue: an active ticket whose update or promise is due at or before `now`. A paused
    ticket has no update due, so only its promise can be overdue."""
    return is_active(status, archived_at) and ((due is not None and due <= now)
                                               or (promised is not None and promised <= now))


# The same rules as conditions on Ticket rows (tests/core/test_ticket_rules.py holds them equal).
def active_sql() -> pw.Expression:
    return Ticket.archived_at.is_null() & Ticket.status.in_(ACTIVE)


def running_sql() -> pw.Expression:
    return Ticket.archived_at.is_null() & Ticket.status.in_(RUNNING)


def due_by_sql(when: datetime) -> pw.Expression:
    """An update or a promise falls due at or before `when` (whatever the status)."""
    limit = int(when.timestamp())
    return (Ticket.next_update_due <= limit) | (Ticket.promised_at <= limit)


def overdue_sql(now: datetime) -> pw.Expression:
    return active_sql() & due_by_sql(now)


class TicketRow(NamedTuple):
    """What a list shows of a ticket: plain values, no database object."""

    id: int
    archived_at: datetime | None
    snoozed_until: datetime | None
    key: str
    client: str
    subject: str
    status: Status
    next_update_due: datetime | None
    promised_at: datetime | None
    last_update_at: datetime | None

    def overdue(self, now: datetime) -> bool:
        return is_overdue(self.status, self.archived_at, self.next_update_due, self.promised_at, now)


@dataclass(frozen=True, slots=True)
class TicketDetail:
    """All the agent sees of one ticket, as plain values: the detail pane, `ticket show` and
    `ticket list` read this. The names are the Ticket fields'."""

    id: int
    key: str
    client: str
    contact: str
    channel: str
    subject: str
    url: str
    status: Status
    priority: str
    difficult: bool
    notes: str
    cadence: str
    next_update_at: datetime | None  # an explicit one-off "next update by"
    next_update_due: datetime | None
    promised_at: datetime | None
    snoozed_until: datetime | None
    pause_remaining: int | None  # working seconds left while waiting on the client
    last_update_at: datetime | None
    created_at: datetime
    modified_at: datetime
    archived_at: datetime | None

    @classmethod
    def of(cls, ticket: Ticket) -> "TicketDetail":
        return cls(*(getattr(ticket, name) for name in _DETAIL_FIELDS))

    def overdue(self, now: datetime) -> bool:
        return is_overdue(self.status, self.archived_at, self.next_update_due, self.promised_at, now)


_DETAIL_FIELDS = tuple(f.name for f in fields(TicketDetail))


class UpdateRow(NamedTuple):
    """One logged client update. `on_time` is None when nothing was due."""

    at: datetime
    channel: str
    note: str
    template: str
    due_at: datetime | None
    on_time: bool | None


@dataclass(frozen=True)
class LoggedUpdate:
    """A client update just logged, with what undo_update() needs to take it back: the ticket's
    stored values before and after, and the quoted time the update used up (if any)."""

    ticket_id: int
    key: str
    update_id: int
    on_time: bool | None
    before: tuple[object, ...]  # the Ticket columns (_UNDO_FIELDS) as they were
    after: tuple[object, ...]  # ... and as the update left them: anything else means an edit since
    quote: tuple[datetime, datetime] | None = None


# Every stored column but the id: an undo puts all of them back, and any of them changed since
# means the ticket was edited (or updated again) meanwhile.
_UNDO_FIELDS = tuple(name for name in Ticket._meta.sorted_field_names if name != "id")


def _snapshot(ticket: Ticket) -> tuple[object, ...]:
    return tuple(getattr(ticket, name) for name in _UNDO_FIELDS)


DEFAULT_LEAD = timedelta(minutes=15)
# How long after a reply was copied marking the ticket updated by hand still keeps the time that
# reply quoted: the agent pastes, sends, then clicks "Updated".
QUOTE_KEPT_FOR = timedelta(minutes=10)


def promise_time(due: datetime, schedule: WorkSchedule) -> datetime:
    """A computed due time as an agent would promise it: rounded up to the quarter hour of the
    agent's clock ("до 16:45", not "до 16:44"), unless that would leave the working interval it
    lies in; then rounded up to the whole minute. Replies quote exactly this instant, and the
    reminder keeps exactly it: see docs/architecture.md, "A reply and the reminder agree"."""
    due = due.astimezone(UTC)
    minute = due.replace(second=0, microsecond=0)
    if minute < due:
        minute += timedelta(minutes=1)
    local = minute.astimezone(schedule.tz)
    quarter = minute + timedelta(minutes=(-local.minute) % 15)
    for start, end in schedule.intervals_from(due):
        if start <= due <= end and quarter <= end:
            return quarter
        break
    return minute


def next_update_after(ticket: Ticket, at: datetime, schedule: WorkSchedule,
                      lead: timedelta = DEFAULT_LEAD) -> datetime | None:
    """When the next client update falls due if the client is updated at `at`: the one rule
    behind both "mark updated" and the {next_update} a reply quotes.

    A one-off "next update by" stands if the update comes before its reminder does (an extra
    update; the client was told that time); from the reminder on, the update is the one it asked
    for and the cadence starts again from `at`. Nothing active, or paused while waiting on the
    client: no due time."""
    if not is_running(ticket.status, ticket.archived_at):
        return None
    due: datetime | None = ticket.next_update_due
    if ticket.next_update_at is not None and due is not None and at < due - lead:
        return due
    try:
        cadence = Cadence.parse(ticket.cadence).next_due(at, schedule)
    except CadenceError:
        return None
    return None if cadence is None else promise_time(cadence, schedule)


def search_text(key: str, client: str, subject: str, notes: str, contact: str = "") -> str:
    return "\n".join((key, client, contact, subject, notes)).casefold()


class TicketService:
    def __init__(self, clock: Clock, schedule: WorkSchedule, update_lead: timedelta = DEFAULT_LEAD):
        self.clock = clock
        self.schedule = schedule
        self.update_lead = update_lead  # how long before an update is due its reminder comes
        self._quoted: dict[int, tuple[datetime, datetime]] = {}  # ticket id -> (quoted due, copied at)

    # -- helpers -------------------------------------------------------------------------------
    def get(self, key_or_id: str | int) -> Ticket:
        if isinstance(key_or_id, int):
            ticket = Ticket.get_or_none(Ticket.id == key_or_id)
        else:
            text = " ".join(key_or_id.split())
            query = Ticket.select().where(pw.fn.casefold(Ticket.key) == text.casefold())
            order = (Ticket.status.not_in(ACTIVE), Ticket.id.desc())
            # Prefer the open ticket with that key; then the most recent one. The tickets not
            # archived are looked at first: casefold() runs per row, and archived ones can be
            # a hundred thousand.
            ticket = query.where(Ticket.archived_at.is_null()).order_by(*order).first()
            if ticket is None:
                ticket = query.order_by(*order).first()
        if ticket is None:
            raise NotFound(f"no ticket {key_or_id!r}")
        return ticket

    def open_key_exists(self, key: str, exclude_id: int | None = None) -> bool:
        """Whether an open ticket has this key, compared case-insensitively as the unique index does."""
        query = Ticket.select(Ticket.id).where(pw.fn.casefold(Ticket.key) == key.casefold(), active_sql())
        if exclude_id is not None:
            query = query.where(Ticket.id != exclude_id)
        return bool(query.exists())

    def _check_key_free(self, key: str, status: str, exclude_id: int | None = None) -> None:
        if status in ACTIVE and self.open_key_exists(key, exclude_id):
            raise ValidationError("key", f"an open ticket {key} already exists")

    def _compute_due(self, ticket: Ticket) -> None:
        """Materialise next_update_due from the explicit time or the cadence."""
        if not is_active(ticket.status, ticket.archived_at):
            ticket.next_update_due = None
            ticket.pause_remaining = None
        elif ticket.next_update_at is not None:
            ticket.next_update_due = self.schedule.next_working_moment(ticket.next_update_at)
        else:
            due = Cadence.parse(ticket.cadence).next_due(ticket.cadence_from, self.schedule)
            ticket.next_update_due = None if due is None else promise_time(due, self.schedule)
        if ticket.status == Status.WAITING_CLIENT:
            # Paused: remember the working time that was left, and show no due time meanwhile.
            if ticket.next_update_due is not None:
                ticket.pause_remaining = int(self.schedule.working_seconds_between(
                    self.clock.now(), ticket.next_update_due))
            ticket.next_update_due = None

    # -- commands --------------------------------------------------------------------------------
    def create(self, data: TicketInput) -> Ticket:
        data = data.cleaned()
        now = self.clock.now()
        with db.atomic():
            self._check_key_free(data.key, data.status)
            ticket = Ticket(
                key=data.key, client=data.client, contact=data.contact, channel=data.channel, subject=data.subject,
                url=data.url, status=data.status, priority=data.priority, difficult=data.difficult,
                notes=data.notes, cadence=data.cadence, next_update_at=data.next_update_at,
                promised_at=data.promised_at, created_at=now, modified_at=now, cadence_from=now,
                search_text=search_text(data.key, data.client, data.subject, data.notes, data.contact))
            self._compute_due(ticket)
            ticket.save(force_insert=True)
        return ticket

    def edit(self, ticket_id: int, data: TicketInput) -> Ticket:
        data = data.cleaned()
        now = self.clock.now()
        with db.atomic():
            ticket = self.get(ticket_id)
            self._check_key_free(data.key, data.status, exclude_id=ticket.id)
            if data.next_update_at != ticket.next_update_at or data.cadence != ticket.cadence:
                self._quoted.pop(ticket.id, None)  # the agent changed the plan after copying
            old_status = ticket.status
            for name in ("key", "client", "contact", "channel", "subject", "url", "priority", "difficult",
                         "notes", "cadence", "next_update_at", "promised_at"):
                setattr(ticket, name, getattr(data, name))
            ticket.search_text = search_text(data.key, data.client, data.subject, data.notes, data.contact)
            if old_status == data.status == Status.WAITING_CLIENT:
                pass  # still paused: keep the remaining time as it was
            else:
                assert isinstance(data.status, Status)  # cleaned() made it one
                self._apply_status(ticket, old_status, data.status, now)
            ticket.modified_at = now
            ticket.save()
        return ticket

    def _apply_status(self, ticket: Ticket, old: Status, new: Status, now: datetime) -> None:
        ticket.status = new
        if old == Status.WAITING_CLIENT and new != Status.WAITING_CLIENT:
            remaining, ticket.pause_remaining = ticket.pause_remaining, None
            explicit_ahead = ticket.next_update_at is not None and ticket.next_update_at > now
            if new in ACTIVE and remaining is not None and not explicit_ahead:
                # Resume with the working time that was left when the pause began.
                start = self.schedule.next_working_moment(now)
                ticket.next_update_at = promise_time(self.schedule.add_working(start, remaining), self.schedule)
        elif old not in ACTIVE and new in ACTIVE:
            # Reopened: the cadence starts again from now.
            ticket.next_update_at = None
            ticket.cadence_from = now
        self._compute_due(ticket)

    def set_status(self, key_or_id: str | int, status: str) -> Ticket:
        status = _status(status)
        now = self.clock.now()
        with db.atomic():
            ticket = self.get(key_or_id)
            if status == ticket.status == Status.WAITING_CLIENT:
                return ticket  # already paused: keep the time that was left
            if status in ACTIVE and ticket.status not in ACTIVE:
                self._check_key_free(ticket.key, status, exclude_id=ticket.id)
            self._apply_status(ticket, ticket.status, status, now)
            ticket.modified_at = now
            ticket.save()
        return ticket

    def quoted(self, ticket_id: int, next_update: datetime | None) -> None:
        """A reply quoting `next_update` to the client was just copied for this ticket: marking
        it updated in the next few minutes keeps that time (see QUOTE_KEPT_FOR)."""
        if next_update is None:
            self._quoted.pop(ticket_id, None)
        else:
            self._quoted[ticket_id] = (next_update, self.clock.now())

    def mark_updated(self, key_or_id: str | int, note: str = "", channel: str = "",
                     template: str = "", next_update: datetime | None = None) -> ClientUpdate:
        """Log a client update now; the next one falls due at `next_update` when the reply sent
        named it, else at what next_update_after() says (the time a reply copied just before
        quoted, if any)."""
        return self._log_update(key_or_id, note, channel, template, next_update)[0]

    def log_update(self, key_or_id: str | int, note: str = "", channel: str = "",
                   template: str = "", next_update: datetime | None = None) -> LoggedUpdate:
        """mark_updated(), answering with what undo_update() needs to take the update back (the
        "Updated" button's Undo)."""
        return self._log_update(key_or_id, note, channel, template, next_update)[1]

    def _log_update(self, key_or_id: str | int, note: str, channel: str, template: str,
                    next_update: datetime | None) -> tuple[ClientUpdate, LoggedUpdate]:
        now = self.clock.now()
        with db.atomic():
            ticket = self.get(key_or_id)
            before = _snapshot(ticket)
            due = ticket.next_update_due
            consumed = due is not None and now >= due - self.update_lead  # the update it reminded of
            quote = self._quoted.pop(ticket.id, None) if next_update is None else None
            if quote is not None:
                quoted, copied_at = quote
                if now - copied_at <= QUOTE_KEPT_FOR and quoted > now and not (consumed and quoted == due):
                    # (A reply that quoted the due time this very update meets promised nothing new.)
                    next_update = quoted
            planned = next_update if next_update is not None and next_update > now else None
            keep_one_off = ticket.next_update_at is not None and due is not None and not consumed
            update = ClientUpdate.create(
                ticket=ticket, at=now, channel=channel or ticket.channel, note=note or "",
                template=template or "", due_at=due, on_time=None if due is None else now <= due)
            ticket.last_update_at = now
            ticket.next_update_at = planned or (ticket.next_update_at if keep_one_off else None)
            ticket.snoozed_until = None
            ticket.cadence_from = now
            # While waiting on the client the clock stays paused but restarts in full.
            self._compute_due(ticket)
            ticket.modified_at = now
            ticket.save()
            # Read back as stored (whole seconds), so that "changed since" compares like with like.
            after = _snapshot(self.get(ticket.id))
        return update, LoggedUpdate(ticket.id, ticket.key, update.id, update.on_time, before, after, quote)

    def undo_update(self, logged: LoggedUpdate) -> Ticket:
        """Take back an update log_update() logged: the entry leaves the log and the ticket is as
        it was before (due time, last update, promise, cadence, snooze, status). Refused, with
        CannotUndo, when it was already undone or the ticket changed since: an undo must not
        throw away what the agent did afterwards. Reminders already delivered stay delivered, so
        the restored due time is shown as pending again but not announced twice."""
        with db.atomic():
            update = ClientUpdate.get_or_none(ClientUpdate.id == logged.update_id)
            if update is None:
                raise CannotUndo(UndoRefused.ALREADY_UNDONE, f"the update of {logged.key} was already undone")
            ticket = Ticket.get_or_none(Ticket.id == logged.ticket_id)
            if ticket is None:
                raise CannotUndo(UndoRefused.GONE, f"{logged.key} no longer exists")
            later = (ClientUpdate.select().where(ClientUpdate.ticket == ticket, ClientUpdate.id > update.id)
                     .exists())
            if later or _snapshot(ticket) != logged.after:
                raise CannotUndo(UndoRefused.CHANGED, f"{logged.key} was changed after it was marked updated; "
                                 "the update was left in place")
            for name, value in zip(_UNDO_FIELDS, logged.before, strict=True):
                setattr(ticket, name, value)
            ticket.save()
            update.delete_instance()
        if logged.quote is not None:
            self._quoted.setdefault(ticket.id, logged.quote)  # the reply copied before still holds
        return ticket

    def snooze(self, key_or_id: str | int, until: datetime) -> Ticket:
        now = self.clock.now()
        if until <= now:
            raise ValidationError("snooze", "the snooze must end in the future")
        try:
            limits.instant(until, "snooze")
        except limits.LimitError as exc:
            raise ValidationError("snooze", str(exc)) from None
        ticket = self.get(key_or_id)
        ticket.snoozed_until = until
        ticket.modified_at = now
        ticket.save()
        return ticket

    def archive(self, key_or_id: str | int) -> Ticket:
        now = self.clock.now()
        ticket = self.get(key_or_id)
        ticket.archived_at = now
        ticket.next_update_due = None
        ticket.modified_at = now
        ticket.save()
        return ticket

    def unarchive(self, key_or_id: str | int) -> Ticket:
        now = self.clock.now()
        with db.atomic():
            ticket = self.get(key_or_id)
            self._check_key_free(ticket.key, ticket.status, exclude_id=ticket.id)
            ticket.archived_at = None
            if ticket.status != Status.WAITING_CLIENT:  # a paused ticket keeps its remaining time
                self._compute_due(ticket)
            ticket.modified_at = now
            ticket.save()
        return ticket

    def delete(self, key_or_id: str | int) -> None:
        """Delete for good (with the update log). The UI archives unless the user insists."""
        ticket = self.get(key_or_id)
        ticket.delete_instance(recursive=True)

    def reschedule_all(self, schedule: WorkSchedule) -> int:
        """The schedule changed: recompute every active, running due time."""
        self.schedule = schedule
        count = 0
        with db.atomic():
            for ticket in Ticket.select().where(running_sql()):
                before = ticket.next_update_due
                self._compute_due(ticket)
                if ticket.next_update_due != before:
                    ticket.save(only=[Ticket.next_update_due])
                    count += 1
        return count

    # -- queries -------------------------------------------------------------------------------
    def updates(self, key_or_id: str | int) -> list[ClientUpdate]:
        ticket = self.get(key_or_id)
        return list(ticket.updates.order_by(ClientUpdate.at.desc(), ClientUpdate.id.desc()))

    def detail(self, key_or_id: str | int) -> TicketDetail:
        return TicketDetail.of(self.get(key_or_id))

    def update_log(self, key_or_id: str | int) -> list[UpdateRow]:
        """The ticket's client updates, the latest first."""
        ticket = self.get(key_or_id)
        return [UpdateRow(*values) for values in
                tuples(ClientUpdate.select(*(getattr(ClientUpdate, name) for name in UpdateRow._fields))
                       .where(ClientUpdate.ticket == ticket)
                       .order_by(ClientUpdate.at.desc(), ClientUpdate.id.desc()))]

    def due_infos(self) -> list[DueInfo]:
        rows = (Ticket.select(Ticket.id, Ticket.key, Ticket.client, Ticket.subject,
                              Ticket.next_update_due, Ticket.promised_at, Ticket.snoozed_until)
                .where(active_sql(), (Ticket.next_update_due.is_null(False) | Ticket.promised_at.is_null(False))))
        return [DueInfo(*r) for r in tuples(rows)]

    def choices(self, limit: int = 500) -> list[TicketRow]:
        """Active tickets, the next due first: what a "for which ticket?" chooser offers."""
        fields = [getattr(Ticket, name) for name in TicketRow._fields]
        query = (Ticket.select(*fields).where(active_sql())
                 .order_by(Ticket.next_update_due.is_null(), Ticket.next_update_due, Ticket.key).limit(limit))
        return [TicketRow(*values) for values in tuples(query)]

    def overdue_count(self) -> int:
        return Ticket.select().where(overdue_sql(self.clock.now())).count()

    def view_query(self, view: str, text: str = "") -> pw.ModelSelect[Ticket]:
        """Tickets of one list view, optionally filtered by text (key, client, subject, notes).
        Behind listing() and list_order(); callers outside core use those."""
        now = self.clock.now()
        query = Ticket.select()
        if view == "due":
            query = query.where(overdue_sql(now))
        elif view == "today":
            tomorrow = now.astimezone(self.schedule.tz).date() + timedelta(days=1)
            midnight = datetime.combine(tomorrow, time(0), tzinfo=self.schedule.tz)
            query = query.where(active_sql() & due_by_sql(midnight))
        elif view == "waiting":
            query = query.where(Ticket.archived_at.is_null(), Ticket.status.in_(WAITING))
        elif view == "archived":
            query = query.where(Ticket.archived_at.is_null(False))
        elif view == "all":
            query = query.where(Ticket.archived_at.is_null())
        else:
            raise ValidationError("view", f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
        needle = (text or "").strip().casefold()
        if needle:
            query = query.where(pw.SQL("instr(search_text, ?) > 0", (needle,)))
        return query

    def listing(self, view: str = "all", text: str = "") -> list[TicketDetail]:
        """The tickets of one view (see VIEWS), optionally filtered by text: the soonest next
        update first, those without one last, then in the order they were added."""
        fields = [getattr(Ticket, name) for name in _DETAIL_FIELDS]
        query = (self.view_query(view, text).select(*fields)
                 .order_by(Ticket.next_update_due.is_null(), Ticket.next_update_due, Ticket.id))
        return [TicketDetail(*values) for values in tuples(query)]

    def is_overdue(self, ticket: Ticket | TicketRow | TicketDetail, now: datetime | None = None) -> bool:
        return is_overdue(ticket.status, ticket.archived_at, ticket.next_update_due, ticket.promised_at,
                          now or self.clock.now())

    def list_order(self, view: str, column: str, descending: bool = False) -> list[tuple[int, str]]:
        """(id, search text) of every ticket in `view`, sorted by `column` (one of LIST_COLUMNS;
        empty values last). Straight from the cursor: peewee's per-row processing costs ~1 s at
        100k rows, and a list keeps only these pairs, reading rows a page at a time (rows())."""
        field = getattr(Ticket, column if column in LIST_COLUMNS else "next_update_due")
        order = [field.is_null(), field.desc() if descending else field.asc(), Ticket.id]
        sql, params = self.view_query(view).select(Ticket.id, Ticket.search_text).order_by(*order).sql()
        pairs: list[tuple[int, str]] = db.execute_sql(sql, params).fetchall()
        return pairs

    def rows(self, ids: list[int]) -> list[TicketRow]:
        """The listed values of these tickets (any order)."""
        fields = [getattr(Ticket, name) for name in TicketRow._fields]
        return [TicketRow(*values) for values in tuples(Ticket.select(*fields).where(Ticket.id.in_(ids)))]
