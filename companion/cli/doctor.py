"""`companion doctor`: the set-up, line by line, for a bug report or a first run on a new desktop.

It reads and never repairs: a data file that cannot be used is reported, not opened.
"""

from __future__ import annotations

import os
import sys

from companion import APP_NAME, __version__, resources
from companion.cli.common import EXIT_DATA, Context, Session
from companion.cli.data import fix, local


def missing_resources() -> list[str]:
    """The shipped files the app cannot do without that are not where it looks for them, each by
    its path under the resources folder."""
    translations = resources.resources_dir() / "translations"  # as companion.i18n reads them
    wanted = [resources.icon_path(), resources.replies_path(), resources.breaks_path(),
              translations / "companion_ru.qm"]
    return [path.relative_to(resources.resources_dir()).as_posix() for path in wanted if not path.is_file()]


def notification_route(tray: bool) -> str:
    """What the app will really send notices through, and whether it can tell they were shown: the
    freedesktop server only once it answered (a server that is listed but dies when started does not,
    and notify-send, which speaks to it, fails with it)."""
    from companion.platform.notifications import FreedesktopBackend, NotificationError, PlyerBackend

    follows = "cannot confirm: the in-app popup follows each notice"
    server, silent = FreedesktopBackend(APP_NAME), ""
    if server.available():
        try:
            return f"freedesktop D-Bus, {server.probe()} (confirms, clickable)"
        except NotificationError as exc:
            silent = f"; {exc}"
    plyer = PlyerBackend(APP_NAME)
    if not silent and plyer.available():
        return f"{plyer.way.label} ({'confirms' if plyer.confirms else follows})"
    if tray:
        return f"tray balloon ({follows}){silent}"
    return f"in-app popup only (no desktop notifications){silent}"


def paste_back_line(hotkey: str) -> str:
    """How the reply hotkey and paste-back fare here. The hotkey itself is not grabbed (the running
    app holds it): only whether this desktop lets an application paste into other windows."""
    from companion.platform import paste

    backend = paste.detect()
    try:
        problem = backend.problem()
    finally:
        backend.close()
    keys = f"hotkey {hotkey}" if hotkey else "no hotkey (palette_hotkey is off)"
    if problem is None:
        return f"{backend.name}: {keys}; Enter pastes into the window the palette was opened over"
    detail = problem.detail or problem.problem.value
    return f"{backend.name}: {keys}; cannot paste here ({detail}); replies are copied for Ctrl+V"


def team_line(session: Session) -> str:
    """The team connection as this app would make it: the server, whether it answers (a connection of
    its own, no sync: doctor sends nothing and publishes nothing), the role, the encryption, where the
    password is kept and what waits to be sent. The password itself is never shown."""
    from companion.cli.team import keyring, team_sync
    from companion.store.team import TeamUrl, TeamUrlError

    text = session.settings.get("team_url")
    if not text:
        return "not joined (companion team join URL)"
    try:
        url = TeamUrl.parse(text)
    except TeamUrlError as exc:
        return f"the saved server address cannot be used ({exc}); join again"
    team = team_sync(session)
    try:
        with team.server.session() as server:
            role = "lead" if server.is_lead() else "agent"
            tls = server.tls()
        state = f"reachable, {role}, {'TLS ' + tls if tls else 'not encrypted'}"
    except Exception as exc:  # noqa: BLE001 - unreachable, refused, an old schema: all reported the same way
        state = f"unreachable ({str(exc).strip() or type(exc).__name__})"
    pending = team.pending_count()
    waiting = f"{pending} hand-off action(s) waiting to be sent" if pending else "no hand-off actions waiting"
    return f"{url.place}: {state}; keyring: {keyring().where()}; {waiting}"


def doctor(ctx: Context) -> int:
    """The lines that need the data file's contents are left out when it cannot be used, and the
    exit code is then 1; so it is when shipped files (icons, replies, break kinds, translations)
    are missing."""
    from companion.store.db import db_path, open_database
    from companion.store.health import DataFileError, check_data_file, list_backups, newest_good_backup
    from companion.store.migrations import LATEST, schema_version

    data_dir = ctx.data_dir
    print(f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}")
    print(f"data dir:       {data_dir}")
    missing, shipped = missing_resources(), resources.resources_dir()
    print(f"resources:      {'missing ' + ', '.join(missing) if missing else 'all found'} in {shipped}")
    if missing:
        print(f"companion: error: shipped files missing from {shipped}: {', '.join(missing)}; reinstall the app",
              file=sys.stderr)
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
    print(f"notifications:  {notification_route(tray)}")
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
    from companion.platform import autostart

    print(f"autostart:      {autostart.state()}")
    if database is None:
        print(f"companion: error: {health.problem()}; {fix(health, ctx.args)}", file=sys.stderr)
        return EXIT_DATA
    kinds = list(BreakKind.select().where(BreakKind.enabled == True))  # noqa: E712 - peewee expression
    enabled = Settings().get("breaks_enabled")
    shown = (", ".join(f"{k.name_en or k.slug} every {k.interval_min} min" for k in kinds)
             or "none yet: the shipped kinds are added when the app first starts")
    print(f"breaks:         {'on' if enabled else 'off'} ({shown})")
    print(f"paste-back:     {paste_back_line(Settings().get('palette_hotkey'))}")
    from companion.core.tickets import TicketService

    settings = Settings()
    session = Session(database, settings, TicketService(ctx.clock, settings.schedule(), settings.update_lead()))
    print(f"team:           {team_line(session)}")
    return EXIT_DATA if missing else 0
