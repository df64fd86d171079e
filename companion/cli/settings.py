"""`companion settings get|set`: the settings table of core, one key or all of them."""

from __future__ import annotations

import json
import sys

from companion.cli.common import Context

# Settings that move every due time: changed together with the times, or not at all.
RESCHEDULING = ("schedule", "timezone", "days_off")
EXIT_OS = 1  # the OS refused: not a mistake in the command (2), and the data file is fine


def get(ctx: Context) -> int:
    settings, key = ctx.open().settings, ctx.args.key
    if key:
        print(_shown(settings.get(key)))
    else:
        for name, value in settings.all().items():
            print(f"{name} = {_shown(value)}")
    return 0


def set_(ctx: Context) -> int:
    """`autostart` is also made so in the OS, inside the transaction: when the OS refuses, the
    stored wish stays what it was (one line on stderr, EXIT_OS)."""
    from companion.platform.autostart import AutostartError, apply

    session, args = ctx.open(), ctx.args
    where: str | None = None
    try:
        with session.database.atomic():
            value = session.settings.set(args.key, args.value)
            if args.key in RESCHEDULING:
                session.tickets.reschedule_all(session.settings.schedule())
            if args.key == "autostart":
                where = apply(bool(value)).describe()
    except AutostartError as exc:
        print(f"companion: error: cannot switch starting at login: {exc}", file=sys.stderr)
        return EXIT_OS
    print(f"{args.key} = {_shown(value)}")
    if where is not None:
        print(f"start at login: on ({where})" if value else "start at login: off")
    return 0


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
