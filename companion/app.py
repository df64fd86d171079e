"""Composition root: builds the runtime (companion.runtime) and the ui shell (companion.ui.shell),
chooses the notification backends and connects the two. Wiring only: what happens when lives in
the runtime, what is shown in the shell."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import peewee
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from companion import APP_NAME, language
from companion.core.clock import Clock
from companion.platform.notifications import (Backend, CallbackBackend, FreedesktopBackend, PlyerBackend,
                                              TrayBackend)
from companion.platform.tray import tray_available, why_no_tray
from companion.resources import icon_path
from companion.runtime.runtime import Runtime, StartRefused
from companion.store.db import db_path
from companion.ui.shell import Shell

if TYPE_CHECKING:
    from companion.platform.clipboard import Clipboard

__all__ = ["CompanionApp", "StartRefused"]

log = logging.getLogger(__name__)


class CompanionApp(QObject):
    """The runtime and the shell of one running app, and the few names tests and the CLI use."""

    def __init__(self, data_dir: Path, clock: Clock | None = None, backends: list[Backend] | None = None,
                 use_tray: bool | None = None, clipboard: Clipboard | None = None, idle=None, fullscreen=None,
                 translate: bool = False, ask_restore=None, offer_autostart: bool = False, paste_back=None,
                 parent=None):
        super().__init__(parent)
        from companion.ui import restore_dialog

        def ask(health, found, now) -> bool:
            if translate:  # the language setting is inside the file we cannot read: the system's
                _install_language(None)
            return (ask_restore or restore_dialog.ask)(health, found, now)

        self.runtime = Runtime(data_dir, clock, ask_restore=ask, restore_failed=restore_dialog.failed,
                               idle=idle, fullscreen=fullscreen, parent=self)
        if translate:  # before any widget is built: the tray menu's labels are fixed when made
            _install_language(self.runtime.settings.get("interface_language"))
        if use_tray is None:
            use_tray = tray_available()
        self.shell = Shell(self.runtime, use_tray, "" if use_tray else why_no_tray(), clipboard, self)
        if backends is None:
            # The D-Bus backend first where it exists: unlike plyer it reports clicks and failures.
            backends = [FreedesktopBackend(APP_NAME, str(icon_path()), on_click=self.shell.show_popup),
                        PlyerBackend(APP_NAME, str(icon_path())),
                        TrayBackend(self.shell.tray_icon)]
        self.runtime.use_backends(list(backends) + [CallbackBackend("popup", self.shell.popup_notice)])
        if paste_back is not None:  # the global reply hotkey: platform/paste.detect() in the real app
            self.shell.start_paste_back(paste_back)
        # The very first start of the tray app shows the welcome once (Settings can show it again).
        self._offer_autostart = offer_autostart and self.runtime.first_start
        # The names used most, for the CLI's launcher and tests.
        self.clock, self.settings, self.tickets = self.runtime.clock, self.runtime.settings, self.runtime.tickets

    def start(self, defer: bool = False) -> None:
        """Show the tray icon (or the window) first; then back up, arm the reminders and deliver
        what was missed. With `defer` that second part runs just after the event loop starts."""
        self.shell.show_first()
        if self._offer_autostart:
            QTimer.singleShot(0, self.shell.show_welcome)
        if defer:
            QTimer.singleShot(0, self._start_or_quit)
        else:
            self.runtime.start()

    def _start_or_quit(self) -> None:
        """The deferred half of the start. If the data file fails it here (damage quick_check
        did not see), the app does not stay up half-started: it says so and quits."""
        try:
            self.runtime.start()
        except (peewee.DatabaseError, sqlite3.Error, OSError) as exc:
            from companion.ui import restore_dialog

            path = db_path(self.runtime.data_dir)
            log.exception("could not start on %s", path)
            try:
                self.stop()  # no tray icon or timer left running while the window explains
            except (peewee.DatabaseError, sqlite3.Error, OSError):
                log.exception("could not stop cleanly")
            restore_dialog.failed(f"{path}: {exc}")
            QApplication.exit(1)

    def stop(self) -> None:
        self.runtime.stop()
        if self.shell.paste_back is not None:
            self.shell.paste_back.close()  # the hotkey goes back to the system
        self.shell.hide()

    def close_windows(self) -> None:
        for window in self.shell.windows():
            window.close()

    def handle_message(self, message: bytes) -> None:
        """Another `companion` process asked us to show ourselves, or to hold a copied reply."""
        from companion.platform.single_instance import parse_copy_request

        if message == b"show":
            self.shell.show_main()
        elif (request := parse_copy_request(message)) is not None:
            self.shell.copy_requested(*request)
        elif message.startswith(b"copy "):
            log.warning("ignored a malformed copy request")


def _install_language(setting) -> None:
    from companion import i18n

    app = QApplication.instance()
    if app is not None:
        i18n.install(app, language.interface_language(setting))
