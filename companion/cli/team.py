"""`companion team …` and `companion ticket handoff`: joining the team server, the team's load, hand-offs
and their answers, the lead's reply packs; and, for the team's administrator, setting up the server.

Every command that talks to the server first records locally what was asked (core/team), then syncs:
a server that is away leaves the action queued and says so (exit 0 — it will go when the server is
back; the app's background sync or any later command sends it). A server that refuses says why (exit 1).
"""

from __future__ import annotations

import getpass
import json
import secrets as random_secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from companion.cli.common import EXIT_DATA, CliError, Context, DataError, Session

if TYPE_CHECKING:
    from companion.core.team import SyncReport, TeamSync
    from companion.platform.secrets import Secrets
    from companion.store.team import TeamUrl


def keyring() -> Secrets:
    """The OS keyring (a test replaces this function)."""
    from companion.platform.secrets import KeyringSecrets

    return KeyringSecrets()


def _password(args: Any, what: str) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"{what}: ")
    return ""


def _url(text: str) -> TeamUrl:
    from companion.store.team import TeamUrl, TeamUrlError

    try:
        return TeamUrl.parse(text)
    except TeamUrlError as exc:
        raise CliError(str(exc)) from None


def team_sync(session: Session, quiet: bool = False) -> TeamSync:
    """The agent's TeamSync on the server in the settings, with the keyring's password."""
    from companion.core.team import TeamSync
    from companion.core.workload import Workload
    from companion.platform.secrets import SecretsError
    from companion.store.team import TeamServer, TeamUrl

    text = session.settings.get("team_url")
    if not text:
        raise CliError("you are not in a team: `companion team join postgresql://LOGIN@SERVER/DATABASE`")
    url = TeamUrl.parse(text)
    try:
        password = keyring().get(url.place)
    except SecretsError:
        password = ""  # libpq's ~/.pgpass, if any, is read by libpq itself
    settings = session.settings
    workload = Workload(session.tickets, lambda: (int(settings.get("capacity_tickets")),
                                                  int(settings.get("capacity_updates"))))
    return TeamSync(session.tickets, settings, TeamServer(url, password), workload)


def _report_line(report: SyncReport) -> str:
    if report.reachable:
        return "team server: reachable"
    return f"team server: unreachable ({report.error})"


def _tell(report: SyncReport) -> None:
    """What a sync changed that the agent should know of."""
    for row in report.sent:
        print(f"offered {row.ticket_key} to {row.colleague_name or row.colleague} (offer {row.offer_id})")
    for row in report.new_offers:
        print(f"new offer {row.offer_id}: {row.ticket_key} from {row.colleague_name or row.colleague}")
    for row in report.taken:
        print(f"taken: {row.ticket_key} from {row.colleague_name or row.colleague} is in your list")
    for row in report.answered:
        who = row.colleague_name or row.colleague
        if row.state == "accepted" and getattr(row, "kept_open", False):
            print(f"{who} accepted {row.ticket_key} as it was when offered; you changed it since, so your copy "
                  "stays open: tell them what changed, then archive it")
        elif row.state == "accepted":
            print(f"{who} accepted {row.ticket_key}: your copy is archived as handed off")
        elif row.state == "withdrawn":
            continue  # the sender's own doing, said by the command that did it
        else:
            print(f"{who} {row.state} {row.ticket_key}" + (f": {row.reason}" if row.reason else "")
                  + "; it stays in your list")
    for row in report.failed:
        print(f"not done: {row.ticket_key}: {row.error}", file=sys.stderr)


# --- a member's commands --------------------------------------------------------------------------

