"""The frame both worklists share: a title, a line of words, a sortable table, an empty
state, and Enter (or a double click) opening the claim."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table


def title_label(text: str) -> QLabel:
    """A screen title."""
    title = QLabel(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


class WorklistFrame(QWidget):
    """A title, an intro, one table and its empty text."""

    def __init__(self, title: str, intro: str, columns: list[Column[Any]], name: str,
                 empty: str, open_claim: Callable[[int], None] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title_label(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.model: TableModel[Any] = TableModel(columns, self)
        self.table, self.proxy = make_table(self.model, name)
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.open_claim = open_claim
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.empty)
        self.table.activated.connect(self._on_table_activated)

    def show_items(self, items: list[Any]) -> None:
        """Replace the rows; the empty text shows when there are none."""
        self.model.set_items(items)
        self.empty.setVisible(not items)
        self.table.setVisible(bool(items))

    def claim_id_of(self, item: Any) -> int | None:
        """The claim a row opens (override)."""
        return None

    def _on_table_activated(self, index: QModelIndex) -> None:
        item = index.data(ItemRole.OBJECT)
        claim_id = self.claim_id_of(item)
        if claim_id is not None and self.open_claim is not None:
            self.open_claim(claim_id)
