"""Backends that need no notification server: the tray icon's balloon and the in-app last
resort. Neither can take a notice back; a newer one simply comes after it, and neither can tell
whether the agent saw it: showMessage returns nothing, and a window may sit behind another."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from companion.platform.notifications.base import Handle, Notice, NotificationError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon


class TrayBackend:
    """QSystemTrayIcon.showMessage: works wherever the tray does (Windows balloons, macOS, KDE…).
    A balloon cannot be replaced or closed: a newer one simply takes its place. showMessage
    returns nothing and fails silently (on Linux it goes to the same notification server as the
    freedesktop backend), so the in-app popup follows each balloon."""

    name = "tray"
    confirms = False
    follows_unconfirmed = False

    def __init__(self, tray_icon_getter: Callable[[], QSystemTrayIcon | None]):
        self._get = tray_icon_getter

    def available(self) -> bool:
        icon = self._get()
        return icon is not None and icon.isVisible() and icon.supportsMessages()

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
        icon = self._get()
        if icon is None or not icon.isVisible():
            raise NotificationError("no visible tray icon")
        icon.showMessage(notice.title, notice.body, icon.icon(), 30000)


class CallbackBackend:
    """The last resort: an in-app window (the reminder popup). Always available. Nothing to take
    back: the window lists what is due itself. By default it also follows every notice a backend
    that cannot tell whether it showed it has taken (`follows`)."""

    confirms = False  # a window may open behind another; nothing after it could do better

    def __init__(self, name: str, callback: Callable[[Notice], None], follows: bool = True):
        self.name = name
        self.follows_unconfirmed = follows
        self._callback = callback

    def available(self) -> bool:
        return True

    def send(self, notice: Notice, replaces: Handle | None = None) -> None:
        self._callback(notice)

