"""The `companion` command: the tray app by default, subcommands for scripting on the same data.

Bad input prints one line to stderr and exits with code 2, having written nothing. A data file
that cannot be used (damaged, emptied, not SQLite, from a newer app, inaccessible) prints one line
naming the problem and the fix and exits with code 1, having written nothing to it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from companion import APP_NAME, __version__

EXIT_USAGE = 2
EXIT_DATA = 1


class CliError(Exception):
    """A problem with what the user asked for: one line, exit code 2."""


class DataError(Exception):
    """A problem with the data file or its backups, not with the command: one line, exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not the whole usage text
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="companion", description=f"{APP_NAME}: client-update commitments, reminders, rest.")
    parser.add_argument("--data-dir", type=Path, help="where the data lives (default: the user data dir; "
                        "or set COMPANION_DATA_DIR)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("run", help="start the tray app (the default)")

    ticket = sub.add_parser("ticket", help="add, list and update tickets")
    tsub = ticket.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = tsub.add_parser("add", help="add a ticket")
    add.add_argument("key")
    add.add_argument("--client", default="")
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
    lst = tsub.add_parser("list", help="list tickets")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--due", action="store_true", help="only tickets with an update or promise due now")
    lst.add_argument("--view", choices=["due", "today", "waiting", "all", "archived"], default="all")
    show = tsub.add_parser("show", help="one ticket with its update log")
    show.add_argument("key")
    show.add_argument("--json", action="store_true")
    upd = tsub.add_parser("updated", help="log a client update and restart the cadence")
    upd.add_argument("key")
    upd.add_argument("--note", default="")
    upd.add_argument("--channel", default="")
    snz = tsub.add_parser("snooze", help="silence reminders for a while (the due time stays)")
    snz.add_argument("key")
    snz.add_argument("until", help="15m, 1h, 2d, or a time such as 'tomorrow 10:00'")
    st = tsub.add_parser("status", help="set the status")
    st.add_argument("key")
    st.add_argument("status", choices=["open", "waiting_client", "waiting_dev", "resolved", "closed"])
    arc = tsub.add_parser("archive", help="archive a ticket (nothing is deleted)")
    arc.add_argument("key")

    settings = sub.add_parser("settings", help="read or change settings")
    ssub = settings.add_subparsers(dest="action", required=True, parser_class=_Parser)
    get = ssub.add_parser("get")
    get.add_argument("key", nargs="?")
    put = ssub.add_parser("set")
    put.add_argument("key")
    put.add_argument("value")

    reply = sub.add_parser("reply", help="reply templates: list, render, copy, import, export")
    rsub = reply.add_subparsers(dest="action", required=True, parser_class=_Parser)
    rlist = rsub.add_parser("list", help="list the replies")
    rlist.add_argument("--json", action="store_true", help="machine-readable output (both languages, full text)")
    rlist.add_argument("--lang", choices=["ru", "en"], help="names in this language (default: the reply_language setting)")
    for name, text in (("render", "print a reply filled for a ticket"),
                       ("copy", "copy a reply filled for a ticket to the clipboard")):
        r = rsub.add_parser(name, help=text)
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
    rimp.add_argument("file", type=Path)
    rimp.add_argument("--format", choices=["auto", "json", "espanso", "beeftext-json", "beeftext-csv"], default="auto")
    rexp = rsub.add_parser("export", help="write the reply library to a JSON file")
    rexp.add_argument("file", type=Path)

    exp = sub.add_parser("export", help="write all data to a JSON file")
    exp.add_argument("file", type=Path)
    imp = sub.add_parser("import", help="read data from a JSON file written by export")
    imp.add_argument("file", type=Path)
    sub.add_parser("doctor", help="check the set-up: data, schema, backups, tray, notifications")
    restore = sub.add_parser("restore", help="put a backup in place of the data file (the current file is "
                             "moved aside, never deleted)")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("--latest", action="store_true", help="the newest backup that is sound and holds data")
    which.add_argument("file", nargs="?", type=Path, help="a backup file (see `companion doctor`)")
    stats = sub.add_parser("stats", help="wellbeing figures: breaks, rest, overtime, client updates on time")
    stats.add_argument("--week", action="store_true", help="the whole week (Monday to Sunday)")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD",
                       help="the day to show, or with --week a day of the week (default: today)")
    return parser


