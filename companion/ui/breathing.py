"""A 60-second reset after a tough conversation: a circle that grows as you breathe in, rests,
and shrinks as you breathe out (4-2-6, five calm cycles a minute), with one short reminder.

Everything shown is a pure function of the time elapsed on the clock (`phase_at`), so tests move
a fake clock and call `tick()`; the ~30 fps timer only runs while the window is visible.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QBrush, QCloseEvent, QColor, QHideEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen,
                           QRadialGradient, QShowEvent)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from companion.core.clock import Clock
from companion.ui import geometry

# (phase, seconds): breathe in 4 s, hold 2 s, breathe out 6 s. A longer out-breath calms.
PATTERN: tuple[tuple[str, float], ...] = (("inhale", 4.0), ("hold", 2.0), ("exhale", 6.0))
CYCLE = sum(length for _, length in PATTERN)
FRAME_MS = 33

CIRCLE = QColor(64, 150, 160)  # a calm teal: a mid-tone, so it stands out on light and dark windows alike


def phase_at(elapsed: float) -> tuple[str, float]:
    """The breathing phase at `elapsed` seconds and how far into it (0..1)."""
    t = max(0.0, float(elapsed)) % CYCLE
    for name, length in PATTERN:
        if t < length:
            return name, t / length
        t -= length
    return PATTERN[-1][0], 1.0  # pragma: no cover - float edge


def circle_scale(name: str, progress: float) -> float:
    """0 = the smallest circle (lungs empty), 1 = the largest (lungs full); eased like a breath."""
    eased = 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, progress)))
    if name == "inhale":
        return eased
    if name == "hold":
        return 1.0
    return 1.0 - eased


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


class BreathingCircle(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = 0.0
        self.setMinimumSize(200, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_scale(self, scale: float) -> None:
        if scale != self.scale:
            self.scale = scale
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        center = QPointF(self.width() / 2, self.height() / 2)
        largest = max(10.0, min(self.width(), self.height()) / 2 - 6)
        smallest = largest * 0.42
        radius = smallest + (largest - smallest) * self.scale
        # The full-breath guide in the text colour, faint: a faint teal vanished on a dark window.
        guide = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        guide.setAlpha(70)
        pen = QPen(guide, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(center, largest, largest)
        gradient = QRadialGradient(center, radius)
        inner, outer = QColor(CIRCLE), QColor(CIRCLE)
        inner.setAlpha(70)
        outer.setAlpha(150)
        gradient.setColorAt(0.0, inner)
        gradient.setColorAt(1.0, outer)
        painter.setBrush(QBrush(gradient))
        painter.setPen(QPen(CIRCLE, 2))
        painter.drawEllipse(center, radius, radius)
        painter.end()


class BreathingWindow(QWidget):
    """`finished(seconds_run, completed)` is emitted exactly once: at the end of the minute
    (completed) or when closed before it (not completed, with the whole seconds run)."""

    finished = Signal(int, bool)

    def __init__(self, clock: Clock, texts: Mapping[str, object], lang: str, seconds: int = 60,
                 parent: QWidget | None = None, reminder: str | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.clock = clock
        self.texts = texts or {}
        self.lang = lang
        self.seconds = max(1, int(seconds))
        self.started_at: datetime | None = None
        self.done = False  # the minute ran out
        self.emitted = False
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.tick)

        title = self._text("title") or self.tr("A minute to reset")
        self.setWindowTitle(self.tr("{title} — Support Companion").format(title=title))
        self.setMinimumSize(360, 420)

        self.title_label = QLabel(title)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.circle = BreathingCircle()
        self.phase_label = QLabel()
        self.phase_label.setTextFormat(Qt.TextFormat.PlainText)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.phase_label.setStyleSheet("font-size: 17pt;")
        self.remaining_label = QLabel()
        self.remaining_label.setTextFormat(Qt.TextFormat.PlainText)
        self.remaining_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reminder = reminder if reminder is not None else self.pick_reminder()
        self.reminder_label = QLabel(self.reminder)
        self.reminder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setStyleSheet("font-size: 11.5pt; font-style: italic;")
        self.reminder_label.setVisible(bool(self.reminder))

        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setToolTip(self.tr("Stop now"))
        self.close_button.clicked.connect(self.close)
        self.done_button = QPushButton(self.tr("&Done"))
        self.done_button.clicked.connect(self.close)
        self.done_button.hide()

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.circle, 1)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.remaining_label)
        layout.addSpacing(6)
        layout.addWidget(self.reminder_label)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self._apply_palette()
        self._render(0.0)
        geometry.place(self, "breathing", QSize(420, 480))

    # -- texts ---------------------------------------------------------------------------------

    def _text(self, *path: str) -> str:
        node: object = self.texts
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return ""
        other = "en" if self.lang == "ru" else "ru"
        return str(node.get(self.lang) or node.get(other) or "")

    def phase_name(self, phase: str) -> str:
        shipped = self._text("phases", phase)
        if shipped:
            return shipped
        return {"inhale": self.tr("Breathe in"), "hold": self.tr("Hold"),
                "exhale": self.tr("Breathe out")}[phase]

    def reminders(self) -> list[str]:
        node = self.texts.get("reminders") if isinstance(self.texts, dict) else None
        if isinstance(node, dict):
            other = "en" if self.lang == "ru" else "ru"
            found = [str(t) for t in (node.get(self.lang) or node.get(other) or []) if str(t).strip()]
            if found:
                return found
        return [
            self.tr("The client is angry with the situation, not with you."),
            self.tr("You did your part. The rest is not yours to carry alone."),
            self.tr("The next reply can wait a minute. Calm answers are better answers."),
            self.tr("Hard conversations are part of the job, not a verdict on you."),
        ]

    def pick_reminder(self) -> str:
        return random.choice(self.reminders())

    # -- time ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the minute now (done on the first show; callable earlier)."""
        if self.started_at is None:
            self.started_at = self.clock.now()

    def elapsed(self) -> float:
        if self.started_at is None:
            return 0.0
        return max(0.0, (self.clock.now() - self.started_at).total_seconds())

    def tick(self) -> None:
        """Redraw from the clock; at the end of the minute emit finished(seconds, True) once."""
        if self.started_at is None or self.done:
            return
        elapsed = self.elapsed()
        if elapsed >= self.seconds:
            self._complete()
            return
        self._render(elapsed)

    def _render(self, elapsed: float) -> None:
        name, progress = phase_at(elapsed)
        self.circle.set_scale(circle_scale(name, progress))
        self.phase_label.setText(self.phase_name(name))
        left = max(0, math.ceil(self.seconds - elapsed))
        self.remaining_label.setText(self.tr("{time} left").format(time=f"{left // 60}:{left % 60:02d}"))

    def _complete(self) -> None:
        self.done = True
        self.timer.stop()
        self.circle.set_scale(0.5)
        self.phase_label.setText(self.tr("Well done"))
        self.remaining_label.setText(self.tr("Go back when you are ready."))
        self.close_button.hide()
        self.done_button.show()
        self.done_button.setDefault(True)
        self.done_button.setFocus()
        self._emit(self.seconds, True)

    def _emit(self, seconds: int, completed: bool) -> None:
        if not self.emitted:
            self.emitted = True
            self.finished.emit(int(seconds), completed)

    # -- Qt events -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.start()
        if not self.done:
            self.tick()
            if not self.done:
                self.timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # a normal window: Esc closes, like Close
            self.close()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        geometry.remember(self, "breathing")
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        if not self.done:
            self._emit(min(self.seconds, int(self.elapsed())), False)
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "remaining_label"):
            self._apply_palette()

    def _apply_palette(self) -> None:
        """The remaining time is quieter than the rest: the text colour blended into the window's,
        so it reads in light and dark themes alike."""
        palette = self.palette()
        muted = _blend(palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window), 0.35)
        quiet = self.remaining_label.palette()
        quiet.setColor(QPalette.ColorRole.WindowText, muted)
        self.remaining_label.setPalette(quiet)
