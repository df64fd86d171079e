"""The team server as a member sees it: a PostgreSQL connection from a URL, the team's tables as peewee
models, and the few statements a member runs on them — every one of them built by peewee with bound
parameters. What may be read or changed is the server's to enforce (store/team_schema: roles, row-level
security, the offer trigger); this module never relies on the app behaving.

The connection is made for one piece of work and closed after it (`TeamServer.session()`), with a
short connect timeout and a statement timeout, so a server that is away costs a few seconds in a
background thread or a CLI command, never a frozen window.
"""

from __future__ import annotations

import json
import select
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import peewee as pw
from playhouse.postgres_ext import BinaryJSONField, DateTimeTZField

from companion.store.team_schema import (AGENT_ROLE, LEAD_ROLE, OFFERS_CHANNEL, PACKS_CHANNEL, SCHEMA, TEAM_LATEST,
                                         TeamSchemaError, server_version)

team_db = pw.DatabaseProxy()
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 15000
SCHEMES = ("postgresql", "postgres")


REPLY_ID_TAKEN = ("a reply in this category has the same id as one in another team pack; give it another id "
                  "and publish again")


class TeamUrlError(ValueError):
    """A team URL that cannot be used; the message says why."""


class TeamUnavailable(Exception):
    """The team server could not be reached or refused the member (the message is for the user)."""


class TeamRefused(Exception):
    """The server said no to what was asked (not a member, not a lead, an offer already decided…)."""


@dataclass(frozen=True)
class TeamUrl:
    """A PostgreSQL URL split into what is safe to keep and show, and the password, which is not."""

    url: str  # without the password
    password: str = field(repr=False)  # kept out of any log line that prints the URL
    user: str
    host: str
    database: str
    sslmode: str

    @classmethod
    def parse(cls, text: str) -> TeamUrl:
        text = text.strip()
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            # Never urlsplit's own words: they quote the piece they choked on, often part of a password.
            raise TeamUrlError("the URL cannot be read (a password with / # ? @ : must be percent-encoded, "
                               "e.g. %2F for /)") from None
        if parts.scheme not in SCHEMES:
            raise TeamUrlError("the team URL starts with postgresql://, e.g. "
                               "postgresql://anna@db.example.com:5432/support?sslmode=require")
        if not parts.hostname:
            raise TeamUrlError("the team URL names no server")
        if not parts.username:
            raise TeamUrlError("the team URL names no user: postgresql://YOUR_LOGIN@server/database")
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise TeamUrlError("the team URL names no database: …/DATABASE at the end")
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if "password" in query:
            raise TeamUrlError("put the password before the @ (postgresql://login:password@…), or leave it "
                               "out to be asked")
        netloc = quote(unquote(parts.username), safe="") + "@" + (
            f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname) + (f":{port}" if port else "")
        clean = urlunsplit(("postgresql", netloc, parts.path, parts.query, ""))
        return cls(url=clean, password=unquote(parts.password or ""), user=unquote(parts.username),
                   host=parts.hostname, database=database, sslmode=query.get("sslmode", ""))

    @property
    def place(self) -> str:
        """user@host/database: how the connection is named to the user and in the keyring."""
        return f"{self.user}@{self.host}/{self.database}"


class TeamModel(pw.Model):
    class Meta:
        database = team_db
        schema = SCHEMA
        legacy_table_names = False


class Member(TeamModel):
    login = pw.TextField(primary_key=True)
    name = pw.TextField(default="")
    joined_at = DateTimeTZField()
    seen_at = DateTimeTZField()
    active = pw.BooleanField(default=True)


class Load(TeamModel):
    login = pw.TextField(primary_key=True)
    active = pw.IntegerField()
    due_today = pw.IntegerField()
    done_today = pw.IntegerField(default=0)
    capacity_updates = pw.IntegerField()
    capacity_tickets = pw.IntegerField()
    schedule = pw.TextField(default="")
    tz = pw.TextField(default="UTC")
    days_off = pw.TextField(default="")
    updated_at = DateTimeTZField()


