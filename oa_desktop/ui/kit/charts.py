"""Bar charts drawn with QPainter (PySide6-Essentials has no QtCharts).

:func:`paint_bars` draws a :class:`~oa_desktop.services.reports.table.Chart` into any
rectangle of any paint device, so the screen and the PDF draw the same picture.
"""

from __future__ import annotations

import math
from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from oa_desktop.services.reports.table import Chart, Kind

SERIES_COLORS = ("#2f6db5", "#e08a1e", "#3a8f5c", "#8e44ad")
_AXIS = QColor("#5f6368")
_GRID = QColor("#dadce0")


def nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) that splits ``top`` into about ``ticks`` parts."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def axis_label(value: float, kind: Kind) -> str:
    """``$12k`` / ``$750`` for money, ``40`` for counts."""
    if kind is Kind.MONEY:
        if abs(value) >= 1000:
            return f"${value / 1000:,.1f}k".replace(".0k", "k")
        return f"${value:,.0f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def bar_label(value: Decimal, kind: Kind, whole: bool = True) -> str:
    """The number printed over a bar (money in whole dollars unless the chart is small)."""
    if kind is Kind.MONEY:
        return f"${value:,.0f}" if whole else f"${value:,.2f}"
    return f"{value:,.0f}"


def paint_bars(painter: QPainter, rect: QRectF, chart: Chart, point_size: float = 8.0,
               empty_text: str = "No data to chart.", text_color: QColor | None = None) -> None:
    """Draw ``chart`` as grouped vertical bars inside ``rect``."""
    ink = text_color or QColor(Qt.GlobalColor.black)
    painter.save()
    font = QFont(painter.font())
    font.setPointSizeF(point_size)
    painter.setFont(font)
    metrics = QFontMetricsF(font, painter.device())
    line = metrics.height()
    if chart.empty:
        painter.setPen(_AXIS)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), empty_text)
        painter.restore()
        return
    values = [float(v) for _, vs in chart.series for v in vs]
    top = max(max(values), 0.0)
    bottom = min(min(values), 0.0)
    step = nice_step(top - bottom)
    top = math.ceil(top / step) * step if top else 0.0
    bottom = math.floor(bottom / step) * step if bottom else 0.0
    legend = len(chart.series) > 1
    axis_width = max(metrics.horizontalAdvance(axis_label(v, chart.kind))
                     for v in (top, bottom)) + line * 0.6
    plot = QRectF(rect.left() + axis_width, rect.top() + line * (2.2 if legend else 1.2),
                  rect.width() - axis_width - line * 0.3,
                  rect.height() - line * (3.4 if legend else 2.4))

    def y_of(value: float) -> float:
        span = (top - bottom) or 1.0
        return plot.bottom() - (value - bottom) / span * plot.height()

    # grid and value axis
    tick = bottom
    while tick <= top + step / 2:
        y = y_of(tick)
        painter.setPen(QPen(_GRID, 0))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(_AXIS)
        painter.drawText(QRectF(rect.left(), y - line / 2, axis_width - line * 0.3, line),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         axis_label(tick, chart.kind))
        tick += step
    # bars
    groups = len(chart.categories)
    group_width = plot.width() / groups
    bar_width = group_width * 0.7 / len(chart.series)
    for g, category in enumerate(chart.categories):
        left = plot.left() + g * group_width + group_width * 0.15
        for s, (_, series_values) in enumerate(chart.series):
            value = series_values[g] if g < len(series_values) else Decimal(0)
            x = left + s * bar_width
            y0, y1 = y_of(0.0), y_of(float(value))
            bar = QRectF(x, min(y0, y1), bar_width * 0.92, abs(y1 - y0))
            painter.fillRect(bar, QColor(SERIES_COLORS[s % len(SERIES_COLORS)]))
            if value:
                painter.setPen(ink)
                text = bar_label(value, chart.kind, top >= 100)
                width = max(bar_width, metrics.horizontalAdvance(text) + 2)
                painter.drawText(QRectF(x + bar_width / 2 - width / 2, bar.top() - line,
                                        width, line),
                                 int(Qt.AlignmentFlag.AlignCenter), text)
        painter.setPen(_AXIS)
        label = metrics.elidedText(category, Qt.TextElideMode.ElideRight, group_width - 2)
        painter.drawText(QRectF(plot.left() + g * group_width, plot.bottom() + line * 0.2,
                                group_width, line),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), label)
    painter.setPen(QPen(_AXIS, 0))
    painter.drawLine(QPointF(plot.left(), y_of(0.0)), QPointF(plot.right(), y_of(0.0)))
    if legend:
        x = plot.left()
        for s, (name, _) in enumerate(chart.series):
            painter.fillRect(QRectF(x, rect.top() + line * 0.25, line * 0.7, line * 0.7),
                             QColor(SERIES_COLORS[s % len(SERIES_COLORS)]))
            painter.setPen(ink)
            painter.drawText(QPointF(x + line, rect.top() + line * 0.85), name)
            x += line * 2 + metrics.horizontalAdvance(name)
    painter.restore()


class BarChart(QWidget):
    """A widget that shows one chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.empty_text = "No data to chart."
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_chart(self, chart: Chart | None, empty_text: str = "No data to chart.") -> None:
        """Show ``chart`` (None: nothing)."""
        self.chart = chart
        self.empty_text = empty_text
        self.setAccessibleName("Chart")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        """The chart's preferred size."""
        return QSize(600, 210)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """Draw the bars, axis and labels."""
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            if self.chart is not None:
                rect = QRectF(self.rect()).adjusted(8, 6, -8, -4)
                paint_bars(painter, rect, self.chart, self.font().pointSizeF() or 9.0,
                           self.empty_text, self.palette().text().color())
        finally:
            painter.end()
