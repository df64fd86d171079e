"""The ui shell: the tray, the windows and the dialogs, built on first use (start-up stays quick
and idle memory low). It reads the runtime's services, sends it commands and redraws on its
signals; what is due, planned or paused is decided in the runtime and core, never here."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect
from PySide6.QtWidgets import QApplication, QWidget

from companion import language
from companion.runtime.runtime import Runtime, TrayState
from companion.ui import theme
from companion.ui.icons import app_icon
from companion.ui.ticket_actions import TicketActions

if TYPE_CHECKING:
    from companion.core.breaks import BreakOffer
    from companion.platform.autostart import Autostart
    from companion.platform.clipboard import Clipboard
    from companion.platform.notifications import Notice
    from companion.platform.paste import PasteBack
    from companion.ui.break_window import BreakScreens
    from companion.ui.breathing import BreathingWindow
    from companion.ui.main_window import MainWindow
    from companion.ui.paste_back import ReplyHotkey
    from companion.ui.reminder_popup import ReminderPopup
    from companion.ui.reply_actions import ReplyActions
    from companion.ui.reply_editor import ReplyEditor
    from companion.ui.reply_menu import ReplyMenu
    from companion.ui.reply_palette import ReplyPalette
    from companion.ui.toast import Toast
    from companion.ui.tray import Tray
    from companion.ui.welcome import WelcomeDialog
    from companion.ui.wellbeing_window import WellbeingWindow

log = logging.getLogger(__name__)

class Shell(QObject):
    def __init__(self, runtime: Runtime, use_tray: bool, no_tray_reason: str = "",
                 clipboard: Clipboard | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.runtime = runtime
        self.actions = TicketActions(runtime.tickets, lambda: runtime.settings.get("snooze_minutes"), self)
        self.actions.changed.connect(runtime.on_local_change)
        self.actions.updated.connect(runtime.after_update)
        self._clipboard = clipboard
        self.no_tray_reason = no_tray_reason
        self.last_toast = ""
        self.login: Autostart | None = None  # where autostart is set up (None: this OS's way)
        self.welcome: WelcomeDialog | None = None  # while the first-start welcome is open
        # Built on first use; None until then (see windows()).
        self._replies: ReplyActions | None = None
        self._main: MainWindow | None = None
        self._popup: ReminderPopup | None = None
        self._palette: ReplyPalette | None = None
        self.editor: ReplyEditor | None = None
        self.toast: Toast | None = None
        self.paste_back: ReplyHotkey | None = None  # the global reply hotkey (start_paste_back)
        self.tray_replies: ReplyMenu | None = None
        self.wellbeing: WellbeingWindow | None = None
        self.breathing: BreathingWindow | None = None
        self.break_screens: BreakScreens | None = None
        QApplication.setWindowIcon(app_icon())
        theme.apply()  # light or dark as the system says; no stock icons on dialog buttons
        self.tray: Tray | None = None
        if use_tray:
            self._build_tray()
        runtime.changed.connect(self.refresh)
        runtime.changed_elsewhere.connect(self.data_changed_elsewhere)
        runtime.ticked.connect(self.tick)
        runtime.breaks_changed.connect(self.update_tray)
        runtime.break_offer.connect(self._show_break)
        runtime.break_ended.connect(self._close_break)
        runtime.breathing_wanted.connect(self.tough_conversation)
        runtime.team.changed.connect(self._team_changed)  # offers came, went or were answered

    def _build_tray(self) -> None:
        from companion.ui.tray import Tray

        tray = self.tray = Tray(self)
        tray.activated.connect(self.on_tray_click)
        tray.open_tickets.connect(self.show_main)
        tray.show_due.connect(self.show_popup)
        tray.new_ticket.connect(self.new_ticket)
        tray.pause.connect(self.runtime.pause)
        tray.settings.connect(self.open_settings)
        tray.quit.connect(QApplication.quit)
        tray.message_clicked.connect(self.show_popup)
        tray.find_reply.connect(lambda: self.show_palette())
        tray.take_break.connect(self.runtime.take_break)
        tray.do_not_disturb.connect(self.runtime.set_dnd)
        tray.wellbeing.connect(self.show_wellbeing)
        tray.set_replies_menu(menu := self._reply_menu())
        self.tray_replies = menu  # the tray's Replies ▸ (it may paste, see start_paste_back)

    def tray_icon(self):
        """For the tray balloon backend: the icon, while there is one."""
        return self.tray.icon if self.tray is not None else None

    def show_first(self) -> None:
        """The tray icon, or without a tray the main window saying why."""
        if self.tray is not None:
            self.tray.show()
            return
        self.show_main()
        self.main.show_notice(self.tr("No system tray here ({why}). Support Companion stays in this "
                                      "window; closing it quits.").format(why=self.no_tray_reason))

    def show_welcome(self) -> None:
        """The welcome: on the very first start (it asks, among the rest, whether to start at
        login), and again from Settings. Not modal, so the start goes on behind it; Finish saves
        and opens the list, Skip leaves everything as it was."""
        from companion.ui.welcome import WelcomeDialog

        if self.welcome is not None:
            _present(self.welcome)
            return
        runtime = self.runtime
        today = runtime.clock.now().astimezone(runtime.schedule.current.tz).date()
        dialog = self.welcome = WelcomeDialog(runtime.settings, today, self.login)

        def done(result: int) -> None:
            self.welcome = None
            if result == WelcomeDialog.DialogCode.Accepted:
                self.login = dialog.login
                self.settings_saved()
                self.show_main()
            dialog.deleteLater()

        dialog.finished.connect(done)
        _present(dialog)

    # The first start used to ask only this; the welcome asks it now (companion.app calls it so).
    offer_autostart = show_welcome

    def hide(self) -> None:
        if self.tray is not None:
            self.tray.hide()

    def windows(self) -> list[QWidget]:
        """The windows built so far (to close them at exit or after a test)."""
        built: list[QWidget | None] = [self._main, self._popup, self._palette, self.editor, self.toast,
                                       self.wellbeing, self.breathing, self.welcome]
        return [w for w in built if w is not None]

    # -- windows -------------------------------------------------------------------------------
    @property
    def main(self):
        if self._main is None:
            from companion.ui.main_window import MainWindow

            self._main = MainWindow(self.runtime.tickets, self.actions, quit_on_close=self.tray is None)
            self._main.new_ticket_requested.connect(self.new_ticket)
            self._main.new_ticket_with_link.connect(lambda url: self.new_ticket(url))
            self._main.edit_requested.connect(self.edit_ticket)
            self._main.settings_requested.connect(self.open_settings)
            self._main.find_reply_requested.connect(lambda: self.show_palette(self._main.current_id()))
            self._main.tough_requested.connect(lambda tid: self.tough_conversation(tid))
            self._main.wellbeing_requested.connect(self.show_wellbeing)
            self._main.set_reply_menu(self._reply_menu(self._main))
        return self._main

    def main_built(self) -> bool:
        return self._main is not None

    def forget_main(self) -> None:
        """Drop the main window (it is built again, and reads the list once, on next use)."""
        if self._main is not None:
            self._main.close()
        self._main = None

    @property
    def popup(self):
        if self._popup is None:
            from companion.ui.reminder_popup import ReminderPopup

            self._popup = ReminderPopup(self.actions, replies=self.replies, team=self.runtime.team)
            self._popup.open_main.connect(self.show_main)
        return self._popup

    def show_main(self) -> None:
        built = self._main is None
        window = self.main
        if not built:  # a window just built has just read the list
            window.refresh()
        _present(window)

    def show_popup(self) -> None:
        self._fill_popup()
        self.popup.present(self.tray.icon.geometry() if self.tray is not None else None)

    def popup_notice(self, _notice: Notice) -> None:
        """The last notification backend: the popup itself."""
        self.show_popup()

    def on_tray_click(self) -> None:
        """The popup when something waits for an answer (due updates, offers to me), else the list."""
        if self.runtime.pending_now() or self.runtime.team.incoming():
            self.show_popup()
        else:
            self.show_main()

    def _team_changed(self) -> None:
        if self._popup is not None and self._popup.isVisible():
            self._fill_popup()

    def _fill_popup(self) -> None:
        self.popup.set_offers(self.runtime.team.incoming())
        self.popup.set_items(self.runtime.pending_now(), self.runtime.clock.now(), self.runtime.schedule.current.tz)

    def show_wellbeing(self) -> None:
        window = self.wellbeing
        if window is None:
            from companion.core.stats import Stats
            from companion.ui.wellbeing_window import WellbeingWindow

            stats = Stats(self.runtime.clock, self.runtime.schedule.tz)
            window = self.wellbeing = WellbeingWindow(stats, stats.today)
        elif not window.isVisible():
            window.go_today()  # opened again another day: today, not the day it was left on
        window.refresh()
        _present(window)

    def tough_conversation(self, ticket_id: int | None = None, automatic: bool = False) -> None:
        """A minute of guided breathing after a hard conversation; logged when it closes."""
        from companion.core.journal import Journal
        from companion.ui.breathing import BreathingWindow

        if self.breathing is not None and self.breathing.isVisible():
            _present(self.breathing)
            return
        runtime = self.runtime
        window = BreathingWindow(runtime.clock, runtime.tough_texts, language.of_settings(runtime.settings),
                                 runtime.settings.get("tough_seconds"))
        journal = Journal(runtime.clock, runtime.schedule.tz)

        def log_it(seconds: int, completed: bool) -> None:
            try:
                journal.tough(ticket_id, seconds, completed, automatic)
            except Exception:  # a slot must not take the event loop down
                log.exception("could not log a tough conversation")

        window.finished.connect(log_it)
        self.breathing = window
        _present(window)

    def _show_break(self, offer: BreakOffer, lang: str, postpone_seconds: int) -> None:
        screens = self.break_screens
        if screens is None:
            from companion.ui.break_window import BreakScreens

            screens = self.break_screens = BreakScreens(self.runtime.clock)
            screens.postpone_requested.connect(self.runtime.postpone_break)
            screens.skip_requested.connect(self.runtime.skip_break)
            screens.finish_requested.connect(self.runtime.finish_break)
        screens.show_offer(offer, lang, postpone_seconds)

    def _close_break(self) -> None:
        if self.break_screens is not None:
            self.break_screens.close_all()

    # -- replies -------------------------------------------------------------------------------
    @property
    def replies(self):
        if self._replies is None:
            from companion.core.reply_library import ReplyLibrary
            from companion.platform.clipboard import QtClipboard
            from companion.ui.reply_actions import ReplyActions

            runtime = self.runtime
            self._replies = ReplyActions(
                ReplyLibrary(runtime.clock), runtime.tickets, runtime.settings, runtime.clock,
                self._clipboard or QtClipboard(), context=self.context_ticket_id,
                mark_updated=lambda tid, parent, slug: self.actions.mark_updated(tid, parent, ask=False,
                                                                                template=slug),
                parent=self)
            self._replies.copied.connect(self.copied)
        return self._replies

    def _reply_menu(self, parent=None):
        from companion.ui.reply_menu import ReplyMenu

        menu = ReplyMenu(lambda: self.replies, parent)
        menu.find_requested.connect(lambda: self.show_palette())
        menu.edit_requested.connect(self.open_reply_editor)
        return menu

    def context_ticket_id(self) -> int | None:
        """The ticket a reply is for: the one selected in the open window, else the most
        pressing one due now."""
        if self._main is not None and self._main.isVisible() and self._main.current_id() is not None:
            return self._main.current_id()
        due = self.runtime.pending_now()
        return due[0].ticket_id if due else None

    @property
    def palette(self):
        if self._palette is None:
            from companion.ui.reply_palette import ReplyPalette

            self._palette = ReplyPalette(self.replies)
        return self._palette

    def show_palette(self, ticket_id: int | None = None) -> None:
        self.palette.open_for(ticket_id if ticket_id is not None else self.context_ticket_id())

    def start_paste_back(self, backend: PasteBack) -> None:
        """The global reply hotkey and paste-back (ui/paste_back.py) on `backend`."""
        from companion.ui.paste_back import ReplyHotkey

        def open_palette(ticket_id: int | None, note: str, paste: bool, anchor: QRect) -> ReplyPalette:
            if note or paste:
                self.palette.open_over(ticket_id, note, paste, anchor)
            else:  # over our own window: as Ctrl+K
                self.palette.open_for(ticket_id if ticket_id is not None else self.context_ticket_id(), anchor)
            return self.palette

        hotkey = self.paste_back = ReplyHotkey(backend, self.runtime.settings, self.runtime.tickets, open_palette,
                                               self.copied, self)
        if self.tray_replies is not None:
            self.tray_replies.aboutToShow.connect(hotkey.remember_target)
            self.tray_replies.copied.connect(hotkey.tray_copied)
        hotkey.apply_settings()

    def open_reply_editor(self) -> None:
        editor = self.editor
        if editor is None:
            from companion.ui.reply_editor import ReplyEditor

            editor = self.editor = ReplyEditor(self.replies, team=self.runtime.team)
        editor.open_for(self.context_ticket_id())

    def copy_handoff(self, ticket_id: int | None) -> None:
        """The ticket dialog's "Copy hand-off reply" when a day is over capacity (or the palette,
        when the library has no hand-off reply)."""
        from companion.core.reply_library import handoff_reply

        reply = handoff_reply(self.replies.replies())
        if reply is None:
            self.show_palette(ticket_id)
            return
        self.replies.copy(reply.id, ticket_id, QApplication.activeWindow(), use_context=False)

    def copy_requested(self, text: str, rich: str | None, name: str) -> None:
        """Another process asked us to hold a copied reply on the clipboard (a process that exits
        cannot keep it there on X11/Wayland); the CLI has counted the use."""
        self.replies.clipboard.copy(text, rich)
        self.copied(self.tr("Copied: {name}").format(name=name))

    def copied(self, text: str) -> None:
        from companion.ui.toast import Toast

        self.last_toast = text
        toast = self.toast
        if toast is None:
            toast = self.toast = Toast()
        toast.show_text(text)
        if self._main is not None and self._main.isVisible():
            self._main.statusBar().showMessage(text, 4000)

    # -- dialogs -------------------------------------------------------------------------------
    def _dialog_parent(self):
        return self._main if self._main is not None and self._main.isVisible() else None

    def new_ticket(self, url: str = "") -> None:
        """The new-ticket dialog; a pasted ticket link comes in already filled (its key follows)."""
        from companion.ui.ticket_dialog import TicketDialog

        dialog = TicketDialog(self.runtime.tickets, default_cadence=self.runtime.settings.get("default_cadence"),
                              parent=self._dialog_parent(), workload=self.runtime.workload,
                              handoff=self.copy_handoff, team=self.runtime.team)
        if url:
            dialog.url.setText(url)
        if dialog.exec() and dialog.saved is not None:
            self.runtime.on_local_change()
            if self._main is not None:
                self._main.select_ticket(dialog.saved.id)

    def edit_ticket(self, ticket_id: int) -> None:
        from companion.ui.ticket_dialog import TicketDialog

        dialog = TicketDialog(self.runtime.tickets, self.runtime.tickets.get(ticket_id),
                              parent=self._dialog_parent(), workload=self.runtime.workload,
                              handoff=self.copy_handoff, team=self.runtime.team)
        if dialog.exec():
            self.runtime.on_local_change()

    def open_settings(self) -> None:
        from companion.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.runtime.settings, parent=self._dialog_parent(),
                                replies=self.replies.replies(), breaks=self.runtime.break_library, login=self.login,
                                paste_problem=self.paste_back.problem if self.paste_back is not None else "",
                                team=self.runtime.team)
        dialog.welcome_requested.connect(self._welcome_from_settings)
        if dialog.exec():
            self.login = dialog.login
            self.settings_saved()

    def _welcome_from_settings(self) -> None:
        """Settings → General → "Show the welcome again": after the dialog has closed, so that the
        two never edit the same settings at once (the dialog is closed without saving)."""
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self.show_welcome)

    def settings_saved(self) -> None:
        """The settings were saved here (Settings or the welcome): due times follow a new schedule,
        reply menus the reply language."""
        self.runtime.apply_settings()
        self.replies.language_changed.emit(self.replies.language())
        if self.paste_back is not None:
            self.paste_back.apply_settings()

    # -- redrawing -----------------------------------------------------------------------------
    def data_changed_elsewhere(self) -> None:
        if self._replies is not None:
            self._replies.refresh_if_changed()

    def refresh(self) -> None:
        """The data changed: reload what is on screen."""
        self.update_tray()
        if self._main is not None and self._main.isVisible():
            self._main.refresh()
        if self._popup is not None and self._popup.isVisible():
            self._fill_popup()

    def tick(self) -> None:
        """A minute passed: overdue colouring and "in 5 min" texts move on (nothing re-read)."""
        self.update_tray(reload=False)
        if self._main is not None and self._main.isVisible():
            self._main.model.refresh_time()
        if self._popup is not None and self._popup.isVisible():
            self._fill_popup()

    def update_tray(self, reload: bool = True) -> None:
        if self.tray is not None:
            self.show_tray_state(self.runtime.tray_state(reload))

    def show_tray_state(self, state: TrayState) -> None:
        if self.tray is not None:
            self.tray.set_state(state.due, state.paused, state.pause_text, list(state.details))
            self.tray.set_dnd(state.dnd)


def _present(window: QWidget) -> None:
    window.show()
    window.setWindowState(window.windowState() & ~window.windowState().WindowMinimized)
    window.raise_()
    window.activateWindow()
