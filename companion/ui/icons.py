"""The app icon, and the tray icon with a badge counting overdue updates."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from companion.resources import icon_path

_renderer: QSvgRenderer | None = None


def _svg() -> QSvgRenderer:
    global _renderer
    if _renderer is None:
        _renderer = QSvgRenderer(str(icon_path()))
    return _renderer


def app_pixmap(size: int = 64) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _svg().render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64, 128):
        icon.addPixmap(app_pixmap(size))
    return icon


def badge_pixmap(count: int, size: int = 64, paused: bool = False) -> QPixmap:
    """The app icon with a red badge showing `count` (9+ above nine); grey when paused."""
    pixmap = app_pixmap(size)
    if count <= 0 and not paused:
        return pixmap
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if paused:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#5f6368"))
        r = size * 0.42
        painter.drawEllipse(QRectF(size - r, size - r, r, r))
        painter.setBrush(QColor("white"))
        bar_w, bar_h = r * 0.16, r * 0.5
        x0, y0 = size - r + r * 0.3, size - r + r * 0.25
        painter.drawRect(QRectF(x0, y0, bar_w, bar_h))
        painter.drawRect(QRectF(x0 + r * 0.24, y0, bar_w, bar_h))
    if count > 0:
        text = str(count) if count < 10 else "9+"
        d = size * 0.58
        rect = QRectF(size - d, 0, d, d)
        painter.setPen(QColor("white"))
        painter.setBrush(QColor("#d93025"))
        painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(d * (0.62 if len(text) == 1 else 0.5)))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def badge_icon(count: int, paused: bool = False) -> QIcon:
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        icon.addPixmap(badge_pixmap(count, size, paused))
    return icon
