"""`companion` and `companion run`: the tray app, one per user and data dir.

The app shows its own problems, in windows; main() does not turn them into one-line errors.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from companion import APP_NAME
from companion.cli.common import EXIT_DATA, Context

if TYPE_CHECKING:
    import socket

    from PySide6.QtCore import QCoreApplication, QSocketNotifier

# Python's signal wake-up fd is one per process, so the sockets behind it are kept for the process.
_wakeup: list[tuple[socket.socket, socket.socket, QSocketNotifier]] = []


def run(ctx: Context) -> int:
    from PySide6.QtWidgets import QApplication

    from companion.platform.single_instance import SingleInstance, ask_running_instance, server_name

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("support-companion")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("support-companion")
    name = server_name(ctx.data_dir)
    if ask_running_instance(name, b"show"):
        print(f"{APP_NAME} is already running; its window was raised.")
        return 0
    instance = SingleInstance(name)
    if not instance.listen():
        print(f"{APP_NAME} is already running.")
        return 0
    from companion.app import CompanionApp, StartRefused
    from companion.platform import paste
    from companion.store.migrations import SchemaTooNewError

    try:
        companion = CompanionApp(ctx.data_dir, clock=ctx.clock, translate=True,  # Russian for Russian users
                                 offer_autostart=True, paste_back=paste.detect())
    except (StartRefused, SchemaTooNewError) as exc:  # the agent was shown why, and chose to quit
        print(f"companion: error: {exc}", file=sys.stderr)
        instance.close()
        return EXIT_DATA
    app.setQuitOnLastWindowClosed(companion.shell.tray is None)
    instance.message.connect(companion.handle_message)
    companion.start(defer=True)
    stop_on_signals(app)
    try:
        return app.exec()
    finally:
        companion.stop()
        instance.close()


def stop_on_signals(app: QCoreApplication) -> None:
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
    _wakeup.append((reader, writer, notifier))
