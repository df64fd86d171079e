"""Composition root: builds the services, windows and timers and wires their signals."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from companion import APP_NAME
from companion.core.clock import Clock, SystemClock
from companion.core.reminders import ReminderService
from companion.core.settings import Settings
from companion.core.tickets import TicketService
from companion.platform.notifications import (Backend, CallbackBackend, FreedesktopBackend, Notice,
                                              Notifier, PlyerBackend, TrayBackend)
from companion.platform.tray import tray_available, why_no_tray
from companion.resources import icon_path, replies_path
from companion.store.db import data_version, db_path, make_backup, open_database
from companion.store.health import DataFileError, Health, RestoreError, newest_good_backup, restore
from companion.ui import fmt
from companion.ui.icons import app_icon
from companion.ui.ticket_actions import TicketActions

if TYPE_CHECKING:
    from companion.platform.clipboard import Clipboard

log = logging.getLogger(__name__)


class StartRefused(RuntimeError):
    """The data file cannot be used and the agent chose to quit (or the restore failed)."""

    def __init__(self, health: Health):
        super().__init__(health.problem())
        self.health = health


class CompanionApp(QObject):
    def __init__(self, data_dir: Path, clock: Clock | None = None, backends: list[Backend] | None = None,
                 use_tray: bool | None = None, clipboard: Clipboard | None = None, idle=None, fullscreen=None,
                 translate: bool = False, ask_restore=None, parent=None):
        super().__init__(parent)
        self._idle_monitor = idle  # platform.idle / platform.fullscreen: detected when None
        self._fullscreen_probe = fullscreen
        self.clock = clock or SystemClock()
        self.data_dir = Path(data_dir)
        self.database = self._open_data(ask_restore, translate)
        self.settings = Settings()
        if translate:  # before any widget is built: the tray menu's labels are fixed when made
            from companion import i18n
            from companion.ui.break_controller import ui_language

            i18n.install(QApplication.instance(), ui_language(self.settings))
        self.tickets = TicketService(self.clock, self.settings.schedule(), self.settings.update_lead())
        self.reminders = ReminderService(self.clock, self.tickets, self.settings)
        self.actions = TicketActions(self.tickets, lambda: self.settings.get("snooze_minutes"), self)
        self._clipboard = clipboard
        self._replies = None  # ReplyActions, built on first use (keeps the tray icon quick)
        self._main = None
        self._popup = None
        self._palette = None
        self._editor = None
        self._toast = None
        self.last_toast = ""
        QApplication.setWindowIcon(app_icon())

        self.tray = None
        self.no_tray_reason = ""
        if use_tray is None:
            use_tray = tray_available()
        if use_tray:
            from companion.ui.tray import Tray

            self.tray = Tray(self)
            self.tray.activated.connect(self.on_tray_click)
            self.tray.open_tickets.connect(self.show_main)
            self.tray.show_due.connect(self.show_popup)
            self.tray.new_ticket.connect(self.new_ticket)
            self.tray.pause.connect(self.pause)
            self.tray.settings.connect(self.open_settings)
            self.tray.quit.connect(QApplication.quit)
            self.tray.message_clicked.connect(self.show_popup)
            self.tray.find_reply.connect(lambda: self.show_palette())
            self.tray.take_break.connect(self.take_break)
            self.tray.do_not_disturb.connect(self.set_dnd)
            self.tray.wellbeing.connect(self.show_wellbeing)
            self.tray.set_replies_menu(self._reply_menu())
        else:
            self.no_tray_reason = why_no_tray()

        if backends is None:
            # The D-Bus backend first where it exists: unlike plyer it reports clicks and failures.
            backends = [FreedesktopBackend(APP_NAME, str(icon_path()), on_click=self.show_popup),
                        PlyerBackend(APP_NAME, str(icon_path())),
                        TrayBackend(lambda: self.tray.icon if self.tray else None)]
        backends = list(backends) + [CallbackBackend("popup", self._popup_notice)]
        self.notifier = Notifier(backends)
        self.scheduler = None  # built in _start_reminders, off the path to the tray icon
        self.controller = None
        self.poller = None
        self.breaks = None  # BreakController, built in _start_reminders
        self._wellbeing = None
        self._load = None  # today's load for the tray tooltip (core.workload.DayLoad)
        self._breathing = None
        self._ticks = 0
        self.actions.changed.connect(self.on_local_change)
        self.actions.updated.connect(self._after_update)
        self.minute = QTimer(self)
        self.minute.setInterval(60_000)
        self.minute.timeout.connect(self.tick)

    # -- life cycle ----------------------------------------------------------------------------
    def _open_data(self, ask, translate: bool):
        """Open the data file. A bad one is never written to: one window says what is wrong and
        offers the newest good backup (`ask(health, found, now)`, the restore dialog unless given).
        Restored, the start goes on; otherwise StartRefused, before any tray icon or timer."""
        try:
            return open_database(self.data_dir)
        except DataFileError as exc:
            health = exc.health
        from companion.ui import restore_dialog

        log.error("%s", health.problem())
        if translate:  # the language setting is inside the file we cannot read: the system's
            from companion import i18n

            i18n.install(QApplication.instance())
        found = newest_good_backup(health.path)
        if not (ask or restore_dialog.ask)(health, found, self.clock.now()) or found is None:
            raise StartRefused(health)
        try:
            restored = restore(health.path, found[0].path)
            log.warning("restored %s; the previous data file is kept as %s", restored.backup, restored.moved_aside)
            return open_database(self.data_dir)
        except (RestoreError, DataFileError) as exc:
            log.error("could not restore %s: %s", found[0].path, exc)
            restore_dialog.failed(str(exc))
            raise StartRefused(health) from None

    def start(self, defer: bool = False) -> None:
        """Show the tray icon (or the window) first; then back up, arm the reminders and deliver
        what was missed. With `defer` that second part runs just after the event loop starts."""
        if self.tray is not None:
            self.tray.show()
        else:
            self.show_main()
            self.main.show_notice(self.tr("No system tray here ({why}). Support Companion stays in this "
                                          "window; closing it quits.").format(why=self.no_tray_reason))
        if defer:
            QTimer.singleShot(0, self._start_or_quit)
        else:
            self._start_reminders()

    def _start_or_quit(self) -> None:
        """The deferred half of the start. If the data file fails it here (damage quick_check
        did not see), the app does not stay up half-started: it says so and quits."""
        import sqlite3

        import peewee

        try:
            self._start_reminders()
        except (peewee.DatabaseError, sqlite3.Error, OSError) as exc:
            from companion.ui import restore_dialog

            log.exception("could not start on %s", db_path(self.data_dir))
            try:
                self.stop()  # no tray icon or timer left running while the window explains
            except (peewee.DatabaseError, sqlite3.Error, OSError):
                log.exception("could not stop cleanly")
            restore_dialog.failed(f"{db_path(self.data_dir)}: {exc}")
            QApplication.exit(1)

    def _start_reminders(self) -> None:
        from companion.platform.scheduler import ChangePoller, ReminderScheduler
        from companion.ui.reminder_controller import ReminderController

        make_backup(db_path(self.data_dir))
        self.seed_replies()
        self.reminders.prune(self.clock.now() - timedelta(days=90))
        self.scheduler = ReminderScheduler(self)
        self.controller = ReminderController(self.reminders, self.notifier, self.scheduler, self)
        self.controller.delivered.connect(lambda _items: self.refresh())
        path = db_path(self.data_dir)
        self.poller = ChangePoller(lambda: data_version(self.database),
                                   [str(self.data_dir), str(path), f"{path}-wal"], parent=self)
        self.poller.changed.connect(self.on_external_change)
        self.scheduler.start()
        self.poller.start()
        self.minute.start()
        self.controller.run(catch_up=True)  # whatever fell due while we were closed: one digest
        self._start_breaks()
        self.refresh()

    def _start_breaks(self) -> None:
        from companion.core.journal import Journal
        from companion.platform import fullscreen, idle
        from companion.ui.break_controller import BreakController

        self.seed_breaks()
        self.breaks = BreakController(
            self.clock, self.settings, self.tickets.schedule, self.break_library,
            Journal(self.clock, lambda: self.tickets.schedule.tz), self.notifier,
            idle=self._idle_monitor or idle.detect(), fullscreen=self._fullscreen_probe or fullscreen.detect(),
            overdue=self.tickets.overdue_count, check_clock=self.scheduler.check_clock, parent=self)
        self.breaks.changed.connect(self._update_tray)
        self.scheduler.slept.connect(self.breaks.slept)
        self.breaks.start()

    def stop(self) -> None:
        if self.breaks is not None:
            self.breaks.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.poller is not None:
            self.poller.stop()
        self.minute.stop()
        if self.tray is not None:
            self.tray.hide()

    # -- windows (built on first use: keeps start-up fast and idle memory low) -----------------
    @property
    def main(self):
        if self._main is None:
            from companion.ui.main_window import MainWindow

            self._main = MainWindow(self.tickets, self.actions, quit_on_close=self.tray is None)
            self._main.new_ticket_requested.connect(self.new_ticket)
            self._main.edit_requested.connect(self.edit_ticket)
            self._main.settings_requested.connect(self.open_settings)
            self._main.find_reply_requested.connect(lambda: self.show_palette(self._main.current_id()))
            self._main.tough_requested.connect(lambda tid: self.tough_conversation(tid))
            self._main.wellbeing_requested.connect(self.show_wellbeing)
            self._main.set_reply_menu(self._reply_menu(self._main))
        return self._main

    @property
    def popup(self):
        if self._popup is None:
            from companion.ui.reminder_popup import ReminderPopup

            self._popup = ReminderPopup(self.actions, replies=self.replies)
            self._popup.open_main.connect(self.show_main)
        return self._popup

    def show_main(self) -> None:
        built = self._main is None
        window = self.main
        if not built:  # a window just built has just read the list
            window.refresh()
        window.show()
        window.setWindowState(window.windowState() & ~window.windowState().WindowMinimized)
        window.raise_()
        window.activateWindow()

    def show_popup(self) -> None:
        self._fill_popup()
        self.popup.present(self.tray.icon.geometry() if self.tray is not None else None)

    def on_tray_click(self) -> None:
        if self.reminders.pending_now():
            self.show_popup()
        else:
            self.show_main()

    def handle_message(self, message: bytes) -> None:
        """Another `companion` process asked us to show ourselves, or to hold a copied reply on
        the clipboard (a process that exits cannot keep it there on X11/Wayland)."""
        from companion.platform.single_instance import parse_copy_request

        if message == b"show":
            self.show_main()
        elif (request := parse_copy_request(message)) is not None:
            text, rich, name = request
            self.replies.clipboard.copy(text, rich)  # the CLI counts the use; the change watcher sees it
            self._copied(self.tr("Copied: {name}").format(name=name))
        elif message.startswith(b"copy "):
            log.warning("ignored a malformed copy request")

    # -- replies -------------------------------------------------------------------------------
    @property
    def replies(self):
        if self._replies is None:
            from companion.core.reply_library import ReplyLibrary
            from companion.platform.clipboard import QtClipboard
            from companion.ui.reply_actions import ReplyActions

            self._replies = ReplyActions(
                ReplyLibrary(self.clock), self.tickets, self.settings, self.clock, self._clipboard or QtClipboard(),
                context=self.context_ticket_id,
                mark_updated=lambda tid, parent, slug: self.actions.mark_updated(tid, parent, ask=False,
                                                                                template=slug),
                parent=self)
            self._replies.copied.connect(self._copied)
        return self._replies

    @property
    def library(self):
        return self.replies.library

    def _reply_menu(self, parent=None):
        from companion.ui.reply_menu import ReplyMenu

        menu = ReplyMenu(lambda: self.replies, parent)
        menu.find_requested.connect(lambda: self.show_palette())
        menu.edit_requested.connect(self.open_reply_editor)
        return menu

    def seed_replies(self) -> None:
        """The shipped library, once per data file."""
        path = replies_path()
        try:
            from companion.core.reply_library import ReplyLibrary

            if ReplyLibrary(self.clock).seeded():
                return
            data = json.loads(path.read_text(encoding="utf-8"))
            if ReplyLibrary(self.clock).seed(data) and self._replies is not None:
                self._replies.invalidate()
        except (OSError, ValueError) as exc:
            log.error("could not load the shipped replies from %s: %s", path, exc)

    @property
    def break_library(self):
        from companion.core.break_library import BreakLibrary

        return BreakLibrary()

    def seed_breaks(self) -> None:
        """The shipped break kinds and their suggestions, once per data file."""
        from companion.resources import breaks_path

        path = breaks_path()
        try:
            library = self.break_library
            if not library.seeded():
                library.seed(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            log.error("could not load the shipped break kinds from %s: %s", path, exc)

    HANDOFF_REPLY = "handoff-to-colleague"

    def copy_handoff(self, ticket_id: int | None) -> None:
        """The ticket dialog's "Copy hand-off reply" when a day is over capacity: the shipped
        hand-off reply, else the first reply of the hand-off category, else the palette."""
        replies = self.replies.replies()
        reply = next((r for r in replies if r.slug == self.HANDOFF_REPLY), None) or \
            next((r for r in replies if r.slug.startswith("handoff")), None)
        if reply is None:
            self.show_palette(ticket_id)
            return
        self.replies.copy(reply.id, ticket_id, QApplication.activeWindow(), use_context=False)

    def take_break(self) -> None:
        if self.breaks is not None:
            self.breaks.take_now()

    def set_dnd(self, on: bool) -> None:
        if self.breaks is not None:
            self.breaks.set_dnd(on)
        else:
            self.settings.set("do_not_disturb", bool(on))
        self._update_tray()

    def show_wellbeing(self) -> None:
        if self._wellbeing is None:
            from companion.core.stats import Stats
            from companion.ui.wellbeing_window import WellbeingWindow

            stats = Stats(self.clock, lambda: self.tickets.schedule.tz)
            self._wellbeing = WellbeingWindow(stats, stats.today)
        elif not self._wellbeing.isVisible():
            self._wellbeing.go_today()  # opened again another day: today, not the day it was left on
        self._wellbeing.refresh()
        self._wellbeing.show()
        self._wellbeing.raise_()
        self._wellbeing.activateWindow()

    def tough_conversation(self, ticket_id: int | None = None, automatic: bool = False) -> None:
        """A minute of guided breathing after a hard conversation; logged when it closes."""
        from companion.core.journal import Journal
        from companion.resources import breaks_path
        from companion.ui.break_controller import ui_language
        from companion.ui.breathing import BreathingWindow

        if self._breathing is not None and self._breathing.isVisible():
            self._breathing.raise_()
            self._breathing.activateWindow()
            return
        try:
            texts = json.loads(breaks_path().read_text(encoding="utf-8")).get("tough", {})
        except (OSError, ValueError):
            texts = {}
        window = BreathingWindow(self.clock, texts, ui_language(self.settings), self.settings.get("tough_seconds"))
        journal = Journal(self.clock, lambda: self.tickets.schedule.tz)

        def log_it(seconds: int, completed: bool) -> None:
            try:
                journal.tough(ticket_id, seconds, completed, automatic)
            except Exception:  # noqa: BLE001 - a slot must not take the event loop down
                log.exception("could not log a tough conversation")

        window.finished.connect(log_it)
        self._breathing = window
        window.show()
        window.raise_()
        window.activateWindow()

    def _after_update(self, ticket_id: int) -> None:
        if not self.settings.get("tough_after_difficult"):
            return
        try:
            difficult = self.tickets.get(ticket_id).difficult
        except Exception:  # noqa: BLE001 - deleted meanwhile
            return
        if difficult:
            self.tough_conversation(ticket_id, automatic=True)

    def context_ticket_id(self) -> int | None:
        """The ticket a reply is for: the one selected in the open window, else the most
        pressing one due now."""
        if self._main is not None and self._main.isVisible() and self._main.current_id() is not None:
            return self._main.current_id()
        due = self.reminders.pending_now()
        return due[0].ticket_id if due else None

    @property
    def palette(self):
        if self._palette is None:
            from companion.ui.reply_palette import ReplyPalette

            self._palette = ReplyPalette(self.replies)
        return self._palette

    def show_palette(self, ticket_id: int | None = None) -> None:
        self.palette.open_for(ticket_id if ticket_id is not None else self.context_ticket_id())

    def open_reply_editor(self) -> None:
        if self._editor is None:
            from companion.ui.reply_editor import ReplyEditor

            self._editor = ReplyEditor(self.replies)
        self._editor.open_for(self.context_ticket_id())

    def _copied(self, text: str) -> None:
        from companion.ui.toast import Toast

        self.last_toast = text
        if self._toast is None:
            self._toast = Toast()
        self._toast.show_text(text)
        if self._main is not None and self._main.isVisible():
            self._main.statusBar().showMessage(text, 4000)

    def _popup_notice(self, notice: Notice) -> None:
        self.show_popup()

    def _fill_popup(self) -> None:
        self.popup.set_items(self.reminders.pending_now(), self.clock.now(), self.tickets.schedule.tz)

    # -- dialogs -------------------------------------------------------------------------------
    def _dialog_parent(self):
        return self._main if self._main is not None and self._main.isVisible() else None

    def new_ticket(self) -> None:
        from companion.ui.ticket_dialog import TicketDialog

        dialog = TicketDialog(self.tickets, default_cadence=self.settings.get("default_cadence"),
                              parent=self._dialog_parent(), workload=self.workload, handoff=self.copy_handoff)
        if dialog.exec() and dialog.saved is not None:
            self.on_local_change()
            if self._main is not None:
                self._main.select_ticket(dialog.saved.id)

    def edit_ticket(self, ticket_id: int) -> None:
        from companion.ui.ticket_dialog import TicketDialog

        dialog = TicketDialog(self.tickets, self.tickets.get(ticket_id), parent=self._dialog_parent(),
                              workload=self.workload, handoff=self.copy_handoff)
        if dialog.exec():
            self.on_local_change()

    def open_settings(self) -> None:
        from companion.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, parent=self._dialog_parent(), replies=self.replies.replies(),
                                breaks=self.break_library)
        if dialog.exec():
            self.apply_settings()
            self.replies.language_changed.emit(self.replies.language())

    def apply_settings(self) -> None:
        self.tickets.update_lead = self.settings.update_lead()
        schedule = self.settings.schedule()
        if schedule != self.tickets.schedule:
            self.tickets.reschedule_all(schedule)
        if self.breaks is not None:
            self.breaks.reload(schedule)
        self.on_local_change()

    def pause(self, how: str) -> None:
        now = self.clock.now()
        until = {"1h": now + timedelta(hours=1),
                 "tomorrow": self.tickets.schedule.next_shift_start(now)}.get(how)
        self.settings.set("reminders_paused_until", until)
        if self.breaks is not None:
            self.breaks.reload()
        self.on_local_change()

    # -- reacting to change --------------------------------------------------------------------
    def on_local_change(self) -> None:
        if self.controller is not None:
            self.controller.run()
        self.refresh()

    def on_external_change(self) -> None:
        """The CLI (or another process) changed the data: pick up settings and re-plan."""
        if self._replies is not None:
            self.replies.refresh_if_changed()
        self.tickets.update_lead = self.settings.update_lead()
        schedule = self.settings.schedule()
        if schedule != self.tickets.schedule:
            self.tickets.schedule = schedule
        if self.breaks is not None:
            self.breaks.reload(schedule)
        self.on_local_change()

    def refresh(self) -> None:
        """The data changed: reload what is on screen."""
        self._update_tray()
        if self._main is not None and self._main.isVisible():
            self._main.refresh()
        if self._popup is not None and self._popup.isVisible():
            self._fill_popup()

    def tick(self) -> None:
        """A minute passed: overdue colouring and "in 5 min" texts move on; nothing is re-read
        from the list (a reload costs ~0.25 s at 100,000 tickets)."""
        if self.breaks is not None:
            self.breaks.sample()
            self._ticks += 1
            if self._ticks % 5 == 0:
                self.breaks.save_seen()
        self._update_tray(reload=False)
        if self._main is not None and self._main.isVisible():
            self._main.model.refresh_time()
        if self._popup is not None and self._popup.isVisible():
            self._fill_popup()

    def _update_tray(self, reload: bool = True) -> None:
        # The badge counts what the reminder popup lists: reminded of, not dealt with, not snoozed.
        overdue = len(self.reminders.pending_now())
        paused_until = self.settings.paused_until()
        now = self.clock.now()
        paused = paused_until is not None and paused_until > now
        if self.tray is not None:
            text = self.tr("Reminders and breaks paused until {when}").format(
                when=fmt.when(paused_until, now, self.tickets.schedule.tz)) if paused else ""
            self.tray.set_state(overdue, paused, text, self._tray_details(reload))
            self.tray.set_dnd(bool(self.settings.get("do_not_disturb")))

    def _tray_details(self, reload: bool = True) -> list[str]:
        lines = []
        try:
            load = self._load
            # The load changes with the data (reload) or with the date, not with every minute.
            if reload or load is None or load.day != self.clock.now().astimezone(self.tickets.schedule.tz).date():
                load = self._load = self.workload.today()
            lines.append(self.tr("Today: {u} of {cu} updates, {t} of {ct} active tickets").format(
                u=load.updates, cu=load.capacity_updates, t=load.tickets, ct=load.capacity_tickets))
        except Exception:  # noqa: BLE001 - a tooltip must never break the tick
            log.exception("could not compute today's load")
        if self.breaks is not None:
            lines.append(self.breaks.status_text())
        if self.settings.get("do_not_disturb"):
            lines.append(self.tr("Do not disturb: breaks are held"))
        return lines

    @property
    def workload(self):
        from companion.core.workload import Workload

        return Workload(self.tickets, lambda: (self.settings.get("capacity_tickets"),
                                               self.settings.get("capacity_updates")))

