"""The command line: every command, its arguments and the handler that answers it.

Each subcommand's parser carries its handler (`set_defaults(handler=…)`); main() calls it with a
Context. The handlers' modules import their heavy dependencies when called, so building the parser
stays cheap.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import NoReturn

from companion import APP_NAME, __version__
from companion.cli import data, desktop, doctor, gui, replies, settings, stats, team, tickets
from companion.cli.common import EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the whole usage text
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="companion", description=f"{APP_NAME}: client-update commitments, reminders, rest.")
    parser.add_argument("--data-dir", type=Path, help="where the data lives (default: the user data dir; "
                        "or set COMPANION_DATA_DIR)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("run", help="start the tray app (the default)").set_defaults(handler=gui.run)

    ticket = sub.add_parser("ticket", help="add, list and update tickets")
    tsub = ticket.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = tsub.add_parser("add", help="add a ticket")
    add.set_defaults(handler=tickets.add)
    add.add_argument("key")
    add.add_argument("--client", default="", help="the company or the person; \"Name <address>\" keeps the name")
    add.add_argument("--contact", default="", metavar="NAME", help="the person to greet in replies")
    add.add_argument("--subject", default="")
    add.add_argument("--url", default="")
    add.add_argument("--channel", default="chat")
    add.add_argument("--priority", default="normal")
    add.add_argument("--status", default="open")
    add.add_argument("--difficult", action="store_true")
    add.add_argument("--notes", default="")
    add.add_argument("--every", help="update cadence: none, Nh (working hours), 1d, 2d, 1w "
                     "(default: the default_cadence setting)")
    add.add_argument("--next-update", metavar="WHEN", help="a one-off next update time, e.g. 'завтра 15:00', '+2h'")
    add.add_argument("--promise", metavar="WHEN", help="the date promised to the client")
    edit = tsub.add_parser("edit", help="change a ticket's client, contact or subject")
    edit.set_defaults(handler=tickets.edit)
    edit.add_argument("key")
    edit.add_argument("--client", help="the company or the person; \"Name <address>\" keeps the name")
    edit.add_argument("--contact", metavar="NAME", help="the person to greet in replies ('' for none)")
    edit.add_argument("--subject")
    lst = tsub.add_parser("list", help="list tickets")
    lst.set_defaults(handler=tickets.list_)
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--due", action="store_true", help="only tickets with an update or promise due now")
    lst.add_argument("--view", choices=["due", "today", "waiting", "all", "archived"], default="all")
    show = tsub.add_parser("show", help="one ticket with its update log")
    show.set_defaults(handler=tickets.show)
    show.add_argument("key")
    show.add_argument("--json", action="store_true")
    upd = tsub.add_parser("updated", help="log a client update and restart the cadence")
    upd.set_defaults(handler=tickets.updated)
    upd.add_argument("key")
    upd.add_argument("--note", default="")
    upd.add_argument("--channel", default="")
    snz = tsub.add_parser("snooze", help="silence reminders for a while (the due time stays)")
    snz.set_defaults(handler=tickets.snooze)
    snz.add_argument("key")
    snz.add_argument("until", help="15m, 1h, 2d, or a time such as 'tomorrow 10:00'")
    st = tsub.add_parser("status", help="set the status")
    st.set_defaults(handler=tickets.status)
    st.add_argument("key")
    st.add_argument("status", choices=["open", "waiting_client", "waiting_dev", "resolved", "closed"])
    arc = tsub.add_parser("archive", help="archive a ticket (nothing is deleted)")
    arc.set_defaults(handler=tickets.archive)
    arc.add_argument("key")
    hand = tsub.add_parser("handoff", help="offer a ticket to a colleague in your team (see `companion team`)")
    hand.set_defaults(handler=team.handoff)
    hand.add_argument("key")
    hand.add_argument("--to", required=True, metavar="NAME", help="the colleague's name or login")
    hand.add_argument("--note", default="", help="what they should know")

    _team_commands(sub)

    setting = sub.add_parser("settings", help="read or change settings")
    ssub = setting.add_subparsers(dest="action", required=True, parser_class=_Parser)
    get = ssub.add_parser("get")
    get.set_defaults(handler=settings.get)
    get.add_argument("key", nargs="?")
    put = ssub.add_parser("set")
    put.set_defaults(handler=settings.set_)
    put.add_argument("key")
    put.add_argument("value")

    reply = sub.add_parser("reply", help="reply templates: list, render, copy, import, export")
    rsub = reply.add_subparsers(dest="action", required=True, parser_class=_Parser)
    rlist = rsub.add_parser("list", help="list the replies")
    rlist.set_defaults(handler=replies.list_)
    rlist.add_argument("--json", action="store_true", help="machine-readable output (both languages, full text)")
    rlist.add_argument("--lang", choices=["ru", "en"],
                       help="names in this language (default: the reply_language setting)")
    for name, text, handler in (("render", "print a reply filled for a ticket", replies.render),
                                ("copy", "copy a reply filled for a ticket to the clipboard", replies.copy)):
        r = rsub.add_parser(name, help=text)
        r.set_defaults(handler=handler)
        r.add_argument("name", help="the reply's id, name or the start of it (see `companion reply list`)")
        r.add_argument("--ticket", metavar="KEY", help="the ticket whose values fill the placeholders")
        r.add_argument("--lang", choices=["ru", "en"], help="language (default: the reply_language setting)")
        if name == "render":
            r.add_argument("--html", action="store_true", help="print the HTML flavour")
            r.add_argument("--strict", action="store_true", help="exit with code 3 if a placeholder stays unfilled")
        else:
            r.add_argument("--force", action="store_true", help="copy even if a placeholder stays unfilled")
    rimp = rsub.add_parser("import", help="import replies: our JSON, an Espanso match file (YAML) or a "
                           "Beeftext export (JSON or CSV)")
    rimp.set_defaults(handler=replies.import_)
    rimp.add_argument("file", type=Path)
    rimp.add_argument("--format", choices=["auto", "json", "espanso", "beeftext-json", "beeftext-csv"], default="auto")
    rexp = rsub.add_parser("export", help="write the reply library to a JSON file")
    rexp.set_defaults(handler=replies.export)
    rexp.add_argument("file", type=Path)

    full = sub.add_parser("backup", help="copy all data (tickets, replies, break kinds, settings, the wellbeing "
                          "journal) to a file that `companion restore FILE` brings back")
    full.set_defaults(handler=data.backup)
    full.add_argument("file", type=Path)
    full.add_argument("--force", action="store_true", help="replace the file if it exists")
    exp = sub.add_parser("export", help="write the tickets with their update logs and the settings as JSON "
                         "for other tools (not a backup: see `companion backup`)")
    exp.set_defaults(handler=data.export)
    exp.add_argument("file", type=Path)
    imp = sub.add_parser("import", help="add the tickets and settings from a JSON file written by export")
    imp.set_defaults(handler=data.import_)
    imp.add_argument("file", type=Path)
    sub.add_parser("doctor", help="check the set-up: data, schema, backups, tray, notifications").set_defaults(
        handler=doctor.doctor)
    menu = sub.add_parser("install-desktop", help="put the app in the Linux applications menu: its entry, icons "
                          "and metainfo in ~/.local/share (for a pip or pipx install)")
    menu.set_defaults(handler=desktop.install)
    menu.add_argument("--uninstall", action="store_true", help="remove exactly the files an install wrote")
    restore = sub.add_parser("restore", help="put a backup in place of the data file (the current file is "
                             "moved aside, never deleted)")
    restore.set_defaults(handler=data.restore)
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("--latest", action="store_true", help="the newest backup that is sound and holds data")
    which.add_argument("file", nargs="?", type=Path, help="a backup file: one `companion backup` wrote, or one "
                       "in backups/ (see `companion doctor`)")
    figures = sub.add_parser("stats", help="wellbeing figures: breaks, rest, overtime, client updates on time")
    figures.set_defaults(handler=stats.stats)
    figures.add_argument("--week", action="store_true", help="the whole week (Monday to Sunday)")
    figures.add_argument("--json", action="store_true", help="machine-readable output")
    figures.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD",
                         help="the day to show, or with --week a day of the week (default: today)")
    return parser


def _team_commands(sub: argparse._SubParsersAction) -> None:
    grp = sub.add_parser("team", help="team mode: join a team server, hand tickets to colleagues, share replies")
    tsub = grp.add_subparsers(dest="action", required=True, parser_class=_Parser)
    join = tsub.add_parser("join", help="join the team on a PostgreSQL server (the password goes to the keyring)")
    join.set_defaults(handler=team.join)
    join.add_argument("url", help="postgresql://LOGIN[:PASSWORD]@SERVER[:PORT]/DATABASE[?sslmode=require]")
    join.add_argument("--name", help="the name colleagues see (default: the agent_name setting)")
    join.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    st = tsub.add_parser("status", help="the team server's state, your offers and the colleagues' load")
    st.set_defaults(handler=team.status)
    st.add_argument("--json", action="store_true", help="machine-readable output")
    leave = tsub.add_parser("leave", help="leave the team (your tickets stay; the team replies go)")
    leave.set_defaults(handler=team.leave)
    leave.add_argument("--force", action="store_true", help="drop hand-off actions not yet sent")
    offers = tsub.add_parser("offers", help="tickets offered to you, with their ids, and yours waiting")
    offers.set_defaults(handler=team.offers)
    offers.add_argument("--json", action="store_true", help="machine-readable output")
    acc = tsub.add_parser("accept", help="take an offered ticket into your list")
    acc.set_defaults(handler=team.accept)
    acc.add_argument("id", type=int)
    dec = tsub.add_parser("decline", help="decline an offered ticket (it stays with the sender)")
    dec.set_defaults(handler=team.decline)
    dec.add_argument("id", type=int)
    dec.add_argument("--reason", default="", help="why, for the sender")
    wd = tsub.add_parser("withdraw", help="take back an offer of yours that has not been answered")
    wd.set_defaults(handler=team.withdraw)
    wd.add_argument("offer", help="the offer's id (see `companion team offers`) or the ticket's key")
    pub = tsub.add_parser("publish", help="(lead) share a category of your replies with the team")
    pub.set_defaults(handler=team.publish)
    pub.add_argument("category", help="the category's id or name")
    unp = tsub.add_parser("unpublish", help="(lead) stop sharing a team reply pack")
    unp.set_defaults(handler=team.unpublish)
    unp.add_argument("slug")
    init = tsub.add_parser("init-server", help="(administrator) create or upgrade the team schema and roles")
    init.set_defaults(handler=team.init_server)
    init.add_argument("admin_url", help="postgresql://OWNER[:PASSWORD]@SERVER/DATABASE: a role that owns the "
                      "database and may create roles")
    init.add_argument("--password-stdin", action="store_true", help="read the owner's password from standard input")
    add = tsub.add_parser("add-member", help="(administrator) let a colleague join: a login with a new password")
    add.set_defaults(handler=team.add_member)
    add.add_argument("admin_url")
    add.add_argument("login", help="lower-case letters, digits and _, e.g. anna_petrova")
    add.add_argument("--lead", action="store_true", help="may publish reply packs")
    add.add_argument("--password-stdin", action="store_true", help="read the owner's password from standard input")
    add.add_argument("--member-password-stdin", action="store_true",
                     help="read the member's password from standard input (default: make one and print it)")
    rem = tsub.add_parser("remove-member", help="(administrator) take a member's login away")
    rem.set_defaults(handler=team.remove_member)
    rem.add_argument("admin_url")
    rem.add_argument("login")
    rem.add_argument("--password-stdin", action="store_true", help="read the owner's password from standard input")


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-23") from None
