"""The claims table: an ordered id list from SQL, rows loaded a page at a time.

Filtering, search and sort run in SQL (store.claims_list); the model keeps only the
ids and a small cache of rows, so 100,000 claims cost a list of ints.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store.claims_list import (
    ClaimColumn,
    ClaimListRow,
    ClaimQuery,
    claim_ids,
    claim_rows,
)
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 200

COLUMNS: tuple[tuple[ClaimColumn, str], ...] = (
    (ClaimColumn.PCN, "Claim #"),
    (ClaimColumn.PATIENT, "Patient"),
    (ClaimColumn.PAYER, "Payer"),
    (ClaimColumn.DATES, "Dates of service"),
    (ClaimColumn.CHARGE, "Charge"),
    (ClaimColumn.BALANCE, "Balance"),
    (ClaimColumn.STATUS, "Status"),
    (ClaimColumn.LAST_EVENT, "Last event"),
)
_MONEY = {ClaimColumn.CHARGE, ClaimColumn.BALANCE}
_RED = QBrush(QColor("#b3261e"))
_STATUS_COLORS = {
    ClaimStatus.REJECTED: QColor("#b3261e"),
    ClaimStatus.DENIED: QColor("#b3261e"),
    ClaimStatus.PAID: QColor("#1b6e3a"),
    ClaimStatus.CLOSED: QColor("#5f6368"),
}

Index = QModelIndex | QPersistentModelIndex


class ClaimsTableModel(QAbstractTableModel):
    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.query = ClaimQuery()
        self.ids: list[int] = []
        self._rows: dict[int, ClaimListRow] = {}

    # -- loading ------------------------------------------------------------------------

    def set_query(self, query: ClaimQuery) -> None:
        """Run ``query`` in SQL and show its claims."""
        self.beginResetModel()
        self.query = query
        self.ids = claim_ids(self.store, query)
        self._rows = {}
        self.endResetModel()

    def refresh(self) -> None:
        """Run the current query again (after a change elsewhere)."""
        self.set_query(self.query)

    def row_object(self, row: int) -> ClaimListRow:
        """The claim shown on ``row``, loading its page when needed."""
        claim_id = self.ids[row]
        cached = self._rows.get(claim_id)
        if cached is None:
            start = (row // PAGE) * PAGE
            if len(self._rows) > 20 * PAGE:
                self._rows = {}
            self._rows.update(claim_rows(self.store, self.ids[start:start + PAGE]))
            cached = self._rows[claim_id]
        return cached

    # -- Qt interface -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section][0] in _MONEY:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        column = COLUMNS[index.column()][0]
        row = self.row_object(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == SORT_ROLE:
            return _sort_value(row, column)
        if role == OBJECT_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _foreground(row, column)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(ClaimQuery(
            statuses=self.query.statuses, search=self.query.search,
            sort=COLUMNS[column][0], descending=descending,
        ))


def _display(row: ClaimListRow, column: ClaimColumn) -> str:
    values = {
        ClaimColumn.PCN: row.pcn,
        ClaimColumn.PATIENT: row.patient_name,
        ClaimColumn.PAYER: row.payer_name,
        ClaimColumn.DATES: fmt.date_range(row.first_date, row.last_date),
        ClaimColumn.CHARGE: fmt.money(row.charge_amount),
        ClaimColumn.BALANCE: fmt.money(row.balance_amount),
        ClaimColumn.STATUS: row.status.label,
        ClaimColumn.LAST_EVENT: f"{row.last_event_text} ({fmt.iso_to_display(row.last_event_at)})",
    }
    return values[column]


def _sort_value(row: ClaimListRow, column: ClaimColumn) -> Any:
    values: dict[ClaimColumn, Any] = {
        ClaimColumn.PCN: row.pcn,
        ClaimColumn.PATIENT: row.patient_name,
        ClaimColumn.PAYER: row.payer_name,
        ClaimColumn.DATES: row.first_date or "",
        ClaimColumn.CHARGE: row.charge_amount,
        ClaimColumn.BALANCE: row.balance_amount,
        ClaimColumn.STATUS: row.status.value,
        ClaimColumn.LAST_EVENT: row.last_event_at or "",
    }
    return values[column]


def _tooltip(row: ClaimListRow, column: ClaimColumn) -> str | None:
    if column in (ClaimColumn.STATUS, ClaimColumn.LAST_EVENT):
        when = fmt.timestamp(row.last_event_at)
        return f"{row.last_event_text} ({when})" if when else row.last_event_text
    text = _display(row, column)
    return text if len(text) > 18 else None


def _foreground(row: ClaimListRow, column: ClaimColumn) -> QBrush | None:
    if column in _MONEY:
        amount = row.charge_amount if column is ClaimColumn.CHARGE else row.balance_amount
        return _RED if amount < 0 else None
    if column is ClaimColumn.STATUS and row.status in _STATUS_COLORS:
        return QBrush(_STATUS_COLORS[row.status])
    return None
