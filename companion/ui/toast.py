"""Short messages that fade by themselves and never take the focus from the window the agent is
typing or about to paste into: Toast, a confirmation near the pointer ("Copied: Request
received"), and ActionToast, the same with one button ("KEY marked updated · Undo").

They only show and report a click; what the click does (an undo) is the caller's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QCursor, QEnterEvent, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from companion.ui import theme

_WINDOW = (Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
           | Qt.WindowType.WindowDoesNotAcceptFocus)
# Light text on a dark slate reads on both schemes and stands apart from the window under it.
_LOOK = "background: #2b2f36; color: white; border-radius: 6px;"


class Toast(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, _WINDOW)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"QLabel {{ {_LOOK} padding: 8px 14px; font-size: 11pt; }}")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_text(self, text: str, msec: int = 1800, at: QPoint | None = None) -> None:
        self.setText(text)
        self.adjustSize()
        point = at or QCursor.pos() + QPoint(16, 16)
        screen = QGuiApplication.screenAt(point) or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            point.setX(min(max(point.x(), area.left()), area.right() - self.width()))
            point.setY(min(max(point.y(), area.top()), area.bottom() - self.height()))
        self.move(point)
        self.show()
        self.raise_()
        self._timer.start(msec)


class ActionToast(QFrame):
    """A message with one button, shown without taking the focus, for a few seconds; the time
    stands still while the pointer rests on it, so reaching for the button never races the clock."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, _WINDOW)
        self.setObjectName("actionToast")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet(f"#actionToast {{ {_LOOK} }} QLabel {{ color: white; font-size: 11pt; }}"
                           " QPushButton { color: #9ecbff; background: transparent; border: 1px solid #9ecbff;"
                           " border-radius: 4px; padding: 3px 12px; font-weight: bold; }"
                           " QPushButton:hover { background: rgba(158, 203, 255, 40); }")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicked, never focused
        self.button.setAutoDefault(False)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.setSpacing(16)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._action: Callable[[], object] | None = None
        self._left = 0  # msec left when the pointer came in
        self._watched: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.expire)
        theme.notifier().changed.connect(self._retint)
        self._retint()

    def _retint(self) -> None:
        self.button.setIcon(theme.symbol("undo"))

    def show_action(self, text: str, button: str, action: Callable[[], object], msec: int = 8000,
                    near: QWidget | None = None) -> None:
        """Show `text` with a `button` that calls `action` (once) for `msec`; at the foot of `near`
        when it is on screen, else at the foot of the screen the pointer is on."""
        self._action = action
        self._watch(near.window() if near is not None else None)
        self.label.setText(text)
        self.button.setText(button)
        self.adjustSize()
        self.move(self._place(near))
        self.show()
        self.raise_()
        self._left = msec
        self._timer.start(msec)

    def _watch(self, window: QWidget | None) -> None:
        """Go with the window it was shown for when that window closes (not when it merely
        hides: the palette hides as it copies, and the offer stands)."""
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = window
        if window is not None:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.expire()
        return False

    @property
    def remaining(self) -> int:
        """Milliseconds before it goes; while hovered, the time it will have again on leaving."""
        return self._timer.remainingTime() if self._timer.isActive() else self._left

    def _place(self, near: QWidget | None) -> QPoint:
        if near is not None and near.isVisible():
            frame = near.frameGeometry()
            screen = near.screen()
        else:
            screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
            frame = screen.availableGeometry()
        area = screen.availableGeometry()
        width, height = min(self.width(), area.width()), self.height()
        wanted = QRect(frame.center().x() - width // 2, frame.bottom() - height - 24, width, height)
        x = min(max(wanted.x(), area.left()), area.right() - width + 1)
        y = min(max(wanted.y(), area.top()), area.bottom() - height + 1)
        return QPoint(x, y)

    def _clicked(self) -> None:
        action, self._action = self._action, None
        self.expire()
        if action is not None:
            action()

    def expire(self) -> None:
        """Gone, and the button no longer acts."""
        self._timer.stop()
        self._action = None
        self.hide()

    def enterEvent(self, event: QEnterEvent) -> None:
        if self._timer.isActive():
            self._left = max(self._timer.remainingTime(), 0)
            self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible() and self._action is not None and not self._timer.isActive():
            self._timer.start(max(self._left, 2000))  # a moment to read it once the pointer leaves
        super().leaveEvent(event)