class Offer(TeamModel):
    id = pw.BigAutoField()
    token = pw.UUIDField(unique=True)
    sender = pw.TextField()
    recipient = pw.TextField()
    ticket_key = pw.TextField()
    summary = pw.TextField(default="")
    note = pw.TextField(default="")
    payload = BinaryJSONField()  # type: ignore[no-untyped-call]
    state = pw.TextField(default="offered")
    reason = pw.TextField(default="")
    created_at = DateTimeTZField()
    decided_at = DateTimeTZField(null=True)
    recipient_done = pw.BooleanField(default=False)
    sender_done = pw.BooleanField(default=False)


class PackCategory(TeamModel):
    slug = pw.TextField(primary_key=True)
    name_ru = pw.TextField(default="")
    name_en = pw.TextField(default="")
    position = pw.IntegerField(default=0)
    published_by = pw.TextField()
    published_at = DateTimeTZField()


class PackReply(TeamModel):
    slug = pw.TextField(primary_key=True)
    category = pw.TextField()
    position = pw.IntegerField(default=0)
    title_ru = pw.TextField(default="")
    body_ru = pw.TextField(default="")
    title_en = pw.TextField(default="")
    body_en = pw.TextField(default="")


@dataclass(frozen=True)
class MemberLoad:
    """One colleague on the load board: who, and today's numbers (None until they published any)."""

    login: str
    name: str
    active: int | None
    due_today: int | None
    done_today: int | None
    capacity_updates: int | None
    capacity_tickets: int | None
    schedule: str
    tz: str
    days_off: str
    updated_at: datetime | None


@dataclass(frozen=True)
class OfferRow:
    id: int
    token: str
    sender: str
    sender_name: str
    recipient: str
    recipient_name: str
    ticket_key: str
    summary: str
    note: str
    state: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    payload: dict[str, Any] | None  # only where it is needed (an accepted offer being imported)


@dataclass(frozen=True)
class PackRow:
    slug: str
    name_ru: str
    name_en: str
    position: int
    replies: tuple[dict[str, Any], ...]  # slug, position, title_ru, body_ru, title_en, body_en


# The server's "no" by SQLSTATE, not by its wording (which follows the server's lc_messages):
# 42501 insufficient privilege (rights, row-level security, the offer trigger), 55000 an offer already
# decided (the trigger; psycopg2 files it under OperationalError, which would read as "server away").
REFUSALS = frozenset({"42501", "55000"})


def _sqlstate(exc: BaseException) -> str:
    """The SQLSTATE of the psycopg2 error peewee wrapped ('' when there is none)."""
    orig = exc.args[0] if exc.args else None
    return str(getattr(orig, "pgcode", None) or getattr(exc.__context__, "pgcode", None) or "")


