"""`companion doctor`: the set-up, line by line, for a bug report or a first run on a new desktop.

It reads and never repairs: a data file that cannot be used is reported, not opened.
"""

from __future__ import annotations

import os
import sys

from companion import APP_NAME, __version__
from companion.cli.common import EXIT_DATA, Context
from companion.cli.data import fix, local


def doctor(ctx: Context) -> int:
    """The lines that need the data file's contents are left out when it cannot be used, and the
    exit code is then 1."""
    from companion.store.db import db_path, open_database
    from companion.store.health import DataFileError, check_data_file, list_backups, newest_good_backup
    from companion.store.migrations import LATEST, schema_version

    data_dir = ctx.data_dir
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
        shown = f"{len(copies)}; the newest good one {local(found[0].taken)} (tickets: {found[1].tickets})"
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
        print(f"companion: error: {health.problem()}; {fix(health, ctx.args)}", file=sys.stderr)
        return EXIT_DATA
    kinds = list(BreakKind.select().where(BreakKind.enabled == True))  # noqa: E712 - peewee expression
    enabled = Settings().get("breaks_enabled")
    shown = (", ".join(f"{k.name_en or k.slug} every {k.interval_min} min" for k in kinds)
             or "none yet: the shipped kinds are added when the app first starts")
    print(f"breaks:         {'on' if enabled else 'off'} ({shown})")
    return 0
