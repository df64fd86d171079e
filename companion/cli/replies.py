"""`companion reply …`: the reply library from a script — list, render, copy, import, export.

Every reply command first seeds the shipped library into a data file that has not had it, as the
app does on start, so a script sees the same replies the agent does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from companion.cli.common import EXIT_UNFILLED, CliError, Context, Session, iso, write_whole

if TYPE_CHECKING:
    from companion.core.replies import Rendered
    from companion.core.reply_library import Reply, ReplyLibrary


def list_(ctx: Context) -> int:
    session, library = _library(ctx)
    categories = {c.id: c for c in library.categories()}
    replies = library.replies()
    if ctx.args.json:
        out = [{"id": r.slug, "category": categories[r.category_id].slug, "favourite": r.favourite,
                "use_count": r.use_count, "last_used": iso(r.last_used_at, session.tickets.schedule.tz),
                "variants": {code: {"title": v.title, "body": v.body} for code, v in r.variants.items()}}
               for r in replies]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    lang = _language(ctx, session)
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


def export(ctx: Context) -> int:
    from companion.core.reply_io import dump_replies

    _session, library = _library(ctx)
    write_whole(ctx.args.file, dump_replies())
    own = [r for r in library.replies() if not r.team]  # the team's replies are the lead's, not exported
    print(f"exported {len(own)} replies to {ctx.args.file}")
    return 0


def import_(ctx: Context) -> int:
    from companion.core.reply_io import ReplyImportError, import_replies, load_file

    _library(ctx)
    args = ctx.args
    try:
        summary = import_replies(load_file(args.file, args.format), ctx.clock)
    except ReplyImportError as exc:
        raise CliError(f"{args.file}: {exc}; nothing was imported") from None
    print(f"imported {summary.added} new and {summary.updated} updated replies from {args.file}")
    for warning in summary.warnings[:20]:
        print(f"companion: warning: {warning}", file=sys.stderr)
    return 0


def render(ctx: Context) -> int:
    rendered = _filled(ctx).rendered
    sys.stdout.write((rendered.html if ctx.args.html else rendered.text) + "\n")
    return EXIT_UNFILLED if ctx.args.strict and rendered.problems else 0


def copy(ctx: Context) -> int:
    filled = _filled(ctx)
    reply, title, rendered = filled.reply, filled.reply.title(filled.used), filled.rendered
    if rendered.problems and not ctx.args.force:
        raise CliError(f"{reply.slug}: placeholders without a value (see above); nothing was copied "
                       "(use --force to copy anyway)")
    tool = _copy_out(ctx.data_dir, rendered.text, rendered.html, title)
    filled.library.record_use(reply.id)  # the running app sees the new count through its change watcher
    print(f"copied {reply.slug} ({title}) via {tool}")
    return 0


def _library(ctx: Context) -> tuple[Session, ReplyLibrary]:
    """The open data file and its reply library, seeded with the shipped one if it never was."""
    from companion.core.reply_library import ReplyLibrary
    from companion.runtime.seeding import Part, seed_shipped

    session = ctx.open()
    # Replies only: the break kinds are the app's to seed, and `doctor` says so until it has.
    for warning in seed_shipped(ctx.clock, parts=(Part.REPLIES,)).warnings:
        print(f"companion: warning: the shipped {warning.part.value} could not be loaded: {warning.problem}",
              file=sys.stderr)
    return session, ReplyLibrary(ctx.clock)


def _language(ctx: Context, session: Session) -> str:
    """--lang, else the reply_language setting, else the interface language."""
    from companion.language import of_settings, reply_language

    return ctx.args.lang or reply_language(session.settings.get("reply_language"), of_settings(session.settings))


class _Filled(NamedTuple):
    library: ReplyLibrary
    reply: Reply
    used: str  # the language of the text: the one asked for, or the one the reply has
    rendered: Rendered


def _filled(ctx: Context) -> _Filled:
    """The reply the arguments name, filled for their ticket; a missing language and unfilled
    placeholders are said on stderr."""
    from companion.core.reply_library import reply_context
    from companion.core.tickets import NotFound

    session, library = _library(ctx)
    args, service = ctx.args, session.tickets
    lang = _language(ctx, session)
    reply = library.find(args.name)
    ticket = None
    if args.ticket:
        try:
            ticket = service.get(args.ticket)
        except NotFound as exc:
            # Said here rather than left to main(), whose LookupError branch strips quotes for
            # KeyError's sake and cut the closing one off "no ticket 'NOPE-1'".
            raise CliError(str(exc)) from None
    ctx_values = reply_context(ticket, service.clock.now(), service.schedule, lang,
                               session.settings.get("agent_name"), service.update_lead)
    used, rendered = library.render(reply, lang, ctx_values)
    if used != lang:
        print(f"companion: note: {reply.slug} has no {lang} text; using {used}", file=sys.stderr)
    for problem in rendered.problems:
        print(f"companion: warning: {problem.message}", file=sys.stderr)
    return _Filled(library, reply, used, rendered)


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
