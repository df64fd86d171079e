"""`companion settings get|set`: the settings table of core, one key or all of them."""

from __future__ import annotations

import json

from companion.cli.common import Context

# Settings that move every due time: changed together with the times, or not at all.
RESCHEDULING = ("schedule", "timezone", "days_off")


def get(ctx: Context) -> int:
    settings, key = ctx.open().settings, ctx.args.key
    if key:
        print(_shown(settings.get(key)))
    else:
        for name, value in settings.all().items():
            print(f"{name} = {_shown(value)}")
    return 0


def set_(ctx: Context) -> int:
    session, args = ctx.open(), ctx.args
    with session.database.atomic():
        value = session.settings.set(args.key, args.value)
        if args.key in RESCHEDULING:
            session.tickets.reschedule_all(session.settings.schedule())
    print(f"{args.key} = {_shown(value)}")
    return 0


def _shown(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
