"""The data file as a whole: `companion backup` and `restore` (the whole file, nothing lost),
`export` and `import` (the tickets as JSON, for other tools), and the one clause that tells the
agent how to get a file that cannot be used working again."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING

from companion.cli.common import CliError, Context, DataError, write_whole

if TYPE_CHECKING:
    from companion.store.health import Health


def export(ctx: Context) -> int:
    from companion.core.transfer import export_data

    ctx.open()
    data = export_data()
    write_whole(ctx.args.file, json.dumps(data, ensure_ascii=False, indent=2))
    print(f"exported {len(data['tickets'])} tickets to {ctx.args.file}")
    return 0


def import_(ctx: Context) -> int:
    from companion.core.transfer import TransferError, import_data

    ctx.open()
    file = ctx.args.file
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"{file} is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{file}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise CliError(f"{file}: the JSON is nested too deeply to be an export") from None
    try:
        count = import_data(data, ctx.clock)
    except TransferError as exc:
        raise CliError(f"{file}: {exc}; nothing was imported") from None
    print(f"imported {count} tickets from {file}")
    return 0


def backup(ctx: Context) -> int:
    """Without opening the data file through peewee: the copy is of the file as it is (the app
    may be running), and a file that is not sound is reported, not copied."""
    from companion.store import health
    from companion.store.db import db_path

    target, force = ctx.args.file, ctx.args.force
    try:
        done = health.backup_to(db_path(ctx.data_dir), target, force=force)
    except health.TargetExistsError as exc:
        raise CliError(f"{exc}; add --force to replace it") from None
    except health.BackupTargetError as exc:  # where the user asked it to go: exit 2, like a bad argument
        raise CliError(str(exc)) from None
    except health.BackupError as exc:
        raise DataError(str(exc)) from None
    print(f"backed up {_n(done.rows('ticket'), 'ticket')} ({_n(done.rows('client_update'), 'update')}), "
          f"{_n(done.rows('reply_template'), 'reply', 'replies')}, {_n(done.rows('break_kind'), 'break kind')}, "
          f"{_n(done.journal, 'journal row')} and {_n(done.rows('setting'), 'setting')} to {target} "
          f"({_size(done.size)})")
    return 0


def _n(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KiB" if size < 1 << 20 else f"{size / (1 << 20):.1f} MiB"


def restore(ctx: Context) -> int:
    """Without opening the data file: it may be the one that cannot be used."""
    from companion.store import health
    from companion.store.db import db_path

    args = ctx.args
    try:
        done = health.restore(db_path(ctx.data_dir), None if args.latest else args.file)
    except health.BadBackupError as exc:
        raise CliError(str(exc)) from None
    except health.RestoreError as exc:
        raise DataError(str(exc)) from None
    before = (f"the previous file is kept as {done.moved_aside}" if done.moved_aside is not None
              else "there was no data file before")
    print(f"restored {done.backup} (tickets: {done.health.tickets}); {before}")
    return 0


def fix(health: Health, args: argparse.Namespace) -> str:
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
    return (f"restore the newest good backup ({local(backup.taken)}, tickets: {good.tickets}) with: "
            f"{_restore_command(args)}")


def local(instant: datetime) -> str:
    return instant.astimezone().strftime("%Y-%m-%d %H:%M")


def _restore_command(args: argparse.Namespace) -> str:
    import shlex

    where = f" --data-dir {shlex.quote(str(args.data_dir))}" if args.data_dir is not None else ""
    return f"companion{where} restore --latest"
