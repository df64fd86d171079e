"""The rest break on every screen: a calm, dimmed window per screen with a big countdown, the
break's name and suggestion; the primary screen's window also has Postpone / Skip / Done early.

The windows only show and ask: the buttons emit signals, the engine decides and calls
`update_offer()` or `close_all()`. They never close themselves (not at 00:00, not on Esc, not on
Alt+F4), so a stray key press cannot end a break by accident.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from companion.core.breaks import BreakOffer
from companion.core.clock import Clock

DEFAULT_POSTPONE_SECONDS = 300

# Frameless and above normal windows; Tool keeps it out of the taskbar and out of Qt's "last
# window closed" logic. A frameless window exactly the size of a screen is what X11 window
# managers treat as covering that screen, without a fullscreen state that would hide the panels
# of the other screens or switch workspaces.
WINDOW_FLAGS = (Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
                | Qt.WindowType.Tool)

BACKGROUND = "#1b2a30"
TEXT = "#f1f5f6"
MUTED = "#a7bbc3"
WARM = "#e8cf96"


NBSP = "\u00a0"
# A number and the word after it ("6 m", "20 minutes", "20 секунд") and the space before a dash
# ("минут — 20"): where a line must not break. The rules are typography, not wording, so they
# apply to any suggestion, shipped or the agent's own.
_KEEP_TOGETHER = (re.compile(r"(?<=\d) (?=\w)"), re.compile(r" (?=[—–] )"))


def keep_together(text: str) -> str:
    """`text` with no-break spaces where a line break would split what reads as one thing:
    "(about 6 m)" never ends a line with "6" and starts the next with "m)"."""
    for pattern in _KEEP_TOGETHER:
        text = pattern.sub(NBSP, text)
    return text


def countdown_text(seconds: float) -> str:
    """mm:ss, rounded up so that the break shows 00:20 at its start and 00:00 only at its end."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class BreakWindow(QWidget):
    """The break on one screen. Built by BreakScreens; `set_primary` shows or hides the buttons."""

    def __init__(self, screen: QScreen):
        super().__init__(None, WINDOW_FLAGS)
        self.target_screen = screen
        self.allow_close = False
        self.setObjectName("breakWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(self.tr("Break — Support Companion"))
        # The window itself takes the keyboard focus, not a button: typing that was meant for a
        # chat window must not press Skip. Tab reaches the buttons.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.name_label = self._label("breakName")
        self.countdown = self._label("breakCountdown")
        self.suggestion = self._label("breakSuggestion")
        self.suggestion.setWordWrap(True)
        self.owed_label = self._label("breakOwed")
        self.owed_label.setWordWrap(True)
        self.owed_label.hide()

        self.postpone_button = QPushButton()
        self.skip_button = QPushButton(self.tr("&Skip"))
        self.skip_button.setToolTip(self.tr("End this break now (it is counted as skipped)"))
        self.done_button = QPushButton(self.tr("&Done early"))
        self.done_button.setToolTip(self.tr("End the break: I have rested enough"))
        for button in (self.postpone_button, self.skip_button, self.done_button):
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reason_label = self._label("breakReason")
        self.reason_label.setWordWrap(True)

        self.controls = QWidget()
        self.controls.setObjectName("breakControls")
        self.button_row = buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.setSpacing(18)
        buttons.addStretch(1)
        buttons.addWidget(self.postpone_button)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        controls_layout = QVBoxLayout(self.controls)
        controls_layout.setContentsMargins(0, 24, 0, 0)
        controls_layout.setSpacing(12)
        controls_layout.addLayout(buttons)
        controls_layout.addWidget(self.reason_label)
        QWidget.setTabOrder(self.postpone_button, self.skip_button)
        QWidget.setTabOrder(self.skip_button, self.done_button)

        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self.name_label)
        column.addWidget(self.countdown)
        column.addSpacing(8)
        column.addWidget(self.suggestion)
        column.addSpacing(4)
        column.addWidget(self.owed_label)
        column.addWidget(self.controls)

        # No alignment flag on the column: an aligned item gets its size hint, which cuts a
        # wrapped suggestion short. The side margins (set in fit_screen) make the column narrow.
        self.outer = QVBoxLayout(self)
        self.outer.addStretch(2)
        self.outer.addWidget(self.content)
        self.outer.addStretch(3)

        screen.geometryChanged.connect(self.fit_screen)
        self.fit_screen()

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        return label

    def fit_screen(self, *_args: object) -> None:
        """Cover the screen; type sizes follow its height so the break reads the same on a laptop
        and on a 4K monitor."""
        screen = self.target_screen
        geometry = screen.geometry()
        self.setScreen(screen)
        self.setGeometry(geometry)
        h = max(480, geometry.height())
        self.setStyleSheet(f"""
            #breakWindow {{ background: {BACKGROUND}; }}
            #breakWindow QLabel {{ color: {TEXT}; background: transparent; }}
            #breakName {{ font-size: {max(18, round(h * 0.03))}px; color: {MUTED}; letter-spacing: 1px; }}
            #breakCountdown {{ font-size: {max(64, round(h * 0.14))}px; font-weight: 300; }}
            #breakSuggestion {{ font-size: {max(21, round(h * 0.034))}px; }}
            #breakWindow #breakOwed {{ font-size: {max(14, round(h * 0.019))}px; color: {WARM}; }}
            #breakWindow #breakReason {{ font-size: {max(14, round(h * 0.018))}px; color: {MUTED}; }}
            #breakWindow QPushButton {{
                font-size: {max(15, round(h * 0.021))}px; color: {TEXT};
                background: rgba(255, 255, 255, 0.08);
                border: 1px solid rgba(255, 255, 255, 0.38); border-radius: 8px;
                padding: 10px 24px; min-width: 100px;
            }}
            #breakWindow QPushButton:hover {{ background: rgba(255, 255, 255, 0.16); }}
            #breakWindow QPushButton:pressed {{ background: rgba(255, 255, 255, 0.24); }}
            #breakWindow QPushButton:focus {{ border: 2px solid #8fd3e8; }}
            #breakWindow QPushButton:disabled {{
                color: rgba(241, 245, 246, 0.42); border-color: rgba(255, 255, 255, 0.16);
                background: transparent;
            }}
        """)
        # The reason line keeps its height when empty, so the layout does not jump when
        # Postpone stops being available a few seconds into the break.
        self.reason_label.setMinimumHeight(self.reason_label.fontMetrics().height())
        self.fit_column()

    def fit_column(self) -> None:
        """Lines of a readable length, but never so narrow that a button's label is cut: the
        column widens to the buttons' width (Russian labels are long, a small screen is narrow),
        and where even the screen is too narrow the buttons stand one above the other."""
        width = self.target_screen.geometry().width()
        column = max(min(width - 48, 600), min(1000, int(width * 0.62)))
        buttons = [b for b in (self.postpone_button, self.skip_button, self.done_button) if not b.isHidden()]
        for button in buttons:
            button.ensurePolished()  # the style sheet's font and padding are in its size hint
            button.setMinimumWidth(0)  # the hint of the label as it is now, not of the last one
            button.setMinimumWidth(button.sizeHint().width())  # a squeezed button cuts its label
        needed = sum(b.sizeHint().width() for b in buttons) + self.button_row.spacing() * max(0, len(buttons) - 1)
        side_by_side = needed <= width - 48
        self.button_row.setDirection(QBoxLayout.Direction.LeftToRight if side_by_side
                                     else QBoxLayout.Direction.TopToBottom)
        if side_by_side:
            column = max(column, needed)
        side = max(24, (width - column) // 2)
        self.outer.setContentsMargins(side, 40, side, 40)
    def set_primary(self, primary: bool) -> None:
        self.controls.setVisible(primary)

    @property
    def primary(self) -> bool:
        return not self.controls.isHidden()

    def set_offer(self, offer: BreakOffer, lang: str, postpone_seconds: int) -> None:
        self.name_label.setText(offer.kind.name(lang))
        self.suggestion.setText(keep_together(offer.suggestion))
        self.suggestion.setVisible(bool(offer.suggestion))
        if offer.owed == "fullscreen":
            self.owed_label.setText(self.tr("Held while you were in fullscreen"))
        elif offer.owed == "dnd":
            self.owed_label.setText(self.tr("Held while you were in Do not disturb"))
        else:
            self.owed_label.setText("")
        self.owed_label.setVisible(bool(self.owed_label.text()))
        minutes = max(1, round(postpone_seconds / 60))
        self.postpone_button.setText(self.tr("&Postpone ({n} min)").format(n=minutes))
        self.postpone_button.setToolTip(self.tr("Start this break again in {n} min").format(n=minutes))
        self.skip_button.setVisible(offer.can_skip)
        self.done_button.setVisible(offer.can_finish_early)
        self.fit_column()  # the labels and the buttons shown changed

    def set_remaining(self, seconds: float) -> None:
        self.countdown.setText(countdown_text(seconds))

    def set_postpone(self, enabled: bool, reason: str) -> None:
        self.postpone_button.setEnabled(enabled)
        self.reason_label.setText(reason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc must not end a break by accident
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Alt+F4, the window manager or anyone else: the break stays. Only BreakScreens closes
        # it (close_all, a screen gone), with allow_close set.
        if not self.allow_close:
            event.ignore()
            return
        super().closeEvent(event)

    def dispose(self) -> None:
        self.allow_close = True
        self.close()
        self.deleteLater()


class BreakScreens(QObject):
    """The break on every screen. Emits what the agent asked for; the engine answers with
    `update_offer()` or `close_all()`."""

    postpone_requested = Signal()
    skip_requested = Signal()
    finish_requested = Signal()  # Done early
    closed = Signal()

    def __init__(self, clock: Clock, parent: QObject | None = None,
                 screens: Callable[[], list[QScreen]] = QGuiApplication.screens):
        super().__init__(parent)
        self.clock = clock
        self._screens = screens
        self.offer: BreakOffer | None = None
        self.lang = "en"
        self.postpone_seconds = DEFAULT_POSTPONE_SECONDS
        self.windows: list[BreakWindow] = []
        self.shown = False
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.tick)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # screens come and go only where there are any
            app.screenAdded.connect(self._screen_added)
            app.screenRemoved.connect(self._screen_removed)
            app.primaryScreenChanged.connect(self._primary_changed)

    # -- the API for the app -------------------------------------------------------------------
    def show_offer(self, offer: BreakOffer, lang: str, postpone_seconds: int | None = None) -> None:
        """Show the break on every screen (or refresh it when already shown). `postpone_seconds`
        labels the Postpone button (the rules' postpone length; remembered; default 5 min)."""
        if postpone_seconds:
            self.postpone_seconds = int(postpone_seconds)
        first = not self.shown
        self.offer = offer
        self.lang = lang
        self.shown = True
        self._sync_screens()
        for window in self.windows:
            window.set_offer(offer, lang, self.postpone_seconds)
        self.tick()
        self.timer.start()
        if first:
            main = self.primary_window()
            if main is not None:
                main.activateWindow()
                main.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def update_offer(self, offer: BreakOffer) -> None:
        """The engine's answer changed the break (e.g. fewer postpones left); refresh in place."""
        self.offer = offer
        if not self.shown:
            return
        for window in self.windows:
            window.set_offer(offer, self.lang, self.postpone_seconds)
        self.tick()

    def close_all(self) -> None:
        self.timer.stop()
        was_shown = self.shown
        self.shown = False
        windows, self.windows = self.windows, []
        for window in windows:
            window.dispose()
        if was_shown:
            self.closed.emit()

    def tick(self) -> None:
        """Update the countdown and Postpone from the clock (the timer calls this every second)."""
        offer = self.offer
        if not self.shown or offer is None:
            return
        now = self.clock.now()
        remaining = (offer.ends_at - now).total_seconds()
        if offer.postpones_left <= 0:
            enabled, reason = False, self.tr("No postpones left this hour")
        elif offer.postpone_until is None or now >= offer.postpone_until:
            enabled, reason = False, self.tr("Postpone is only possible at the start of a break")
        else:
            enabled, reason = True, ""
        can_finish = offer.finish_from is None or now >= offer.finish_from
        if offer.can_finish_early and not can_finish:  # said on screen, not only in a tooltip
            reason = "\n".join(r for r in (reason, self.tr("“Done early” becomes available after the first "
                                                              "two minutes")) if r)
        for window in self.windows:
            window.set_remaining(remaining)
            window.set_postpone(enabled, reason)
            window.done_button.setEnabled(can_finish)
            window.done_button.setToolTip(
                self.tr("End the break: I have rested enough") if can_finish
                else self.tr("Possible after the first two minutes of the break"))

    def primary_window(self) -> BreakWindow | None:
        return next((w for w in self.windows if w.primary), None)

    # -- screens -------------------------------------------------------------------------------
    def _make_window(self, screen: QScreen) -> BreakWindow:
        window = BreakWindow(screen)
        window.postpone_button.clicked.connect(self.postpone_requested.emit)
        window.skip_button.clicked.connect(self.skip_requested.emit)
        window.done_button.clicked.connect(self.finish_requested.emit)
        if self.offer is not None:
            window.set_offer(self.offer, self.lang, self.postpone_seconds)
        return window

    def _sync_screens(self, removed: QScreen | None = None) -> None:
        """One window per screen: keep the windows of screens still there, add windows for new
        screens, close the rest; the buttons go on the primary screen's window."""
        wanted = [s for s in self._screens() if s is not removed]
        free = list(self.windows)
        windows: list[BreakWindow] = []
        created: list[BreakWindow] = []
        for screen in wanted:
            window = next((w for w in free if w.target_screen is screen), None)
            if window is not None:
                free.remove(window)
            else:
                window = self._make_window(screen)
                created.append(window)
            windows.append(window)
        for window in free:
            window.dispose()
        self.windows = windows
        primary: QScreen | None = QGuiApplication.primaryScreen()
        if removed is not None and primary is removed:
            primary = None
        main = next((w for w in windows if w.target_screen is primary), windows[0] if windows else None)
        for window in windows:
            window.set_primary(window is main)
        for window in created:
            window.show()
            window.raise_()

    def _screen_added(self, screen: QScreen) -> None:
        if self.shown:
            self._sync_screens()
            self.tick()

    def _screen_removed(self, screen: QScreen) -> None:
        if self.shown:
            self._sync_screens(removed=screen)

    def _primary_changed(self, screen: QScreen) -> None:
        if self.shown:
            self._sync_screens()
