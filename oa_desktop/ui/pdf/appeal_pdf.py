"""The appeal letter for a denied claim, as a one-page Letter PDF.

The words come from :func:`oa_desktop.services.claims.problems.appeal_letter`; this only
lays them out (paragraphs wrapped to the page).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

from oa_desktop.ui.pdf.page import Page, letter_writer


def write_appeal_letter(paragraphs: list[str], path: Path) -> int:
    """Write the letter to ``path``; return the number of pages."""
    writer = letter_writer(path, "Appeal", margin=54.0)
    painter = QPainter(writer)
    try:
        page = Page(writer, painter, width=504.0, height=684.0)
        for index, text in enumerate(paragraphs):
            page.font(11, bold=index == 0)
            box = painter.boundingRect(page.rect(0, 0, page.width, 1000),
                                       int(Qt.TextFlag.TextWordWrap), text)
            height = box.height() / page.scale + 2
            page.need(height + 10)
            page.text(0, page.width, text, height=height)
            page.y += height + 10
    finally:
        painter.end()
    return page.pages
