"""A short confirmation ("Copied: Request received") that appears near the pointer and fades by
itself; it never takes the focus from the window the agent is about to paste into."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget


class Toast(QLabel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("QLabel { background: #2b2f36; color: white; border-radius: 6px; padding: 8px 14px;"
                           " font-size: 11pt; }")
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
