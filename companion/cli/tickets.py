"""`companion ticket …`: add, list, show and update tickets from a script, with the rules of core."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from companion.cli.common import CliError, Context, iso, when

if TYPE_CHECKING:
    from companion.core.tickets import TicketDetail, TicketService


def add(ctx: Context) -> int:
    from companion.core.contacts import fill_from_mailbox
    from companion.core.tickets import TicketInput

    session, args = ctx.open(), ctx.args
    service = session.tickets
    echo: list[str] = []  # the previews of typed times, printed after the answer
    cadence = args.every if args.every is not None else session.settings.get("default_cadence")
    client, contact = fill_from_mailbox(args.client, args.contact)
    data = TicketInput(key=args.key, client=client, contact=contact, subject=args.subject, url=args.url,
                       channel=args.channel, priority=args.priority, status=args.status,
                       difficult=args.difficult, notes=args.notes, cadence=cadence,
                       next_update_at=when(args.next_update, session, "--next-update", echo),
                       promised_at=when(args.promise, session, "--promise", echo))
    t = service.create(data)
    due = iso(t.next_update_due, service.schedule.tz) or "no regular updates"
    print(f"added {t.key}: next update {due}")
    for line in echo:
        print(line)
    return 0


def edit(ctx: Context) -> int:
    """Change what is given of the client, the contact and the subject; the rest stays. A mailbox
    given is read as in the ticket dialog (core/contacts.fill_from_mailbox)."""
    from dataclasses import fields

    from companion.core.contacts import fill_from_mailbox
    from companion.core.tickets import TicketInput

    service, args = ctx.open().tickets, ctx.args
    t = service.detail(args.key)
    kept = {f.name: getattr(t, f.name) for f in fields(TicketInput)}
    client = kept["client"]
    contact = kept["contact"] if args.contact is None else args.contact
    if args.client is not None:
        client, contact = fill_from_mailbox(args.client, contact)
    else:
        contact = fill_from_mailbox("", contact).contact
    subject = kept["subject"] if args.subject is None else args.subject
    t = service.detail(service.edit(t.id, TicketInput(**{**kept, "client": client, "contact": contact,
                                                         "subject": subject})).id)
    print(f"{t.key}: client {t.client or '-'}, contact {t.contact or '-'}, subject {t.subject or '-'}")
    return 0


def list_(ctx: Context) -> int:
    service, args = ctx.open().tickets, ctx.args
    tz = service.schedule.tz
    rows = service.listing("due" if args.due else args.view)
    if args.json:
        print(json.dumps([ticket_dict(t, service) for t in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no tickets")
        return 0
    for t in rows:
        mark = "!" if service.is_overdue(t) else " "
        due = iso(t.next_update_due, tz) or "-"
        print(f"{mark} {t.key:<14} {t.status:<14} next {due:<22} {t.client[:24]:<24} {t.subject[:50]}")
    return 0


def show(ctx: Context) -> int:
    service, args = ctx.open().tickets, ctx.args
    tz = service.schedule.tz
    t = service.detail(args.key)
    updates = service.update_log(t.id)
    if args.json:
        data = ticket_dict(t, service)
        data["notes"] = t.notes
        data["updates"] = [{"at": iso(u.at, tz), "channel": u.channel, "note": u.note,
                            "on_time": u.on_time} for u in updates]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for key, value in ticket_dict(t, service).items():
        print(f"{key}: {value if value is not None else '-'}")
    for u in updates:
        flag = {True: "on time", False: "late", None: ""}[u.on_time]
        print(f"  update {iso(u.at, tz)} {u.channel} {flag} {u.note}".rstrip())
    return 0


def updated(ctx: Context) -> int:
    service, args = ctx.open().tickets, ctx.args
    update = service.mark_updated(args.key, note=args.note, channel=args.channel)
    t = service.get(args.key)
    flag = {True: " (on time)", False: " (late)", None: ""}[update.on_time]
    print(f"{t.key}: update logged{flag}; next update {iso(t.next_update_due, service.schedule.tz) or '-'}")
    return 0


def snooze(ctx: Context) -> int:
    from companion.core.timeparse import parse_offset

    session, args = ctx.open(), ctx.args
    service = session.tickets
    echo: list[str] = []
    offset = parse_offset(args.until)
    until = service.clock.now() + offset if offset is not None else when(args.until, session, "snooze", echo)
    if until is None:  # an empty argument: there is no time to read
        raise CliError("snooze: say until when, e.g. 15m or 'tomorrow 10:00'")
    t = service.snooze(args.key, until)
    print(f"{t.key}: silent until {iso(until, service.schedule.tz)}")
    for line in echo:
        print(line)
    return 0


def status(ctx: Context) -> int:
    t = ctx.open().tickets.set_status(ctx.args.key, ctx.args.status)
    print(f"{t.key}: {t.status}")
    return 0


def archive(ctx: Context) -> int:
    t = ctx.open().tickets.archive(ctx.args.key)
    print(f"{t.key}: archived")
    return 0


def ticket_dict(t: TicketDetail, service: TicketService) -> dict[str, object]:
    tz = service.schedule.tz
    return {
        "key": t.key, "client": t.client, "contact": t.contact, "subject": t.subject, "channel": t.channel,
        "url": t.url, "status": t.status, "priority": t.priority, "difficult": bool(t.difficult),
        "cadence": t.cadence,
        "next_update_due": iso(t.next_update_due, tz), "promised_at": iso(t.promised_at, tz),
        "snoozed_until": iso(t.snoozed_until, tz), "last_update_at": iso(t.last_update_at, tz),
        "archived": t.archived_at is not None, "overdue": service.is_overdue(t),
    }
