"""Where a window opens and how big: the size it asks for, bounded by the screen it opens on, and
the geometry the agent last gave it.

Everything is measured against the screen's *available* geometry, which leaves out the panels and
the taskbar: a window inside it never covers the tray. At 1.5× on a 1366×768 laptop that is about
910×480 logical pixels, so a preferred size is a wish, not a promise; a layout that still does not
fit must scroll (the caller's business), never be clipped.

Geometry is remembered per window in an INI file in the user's config folder, not in the data
file: it belongs to this desktop, not to the agent's tickets, and the ui does not touch the
database. A remembered geometry is only trusted while it fits the current screen; after a move to
a smaller monitor or a scale change the window is fitted again.

This module does not decide the preferred sizes (each window does) nor when to save (each window
does, when it hides).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QMargins, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

MARGIN = 16  # logical pixels of air between a fitted window's frame and the screen's edge
# The window manager draws the title bar and border outside the geometry we set, and before the
# first show nobody knows how thick it is: a typical desktop's, in logical pixels.
FRAME = QMargins(4, 36, 4, 4)
FILE_NAME = "windows.ini"


def settings_path() -> Path:
    """$XDG_CONFIG_HOME/support-companion/windows.ini (or the OS's own config folder), read on
    every call so that a test's private config folder is honoured."""
    return Path(platformdirs.user_config_dir("support-companion", appauthor=False)) / FILE_NAME


def _store() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def screen_for(window: QWidget, near: QRect | None = None) -> QScreen | None:
    """The screen the window is on (or will open on): its own once shown, else the one of `near`
    (the tray icon, say), else its parent's, else the one under the mouse, where the agent is looking."""
    if window.isVisible():
        return window.screen()
    if near is not None and near.isValid() and (screen := QGuiApplication.screenAt(near.center())) is not None:
        return screen
    parent = window.parentWidget()
    if parent is not None and parent.isVisible():
        return parent.window().screen()
    return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def available(window: QWidget, near: QRect | None = None) -> QRect:
    screen = screen_for(window, near)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def frame_margins(window: QWidget) -> QMargins:
    """The frame around the window: measured once it is shown (when there is one), else FRAME."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        measured = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                            frame.right() - inner.right(), frame.bottom() - inner.bottom())
        if not measured.isNull():
            return measured
    return FRAME


def room(window: QWidget, near: QRect | None = None) -> QRect:
    """Where the window's own geometry (without its frame) may lie."""
    return available(window, near).marginsRemoved(frame_margins(window) + QMargins(MARGIN, MARGIN, MARGIN, MARGIN))


def inside(rect: QRect, area: QRect) -> QRect:
    """`rect` moved (and, only if it must, shrunk) so that it lies within `area`."""
    size = rect.size().boundedTo(area.size())
    x = min(max(rect.left(), area.left()), area.left() + area.width() - size.width())
    y = min(max(rect.top(), area.top()), area.top() + area.height() - size.height())
    return QRect(QPoint(x, y), size)


def fit(window: QWidget, preferred: QSize, near: QRect | None = None) -> None:
    """Size the window to `preferred` bounded by the screen it opens on, and center it there."""
    area = room(window, near)
    # Never below what the layout needs: Qt would grow the window back, off-centre and over the edge.
    size = preferred.boundedTo(area.size()).expandedTo(window.minimumSize()).expandedTo(window.minimumSizeHint())
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(area.center())
    window.setGeometry(inside(rect, area))


def fits(rect: QRect, window: QWidget, near: QRect | None = None) -> bool:
    return room(window, near).contains(rect)


def remember(window: QWidget, key: str) -> None:
    """Keep the window's geometry (its normal one when maximized) for the next run."""
    store = _store()
    store.beginGroup(key)
    store.setValue("geometry", window.normalGeometry() if window.isMaximized() else window.geometry())
    store.setValue("maximized", window.isMaximized())
    store.endGroup()
    store.sync()


def restore(window: QWidget, key: str, near: QRect | None = None) -> bool:
    """Give the window its remembered geometry, fitted again if it no longer fits this screen.
    False when there is none (the caller then fits its preferred size)."""
    store = _store()
    store.beginGroup(key)
    rect = store.value("geometry")
    maximized = store.value("maximized", False, type=bool)
    store.endGroup()
    if not isinstance(rect, QRect) or not rect.isValid():
        return False
    # What was remembered may be smaller than the window can now be (another language's longer
    # words): grown to its least size first, then checked against the screen.
    rect.setSize(rect.size().expandedTo(window.minimumSizeHint()))
    if fits(rect, window, near):
        window.setGeometry(rect)
    else:
        fit(window, rect.size(), near)
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return True


def place(window: QWidget, key: str, preferred: QSize, near: QRect | None = None) -> None:
    """Open where the agent left it, else at the preferred size: both bounded by the screen."""
    if not restore(window, key, near):
        fit(window, preferred, near)


def keep_inside(window: QWidget) -> None:
    """After a change of size (content added, a font grown): pull the window back within the
    screen's available geometry."""
    area = room(window)
    geometry = window.geometry()
    moved = inside(geometry, area)
    if moved != geometry:
        window.setGeometry(moved)
