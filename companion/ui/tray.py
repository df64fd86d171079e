"""The tray icon and its menu.

Each entry of the menu carries an icon of the app's one set (theme.symbol), re-tinted when the
system switches between light and dark. What the entries do is not decided here: they only emit."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from companion.ui import theme
from companion.ui.icons import badge_icon


class Tray(QObject):
    """Shows the badge and the menu; it only emits signals, the app decides what they do."""

    activated = Signal()  # left click
    open_tickets = Signal()
    show_due = Signal()
    new_ticket = Signal()
    pause = Signal(str)  # "1h" | "tomorrow" | "resume"
    settings = Signal()
    quit = Signal()
    message_clicked = Signal()
    find_reply = Signal()
    take_break = Signal()
    do_not_disturb = Signal(bool)
    wellbeing = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.due_action = self.menu.addAction(self.tr("Updates due…"), self.show_due.emit)
        open_action = self.menu.addAction(self.tr("Open tickets"), self.open_tickets.emit)
        new_action = self.menu.addAction(self.tr("New ticket…"), self.new_ticket.emit)
        self.replies_separator = self.menu.addSeparator()
        self.find_reply_action = self.menu.addAction(self.tr("Find reply…"), self.find_reply.emit)
        self.menu.addSeparator()
        self.break_action = self.menu.addAction(self.tr("Take a break now"), self.take_break.emit)
        self.dnd_action = self.menu.addAction(self.tr("Do not disturb (hold breaks)"))
        self.dnd_action.setCheckable(True)
        self.dnd_action.toggled.connect(self.do_not_disturb.emit)
        wellbeing_action = self.menu.addAction(self.tr("Wellbeing…"), self.wellbeing.emit)
        self.pause_menu = self.menu.addMenu(self.tr("Pause everything"))
        hour_action = self.pause_menu.addAction(self.tr("For 1 hour"), lambda: self.pause.emit("1h"))
        tomorrow_action = self.pause_menu.addAction(self.tr("Until tomorrow"), lambda: self.pause.emit("tomorrow"))
        self.resume_action = self.pause_menu.addAction(self.tr("Resume now"), lambda: self.pause.emit("resume"))
        self.menu.addSeparator()
        settings_action = self.menu.addAction(self.tr("Settings…"), self.settings.emit)
        quit_action = self.menu.addAction(self.tr("Quit"), self.quit.emit)
        # The symbol of each entry, by the app's word for it (theme.SYMBOLS); the Replies submenu
        # brings its own. "Do not disturb" has none: it is a check box, and with an icon most
        # styles (Fusion, Windows) show "on" only as a faint frame around the icon, not a tick.
        self.symbols = {self.due_action: "bell", open_action: "list", new_action: "new",
                        self.find_reply_action: "find", self.break_action: "break",
                        wellbeing_action: "wellbeing", self.pause_menu.menuAction(): "pause",
                        hour_action: "pause", tomorrow_action: "calendar", self.resume_action: "resume",
                        settings_action: "settings", quit_action: "quit"}
        self.apply_icons()
        theme.notifier().changed.connect(self.apply_icons)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.message_clicked.emit)
        self.count = -1
        self.paused = False
        self.set_state(0, False, "")

    def apply_icons(self) -> None:
        """Set (or re-tint, after a switch between light and dark) the menu's icons."""
        for action, name in self.symbols.items():
            action.setIcon(theme.symbol(name))

    def set_replies_menu(self, menu: QMenu) -> None:
        """The "Replies ▸" submenu goes just above "Find reply…"."""
        self.replies_menu = menu
        self.menu.insertMenu(self.find_reply_action, menu)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.activated.emit()

    def set_dnd(self, on: bool) -> None:
        """Reflect the setting without emitting (it may have been changed elsewhere)."""
        if self.dnd_action.isChecked() != on:
            self.dnd_action.blockSignals(True)
            self.dnd_action.setChecked(on)
            self.dnd_action.blockSignals(False)

    def set_state(self, overdue: int, paused: bool, pause_text: str, details: Sequence[str] = ()) -> None:
        if (overdue, paused) != (self.count, self.paused):
            self.icon.setIcon(badge_icon(overdue, paused))
            self.count, self.paused = overdue, paused
        tip = [self.tr("Support Companion")]
        tip.append(self.tr("Client updates to make now: {n}").format(n=overdue) if overdue
                   else self.tr("Nothing due now"))
        tip.extend(line for line in details if line)
        if paused:
            tip.append(pause_text)
        self.icon.setToolTip("\n".join(tip))
        self.due_action.setText(self.tr("Updates due ({n})…").format(n=overdue) if overdue else self.tr("Updates due…"))
        self.resume_action.setEnabled(paused)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()
