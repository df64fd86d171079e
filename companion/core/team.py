"""Team mode: handing a ticket to a colleague, the team's load, and what reaches the team server when.

The agent's own list stays in the local file; the team server (store/team, PostgreSQL) carries only
what crosses between agents: offers of tickets, today's numbers of each member, and the lead's reply
packs. Nothing here waits for the server in the app's thread: the runtime calls `TeamSync.sync()` from
a background thread, the CLI calls it and reports.

A hand-off goes through states, each written locally before the server is asked, so a crash or an
unreachable server at any point loses nothing and repeats nothing:

  sender      offer()  → handoff 'out', state queued, pending send       (local, at once)
              push     → server INSERT … ON CONFLICT (token) DO NOTHING   → state offered
  recipient   sees it  → handoff 'in', state offered                     (notified once)
              accept() → pending accept; push → server UPDATE state      (row lock: one answer wins)
              take     → the ticket and its update log into the local list, keyed by the token,
                         in one local transaction; then the server's recipient_done
  sender      settle   → accepted: the local copy archived, "handed off to …"; declined: the reason;
                         then the server's sender_done

Every step is idempotent: a step that ran on one side but whose answer was lost runs again and finds
its work done (the token is unique on the server and locally; an accepted offer not yet marked taken is
taken again only if the local list lacks it).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from companion.core import limits
from companion.core.schedule import WorkSchedule, load_zone
from companion.core.settings import Settings
from companion.core.tickets import TicketService, active_sql, is_active
from companion.core.transfer import FORMAT, VERSION, TransferError, _rows, ticket_item, update_item
from companion.store.models import ClientUpdate, Handoff, ReplyCategory, ReplyTemplate, ReplyVariant, Ticket, db
from companion.store.team_schema import MAX_PAYLOAD_BYTES

if TYPE_CHECKING:
    from companion.core.clock import Clock
    from companion.core.workload import Workload
    from companion.store.team import MemberLoad, OfferRow, PackRow, TeamServer, TeamSession, TeamUrl

OUT, IN = "out", "in"
QUEUED, OFFERED, ACCEPTED, DECLINED, WITHDRAWN = "queued", "offered", "accepted", "declined", "withdrawn"
SEND, ACCEPT, DECLINE, WITHDRAW = "send", "accept", "decline", "withdraw"
MAX_NOTE = 4000  # the server's bound on a note and a reason (store/team_schema.py)
CHANGED_SINCE = "changed after the offer: the colleague has it as it was then; your copy stays open"
TEAM_SLUG_PREFIX = "team:"  # mirrored pack categories and replies: their slugs here


class HandoffError(ValueError):
    """A hand-off that cannot be made as asked (the message says why, in English for the CLI and logs;
    `code` and `params` let a window say it in the agent's language)."""

    def __init__(self, message: str, code: str = "", **params: Any):
        super().__init__(message)
        self.code = code
        self.params = params


# --- today's load -----------------------------------------------------------------------------------

def load_numbers(workload: Workload, settings: Settings) -> dict[str, Any]:
    """What a member publishes: today's numbers and their schedule, no ticket content."""
    today = workload.today()
    return {"active": today.tickets, "due_today": today.updates, "done_today": today.done,
            "capacity_updates": today.capacity_updates, "capacity_tickets": today.capacity_tickets,
            "schedule": settings.get("schedule"), "tz": settings.get("timezone"),
            "days_off": ",".join(d.isoformat() if isinstance(d, date) else str(d)
                                 for d in settings.get("days_off"))}


@dataclass(frozen=True)
class Colleague:
    """A colleague in the hand-off chooser."""

    login: str
    name: str
    on_shift: bool | None  # None: their schedule is unknown
    active: int | None
    due_today: int | None
    capacity_updates: int | None
    capacity_tickets: int | None

    @property
    def load(self) -> float | None:
        """The larger of the two fractions of capacity in use (tickets carried, updates due today)."""
        if self.active is None or not self.capacity_tickets or not self.capacity_updates:
            return None
        return max(self.active / self.capacity_tickets, (self.due_today or 0) / self.capacity_updates)

    @property
    def room(self) -> bool:
        return self.load is not None and self.load < 1

    def as_dict(self) -> dict[str, Any]:
        return {"login": self.login, "name": self.name, "on_shift": self.on_shift, "active": self.active,
                "due_today": self.due_today, "capacity_updates": self.capacity_updates,
                "capacity_tickets": self.capacity_tickets,
                "load": round(self.load, 3) if self.load is not None else None}


def on_shift(schedule: str, tz: str, days_off: str, now: datetime) -> bool | None:
    if not schedule:
        return None
    try:
        days = [date.fromisoformat(d) for d in days_off.split(",") if d.strip()]
        return WorkSchedule.parse(schedule, load_zone(tz), days).is_working_time(now)
    except ValueError:
        return None


def colleagues(board: list[MemberLoad] | list[dict[str, Any]], me: str, now: datetime) -> list[Colleague]:
    """The hand-off chooser's list: everyone but me, least loaded first; among equals, those on shift
    now first; colleagues who never published their load last."""
    out = []
    for row in board:
        item = row if isinstance(row, dict) else row.__dict__
        if item["login"] == me:
            continue
        out.append(Colleague(item["login"], item["name"], on_shift(item["schedule"] or "", item["tz"] or "UTC",
                                                                   item["days_off"] or "", now),
                             item["active"], item["due_today"], item["capacity_updates"], item["capacity_tickets"]))

    def order(c: Colleague) -> tuple[bool, float, bool, str]:
        return (c.load is None, c.load if c.load is not None else 0.0, c.on_shift is not True, c.name.casefold())

    return sorted(out, key=order)


# --- the ticket as it travels ---------------------------------------------------------------------

def ticket_payload(ticket: Ticket) -> dict[str, Any]:
    """The ticket with its update log in the export format (core/transfer), which the receiving app
    validates as it would any file given to it."""
    return {"format": FORMAT, "version": VERSION, "settings": {}, "tickets": [_one_ticket(ticket)]}


def _one_ticket(ticket: Ticket) -> dict[str, Any]:
    updates = [update_item(u) for u in ticket.updates.order_by(ClientUpdate.at, ClientUpdate.id)]
    item = ticket_item(ticket, updates)
    item["archived_at"] = None  # it arrives open, whatever happens to the sender's copy
    return item


def summary_of(ticket: Ticket) -> str:
    parts = [p for p in (ticket.client, ticket.subject) if p]
    return " · ".join(parts)[:1000]


# --- what the team server said, and what is left to say to it --------------------------------------

@dataclass
class SyncReport:
    """One sync: what changed that the agent should hear of, and how the server was."""

    reachable: bool = False
    error: str = ""
    lead: bool = False
    tls: str = ""  # the connection's TLS version, '' when it is not encrypted
    new_offers: list[Handoff] = field(default_factory=list)  # addressed to me, first seen now
    taken: list[Handoff] = field(default_factory=list)  # accepted by me, now in my list
    answered: list[Handoff] = field(default_factory=list)  # my offers, accepted/declined/withdrawn
    sent: list[Handoff] = field(default_factory=list)  # my queued offers that reached the server
    failed: list[Handoff] = field(default_factory=list)  # pending actions the server refused
    packs_changed: bool = False
    pending: int = 0  # actions still waiting for the server


class Unfinished(NamedTuple):
    """Hand-off business still open: leaving now would break a promise of exactly once."""

    pending: int  # actions not yet on the server
    offered: int  # my offers waiting for an answer
    untaken: int  # tickets I accepted that are not in my list yet

    def __bool__(self) -> bool:
        return any(self)

    def words(self) -> str:
        parts = [f"{self.pending} action(s) not yet on the team server" if self.pending else "",
                 f"{self.offered} offer(s) of yours waiting for an answer" if self.offered else "",
                 f"{self.untaken} accepted ticket(s) not yet in your list" if self.untaken else ""]
        return "; ".join(p for p in parts if p)


class TeamSync:
    """The agent's side of team mode: local records first, the server when it answers."""

    def __init__(self, tickets: TicketService, settings: Settings, server: TeamServer,
                 workload: Workload | None = None):
        self.tickets = tickets
        self.settings = settings
        self.server = server
        self.workload = workload
        self.me = server.url.user

    @property
    def clock(self):  # type: ignore[no-untyped-def]
        return self.tickets.clock

    # -- what the agent asks -----------------------------------------------------------------------

    def offer(self, key: str, to: str, note: str = "") -> Handoff:
        """Offer the ticket to a colleague (by login or name, from the last board heard). Recorded at
        once; it reaches the server now or at the next sync."""
        note = _text(note, "note", multiline=True)
        ticket = self.tickets.get(key)
        if not is_active(ticket.status, ticket.archived_at):
            raise HandoffError(f"{ticket.key} is archived or finished: only open tickets are handed off",
                               "not_open", key=ticket.key)
        login, name = self.resolve(to)
        with db.atomic():
            waiting = (Handoff.select().where((Handoff.ticket == ticket) & (Handoff.direction == OUT)
                                              & Handoff.state.in_((QUEUED, OFFERED))).first())
            if waiting is not None:
                who = waiting.colleague_name or waiting.colleague
                raise HandoffError(f"{ticket.key} is already offered to {who}; wait for the answer",
                                   "already_offered", key=ticket.key, name=who)
            payload = json.dumps(ticket_payload(ticket), ensure_ascii=False)
            if len(payload.encode()) > MAX_PAYLOAD_BYTES:
                raise HandoffError(f"{ticket.key} with its update log is too large to hand off "
                                   f"({len(payload.encode()) // 1_000_000} MB; the team server takes "
                                   f"{MAX_PAYLOAD_BYTES // 1_000_000} MB)", "too_large", key=ticket.key)
            return Handoff.create(token=str(uuid.uuid4()), direction=OUT, ticket=ticket, ticket_key=ticket.key,
                                  summary=summary_of(ticket), colleague=login, colleague_name=name, note=note,
                                  payload=payload,
                                  state=QUEUED, pending=SEND, created_at=self.clock.now())

    def resolve(self, to: str) -> tuple[str, str]:
        wanted = to.strip().casefold()
        if not wanted:
            raise HandoffError("say whom to hand the ticket to")
        board = self.settings.get("team_cache").get("board", [])
        for field_name in ("login", "name"):
            found = [row for row in board if str(row.get(field_name, "")).casefold() == wanted]
            if len(found) > 1:  # two colleagues of one name: only the login says which
                raise HandoffError(f"more than one colleague is called {to!r}: say the login "
                                   f"({', '.join(sorted(r['login'] for r in found))})")
            for row in found:
                if row["login"] == self.me:
                    raise HandoffError("that is you: hand the ticket to a colleague")
                return row["login"], row.get("name") or row["login"]
        known = ", ".join(sorted(r.get("name") or r["login"] for r in board if r["login"] != self.me))
        raise HandoffError(f"no colleague called {to!r} in the team" + (f" (there are: {known})" if known else
                                                                       " (the team list is empty: sync first)"))

    def accept(self, offer_id: int) -> Handoff:
        row = self._incoming(offer_id)
        if row.state != OFFERED:
            raise HandoffError(f"offer {offer_id} was already {row.state}", "answered", state=row.state)
        self._check_key_free(row.ticket_key)
        row.pending, row.error = ACCEPT, ""
        row.save()
        return row

    def decline(self, offer_id: int, reason: str = "") -> Handoff:
        row = self._incoming(offer_id)
        if row.state != OFFERED:
            raise HandoffError(f"offer {offer_id} was already {row.state}", "answered", state=row.state)
        row.pending, row.reason, row.error = DECLINE, _text(reason, "reason", multiline=True), ""
        row.save()
        return row

    def _incoming(self, offer_id: int) -> Handoff:
        row = Handoff.get_or_none((Handoff.direction == IN) & (Handoff.offer_id == offer_id))
        if row is None:
            raise HandoffError(f"there is no offer {offer_id} for you (see `companion team offers`)")
        return row

    def _check_key_free(self, key: str) -> None:
        if self.tickets.open_key_exists(key):
            raise HandoffError(f"you already have an open ticket {key}: archive or rename it before taking this one",
                               "key_taken", key=key)

    def incoming(self) -> list[Handoff]:
        """Offers to me still waiting for my answer (as last heard), the oldest first."""
        return list(Handoff.select().where((Handoff.direction == IN) & (Handoff.state == OFFERED))
                    .order_by(Handoff.created_at, Handoff.id))

    def outgoing(self) -> list[Handoff]:
        return list(Handoff.select().where((Handoff.direction == OUT) & Handoff.state.in_((QUEUED, OFFERED)))
                    .order_by(Handoff.created_at, Handoff.id))

    def withdraw(self, handoff_id: int) -> Handoff:
        """Take back an offer of mine not yet answered: at the next sync, by its token (it may have
        reached the server even if this app never heard so)."""
        row = Handoff.get_or_none((Handoff.id == handoff_id) & (Handoff.direction == OUT))
        if row is None or row.state not in (QUEUED, OFFERED):
            raise HandoffError("this offer is not waiting for an answer any more")
        Handoff.update(pending=WITHDRAW, error="").where(Handoff.id == row.id).execute()
        return Handoff.get_by_id(row.id)

    def unfinished(self) -> Unfinished:
        """What leaving the team now would leave undone."""
        offered = Handoff.select().where((Handoff.direction == OUT) & Handoff.state.in_((QUEUED, OFFERED))).count()
        untaken = (Handoff.select().where((Handoff.direction == IN) & (Handoff.state == ACCEPTED)
                                          & Handoff.ticket.is_null()).count())
        return Unfinished(self.pending_count(), offered, untaken)

    def pending_count(self) -> int:
        return pending_count()

    def leave(self, forget: Callable[[str], None], force: bool = False) -> tuple[Unfinished, SyncReport]:
        """Leave the team: offers of mine still open are withdrawn first, so no ticket ends up in two
        lists. What the server has not confirmed keeps me in (returned, non-empty) unless `force`. Gone:
        my load from the board, the team's replies from my library, the password (`forget(place)`),
        the team settings; my tickets stay."""
        from companion.store.team import TeamRefused, TeamUnavailable

        self.sync(publish=False, packs=False)
        for row in self.outgoing():
            if not row.pending:
                self.withdraw(row.id)
        report = self.sync(publish=False, packs=False)
        still_open = self.unfinished()
        if still_open and not force:
            return still_open, report
        try:
            with self.server.session() as session:
                session.leave()
        except (TeamUnavailable, TeamRefused):
            pass  # the member row stays active until the administrator removes it; nothing else is ours there
        mirror_packs([])
        forget(self.server.url.place)
        self.settings.set_many({"team_url": "", "team_cache": {}})
        return Unfinished(0, 0, 0), report

    # -- the server --------------------------------------------------------------------------------

    def sync(self, publish: bool = True, packs: bool = True) -> SyncReport:
        """Everything that is due between this agent and the server, in one connection. The server away
        is a report, not an exception; the local records stay for the next time."""
        from companion.store.team import TeamRefused, TeamUnavailable
        from companion.store.team_schema import TeamSchemaError

        report = SyncReport()
        try:
            with self.server.session() as session:
                report.reachable = True
                report.lead = session.is_lead()
                report.tls = session.tls()
                self._push(session, report)
                self._pull(session, report)
                self._take(session, report)
                self._settle(session, report)
                self._remember_board(session)
                if publish and self.workload is not None:
                    session.publish_load(load_numbers(self.workload, self.settings))
                if packs:
                    report.packs_changed = mirror_packs(session.packs())
        except (TeamUnavailable, TeamRefused, TeamSchemaError) as exc:
            report.reachable = False
            report.error = str(exc)
        report.pending = self.pending_count()
        return report

    def _push(self, session: TeamSession, report: SyncReport) -> None:
        """Every pending action, oldest first. One the server refuses for good is marked and dropped; it
        never holds back the others, nor the rest of the sync. Local writes here are conditional: the
        agent may change the same row meanwhile (withdraw an offer being sent), and their change wins."""
        import peewee as pw

        from companion.store.team import TeamRefused

        for row in Handoff.select().where(Handoff.pending != "").order_by(Handoff.id):
            try:
                if row.pending == SEND:
                    offer_id = session.send_offer(row.token, row.colleague, row.ticket_key, row.summary,
                                                  row.note, json.loads(row.payload))
                    Handoff.update(offer_id=offer_id).where(Handoff.id == row.id).execute()
                    sent = (Handoff.update(state=OFFERED, pending="", error="")
                            .where((Handoff.id == row.id) & (Handoff.pending == SEND)).execute())
                    if sent:
                        report.sent.append(Handoff.get_by_id(row.id))
                elif row.pending == WITHDRAW:
                    # By token: the offer may have reached the server with its answer lost.
                    state = session.withdraw_by_token(row.token)
                    if state in (None, WITHDRAWN):
                        (Handoff.update(state=WITHDRAWN, pending="", error="", decided_at=self.clock.now())
                         .where(Handoff.id == row.id).execute())
                    else:  # answered before the withdrawal arrived: the settling step applies the answer
                        Handoff.update(pending="").where(Handoff.id == row.id).execute()
                elif row.pending in (ACCEPT, DECLINE):
                    assert row.offer_id is not None
                    if row.pending == ACCEPT and self._refuse_unreadable(session, row, report):
                        continue
                    answer = session.decide(row.offer_id, ACCEPTED if row.pending == ACCEPT else DECLINED,
                                            row.reason)
                    (Handoff.update(pending="", error="", state=answer.state, decided_at=self.clock.now())
                     .where(Handoff.id == row.id).execute())
            except (TeamRefused, pw.IntegrityError, pw.DataError) as exc:
                # The server said no for good (the offer was withdrawn, the colleague left, a value past
                # its bounds): not retried.
                why = _one_line(exc)
                if row.direction == OUT:
                    changes = {"state": DECLINED, "reason": row.reason or why}
                else:
                    changes = {"state": WITHDRAWN}
                Handoff.update(error=why, pending="", **changes).where(Handoff.id == row.id).execute()
                report.failed.append(Handoff.get_by_id(row.id))

    def _refuse_unreadable(self, session: TeamSession, row: Handoff, report: SyncReport) -> bool:
        """An offer whose ticket this app cannot import is declined instead of accepted, so that it stays
        with the sender rather than being archived there and never arriving here. True when it was."""
        offer = session.offer_to_me(int(row.offer_id or 0))
        if offer is None or offer.state != OFFERED:
            return False  # gone or answered already: decide() says which
        try:
            check_offer(offer, self.tickets.clock)
        except HandoffError as exc:
            why = str(exc)
            session.decide(offer.id, DECLINED, why)
            row.state, row.reason, row.pending = DECLINED, why, ""
            row.error = f"{why}; declined, so it stays with {row.colleague_name or row.colleague}"
            row.decided_at = self.clock.now()
            row.save()
            report.failed.append(row)
            return True
        return False

    def _pull(self, session: TeamSession, report: SyncReport) -> None:
        live = session.offers_to_me()
        known = {h.offer_id: h for h in Handoff.select().where(Handoff.direction == IN)}
        for offer in live:
            if offer.id in known:
                continue
            report.new_offers.append(Handoff.create(
                token=offer.token, offer_id=offer.id, direction=IN, ticket_key=offer.ticket_key,
                summary=offer.summary, colleague=offer.sender, colleague_name=offer.sender_name, note=offer.note,
                state=OFFERED, created_at=offer.created_at))
        # Offers the sender withdrew (or that this agent answered elsewhere) leave the list.
        open_ids = {o.id for o in live}
        for offer_id, row in known.items():
            if row.state == OFFERED and not row.pending and offer_id not in open_ids:
                row.state = WITHDRAWN
                row.save()

    def _take(self, session: TeamSession, report: SyncReport) -> None:
        for offer in session.accepted_not_taken():
            try:
                row = take_offer(offer, self.tickets)
            except HandoffError as exc:
                # Accepted without the check above (elsewhere, or by hand): left untaken on the server,
                # so that an app that can read it takes it later; said once, not at every sync.
                self._untakable(offer, str(exc), report)
                continue
            session.settle_received(offer.id)
            if row is not None:
                report.taken.append(row)

    def _untakable(self, offer: OfferRow, why: str, report: SyncReport) -> None:
        row = Handoff.get_or_none(Handoff.token == offer.token)
        if row is None:
            row = Handoff(token=offer.token, offer_id=offer.id, direction=IN, ticket_key=offer.ticket_key,
                          summary=offer.summary, colleague=offer.sender, colleague_name=offer.sender_name,
                          note=offer.note, state=ACCEPTED, created_at=offer.created_at)
        elif row.error == why:
            return
        row.error = why
        row.save()
        report.failed.append(row)

    def _settle(self, session: TeamSession, report: SyncReport) -> None:
        for offer in session.decided_not_settled():
            row = settle_offer(offer, self.tickets)
            session.settle_sent(offer.id)
            if row is not None:
                report.answered.append(row)

    def _remember_board(self, session: TeamSession) -> None:
        """Keep the board for the chooser while the server is away. Written only when it changed: each
        write is a change the running app's poller redraws for. (`updated_at` is left out: it moves with
        every publish, and nothing here shows it.)"""
        board = [{k: v for k, v in m.__dict__.items() if k != "updated_at"} for m in session.board()]
        current = self.settings.get("team_cache")
        if current.get("board") != board or current.get("me") != self.me:
            self.settings.set("team_cache", dict(current, board=board, me=self.me))


def _text(value: str, what: str, multiline: bool = False) -> str:
    try:
        text = limits.text(value.strip(), what, multiline=multiline)
    except limits.LimitError as exc:
        raise HandoffError(str(exc)) from None
    if len(text) > MAX_NOTE:
        raise HandoffError(f"the {what} is {len(text)} characters long; the team server keeps at most {MAX_NOTE}")
    return text


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


def check_offer(offer: OfferRow, clock: Clock) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The one ticket an offer carries and its updates, checked as an imported file would be. The
    HandoffError says why not in a line (the payload is another machine's: nothing of it is echoed
    at length)."""
    try:
        _, rows = _rows(offer.payload, clock)
    except TransferError as exc:
        raise HandoffError(f"the ticket offered cannot be read by this app: {_clip(str(exc))}") from None
    if len(rows) != 1:
        raise HandoffError(f"the offer carries {len(rows)} tickets, not one")
    return rows[0]


def _clip(text: str, most: int = 300) -> str:
    return text if len(text) <= most else text[:most] + "…"


def take_offer(offer: OfferRow, tickets: TicketService) -> Handoff | None:
    """The accepted offer's ticket into the local list, once: None when it is already there. The
    payload came from another machine and is checked as an imported file would be."""
    with db.atomic():
        row = Handoff.get_or_none(Handoff.token == offer.token)
        if row is not None and row.ticket_id is not None:
            return None
        try:
            values, updates = check_offer(offer, tickets.clock)
        except HandoffError as exc:
            raise HandoffError(f"offer {offer.id}: {exc}") from None
        values["archived_at"] = None
        if tickets.open_key_exists(values["key"]):
            values["key"] = _free_key(values["key"], tickets)
        ticket = Ticket.create(**values)
        if updates:
            ClientUpdate.insert_many([{"ticket": ticket.id, **u} for u in updates]).execute()
        tickets._compute_due(ticket)  # on this agent's schedule, not the sender's
        ticket.modified_at = tickets.clock.now()
        ticket.save()
        if row is None:
            row = Handoff(token=offer.token, offer_id=offer.id, direction=IN, colleague=offer.sender,
                          colleague_name=offer.sender_name, note=offer.note, summary=offer.summary,
                          created_at=offer.created_at)
        row.ticket, row.ticket_key, row.state, row.pending = ticket, ticket.key, ACCEPTED, ""
        row.decided_at = offer.decided_at or tickets.clock.now()
        row.save()
        return row


def _free_key(key: str, tickets: TicketService) -> str:
    """A key no open ticket has: KEY (2), KEY (3)… (only when a clash slipped past the check at accept)."""
    n = 2
    while tickets.open_key_exists(f"{key} ({n})"):
        n += 1
    return f"{key} ({n})"


def settle_offer(offer: OfferRow, tickets: TicketService) -> Handoff | None:
    """The colleague's answer to one of my offers, applied once: accepted archives my copy as handed
    off; declined or withdrawn leaves it mine. None when it was applied before."""
    with db.atomic():
        row = Handoff.get_or_none(Handoff.token == offer.token)
        if row is None:  # sent from this login with another data file (restored?): the key tells
            ticket = Ticket.select().where(active_sql() & (Ticket.key == offer.ticket_key)).first()
            row = Handoff.create(token=offer.token, offer_id=offer.id, direction=OUT, ticket=ticket,
                                 ticket_key=offer.ticket_key, summary=offer.summary, colleague=offer.recipient,
                                 colleague_name=offer.recipient_name, note=offer.note, state=OFFERED,
                                 created_at=offer.created_at)
        if row.state == offer.state:
            return None
        offered_as = row.payload  # the ticket as it was sent, kept here until now
        row.state, row.reason, row.pending = offer.state, offer.reason, ""
        row.colleague_name = offer.recipient_name
        row.decided_at = offer.decided_at or tickets.clock.now()
        row.payload = ""  # the server has it; it is no longer ours to keep
        row.save()
        row.kept_open = False  # type: ignore[attr-defined]  # (not stored: for the notice)
        if offer.state == ACCEPTED and row.ticket_id is not None:
            ticket = Ticket.get_by_id(row.ticket_id)
            if ticket.archived_at is None:
                if offered_as and json.loads(offered_as) != ticket_payload(ticket):
                    # Changed after it was offered (an update logged, a note, a new promise): the colleague
                    # has it as it was then. Archiving would lose the difference; the agent decides.
                    row.kept_open = True  # type: ignore[attr-defined]
                    Handoff.update(error=CHANGED_SINCE).where(Handoff.id == row.id).execute()
                else:
                    tickets.archive(ticket.id)
        return row


def join_team(url: TeamUrl, password: str, name: str, settings: Settings,
              keep: Callable[[str, str], None]) -> tuple[bool, str]:
    """Join (or come back to) the team at `url` under `name`: the server first (TeamUnavailable,
    TeamRefused, TeamSchemaError say why not), then the password to `keep(place, password)` (the
    keyring; its error is the caller's to word), then the settings. Returns (lead, TLS version or '')."""
    from companion.store.team import TeamServer

    with TeamServer(url, password).session() as session:
        session.introduce(name)
        lead, tls = session.is_lead(), session.tls()
    if password:
        keep(url.place, password)
    settings.set_many({"team_url": url.url, "agent_name": name})
    return lead, tls


def pending_count() -> int:
    """Hand-off actions not yet on the team server."""
    return int(Handoff.select().where(Handoff.pending != "").count())


def open_offer_of(ticket_id: int) -> Handoff | None:
    """This ticket's offer to a colleague still waiting for an answer (and not being withdrawn)."""
    found: Handoff | None = (Handoff.select().where((Handoff.ticket == ticket_id) & (Handoff.direction == OUT)
                                                    & Handoff.state.in_((QUEUED, OFFERED))
                                                    & (Handoff.pending != WITHDRAW)).first())
    return found


def moves() -> list[tuple[int, str, str]]:
    """The local hand-off records as they stand (id, state, pending): what the popup and the list show,
    compared before and after a sync to tell whether anything moved."""
    return [(int(h.id), str(h.state), str(h.pending))
            for h in Handoff.select(Handoff.id, Handoff.state, Handoff.pending).order_by(Handoff.id)]


def handoff_log(ticket_id: int) -> list[Handoff]:
    """The hand-offs of one ticket, the latest first: its log lines "handed off to …", "from …"."""
    return list(Handoff.select().where(Handoff.ticket == ticket_id).order_by(Handoff.created_at.desc(),
                                                                           Handoff.id.desc()))


def handed_off_to(ticket_id: int) -> Handoff | None:
    found: Handoff | None = (Handoff.select().where((Handoff.ticket == ticket_id) & (Handoff.direction == OUT)
                                                     & (Handoff.state == ACCEPTED)).order_by(Handoff.id.desc()).first())
    return found


# --- the lead's reply packs, mirrored --------------------------------------------------------------

def pack_of(category: ReplyCategory) -> PackRow:
    """A local category as a pack to publish: its replies in both languages."""
    from companion.store.team import PackRow

    replies = []
    for position, template in enumerate(category.templates.order_by(ReplyTemplate.position, ReplyTemplate.id)):
        item: dict[str, Any] = {"slug": _pack_slug(template.slug), "position": position,
                                "title_ru": "", "body_ru": "", "title_en": "", "body_en": ""}
        for variant in template.variants:
            if variant.lang in ("ru", "en"):
                item[f"title_{variant.lang}"], item[f"body_{variant.lang}"] = variant.title, variant.body
        replies.append(item)
    return PackRow(_pack_slug(category.slug), category.name_ru, category.name_en, category.position,
                   tuple(replies))


def _pack_slug(slug: str) -> str:
    return slug[len(TEAM_SLUG_PREFIX):] if slug.startswith(TEAM_SLUG_PREFIX) else slug


def mirror_packs(packs: list[PackRow], now: datetime | None = None) -> bool:
    """Make the local team categories exactly the server's packs; True when anything changed. Team
    replies keep their use counts and favourites across syncs (they live on the template row)."""
    from companion.core.clock import SystemClock

    at = now or SystemClock().now()
    wanted = {TEAM_SLUG_PREFIX + p.slug: p for p in packs}
    if _mirror_fingerprint() == _packs_fingerprint(wanted):
        return False
    with db.atomic():
        for category in ReplyCategory.select().where(ReplyCategory.team):
            if category.slug not in wanted:
                _drop_category(category)
        for slug, pack in wanted.items():
            found = ReplyCategory.get_or_none(ReplyCategory.slug == slug)
            if found is None:
                category = ReplyCategory.create(slug=slug, name_ru=pack.name_ru, name_en=pack.name_en,
                                                position=1000 + pack.position, team=True)
            else:
                category = found
                category.name_ru, category.name_en, category.team = pack.name_ru, pack.name_en, True
                category.position = 1000 + pack.position
                category.save()
            keep = set()
            for reply in pack.replies:
                tslug = TEAM_SLUG_PREFIX + str(reply["slug"])
                keep.add(tslug)
                template = ReplyTemplate.get_or_none(ReplyTemplate.slug == tslug)
                if template is None:
                    template = ReplyTemplate.create(slug=tslug, category=category, position=int(reply["position"]),
                                                    created_at=at, modified_at=at)
                else:
                    template.category, template.position, template.modified_at = category, int(reply["position"]), at
                    template.save()
                ReplyVariant.delete().where(ReplyVariant.template == template).execute()
                for lang in ("ru", "en"):
                    title, body = str(reply.get(f"title_{lang}") or ""), str(reply.get(f"body_{lang}") or "")
                    if title or body:
                        ReplyVariant.create(template=template, lang=lang, title=title, body=body)
            (ReplyTemplate.delete().where((ReplyTemplate.category == category) & ReplyTemplate.slug.not_in(keep))
             .execute())
    return True


def _drop_category(category: ReplyCategory) -> None:
    ids = [t.id for t in category.templates]
    if ids:
        ReplyVariant.delete().where(ReplyVariant.template.in_(ids)).execute()
        ReplyTemplate.delete().where(ReplyTemplate.id.in_(ids)).execute()
    category.delete_instance()


def _packs_fingerprint(wanted: dict[str, PackRow]) -> str:
    return json.dumps(sorted((slug, p.name_ru, p.name_en, p.position, sorted(
        (TEAM_SLUG_PREFIX + str(r["slug"]), int(r["position"]), r.get("title_ru") or "", r.get("body_ru") or "",
         r.get("title_en") or "", r.get("body_en") or "") for r in p.replies)) for slug, p in wanted.items()),
        ensure_ascii=False)


def _mirror_fingerprint() -> str:
    mirrored = []
    for category in ReplyCategory.select().where(ReplyCategory.team):
        replies = []
        for template in category.templates:
            texts = {f"{k}_{v.lang}": getattr(v, k) for v in template.variants for k in ("title", "body")}
            replies.append((template.slug, template.position, texts.get("title_ru", ""), texts.get("body_ru", ""),
                            texts.get("title_en", ""), texts.get("body_en", "")))
        mirrored.append((category.slug, category.name_ru, category.name_en, category.position - 1000,
                         sorted(replies)))
    return json.dumps(sorted(mirrored), ensure_ascii=False)