def join(ctx: Context) -> int:
    from companion.core.team import join_team
    from companion.platform.secrets import SecretsError
    from companion.store.team import TeamRefused, TeamUnavailable
    from companion.store.team_schema import TeamSchemaError

    session, args = ctx.open(), ctx.args
    url = _url(args.url)
    password = url.password or _password(args, f"password for {url.place}")
    name = (args.name or session.settings.get("agent_name") or "").strip()
    if not name:
        raise CliError("say the name colleagues will see: --name 'Anna Petrova' (it becomes your agent_name)")
    try:
        lead, tls = join_team(url, password, name, session.settings, keyring().put)
    except TeamUnavailable as exc:
        raise DataError(f"cannot reach the team server {url.place}: {exc}") from None
    except (TeamRefused, TeamSchemaError) as exc:
        raise DataError(f"the team server {url.place} refused: {exc}") from None
    except SecretsError as exc:
        raise DataError(f"joined, but the password cannot be kept: {exc}. Put it in PostgreSQL's password file "
                        f"instead (~/.pgpass, a line {url.host}:PORT:{url.database}:{url.user}:PASSWORD, "
                        "readable by you only) and join with a URL without the password") from None
    report = team_sync(session).sync()  # today's load published, the board and the team's replies fetched
    print(f"joined the team at {url.host}/{url.database} as {url.user} ({name}), "
          f"{'lead' if lead else 'agent'}; {'TLS ' + tls if tls else 'not encrypted'}")
    _tell(report)
    return 0


def status(ctx: Context) -> int:
    from companion.store.team import TeamUrl

    session, args = ctx.open(), ctx.args
    text = session.settings.get("team_url")
    if not text:
        if args.json:
            print(json.dumps({"joined": False}))
        else:
            print("not in a team (companion team join URL)")
        return 0
    team = team_sync(session)
    report = team.sync()
    board = _board(session, team.me)
    data = {"joined": True, "server": TeamUrl.parse(text).place, "reachable": report.reachable,
            "error": report.error, "lead": report.lead, "pending": report.pending,
            "offers_waiting": len(team.incoming()), "offered_by_me": len(team.outgoing()),
            "colleagues": [c.as_dict() for c in board]}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"team: {data['server']} ({'lead' if report.lead else 'agent'})")
    print(_report_line(report) + (f"; {report.pending} action(s) waiting to be sent" if report.pending else ""))
    _tell(report)
    print(f"offers to you: {data['offers_waiting']}; your offers waiting for an answer: {data['offered_by_me']}")
    for c in board:
        shift = {True: "on shift", False: "off shift", None: "shift unknown"}[c.on_shift]
        numbers = (f"{c.active}/{c.capacity_tickets} tickets, {c.due_today}/{c.capacity_updates} updates today"
                   if c.active is not None else "no load published")
        print(f"  {c.name:<24} {c.login:<16} {shift:<13} {numbers}")
    return 0


def _board(session: Session, me: str) -> list[Any]:
    from companion.core.team import colleagues

    return colleagues(session.settings.get("team_cache").get("board", []), me, session.tickets.clock.now())


def leave(ctx: Context) -> int:
    """Leave the team (core/team.TeamSync.leave): what the server has not confirmed keeps you in,
    unless --force."""
    from companion.store.team import TeamUrl

    session, args = ctx.open(), ctx.args
    text = session.settings.get("team_url")
    if not text:
        print("not in a team")
        return 0
    still_open, report = team_sync(session).leave(_forget, force=args.force)
    _tell(report)
    if still_open:
        away = "" if report.reachable else f" (the team server is away: {report.error})"
        raise CliError("not left: " + still_open.words() + away + ". Try again when the server answers, or "
                       "leave with --force to drop them")
    url = TeamUrl.parse(text)
    print(f"left the team at {url.host}/{url.database}; the team replies are gone from your library, "
          "your tickets stay")
    return 0


def _forget(place: str) -> None:
    from companion.platform.secrets import SecretsError

    try:
        keyring().forget(place)
    except SecretsError:
        pass  # no keyring: nothing was kept there


