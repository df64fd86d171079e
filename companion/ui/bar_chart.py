"""A small bar chart painted by hand (groups of bars on one value axis, a legend, a tooltip per
group), so the Wellbeing window needs no charting library. It draws what it is given; what the
figures mean is the window's business.

Everything but the bars is drawn in the widget's palette, so the chart reads on a dark window too;
a series' colour may be a function (theme.late, say), asked at every paint, so a switch between
light and dark recolours the bars without rebuilding the chart."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


Colour = QColor | Callable[[], QColor]


def _resolve(colour: Colour) -> QColor:
    return colour if isinstance(colour, QColor) else colour()


class BarChart(QWidget):
    """Groups of bars (one bar per series) on a shared value axis, painted in paintEvent only.

    `bar_values()` gives what is drawn, for tests and for the accessible description."""

    def __init__(self, title: str, series: list[tuple[str, Colour]], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.series = series
        self.groups: list[tuple[str, tuple[int, ...]]] = []
        self.details: list[str] = []  # per group: a longer label for tooltips ("Monday 23 November")
        self.highlight: int | None = None  # a group drawn with a faint band (today)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- data -----------------------------------------------------------------------------------
    def set_data(self, groups: list[tuple[str, tuple[int, ...]]], details: list[str] | None = None,
                 highlight: int | None = None) -> None:
        self.groups = [(label, tuple(int(v) for v in values)) for label, values in groups]
        self.details = details or [label for label, _ in groups]
        self.highlight = highlight
        self.setAccessibleDescription(self.summary())
        self.update()

    def bar_values(self) -> list[tuple[str, tuple[int, ...]]]:
        return list(self.groups)

    def series_names(self) -> list[str]:
        return [name for name, _ in self.series]

    def group_text(self, index: int) -> str:
        label, values = self.groups[index]
        parts = ", ".join(f"{name} {value}" for (name, _), value in zip(self.series, values, strict=True))
        return f"{self.details[index]}: {parts}"

    def summary(self) -> str:
        if not self.groups:
            return self.title
        return f"{self.title}. " + "; ".join(self.group_text(i) for i in range(len(self.groups))) + "."

    # -- geometry -------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(640, 210)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 160)

    def _scale(self) -> tuple[int, int]:
        """(top of the axis, step between ticks): 1-2-5 steps, at most 5 of them."""
        peak = max((v for _, values in self.groups for v in values), default=0)
        if peak <= 0:
            return 4, 1
        raw = peak / 4
        magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
        for factor in (1, 2, 5, 10):  # 10 always fits: magnitude <= peak / 4
            step = max(1, factor * magnitude)
            if step * 5 >= peak:
                break
        return step * math.ceil(peak / step), step

    def _layout(self) -> tuple[QRectF, int, int]:
        fm = self.fontMetrics()
        top, step = self._scale()
        axis_w = max(fm.horizontalAdvance(str(top)), fm.horizontalAdvance("0")) + 10
        header_h = fm.height() + 6
        headroom = fm.height() + 2  # for the value printed above the tallest bar
        label_h = fm.height() + 6
        plot = QRectF(axis_w + 4, header_h + headroom, self.width() - axis_w - 12,
                      self.height() - header_h - headroom - label_h)
        return plot, top, step

    def _group_rect(self, plot: QRectF, index: int) -> QRectF:
        width = plot.width() / max(1, len(self.groups))
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def _bar_rects(self, plot: QRectF, index: int, top: int) -> list[QRectF]:
        group = self._group_rect(plot, index)
        n = len(self.series)
        bar_w = max(4.0, min(34.0, group.width() * 0.72 / n))
        gap = 3.0
        total = n * bar_w + (n - 1) * gap
        left = group.center().x() - total / 2
        rects = []
        for i, value in enumerate(self.groups[index][1]):
            h = plot.height() * (value / top) if top else 0
            rects.append(QRectF(left + i * (bar_w + gap), plot.bottom() - h, bar_w, h))
        return rects

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, p: QPainter) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        faint = QColor(text)
        faint.setAlphaF(0.14)
        muted = QColor(text)
        muted.setAlphaF(0.65)
        fm = self.fontMetrics()
        plot, top, step = self._layout()

        # title on the left, legend on the right
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(QRectF(0, 0, self.width(), fm.height() + 4), Qt.AlignmentFlag.AlignLeft
                   | Qt.AlignmentFlag.AlignVCenter, self.title)
        p.setFont(self.font())
        x = self.width() - 4
        for name, colour in reversed(self.series):
            w = fm.horizontalAdvance(name)
            x -= w
            p.setPen(text)
            p.drawText(QRectF(x, 0, w + 2, fm.height() + 4), Qt.AlignmentFlag.AlignVCenter, name)
            x -= 16
            p.fillRect(QRectF(x, (fm.height() + 4) / 2 - 5, 10, 10), _resolve(colour))
            x -= 14

        if plot.width() <= 10 or plot.height() <= 10:
            return
        # value axis: ticks, labels, faint grid lines
        for value in range(0, top + 1, step):
            y = plot.bottom() - plot.height() * value / top
            p.setPen(QPen(faint, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(muted)
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        if not any(v for _, values in self.groups for v in values):
            note = self.tr("Nothing recorded")
            box = QRectF(0, 0, fm.horizontalAdvance(note) + 16, fm.height() + 6)
            box.moveCenter(plot.center())
            p.fillRect(box, pal.color(QPalette.ColorRole.Window))
            p.setPen(muted)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, note)

        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() * 0.85))
        sfm = QFontMetrics(small)
        for index, (label, values) in enumerate(self.groups):
            group = self._group_rect(plot, index)
            if index == self.highlight:
                band = QColor(pal.color(QPalette.ColorRole.Highlight))
                band.setAlphaF(0.10)
                p.fillRect(group.adjusted(2, -4, -2, 0), band)
            bars = zip(self.series, self._bar_rects(plot, index, top), values, strict=True)
            for (_name, colour), rect, value in bars:
                if value <= 0:
                    continue
                p.fillRect(rect, _resolve(colour))
                p.setFont(small)
                p.setPen(text)
                p.drawText(QRectF(rect.center().x() - 20, rect.top() - sfm.height() - 1, 40, sfm.height()),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(value))
                p.setFont(self.font())
            # category label under the group, elided to its width
            p.setPen(text if index == self.highlight else muted)
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(group.width()) - 2)
            p.drawText(QRectF(group.left(), plot.bottom() + 4, group.width(), fm.height() + 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)
        p.setPen(QPen(muted, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))

    # -- hover ----------------------------------------------------------------------------------
    def group_at(self, x: float) -> int | None:
        plot, _top, _step = self._layout()
        for index in range(len(self.groups)):
            rect = self._group_rect(plot, index)
            if rect.left() <= x < rect.right():
                return index
        return None

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            index = self.group_at(event.pos().x())
            QToolTip.showText(event.globalPos(), self.group_text(index) if index is not None else self.summary(),
                              self)
            return True
        return super().event(event)
