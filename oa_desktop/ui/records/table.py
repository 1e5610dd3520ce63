"""One table model for the small record lists, and the list pane (find box + table).

Record lists are small (a practice has hundreds of patients, not millions), so the
model holds the objects and a ``QSortFilterProxyModel`` sorts by ``SORT_ROLE`` and
filters by typing, as STYLE.md allows for small lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column: its header, the text shown, and the native value it sorts by."""

    title: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None  # defaults to the display text, case-folded
    money: bool = False  # right-aligned
    width: int = 120
    tooltip: Callable[[T], str] | None = None


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table of records, with a sort role and an object role."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[T] = []

    def set_records(self, records: Sequence[T]) -> None:
        """Replace the rows."""
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].money:
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.display(record).casefold()
        if role == OBJECT_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole and column.money:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record)
        return None


class _Proxy(QSortFilterProxyModel):
    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class RecordListPane(QWidget, Generic[T]):
    """A find box over a sortable table; ``record_selected`` fires with the record (or None)."""

    record_selected = Signal(object)
    record_activated = Signal(object)

    def __init__(
        self, columns: Sequence[Column[T]], noun: str, empty_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self.empty_text = empty_text
        self.model: RecordTableModel[T] = RecordTableModel(columns, self)
        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText(f"Find {noun}s  (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setAccessibleName(f"Find {noun}s")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(f"{noun.capitalize()}s")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for number, column in enumerate(columns):
            self.table.setColumnWidth(number, column.width)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #5f6368; font-size: 11pt; padding: 30px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.count = QLabel()
        self.count.setStyleSheet("color: #5f6368;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.find_box)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count)
        self.find_box.textChanged.connect(self._on_find_text_changed)
        self.find_box.returnPressed.connect(self.table.setFocus)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.activated.connect(self._on_table_activated)

    def set_records(
        self, records: Sequence[T], select: Callable[[T], bool] | None = None
    ) -> None:
        """Show ``records`` and put the cursor on the first one ``select`` accepts."""
        self.model.set_records(records)
        self._show_state()
        self.select(select)

    def select(self, match: Callable[[T], bool] | None) -> None:
        """Put the cursor on the first record ``match`` accepts (else the first row)."""
        row = 0
        found = [n for n, r in enumerate(self.model.records) if match is not None and match(r)]
        if found:
            source = self.model.index(found[0], 0)
            row = max(self.proxy.mapFromSource(source).row(), 0)
        if self.proxy.rowCount():
            self.table.selectRow(row)
        else:
            self.record_selected.emit(None)

    def current(self) -> T | None:
        """The record the cursor is on."""
        index = self.table.currentIndex()
        return index.data(OBJECT_ROLE) if index.isValid() else None

    def focus_find(self) -> None:
        """Ctrl+F: put the cursor in the find box."""
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _show_state(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            text = self.find_box.text().strip()
            self.empty.setText(
                f"No {self.noun}s match “{text}”." if text and total else self.empty_text
            )
            self.stack.setCurrentWidget(self.empty)
        noun = self.noun if total == 1 else f"{self.noun}s"
        self.count.setText(
            f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}"
        )

    def _on_find_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._show_state()
        self.select(None)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.record_selected.emit(current.data(OBJECT_ROLE) if current.isValid() else None)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.record_activated.emit(index.data(OBJECT_ROLE))