def offers(ctx: Context) -> int:
    session, args = ctx.open(), ctx.args
    team = team_sync(session)
    report = team.sync()
    tz = session.tickets.schedule.tz
    incoming, outgoing = team.incoming(), team.outgoing()
    if args.json:
        def item(h: Any) -> dict[str, Any]:
            return {"id": h.offer_id, "ticket": h.ticket_key, "summary": h.summary,
                    "from" if h.direction == "in" else "to": h.colleague_name or h.colleague,
                    "login": h.colleague, "note": h.note, "state": h.state, "pending": h.pending or None,
                    "at": h.created_at.astimezone(tz).isoformat(timespec="minutes")}
        print(json.dumps({"reachable": report.reachable, "error": report.error,
                          "to_me": [item(h) for h in incoming], "from_me": [item(h) for h in outgoing]},
                         ensure_ascii=False, indent=2))
        return 0
    if not report.reachable:
        print(_report_line(report) + "; showing what was last heard", file=sys.stderr)
    _tell(report)
    if not incoming:
        print("no offers to you")
    for h in incoming:
        wait = f" [{h.pending} queued]" if h.pending else ""
        print(f"{h.offer_id:>6}  {h.ticket_key:<14} from {h.colleague_name or h.colleague}: {h.summary}{wait}")
        if h.note:
            print(f"        «{h.note}»")
    for h in outgoing:
        ident = h.offer_id if h.offer_id is not None else "-"
        state = "queued (not sent yet)" if h.state == "queued" else "waiting for an answer"
        print(f"{ident!s:>6}  {h.ticket_key:<14} to {h.colleague_name or h.colleague}: {state}")
    return 0


def _decided(ctx: Context, decide: str) -> int:
    session, args = ctx.open(), ctx.args
    team = team_sync(session)
    first = None
    if not any(h.offer_id == args.id for h in team.incoming()):
        first = team.sync(publish=False, packs=False)  # an offer this data file has not heard of yet
    if decide == "accept":
        row = team.accept(args.id)
    else:
        row = team.decline(args.id, args.reason or "")
    report = team.sync()
    if first is not None:
        _tell(first)
    _tell(report)
    row = type(row).get_by_id(row.id)
    if row.pending:
        print(f"{decide} of offer {args.id} queued: the team server is away ({report.error}); it goes when "
              "the server answers")
        return 0
    if row.error:
        print(f"companion: error: offer {args.id}: {row.error}", file=sys.stderr)
        return EXIT_DATA
    if decide == "decline":
        print(f"declined offer {args.id} ({row.ticket_key})")
    return 0


def accept(ctx: Context) -> int:
    return _decided(ctx, "accept")


def decline(ctx: Context) -> int:
    return _decided(ctx, "decline")


def handoff(ctx: Context) -> int:
    session, args = ctx.open(), ctx.args
    team = team_sync(session)
    team.sync(publish=False, packs=False)  # the team list as it is now, if the server answers
    row = team.offer(args.key, args.to, args.note or "")
    report = team.sync()
    _tell(report)
    row = type(row).get_by_id(row.id)
    if row.pending:
        print(f"{row.ticket_key} will be offered to {row.colleague_name} when the team server answers "
              f"({report.error})")
    elif row.error:
        print(f"companion: error: {row.error}", file=sys.stderr)
        return EXIT_DATA
    return 0


def withdraw(ctx: Context) -> int:
    """Take back an offer of yours the colleague has not answered (by the id `team offers` shows, or the
    ticket's key). Recorded at once; it reaches the server now or at the next sync, by the offer's token."""
    from companion.store.models import Handoff

    session, args = ctx.open(), ctx.args
    team = team_sync(session)
    wanted = str(args.offer).strip()
    rows = [h for h in team.outgoing() if str(h.offer_id) == wanted or h.ticket_key.casefold() == wanted.casefold()]
    if not rows:
        raise CliError(f"no offer of yours waiting for an answer matches {wanted!r} (see `companion team offers`)")
    row = team.withdraw(rows[0].id)
    report = team.sync(publish=False, packs=False)
    _tell(report)
    row = Handoff.get_by_id(row.id)
    who = row.colleague_name or row.colleague
    if row.pending:
        print(f"the offer of {row.ticket_key} to {who} will be withdrawn when the team server answers ({report.error})")
    elif row.state == "withdrawn":
        print(f"the offer of {row.ticket_key} to {who} is withdrawn; the ticket stays yours")
    return 0


# --- a lead's commands ----------------------------------------------------------------------------

