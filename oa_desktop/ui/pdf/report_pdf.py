"""A practice report as PDF: practice name, title, the chart, then the table with its total."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QPainter

from oa_desktop.services.reports.table import Kind, ReportTable, show
from oa_desktop.ui.kit.charts import paint_bars
from oa_desktop.ui.pdf.page import Page, letter_writer

_ROW = 12.0


def _widths(page: Page, table: ReportTable) -> list[float]:
    """Column widths in points: numbers get what they need, text shares the rest."""
    page.font(8, True)  # bold is the widest: the header and total rows
    metrics = QFontMetricsF(page.painter.font(), page.painter.device())
    body = table.rows + ([table.total] if table.total else [])
    needed = []
    for index, column in enumerate(table.columns):
        texts = [column.title] + [show(row[index], column.kind) for row in body]
        points = max(metrics.horizontalAdvance(t) for t in texts) / page.scale + 10
        needed.append(points)
    numbers = sum(w for w, c in zip(needed, table.columns, strict=True) if c.right)
    text_columns = [i for i, c in enumerate(table.columns) if not c.right]
    left = max(page.width - numbers, 60.0 * len(text_columns))
    for i in text_columns:
        needed[i] = min(needed[i], left / len(text_columns)) if needed[i] > 0 else 0
    spare = page.width - sum(needed)
    if text_columns and spare > 0:
        needed[text_columns[-1]] += spare
    scale = min(1.0, page.width / sum(needed))
    return [w * scale for w in needed]


def _header(page: Page, table: ReportTable, widths: list[float]) -> None:
    page.font(8, True)
    x = 0.0
    for column, width in zip(table.columns, widths, strict=True):
        page.text(x, width - 4, column.title, right=column.right, height=_ROW)
        x += width
    page.y += _ROW
    page.rule()


def _row(page: Page, table: ReportTable, widths: list[float], row: list[object],
         bold: bool = False) -> None:
    if page.need(_ROW):
        _header(page, table, widths)
    page.font(8, bold)
    metrics = QFontMetricsF(page.painter.font(), page.painter.device())
    x = 0.0
    for value, column, width in zip(row, table.columns, widths, strict=True):
        text = show(value, column.kind)
        if not column.right:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, (width - 4) * page.scale)
        red = column.kind is Kind.MONEY and isinstance(value, Decimal) and value < 0
        page.text(x, width - 4, text, right=column.right, height=_ROW,
                  color="#b3261e" if red else "")
        x += width
    page.y += _ROW


def write_report_pdf(table: ReportTable, path: Path, practice_name: str = "",
                     printed_on: date | None = None) -> int:
    """Write ``table`` to ``path`` as a PDF; return the number of pages."""
    writer = letter_writer(path, table.title)
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        page = Page(writer, painter)
        day = printed_on or date.today()
        page.font(8)
        page.text(0, page.width, f"Printed {day:%m/%d/%Y}", right=True)
        page.line(practice_name or "Practice report", 9, True)
        page.line(table.title, 15, True, 22)
        page.line(table.subtitle, 9, False, 16)
        if table.chart is not None and table.rows:
            paint_bars(painter, page.rect(0, page.y + 4, page.width, 200), table.chart, 7.5)
            page.y += 214
        if not table.rows:
            page.line(table.empty_text, 10, False, 18)
            return page.pages
        widths = _widths(page, table)
        _header(page, table, widths)
        for row in table.rows:
            _row(page, table, widths, row)
        if table.total:
            page.rule()
            _row(page, table, widths, table.total, bold=True)
        for note in table.notes:
            page.y += 4
            page.line(note, 8, False, 12)
        return page.pages
    finally:
        painter.end()
