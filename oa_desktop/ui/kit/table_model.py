"""The one table model, its sort/filter proxy, and a ready-made read-only table view.

The model holds a list of row objects (and, optionally, a totals row kept last); every
cell answers through its :class:`~oa_desktop.ui.kit.columns.Column`. The proxy sorts by
the native values of :attr:`ItemRole.SORT` — money as ``Decimal``, dates chronologically,
text case-insensitively — and filters by typing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
)

from oa_desktop.ui.kit.columns import MUTED, Column, cell_data, header_data
from oa_desktop.ui.kit.roles import ItemRole

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_Role = Qt.ItemDataRole


class TableModel(QAbstractTableModel, Generic[T]):
    """A read-only table of row objects, described by columns; a totals row stays last."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None, *,
                 muted: Callable[[T], bool] | None = None,
                 background: Callable[[T], str] | None = None,
                 align_headers: bool = False) -> None:
        super().__init__(parent)
        self.columns: list[Column[T]] = list(columns)
        self.items: list[T] = []
        self.total: T | None = None
        self.muted = muted  # rows shown in grey (nothing happens to them)
        self.background = background  # a row's background colour name, "" for none
        self.align_headers = align_headers  # numbers' headers right-aligned too

    def set_items(self, items: Sequence[T], total: T | None = None,
                  columns: Sequence[Column[T]] | None = None) -> None:
        """Replace every row (and the totals row, and the columns when given)."""
        self.beginResetModel()
        self.items = list(items)
        self.total = total
        if columns is not None:
            self.columns = list(columns)
        self.endResetModel()

    def row_object(self, row: int) -> T:
        """The object shown on ``row`` (the totals row is the last)."""
        if row == len(self.items) and self.total is not None:
            return self.total
        return self.items[row]

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        """Rows, the totals row included."""
        if parent.isValid():
            return 0
        return len(self.items) + (self.total is not None)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        """Columns."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = _Role.DisplayRole) -> Any:
        """The column titles."""
        return header_data(self.columns, section, orientation, role, self.align_headers)

    def data(self, index: Index, role: int = _Role.DisplayRole) -> Any:
        """A cell's answer for ``role``."""
        if (not index.isValid() or not 0 <= index.row() < self.rowCount()
                or not 0 <= index.column() < len(self.columns)):
            return None
        item = self.row_object(index.row())
        if role == _Role.ForegroundRole and self.muted is not None and self.muted(item):
            return QBrush(QColor(MUTED))
        if role == _Role.BackgroundRole:
            color = self.background(item) if self.background is not None else ""
            return QBrush(QColor(color)) if color else None
        total = self.total is not None and index.row() == len(self.items)
        return cell_data(self.columns[index.column()], item, role, total)


class TableProxy(QSortFilterProxyModel):
    """Sorts by native values (None first, text case-insensitively), the totals row last."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ItemRole.SORT)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        """Native comparison; the totals row is greater (ascending) or smaller (descending)."""
        left_total, right_total = left.data(ItemRole.TOTAL), right.data(ItemRole.TOTAL)
        if left_total or right_total:
            ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return bool(right_total) if ascending else bool(left_total)
        return native_less(left.data(self.sortRole()), right.data(self.sortRole()))


def native_less(a: Any, b: Any) -> bool:
    """``a < b`` for sort values: None first, text case-folded, mixed types as text."""
    if a is None or b is None:
        return a is None and b is not None
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() < b.casefold()
    try:
        return bool(a < b)
    except TypeError:
        return str(a).casefold() < str(b).casefold()


def make_table(model: QAbstractTableModel, name: str, *, alternate: bool = True,
               stretch: bool = True, sort: tuple[int, Qt.SortOrder] | None = None,
               ) -> tuple[QTableView, TableProxy]:
    """A sortable, read-only, row-selecting table over ``model`` through a :class:`TableProxy`.

    Rows keep the model's order until the biller sorts, unless ``sort`` names a column.
    """
    proxy = TableProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    column, order = sort or (-1, Qt.SortOrder.AscendingOrder)
    table.sortByColumn(column, order)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(alternate)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(stretch)
    if isinstance(model, TableModel):
        for number, col in enumerate(model.columns):
            if col.width is not None:
                table.setColumnWidth(number, col.width)
    return table, proxy


def selected_object(table: QTableView) -> Any:
    """The row object (``ItemRole.OBJECT``) of the table's selected row, or None."""
    rows = table.selectionModel().selectedRows()
    return table.model().data(rows[0], ItemRole.OBJECT) if rows else None


def with_empty_state(table: QTableView, padding: int = 30) -> tuple[QStackedWidget, QLabel]:
    """The table in a stack with a centred grey message shown instead when it is empty."""
    empty = QLabel()
    empty.setWordWrap(True)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setStyleSheet(f"color: #5f6368; font-size: 11pt; padding: {padding}px;")
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    return stack, empty