def publish(ctx: Context) -> int:
    from companion.cli.replies import _library
    from companion.core.team import pack_of
    from companion.store.models import ReplyCategory
    from companion.store.team import TeamRefused, TeamUnavailable

    session, args = _library(ctx)[0], ctx.args  # the library as `reply list` shows it
    team = team_sync(session)
    wanted = args.category.strip().casefold()
    category = next((c for c in ReplyCategory.select().where(~ReplyCategory.team)
                     if wanted in (c.slug.casefold(), c.name_ru.casefold(), c.name_en.casefold())), None)
    if category is None:
        raise CliError(f"no category {args.category!r} in your library (see `companion reply list`)")
    pack = pack_of(category)
    if not pack.replies:
        raise CliError(f"the category {args.category!r} has no replies to publish")
    try:
        with team.server.session() as server:
            server.publish_pack(pack)
    except TeamUnavailable as exc:
        raise DataError(f"cannot reach the team server: {exc}") from None
    except TeamRefused as exc:
        hint = " (only a lead publishes replies)" if "permission denied" in str(exc) else ""
        raise DataError(f"the team server refused: {exc}{hint}") from None
    print(f"published {len(pack.replies)} replies as the team pack {pack.slug!r}")
    return 0


def unpublish(ctx: Context) -> int:
    from companion.store.team import TeamRefused, TeamUnavailable

    session, args = ctx.open(), ctx.args
    team = team_sync(session)
    try:
        with team.server.session() as server:
            gone = server.unpublish_pack(args.slug)
    except TeamUnavailable as exc:
        raise DataError(f"cannot reach the team server: {exc}") from None
    except TeamRefused as exc:
        raise DataError(f"the team server refused: {exc} (only a lead removes replies)") from None
    if not gone:
        raise CliError(f"there is no team pack {args.slug!r}")
    print(f"removed the team pack {args.slug!r}")
    return 0


# --- the administrator's commands -----------------------------------------------------------------

@contextmanager
def _admin(args: Any, doing: str) -> Iterator[tuple[Any, TeamUrl]]:
    """The database as its owner (the administrator's URL), and its URL; a failure is one line."""
    import peewee as pw

    from companion.store.team import TeamServer
    from companion.store.team_schema import TeamSchemaError

    url = _url(args.admin_url)
    database = TeamServer(url, url.password or _password(args, f"password for {url.place}"))._database()
    try:
        database.connect()
        yield database, url
    except (pw.OperationalError, pw.ProgrammingError, pw.InternalError) as exc:
        raise DataError(f"cannot {doing} on {url.place}: {str(exc).strip().splitlines()[0]}") from None
    except TeamSchemaError as exc:
        raise DataError(str(exc)) from None
    finally:
        if not database.is_closed():
            database.close()


def _login(args: Any) -> str:
    from companion.store.team_schema import quote_login

    try:
        quote_login(args.login)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return str(args.login)


def init_server(ctx: Context) -> int:
    from companion.store.team_schema import migrate_team

    with _admin(ctx.args, "set up the team schema") as (database, url):
        version = migrate_team(database)
    print(f"team schema version {version} ready on {url.host}/{url.database}; add members with "
          "`companion team add-member ADMIN_URL LOGIN`")
    return 0


def add_member(ctx: Context) -> int:
    from urllib.parse import urlsplit, urlunsplit

    from companion.store.team_schema import add_member as create

    args = ctx.args
    login = _login(args)
    password = sys.stdin.readline().rstrip("\r\n") if args.member_password_stdin else random_secrets.token_urlsafe(18)
    if len(password) < 8:
        raise CliError("a member's password has at least 8 characters")
    with _admin(args, f"add {login}") as (database, url):
        new = create(database, login, password, lead=args.lead)
    print(f"{'added' if new else 'updated'} {login} ({'lead' if args.lead else 'agent'}) on {url.host}/{url.database}")
    if not args.member_password_stdin:
        parts = urlsplit(url.url)  # the same server, database and TLS settings, as the member
        host = parts.netloc.split("@", 1)[1]
        print(f"password: {password}")
        member_url = urlunsplit((parts.scheme, f"{login}@{host}", parts.path, parts.query, ""))
        print(f"they join with: companion team join {member_url}")
    return 0


def remove_member(ctx: Context) -> int:
    from companion.store.team_schema import remove_member as remove

    login = _login(ctx.args)
    with _admin(ctx.args, f"remove {login}") as (database, _url):
        remove(database, login)
    print(f"{login} can no longer connect to the team's database; their offers stay in the history")
    return 0
