"""A Letter page in points (1/72 inch) over QPdfWriter, shared by the PDFs here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen


def letter_writer(path: Path, title: str, margin: float = 36.0) -> QPdfWriter:
    """A Letter-size portrait PDF at 144 dpi with ``margin`` points all round."""
    writer = QPdfWriter(str(path))
    writer.setResolution(144)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(margin, margin, margin, margin)))
    writer.setTitle(title)
    writer.setCreator("OA Desktop")
    return writer


class Page:
    """Draws in points from the top-left of the printable area; starts new pages."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, width: float = 540.0,
                 height: float = 720.0) -> None:
        self.writer = writer
        self.painter = painter
        self.scale = writer.resolution() / 72.0
        self.width = width
        self.height = height
        self.y = 0.0
        self.pages = 1

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        """A rectangle in points, in device units."""
        s = self.scale
        return QRectF(x * s, y * s, w * s, h * s)

    def font(self, size: float, bold: bool = False, family: str = "Helvetica") -> None:
        """Set the font (size in points)."""
        font = QFont(family)
        font.setPointSizeF(size)
        font.setBold(bold)
        self.painter.setFont(font)

    def new_page(self) -> None:
        """Start the next page at its top."""
        self.writer.newPage()
        self.pages += 1
        self.y = 0.0

    def need(self, points: float) -> bool:
        """Start a new page unless ``points`` still fit; True if a page was started."""
        if self.y + points > self.height:
            self.new_page()
            return True
        return False

    def text(self, x: float, width: float, text: str, *, right: bool = False,
             height: float = 13.0, y: float | None = None, color: str = "") -> None:
        """Text in a box at ``x`` on the current line (or at ``y``)."""
        flags = (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft) | \
            Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        if color:
            self.painter.setPen(QColor(color))
        self.painter.drawText(self.rect(x, self.y if y is None else y, width, height),
                              int(flags), text)
        if color:
            self.painter.setPen(QColor("black"))

    def line(self, text: str, size: float = 9, bold: bool = False, gap: float = 13) -> None:
        """A full-width line of text, then move down ``gap`` (more when the text wraps
        onto more lines, so what follows never covers it)."""
        self.font(size, bold)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        wrapped = self.painter.boundingRect(self.rect(0, 0, self.width, 10_000), flags, text)
        lines = max(1, round(wrapped.height() / self.painter.fontMetrics().lineSpacing()))
        height = gap + (lines - 1) * size * 1.25
        self.need(height)
        self.text(0, self.width, text, height=height)
        self.y += height

    def rule(self, color: str = "#5f6368") -> None:
        """A thin horizontal line across the page."""
        s = self.scale
        self.painter.setPen(QPen(QColor(color), 0))
        self.painter.drawLine(QPointF(0, self.y * s), QPointF(self.width * s, self.y * s))
        self.painter.setPen(QColor("black"))
        self.y += 4
