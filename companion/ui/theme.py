"""The look shared by every window: light or dark as the system says, the few colours that carry
meaning (late, soon, done, muted), and one icon set (Phosphor) drawn in the text colour.

Meaningful colours live here, not in the windows, so that "late" is the same red in the list,
the popup and the detail pane, and stays readable on a dark background. The module does not pick
fonts or sizes, and it leaves the platform's own style alone where that style already follows
the system (Windows 11, macOS); it only supplies a dark palette where the style would otherwise
stay light in a dark session.

`COMPANION_COLOR_SCHEME=dark|light` overrides the system (screenshots, tests, or an agent whose
desktop reports no preference).
"""

from __future__ import annotations

import json
import os
from functools import cache

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette,
                           QPixmap)
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleHintReturn, QStyleOption, QWidget

from companion.resources import icon_path


class _Style(QProxyStyle):
    """The platform style without stock icons on dialog buttons (the floppy disk on Save, the red
    cross on Cancel): our buttons say what they do, and one icon set is used throughout."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None, returnData: QStyleHintReturn | None = None) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, option, widget, returnData)


class _Theme(QObject):
    changed = Signal()  # the scheme changed: re-tint icons, recolour what was painted by hand


_state: dict[str, object] = {}


def notifier() -> _Theme:
    """Emits `changed` when the system switches between light and dark while the app runs."""
    theme = _state.get("notifier")
    if not isinstance(theme, _Theme):
        theme = _Theme()
        _state["notifier"] = theme
    return theme


def _wanted_dark() -> bool:
    forced = os.environ.get("COMPANION_COLOR_SCHEME", "").strip().lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark() -> bool:
    """Whether windows are dark now: judged by the palette actually in use, not by the wish."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d31", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f2023", QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.ToolTipBase: "#3a3d42", QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.PlaceholderText: "#8b8f96", QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#33363b", QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ffffff", QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#7fb0ff",
        QPalette.ColorRole.LinkVisited: "#b39ddb", QPalette.ColorRole.Light: "#45484e",
        QPalette.ColorRole.Midlight: "#3a3d42", QPalette.ColorRole.Mid: "#2f3236",
        QPalette.ColorRole.Dark: "#1b1c1f", QPalette.ColorRole.Shadow: "#111214",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7e85"))
    return palette


def apply(app: QApplication | None = None) -> None:
    """Install the style and the palette once per application, and follow later scheme changes."""
    app = app or QApplication.instance()  # type: ignore[assignment]  # a widget app, or nothing to style
    if not isinstance(app, QApplication):
        return
    if _state.get("app") is not app:
        _state["app"] = app
        _state["light"] = QPalette(app.palette())
        base = app.style()
        app.setStyle(_Style(base.name()))
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow(app))
    _follow(app, announce=False)


def _follow(app: QApplication, announce: bool = True) -> None:
    light = _state.get("light")
    if _wanted_dark():
        if app.palette().color(QPalette.ColorRole.Window).lightness() >= 128:
            app.setPalette(dark_palette())  # the style stayed light: supply the dark palette
    elif isinstance(light, QPalette) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128 \
            and light.color(QPalette.ColorRole.Window).lightness() >= 128:
        app.setPalette(light)
    if announce:
        notifier().changed.emit()


# -- colours that mean something ------------------------------------------------------------------
def late() -> QColor:
    """An update or promise that is past due."""
    return QColor("#ff7b72" if is_dark() else "#b3261e")


def soon() -> QColor:
    """Due within the hour: worth a glance, not an alarm."""
    return QColor("#e3b341" if is_dark() else "#9a6700")


def done() -> QColor:
    return QColor("#56d364" if is_dark() else "#1a7f37")


def muted() -> QColor:
    """Secondary text: labels in the detail pane, hints, empty states (still 4.5:1 on the base)."""
    return QColor("#9ba1a9" if is_dark() else "#5f6368")


# -- one icon set ------------------------------------------------------------------------------------
# The app's words for its actions, mapped to Phosphor icon names; a window asks for "snooze", not
# for a glyph, so the set can change in one place. The glyphs come from a subset of the Phosphor
# font shipped in assets/icons (licence beside it); scripts/subset-icons.py rebuilds it.
SYMBOLS = {
    "new": "ph.plus", "edit": "ph.pencil-simple", "updated": "ph.check-circle", "snooze": "ph.clock",
    "open": "ph.arrow-square-out", "waiting": "ph.hourglass", "reopen": "ph.arrow-counter-clockwise",
    "resolve": "ph.check", "archive": "ph.archive", "restore": "ph.arrow-u-up-left",
    "find": "ph.magnifying-glass", "reply": "ph.chat-text", "replies": "ph.chats", "settings": "ph.gear-six",
    "wellbeing": "ph.heart", "tough": "ph.wind", "calendar": "ph.calendar", "close": "ph.x",
    "undo": "ph.arrow-counter-clockwise", "copy": "ph.clipboard-text", "pause": "ph.pause", "resume": "ph.play",
    "quiet": "ph.bell-slash", "bell": "ph.bell", "break": "ph.coffee", "eye": "ph.eye", "info": "ph.info",
    "warning": "ph.warning", "quit": "ph.sign-out", "user": "ph.user", "keyboard": "ph.keyboard",
    "list": "ph.list", "tray": "ph.tray", "delete": "ph.trash", "duplicate": "ph.copy-simple",
    "handoff": "ph.arrow-bend-up-right", "withdraw": "ph.arrow-arc-left", "team": "ph.users",
}


class _GlyphEngine(QIconEngine):
    """Draws one glyph of the icon font at whatever size and pixel ratio is asked, in the text
    colour of the current palette (greyed when disabled): crisp at 1.5x, right in dark mode."""

    def __init__(self, char: str, family: str):
        super().__init__()
        self.char, self.family = char, family

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        app = QApplication.instance()
        palette = app.palette() if isinstance(app, QApplication) else QPalette()
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Normal
        font = QFont(self.family)
        font.setPixelSize(max(1, round(min(rect.width(), rect.height()) * 0.92)))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(palette.color(group, QPalette.ColorRole.ButtonText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.char, self.family)


@cache
def _font() -> tuple[str, dict[str, int]]:
    """Register the icon font once: its family name and the glyphs it holds."""
    table = json.loads(icon_path("phosphor-subset.json").read_text(encoding="utf-8"))
    font_id = QFontDatabase.addApplicationFont(str(icon_path("phosphor-subset.ttf")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"the icon font {icon_path('phosphor-subset.ttf')} could not be loaded")
    return families[0], dict(table["glyphs"])


def symbol(name: str) -> QIcon:
    """The icon for one of the app's actions, in the text colour of the scheme in use when drawn."""
    family, glyphs = _font()
    return QIcon(_GlyphEngine(chr(glyphs[SYMBOLS[name].removeprefix("ph.")]), family))
