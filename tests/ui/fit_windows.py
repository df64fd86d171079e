"""Open every window of the app on one screen and say where it landed: run by tests/ui/test_geometry.py
in a process of its own per screen (the offscreen platform reads its screen once per process).

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.5 python -m tests.ui.fit_windows OUT

Prints one JSON line per window: its frame, the screen's available geometry, and every push
button outside a scroll area with its rectangle on the screen and whether all of it is visible;
saves a grab of each window to OUT/fit-<window>-<scale>.png. The data (a ticket due now, the
shipped replies) lives in a throw-away folder, as does the remembered geometry.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPushButton, QWidget


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def scrolled(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def report(name: str, window: QWidget, scale: str, out: Path) -> None:
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    area = window.screen().availableGeometry()
    buttons = []
    for button in window.findChildren(QPushButton):
        if not button.isVisibleTo(window) or scrolled(button, window):
            continue
        top_left = button.mapToGlobal(button.rect().topLeft())
        buttons.append({"text": button.text(), "rect": rect(QRect(top_left, button.size())),
                        "whole": button.visibleRegion().boundingRect() == button.rect()})
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"fit-{name}-{scale}.png"))
    print(json.dumps({"window": name, "frame": rect(window.frameGeometry()), "geometry": rect(window.geometry()),
                      "available": rect(area), "buttons": buttons}), flush=True)
    window.hide()


def main(out: Path) -> None:
    data = Path(tempfile.mkdtemp(prefix="fit-"))
    os.environ["XDG_CONFIG_HOME"] = str(data / "config")  # no remembered geometry from a real run
    qapp = QApplication(sys.argv[:1])
    scale = os.environ.get("QT_SCALE_FACTOR", "1")

    from companion.app import CompanionApp
    from companion.core.clock import FakeClock
    from companion.core.settings import Settings
    from companion.core.tickets import TicketInput
    from companion.platform.fullscreen import FakeFullscreen
    from companion.platform.idle import FakeIdle
    from companion.platform.notifications import FakeBackend
    from companion.store.db import open_database
    from companion.store.health import Backup, FileState, Health
    from companion.ui import restore_dialog
    from companion.ui.settings_dialog import SettingsDialog
    from companion.ui.ticket_dialog import TicketDialog

    clock = FakeClock(datetime(2026, 11, 23, 7, 0, tzinfo=timezone.utc))
    open_database(data / "data")
    Settings().set("timezone", "Europe/Moscow")
    app = CompanionApp(data / "data", clock=clock, backends=[FakeBackend()], use_tray=False,
                       idle=FakeIdle(idle=None), fullscreen=FakeFullscreen(active=False))
    app.start()
    shell, runtime = app.shell, app.runtime
    for n in range(3):
        runtime.tickets.create(TicketInput(f"SUP-{n}", client="Ivan Petrov", subject="The printer prints nothing",
                                           next_update_at=clock.now()))
    runtime.on_local_change()

    shell.show_main()
    report("main", shell.main, scale, out)
    settings = SettingsDialog(runtime.settings, replies=shell.replies.replies(), breaks=runtime.break_library)
    settings.show()
    report("settings", settings, scale, out)
    ticket = TicketDialog(runtime.tickets, default_cadence="1d", workload=runtime.workload)
    ticket.show()
    report("ticket", ticket, scale, out)
    shell.show_palette()
    report("palette", shell.palette, scale, out)
    shell.open_reply_editor()
    report("editor", shell.editor, scale, out)
    shell.show_popup()
    report("popup", shell.popup, scale, out)
    shell.show_wellbeing()
    report("wellbeing", shell.wellbeing, scale, out)
    shell.tough_conversation()
    report("breathing", shell.breathing, scale, out)
    shell.show_welcome()
    report("welcome", shell.welcome, scale, out)
    damaged = Health(data / "companion.sqlite3", FileState.DAMAGED, "database disk image is malformed")
    good = Health(data / "backup.sqlite3", FileState.OK, tickets=41)
    box, _restore = restore_dialog.question(damaged, (Backup(data / "backup.sqlite3", clock.now()), good), clock.now())
    box.show()
    report("restore", box, scale, out)

    app.stop()
    if shell.editor is not None:
        shell.editor.dirty = False
    app.close_windows()
    qapp.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