def _date_arg(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-23") from None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed, one line)
        return exc.code if isinstance(exc.code, int) else 0
    data_dir = args.data_dir
    if data_dir is None:
        from companion.store.db import default_data_dir

        data_dir = default_data_dir()
    if args.command in (None, "run"):
        return run_gui(Path(data_dir))
    from companion.store.db import DataFileBusy
    from companion.store.health import DataFileError
    from companion.store.migrations import SchemaTooNewError

    try:
        return _dispatch(args, Path(data_dir))
    except CliError as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataFileError as exc:
        print(f"companion: error: {exc.health.problem()}; {_fix(exc.health, args)}", file=sys.stderr)
        return EXIT_DATA
    except (DataError, SchemaTooNewError) as exc:
        print(f"companion: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except DataFileBusy as exc:  # another program kept the write lock past every wait and retry
        print(f"companion: error: {exc} — try again", file=sys.stderr)
        return EXIT_DATA
    except ValueError as exc:  # validation from core (ValidationError, SettingError, …)
        print(f"companion: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except LookupError as exc:
        text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)  # KeyError quotes str()
        print(f"companion: error: {text}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `companion reply list | head`: the reader has what it wanted
        sys.stderr.close()
        return 0


# -- the GUI ----------------------------------------------------------------------------------
def run_gui(data_dir: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from companion.platform.single_instance import SingleInstance, ask_running_instance, server_name

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("support-companion")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("support-companion")
    name = server_name(data_dir)
    if ask_running_instance(name, b"show"):
        print(f"{APP_NAME} is already running; its window was raised.")
        return 0
    instance = SingleInstance(name)
    if not instance.listen():
        print(f"{APP_NAME} is already running.")
        return 0
    from companion.app import CompanionApp, StartRefused
    from companion.store.migrations import SchemaTooNewError

    try:
        companion = CompanionApp(data_dir, translate=True)  # Russian interface for Russian users
    except (StartRefused, SchemaTooNewError) as exc:  # the agent was shown why, and chose to quit
        print(f"companion: error: {exc}", file=sys.stderr)
        instance.close()
        return EXIT_DATA
    app.setQuitOnLastWindowClosed(companion.tray is None)
    instance.message.connect(companion.handle_message)
    companion.start(defer=True)
    stop_on_signals(app)
    try:
        return app.exec()
    finally:
        companion.stop()
        instance.close()


def stop_on_signals(app) -> None:
    """Quit cleanly on Ctrl+C / SIGTERM without a polling timer: Python's signal wake-up fd is
    watched by a QSocketNotifier, so the loop sleeps until a signal really arrives."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        try:
            reader.recv(64)
        except OSError:
            pass

    notifier.activated.connect(drain)
    # SIGHUP: the X session or terminal went away (a logout on many desktops).
    for signum in (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()):
        # exit(), not quit(): Qt 6's quit() first asks every window to close, and a break window
        # refuses, so a logout in the middle of a break would hang.
        signal.signal(signum, lambda *_: app.exit(0))
    app._signal_sockets = (reader, writer, notifier)  # keep them alive with the app


# -- subcommands ------------------------------------------------------------------------------
def _open(data_dir: Path):
    from companion.core.clock import SystemClock
    from companion.core.settings import Settings
    from companion.core.tickets import TicketService
    from companion.store.db import open_database

    database = open_database(data_dir)
    settings = Settings()
    return database, settings, TicketService(SystemClock(), settings.schedule(), settings.update_lead())


def _language() -> str:
    chosen = os.environ.get("COMPANION_LANG", "").strip().casefold()[:2]
    return chosen if chosen in ("ru", "en") else _system_language()


def _when(text: str | None, service, what: str, echo: list[str] | None = None) -> datetime | None:
    """A typed time read the way the app reads it; `echo` collects the preview to print."""
    from companion.core.timeparse import TimeParseError, read_time
    from companion.core.timetext import preview

    if not text:
        return None
    lang, now = _language(), service.clock.now()
    past = re.fullmatch(r"-\s*(\d{1,4})\s*(m|min|h|d|w)", text.strip().lower())
    if past:  # scripts may set a time in the past on purpose ("--next-update=-30m"); the app never does
        amount, unit = int(past.group(1)), {"m": "minutes", "min": "minutes", "h": "hours", "d": "days",
                                             "w": "weeks"}[past.group(2)]
        return now - timedelta(**{unit: amount})
    try:
        reading = read_time(text, now, service.schedule, lang)
    except TimeParseError as exc:
        raise CliError(f"{what}: {exc}") from None
    if echo is not None:
        echo.append(f"  {what.lstrip('-')}: {preview(reading.at, now, service.schedule.tz, lang, reading.all_day)}")
    return reading.at


def _iso(value: datetime | None, tz) -> str | None:
    return value.astimezone(tz).isoformat(timespec="minutes") if value else None


def _ticket_dict(t, tz, service=None) -> dict:
    data = {
        "key": t.key, "client": t.client, "subject": t.subject, "channel": t.channel, "url": t.url,
        "status": t.status, "priority": t.priority, "difficult": bool(t.difficult), "cadence": t.cadence,
        "next_update_due": _iso(t.next_update_due, tz), "promised_at": _iso(t.promised_at, tz),
        "snoozed_until": _iso(t.snoozed_until, tz), "last_update_at": _iso(t.last_update_at, tz),
        "archived": t.archived_at is not None,
    }
    if service is not None:
        data["overdue"] = service.is_overdue(t)
    return data


def _dispatch(args, data_dir: Path) -> int:
    if args.command == "doctor":
        return _doctor(data_dir, args)
    if args.command == "restore":
        return _restore(args, data_dir)
    database, settings, service = _open(data_dir)
    tz = service.schedule.tz
    if args.command == "stats":
        return _stats(args, service)
    if args.command == "ticket":
        return _ticket(args, settings, service, tz)
    if args.command == "reply":
        return _reply(args, data_dir, settings, service)
    if args.command == "settings":
        if args.action == "get":
            if args.key:
                print(_shown(settings.get(args.key)))
            else:
                for key, value in settings.all().items():
                    print(f"{key} = {_shown(value)}")
            return 0
        with database.atomic():  # the setting and the due times it moves: both or neither
            value = settings.set(args.key, args.value)
            if args.key in ("schedule", "timezone", "days_off"):
                service.reschedule_all(settings.schedule())
        print(f"{args.key} = {_shown(value)}")
        return 0
    if args.command == "export":
        from companion.core.transfer import export_data

        data = export_data()
        _write_whole(args.file, json.dumps(data, ensure_ascii=False, indent=2))
        print(f"exported {len(data['tickets'])} tickets to {args.file}")
        return 0
    if args.command == "import":
        from companion.core.transfer import TransferError, import_data

        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot read {args.file}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise CliError(f"{args.file} is not UTF-8 text") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CliError(f"{args.file}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        except RecursionError:
            raise CliError(f"{args.file}: the JSON is nested too deeply to be an export") from None
        try:
            count = import_data(data, service.clock)
        except TransferError as exc:
            raise CliError(f"{args.file}: {exc}; nothing was imported") from None
        print(f"imported {count} tickets from {args.file}")
        return 0
    raise CliError(f"unknown command {args.command}")


EXIT_UNFILLED = 3


def _reply(args, data_dir: Path, settings, service) -> int:
    from companion.core.replies import LANGS
    from companion.core.reply_io import ReplyImportError, dump_replies, import_replies, load_file
    from companion.core.reply_library import ReplyLibrary, reply_context
    from companion.resources import replies_path

    library = ReplyLibrary(service.clock)
    try:
        if not library.seeded():  # the shipped library, once per data file, as the app does
            library.seed(json.loads(replies_path().read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        print(f"companion: warning: the shipped replies could not be loaded: {exc}", file=sys.stderr)
    chosen = settings.get("reply_language")
    lang = getattr(args, "lang", None) or (chosen if chosen in LANGS else _system_language())
    if args.action == "list":
        categories = {c.id: c for c in library.categories()}
        replies = library.replies()
        if args.json:
            out = [{"id": r.slug, "category": categories[r.category_id].slug, "favourite": r.favourite,
                    "use_count": r.use_count, "last_used": _iso(r.last_used_at, service.schedule.tz),
                    "variants": {code: {"title": v.title, "body": v.body} for code, v in r.variants.items()}}
                   for r in replies]
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        width = max((len(r.slug) for r in replies), default=10)
        current = None
        for r in replies:
            if r.category_id != current:
                current = r.category_id
                print(f"{categories[current].name(lang)}:")
            star = "*" if r.favourite else " "
            print(f" {star} {r.slug:<{width}}  {r.title(lang)}")
        if not replies:
            print("no replies")
        return 0
    if args.action == "export":
        _write_whole(args.file, dump_replies())
        print(f"exported {len(library.replies())} replies to {args.file}")
        return 0
    if args.action == "import":
        try:
            summary = import_replies(load_file(args.file, args.format), service.clock)
        except ReplyImportError as exc:
            raise CliError(f"{args.file}: {exc}; nothing was imported") from None
        print(f"imported {summary.added} new and {summary.updated} updated replies from {args.file}")
        for warning in summary.warnings[:20]:
            print(f"companion: warning: {warning}", file=sys.stderr)
        return 0
    # render / copy
    reply = library.find(args.name)
    ticket = None
    if args.ticket:
        from companion.core.tickets import NotFound

        try:
            ticket = service.get(args.ticket)
        except NotFound as exc:
            # Said here rather than left to main(), whose LookupError branch strips quotes for
            # KeyError's sake and cut the closing one off "no ticket 'NOPE-1'".
            raise CliError(str(exc)) from None
    ctx = reply_context(ticket, service.clock.now(), service.schedule, lang, settings.get("agent_name"),
                        service.update_lead)
    used, rendered = library.render(reply, lang, ctx)
    if used != lang:
        print(f"companion: note: {reply.slug} has no {lang} text; using {used}", file=sys.stderr)
    for problem in rendered.problems:
        print(f"companion: warning: {problem.message}", file=sys.stderr)
    if args.action == "render":
        sys.stdout.write((rendered.html if args.html else rendered.text) + "\n")
        return EXIT_UNFILLED if args.strict and rendered.problems else 0
    if rendered.problems and not args.force:
        raise CliError(f"{reply.slug}: placeholders without a value (see above); nothing was copied "
                       "(use --force to copy anyway)")
    tool = _copy_out(data_dir, rendered.text, rendered.html, reply.title(used))
    library.record_use(reply.id)  # the running app sees the new count through its change watcher
    print(f"copied {reply.slug} ({reply.title(used)}) via {tool}")
    return 0


def _system_language() -> str:
    import locale

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ru" if value.casefold().startswith("ru") else "en"
    code = (locale.getlocale()[0] or "").casefold()
    return "ru" if code.startswith("ru") else "en"


def _copy_out(data_dir: Path, text: str, html_text: str, name: str) -> str:
    """Hand the text to the running app (it keeps the clipboard, with the HTML flavour); without
    one, to a clipboard tool that outlives this process."""
    from companion.platform.clipboard import ClipboardError, copy_detached

    try:
        from PySide6.QtCore import QCoreApplication

        from companion.platform.single_instance import ask_running_instance, copy_request, server_name

        QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
        if ask_running_instance(server_name(data_dir), copy_request(text, html_text, name)):
            return "the running app"
    except ImportError:
        pass
    try:
        return copy_detached(text)
    except ClipboardError as exc:
        raise CliError(f"cannot copy: {exc}") from None


def _write_whole(path: Path, text: str) -> None:
    """Write the whole file or none of it, readable by the user only, through a temporary name
    nobody can plant (store.files)."""
    from companion.store.files import write_private

    try:
        write_private(path, text)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def _shown(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _ticket(args, settings, service, tz) -> int:
    from companion.core.tickets import TicketInput
    from companion.core.timeparse import parse_offset

    echo: list[str] = []
    if args.action == "add":
        cadence = args.every if args.every is not None else settings.get("default_cadence")
        data = TicketInput(key=args.key, client=args.client, subject=args.subject, url=args.url,
                           channel=args.channel, priority=args.priority, status=args.status,
                           difficult=args.difficult, notes=args.notes, cadence=cadence,
                           next_update_at=_when(args.next_update, service, "--next-update", echo),
                           promised_at=_when(args.promise, service, "--promise", echo))
        t = service.create(data)
        due = _iso(t.next_update_due, tz) or "no regular updates"
        print(f"added {t.key}: next update {due}")
        for line in echo:
            print(line)
        return 0
    if args.action == "list":
        query = service.view_query("due" if args.due else args.view)
        from companion.store.models import Ticket

        rows = list(query.order_by(Ticket.next_update_due.is_null(), Ticket.next_update_due, Ticket.id))
        if args.json:
            print(json.dumps([_ticket_dict(t, tz, service) for t in rows], ensure_ascii=False, indent=2))
            return 0
        if not rows:
            print("no tickets")
            return 0
        for t in rows:
            mark = "!" if service.is_overdue(t) else " "
            due = _iso(t.next_update_due, tz) or "-"
            print(f"{mark} {t.key:<14} {t.status:<14} next {due:<22} {t.client[:24]:<24} {t.subject[:50]}")
        return 0
    if args.action == "show":
        t = service.get(args.key)
        updates = service.updates(t.id)
        if args.json:
            data = _ticket_dict(t, tz, service)
            data["notes"] = t.notes
            data["updates"] = [{"at": _iso(u.at, tz), "channel": u.channel, "note": u.note,
                                "on_time": u.on_time} for u in updates]
            print(json.dumps(data, ensure_ascii=False, indent=2))
            return 0
        for key, value in _ticket_dict(t, tz, service).items():
            print(f"{key}: {value if value is not None else '-'}")
        for u in updates:
            flag = {True: "on time", False: "late", None: ""}[u.on_time]
            print(f"  update {_iso(u.at, tz)} {u.channel} {flag} {u.note}".rstrip())
        return 0
    if args.action == "updated":
        update = service.mark_updated(args.key, note=args.note, channel=args.channel)
        t = service.get(args.key)
        flag = {True: " (on time)", False: " (late)", None: ""}[update.on_time]
        print(f"{t.key}: update logged{flag}; next update {_iso(t.next_update_due, tz) or '-'}")
        return 0
    if args.action == "snooze":
        offset = parse_offset(args.until)
        until = service.clock.now() + offset if offset is not None else _when(args.until, service, "snooze", echo)
        t = service.snooze(args.key, until)
        print(f"{t.key}: silent until {_iso(until, tz)}")
        for line in echo:
            print(line)
        return 0
    if args.action == "status":
        t = service.set_status(args.key, args.status)
        print(f"{t.key}: {t.status}")
        return 0
    if args.action == "archive":
        t = service.archive(args.key)
        print(f"{t.key}: archived")
        return 0
    raise CliError(f"unknown action {args.action}")


def _restore_command(args) -> str:
    import shlex

    where = f" --data-dir {shlex.quote(str(args.data_dir))}" if args.data_dir is not None else ""
    return f"companion{where} restore --latest"


def _local(instant: datetime) -> str:
    return instant.astimezone().strftime("%Y-%m-%d %H:%M")


def _fix(health, args) -> str:
    """What the agent can do about a data file that cannot be used, in one clause."""
    from companion.store.health import FileState, newest_good_backup

    if health.state is FileState.TOO_NEW:
        return "use the newer Support Companion that wrote it (or update this one)"
    if health.state in (FileState.UNREADABLE, FileState.UNWRITABLE):
        return "make it a file your user can read and write, in a folder your user can write to"
    found = newest_good_backup(health.path)
    if found is None:
        return "there is no good backup to restore; move the file aside to start afresh"
    backup, good = found
    return (f"restore the newest good backup ({_local(backup.taken)}, tickets: {good.tickets}) with: "
            f"{_restore_command(args)}")


def _restore(args, data_dir: Path) -> int:
    from companion.store.db import db_path
    from companion.store.health import BadBackupError, RestoreError, restore

    try:
        done = restore(db_path(data_dir), None if args.latest else args.file)
    except BadBackupError as exc:
        raise CliError(str(exc)) from None
    except RestoreError as exc:
        raise DataError(str(exc)) from None
    before = (f"the previous file is kept as {done.moved_aside}" if done.moved_aside is not None
              else "there was no data file before")
    print(f"restored {done.backup} (tickets: {done.health.tickets}); {before}")
    return 0


def _doctor(data_dir: Path, args) -> int:
    """The set-up, line by line. A data file that cannot be used is reported (and not opened);
    the lines that need its contents are left out, and the exit code is 1."""
    from companion.store.db import db_path, open_database
    from companion.store.health import DataFileError, check_data_file, list_backups, newest_good_backup
    from companion.store.migrations import LATEST, schema_version

    print(f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}")
    print(f"data dir:       {data_dir}")
    path = db_path(data_dir)
    health = check_data_file(path)
    database = None
    if health.usable:
        try:
            database = open_database(data_dir)
        except DataFileError as exc:  # changed in between
            health = exc.health
    try:
        mode = f"mode {oct(path.stat().st_mode & 0o777)}"
    except OSError as exc:
        mode = exc.strerror or "no access"
    if database is not None:
        print(f"database:       {path} ({mode})")
        print(f"schema version: {schema_version(database)} (this app: {LATEST})")
        from companion.store.models import Ticket

        print(f"tickets:        {Ticket.select().count()}")
    else:
        print(f"database:       {path} ({mode}): {health.summary()}")
    copies = list_backups(path)
    found = newest_good_backup(path) if copies else None
    if not copies:
        shown = "none yet"
    elif found is None:
        shown = f"{len(copies)}, none of them sound with data"
    else:
        shown = f"{len(copies)}; the newest good one {_local(found[0].taken)} (tickets: {found[1].tickets})"
    print(f"backups:        {shown} in {path.parent / 'backups'}")
    if database is not None:
        from companion.core.settings import Settings

        schedule = Settings().schedule()
        print(f"schedule:       {schedule.spec} ({schedule.tz.key})")
    headless = (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
                and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")))
    try:
        if headless:  # Qt would abort the process (no platform plugin), not raise
            raise RuntimeError("no display: neither DISPLAY nor WAYLAND_DISPLAY is set")
        from PySide6.QtWidgets import QApplication

        from companion.platform.tray import tray_available, why_no_tray

        app = QApplication.instance() or QApplication(sys.argv[:1])
        tray = tray_available()
        print(f"system tray:    {'available' if tray else 'not available: ' + why_no_tray()}")
        del app
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        tray = False
        print(f"system tray:    cannot start Qt ({exc})")
    from companion.platform.notifications import FreedesktopBackend, PlyerBackend

    plyer_ok = PlyerBackend(APP_NAME).available()
    if FreedesktopBackend(APP_NAME).available():
        backend = "freedesktop D-Bus notifications (clickable)"
    elif plyer_ok:
        backend = "plyer (native desktop notifications)"
    elif tray:
        backend = "tray balloon (plyer unavailable: on Linux it needs notify-send or dbus-python)"
    else:
        backend = "in-app popup only (no plyer backend, no tray)"
    print(f"notifications:  {backend}")
    from companion.platform.clipboard import detached_tool
    from companion.store.models import ReplyTemplate

    if database is not None:
        print(f"replies:        {ReplyTemplate.select().count()} in the library")
    tool = detached_tool()
    if tool is None:
        no_display = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                               or os.environ.get("WAYLAND_DISPLAY"))
        tool = "none: no display here" if no_display else "no tool found (install xclip, xsel or wl-clipboard)"
    print(f"clipboard:      the app: Qt (text + HTML); `reply copy` without the app: {tool}")
    from companion.platform import fullscreen, idle
    from companion.store.models import BreakKind

    monitor = idle.detect()
    print(f"idle time:      {idle.describe(monitor)}")
    idle.close_monitor(monitor)
    probe = fullscreen.detect()
    print(f"fullscreen:     {fullscreen.describe(probe)}")
    if database is None:
        print(f"companion: error: {health.problem()}; {_fix(health, args)}", file=sys.stderr)
        return EXIT_DATA
    kinds = list(BreakKind.select().where(BreakKind.enabled == True))  # noqa: E712 - peewee expression
    enabled = Settings().get("breaks_enabled")
    shown = ", ".join(f"{k.name_en or k.slug} every {k.interval_min} min" for k in kinds) or "none yet: the shipped kinds are added when the app first starts"
    print(f"breaks:         {'on' if enabled else 'off'} ({shown})")
    return 0


STATS_ROWS = [  # label, how the figure is shown
    ("breaks taken", lambda d: str(d.breaks_taken)),
    ("  finished early", lambda d: str(d.done_early)),
    ("postponed", lambda d: str(d.postponed)),
    ("skipped", lambda d: str(d.skipped)),
    ("natural breaks", lambda d: str(d.natural)),
    ("rest (h:mm)", lambda d: _hours_minutes(d.rest_seconds)),
    ("overtime (h:mm)", lambda d: _hours_minutes(d.overtime_seconds)),
    ("updates on time", lambda d: str(d.updates_on_time)),
    ("updates late", lambda d: str(d.updates_late)),
    ("updates, no due", lambda d: str(d.updates_unscheduled)),
    ("tough conversations", lambda d: str(d.tough)),
]
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _hours_minutes(seconds: int) -> str:
    from companion.core.stats import minutes

    hours, mins = divmod(minutes(seconds), 60)
    return f"{hours}:{mins:02d}"


def _stats(args, service) -> int:
    """A day (or with --week its Monday-to-Sunday week) as a table with a figure per row and a
    column per day, or as JSON."""
    from companion.core import limits
    from companion.core.stats import Stats, as_dict

    tz = service.schedule.tz
    stats = Stats(service.clock, tz)
    day = args.date or stats.today()
    if not limits.EARLIEST.date() <= day < limits.LATEST.date():
        raise CliError(f"--date {day.isoformat()} is outside 1970–2199")
    rows = stats.week(day) if args.week else [stats.day(day)]
    total = Stats.totals(rows)
    first, last = rows[0].day, rows[-1].day
    if args.json:
        totals = as_dict(total)
        del totals["day"]
        print(json.dumps({"period": "week" if args.week else "day", "first": first.isoformat(),
                          "last": last.isoformat(), "timezone": tz.key, "days": Stats.to_json(rows),
                          "totals": totals}, ensure_ascii=False, indent=2))
        return 0
    if args.week:
        print(f"Week {first.isoformat()} to {last.isoformat()} ({tz.key})")
    else:
        print(f"{_WEEKDAYS[first.weekday()]} {first.isoformat()} ({tz.key})")
    headers = [f"{_WEEKDAYS[d.day.weekday()]} {d.day.day}" for d in rows]
    columns = [[show(d) for _label, show in STATS_ROWS] for d in rows]
    if args.week:  # minutes rounded per day, so the total column is the sum of the row
        from dataclasses import replace

        from companion.core.stats import minutes

        shown = replace(total, rest_seconds=60 * sum(minutes(d.rest_seconds) for d in rows),
                        overtime_seconds=60 * sum(minutes(d.overtime_seconds) for d in rows))
        headers.append("total")
        columns.append([show(shown) for _label, show in STATS_ROWS])
    label_width = max(len(label) for label, _ in STATS_ROWS)
    widths = [max(len(h), *(len(v) for v in col)) for h, col in zip(headers, columns)]
    print(" " * label_width + "".join(f"  {h:>{w}}" for h, w in zip(headers, widths)))
    for i, (label, _show) in enumerate(STATS_ROWS):
        print(f"{label:<{label_width}}" + "".join(f"  {col[i]:>{w}}" for col, w in zip(columns, widths)))
    return 0
