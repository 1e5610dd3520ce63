"""The small table-model template the ERA, posting and report screens share: columns
with a text, a native sort value (Decimal, dates) and a tooltip; a sort role and an
object role; money right-aligned, negative in red; rows that wait shown in grey."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_RED = QBrush(QColor("#b3261e"))
_MUTED = QBrush(QColor("#6b6b6b"))


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any]
    money: bool = False
    tip: Callable[[Any], str] | None = None


class ObjectTableModel(QAbstractTableModel):
    """A small table of objects (the template: a sort role and an object role)."""

    def __init__(self, columns: list[Column], parent: Any = None,
                 muted: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.muted = muted  # rows shown in grey (nothing happens to them)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self.items[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(item)
        if role == SORT_ROLE:
            return column.sort(item)
        if role == OBJECT_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column.money:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.muted is not None and self.muted(item):
                return _MUTED
            value = column.sort(item) if column.money else None
            return _RED if isinstance(value, Decimal) and value < 0 else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return column.tip(item)
        return None


def make_table(model: QAbstractTableModel, name: str) -> tuple[QTableView, QSortFilterProxyModel]:
    """A sortable, read-only, row-selecting table over ``model``."""
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until the biller sorts
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table, proxy