def _failure(exc: BaseException) -> str:
    """A psycopg2/peewee connection error as one line for the user (libpq's first line)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class TeamServer:
    """A member's way to the team server: `with server.session() as s:` connects, runs, disconnects."""

    def __init__(self, url: TeamUrl, password: str = ""):
        self.url = url
        self.password = password or url.password

    def _database(self) -> pw.PostgresqlDatabase:
        kwargs: dict[str, Any] = {"dsn": self.url.url, "connect_timeout": CONNECT_TIMEOUT_S,
                                  "application_name": "support-companion",
                                  "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
                                  "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                                  "keepalives_count": 3}
        if self.password:
            kwargs["password"] = self.password
        return pw.PostgresqlDatabase(self.url.database, **kwargs)

    @contextmanager
    def session(self) -> Iterator[TeamSession]:
        database = self._database()
        try:
            database.connect()
        except pw.OperationalError as exc:
            raise TeamUnavailable(_failure(exc)) from None
        try:
            with _bound(database):
                session = TeamSession(database, self.url.user)
                session.check_schema()
                yield session
        except (pw.DatabaseError, pw.InterfaceError) as exc:
            if _sqlstate(exc) in REFUSALS:
                raise TeamRefused(_failure(exc)) from None
            if isinstance(exc, (pw.OperationalError, pw.InterfaceError)):
                raise TeamUnavailable(_failure(exc)) from None
            raise
        finally:
            if not database.is_closed():
                try:
                    database.close()
                except pw.PeeweeException:
                    pass

    def listener(self) -> Listener:
        """A connection that LISTENs for offers and pack changes (a background thread's)."""
        return Listener(self)


_binding = threading.RLock()


@contextmanager
def _bound(database: pw.Database) -> Iterator[None]:
    """The models speak to this connection while the block runs. One session at a time per process
    (the app's background thread, or a command): the models' database is one proxy."""
    with _binding:
        previous = team_db.obj
        team_db.initialize(database)
        try:
            yield
        finally:
            team_db.initialize(previous)


class TeamSession:
    """What a member does on the team server, on one open connection."""

    def __init__(self, database: pw.PostgresqlDatabase, login: str):
        self.database = database
        self.login = login

    def check_schema(self) -> None:
        version = server_version(self.database)
        if version == 0:
            raise TeamSchemaError("this database has no team schema yet: the team's administrator runs "
                                  "`companion team init-server ADMIN_URL` once")
        if version > TEAM_LATEST:
            raise TeamSchemaError(f"the team server's schema is version {version}, newer than this app "
                                  f"knows ({TEAM_LATEST}); update Support Companion")

    # --- who is who ---------------------------------------------------------------------------------

    # session_user, like the server's policies: the login connected, whatever role was SET since.
    def is_lead(self) -> bool:
        row = self.database.execute_sql("SELECT pg_has_role(session_user, %s, 'MEMBER')", (LEAD_ROLE,)).fetchone()
        return bool(row[0])

    def is_member(self) -> bool:
        row = self.database.execute_sql("SELECT pg_has_role(session_user, %s, 'MEMBER')",
                                        (AGENT_ROLE,)).fetchone()
        return bool(row[0])

    def tls(self) -> str:
        """The connection's TLS version, '' when it is not encrypted."""
        row = self.database.execute_sql("SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl"
                                        ).fetchone()
        return str(row[0]) if row else ""

    def introduce(self, name: str) -> None:
        """Join (or come back): the member's row with the name colleagues see."""
        if not self.is_member():
            raise TeamRefused(f"{self.login} is not a member of this team; ask the team's administrator to run "
                              f"`companion team add-member ADMIN_URL {self.login}`")
        try:
            with self.database.atomic():
                (Member.insert(login=self.login, name=name, active=True)
                 .on_conflict(conflict_target=[Member.login],
                              update={Member.name: name, Member.seen_at: pw.fn.now(), Member.active: True})
                 .execute())
        except pw.IntegrityError as exc:
            if _sqlstate(exc) != "23505":  # not the server's one-name-per-member index (a name too long…)
                raise
            raise TeamRefused(f"the name “{name}” is already used by another member of the team; choose another"
                              ) from None

    def members(self) -> dict[str, str]:
        return {m.login: m.name or m.login for m in Member.select(Member.login, Member.name)}

    def leave(self) -> None:
        with self.database.atomic():
            Load.delete().where(Load.login == self.login).execute()
            Member.update(active=False).where(Member.login == self.login).execute()

    # --- today's load -------------------------------------------------------------------------------

    def publish_load(self, numbers: dict[str, Any]) -> None:
        row = {**numbers, "login": self.login, "updated_at": pw.fn.now()}
        update = {getattr(Load, name): value for name, value in row.items() if name != "login"}
        Load.insert(**row).on_conflict(conflict_target=[Load.login], update=update).execute()

    def board(self) -> list[MemberLoad]:
        """The members in the team now, with today's load (None for those who have not published yet).
        Leaving and `remove_member` clear `active` (a removed member cannot connect to set it again), so
        nobody is offered a ticket they could never pick up; their row stays for the history. (A flag,
        not an ACL check per role: bench/team.py measured the latter doubling the board's cost.)"""
        query = (Member.select(Member.login, Member.name, Load.active, Load.due_today, Load.done_today,
                               Load.capacity_updates, Load.capacity_tickets, Load.schedule, Load.tz, Load.days_off,
                               Load.updated_at)
                 .join(Load, pw.JOIN.LEFT_OUTER, on=(Load.login == Member.login))
                 .where(Member.active)
                 .order_by(Member.login).tuples())
        return [MemberLoad(login, name or login, *rest) for login, name, *rest in cast("Any", query)]

    # --- offers -------------------------------------------------------------------------------------

    def send_offer(self, token: str, recipient: str, ticket_key: str, summary: str, note: str,
                   payload: dict[str, Any]) -> int:
        """Send once: a second call with the same token (a retry after a lost answer) sends nothing more
        and returns the same offer's id."""
        (Offer.insert(token=uuid.UUID(token), sender=self.login, recipient=recipient, ticket_key=ticket_key,
                      summary=summary, note=note, payload=payload)
         .on_conflict_ignore().execute())
        found = Offer.select(Offer.id).where(Offer.token == uuid.UUID(token)).scalar()
        if found is None:
            raise TeamRefused("the offer was not stored")
        return int(found)

    def _offers(self, where: pw.Expression, with_payload: bool = False) -> list[OfferRow]:
        sender, recipient = Member.alias(), Member.alias()
        fields = [Offer.id, Offer.token, Offer.sender, sender.name, Offer.recipient, recipient.name,
                  Offer.ticket_key, Offer.summary, Offer.note, Offer.state, Offer.reason, Offer.created_at,
                  Offer.decided_at]
        if with_payload:
            fields.append(Offer.payload)
        query = (Offer.select(*fields)
                 .join(sender, on=(sender.login == Offer.sender))
                 .switch(Offer).join(recipient, on=(recipient.login == Offer.recipient))
                 .where(where).order_by(Offer.id).tuples())
        out = []
        for row in cast("Any", query):
            (oid, token, s, sname, r, rname, key, summary, note, state, reason, created, decided) = row[:13]
            payload = row[13] if with_payload else None
            out.append(OfferRow(int(oid), str(token), s, sname or s, r, rname or r, key, summary, note, state,
                                reason, created, decided, payload))
        return out

    def offers_to_me(self) -> list[OfferRow]:
        """Offers waiting for this member's answer."""
        return self._offers((Offer.recipient == self.login) & (Offer.state == "offered"))

    def offers(self) -> list[OfferRow]:
        """Every offer this member may read: addressed to them or sent by them (the server decides)."""
        return self._offers(Offer.id.is_null(False))

    def offer_to_me(self, offer_id: int) -> OfferRow | None:
        """One offer addressed to this member, with its payload (to check it before accepting)."""
        found = self._offers((Offer.id == offer_id) & (Offer.recipient == self.login), with_payload=True)
        return found[0] if found else None

    def accepted_not_taken(self) -> list[OfferRow]:
        """Offers this member accepted whose tickets may not be in their list yet."""
        return self._offers((Offer.recipient == self.login) & (Offer.state == "accepted")
                            & ~Offer.recipient_done, with_payload=True)

    def decided_not_settled(self) -> list[OfferRow]:
        """This member's sent offers that were answered and not yet settled on their side."""
        return self._offers((Offer.sender == self.login) & (Offer.state != "offered") & ~Offer.sender_done)

    def decide(self, offer_id: int, state: str, reason: str = "") -> OfferRow:
        """Accept or decline an offer addressed to this member. Doing it again after a lost answer is
        harmless: an offer already in that state is returned as it is."""
        with self.database.atomic():
            (Offer.update(state=state, reason=reason)
             .where((Offer.id == offer_id) & (Offer.recipient == self.login) & (Offer.state == "offered"))
             .execute())  # the row's lock makes a second, concurrent answer wait and then find it answered
            current = self._offers((Offer.id == offer_id) & (Offer.recipient == self.login), with_payload=True)
        if not current:
            raise TeamRefused(f"there is no offer {offer_id} for you")
        if current[0].state != state:
            raise TeamRefused(f"offer {offer_id} was already {current[0].state}")
        return current[0]

    def withdraw(self, offer_id: int) -> None:
        updated = (Offer.update(state="withdrawn")
                   .where((Offer.id == offer_id) & (Offer.sender == self.login) & (Offer.state == "offered"))
                   .execute())
        if not updated:
            raise TeamRefused(f"offer {offer_id} is not yours to withdraw, or it was already answered")

    def withdraw_by_token(self, token: str) -> str | None:
        """Withdraw this member's offer of that token if it is still offered; return its state as it now
        stands on the server ('withdrawn', or the answer that came first), or None when the server has no
        offer of that token from this member (the sending never reached it)."""
        key = uuid.UUID(token)
        mine = (Offer.token == key) & (Offer.sender == self.login)
        Offer.update(state="withdrawn").where(mine & (Offer.state == "offered")).execute()
        found = Offer.select(Offer.state).where(mine).scalar()
        return None if found is None else str(found)

    def settle_received(self, offer_id: int) -> None:
        Offer.update(recipient_done=True).where(Offer.id == offer_id).execute()

    def settle_sent(self, offer_id: int) -> None:
        Offer.update(sender_done=True).where(Offer.id == offer_id).execute()

    # --- reply packs --------------------------------------------------------------------------------

    def packs(self) -> list[PackRow]:
        replies: dict[str, list[dict[str, Any]]] = {}
        rows = cast("list[dict[str, Any]]", PackReply.select().order_by(PackReply.category, PackReply.position,
                                                                         PackReply.slug).dicts())
        for r in rows:
            replies.setdefault(r["category"], []).append(
                {k: r[k] for k in ("slug", "position", "title_ru", "body_ru", "title_en", "body_en")})
        return [PackRow(c.slug, c.name_ru, c.name_en, c.position, tuple(replies.get(c.slug, ())))
                for c in PackCategory.select().order_by(PackCategory.position, PackCategory.slug)]

    def publish_pack(self, pack: PackRow) -> None:
        """Replace the category of that slug and its replies with these (a lead's right: the server
        refuses anyone else)."""
        try:
            with self.database.atomic():
                PackCategory.delete().where(PackCategory.slug == pack.slug).execute()
                PackCategory.insert(slug=pack.slug, name_ru=pack.name_ru, name_en=pack.name_en,
                                    position=pack.position, published_by=self.login).execute()
                if pack.replies:
                    PackReply.insert_many([{**r, "category": pack.slug} for r in pack.replies]).execute()
        except pw.IntegrityError:  # reply ids are the team's: one is already in another pack
            raise TeamRefused(REPLY_ID_TAKEN) from None

    def unpublish_pack(self, slug: str) -> bool:
        return bool(PackCategory.delete().where(PackCategory.slug == slug).execute())


class Listener:
    """LISTEN on the offers and packs channels; `wait(timeout)` returns the channels heard (empty on
    timeout). The connection is the listener's own, kept open while it lives."""

    def __init__(self, server: TeamServer):
        self.server = server
        self.database = server._database()
        try:
            self.database.connect()
            self.connection = self.database.connection()
            self.connection.autocommit = True
            with self.connection.cursor() as cursor:
                cursor.execute(f"LISTEN {OFFERS_CHANNEL}; LISTEN {PACKS_CHANNEL}")
        except Exception as exc:  # noqa: BLE001 - psycopg2's and peewee's errors both mean "not now"
            self.close()
            raise TeamUnavailable(_failure(exc)) from None

    def wait(self, timeout: float) -> list[tuple[str, str]]:
        try:
            ready, _, _ = select.select([self.connection], [], [], timeout)
            if ready:
                self.connection.poll()
            heard = [(n.channel, n.payload) for n in self.connection.notifies]
            self.connection.notifies.clear()
            return heard
        except Exception as exc:  # noqa: BLE001 - a broken connection in any form: the caller reconnects
            raise TeamUnavailable(_failure(exc)) from None

    def close(self) -> None:
        try:
            if not self.database.is_closed():
                self.database.close()
        except Exception:  # noqa: BLE001 - closing a connection that is already gone
            pass


def payload_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)
