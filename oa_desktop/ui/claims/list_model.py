"""The claims table: an ordered id list from SQL, rows loaded a page at a time.

Filtering, search and sort run in SQL (store.claims_list); the model keeps only the
ids and a small cache of rows, so 100,000 claims cost a list of ints.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.reports.table import Kind
from oa_desktop.store.claims_list import (
    ClaimColumn,
    ClaimListRow,
    ClaimQuery,
    claim_ids,
    claim_rows,
    usual_days_by_payer,
)
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column, cell_data, header_data

PAGE = 200
_STATUS_COLORS = {
    ClaimStatus.REJECTED: "#b3261e",
    ClaimStatus.DENIED: "#b3261e",
    ClaimStatus.PAID: "#1b6e3a",
    ClaimStatus.CLOSED: "#5f6368",
}


_WAITING = frozenset({ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED_BY_CLEARINGHOUSE,
                      ClaimStatus.ACCEPTED_BY_PAYER})


def days_waiting(row: ClaimListRow, today: date | None = None) -> int | None:
    """Days since the claim was sent, while it waits for an answer (else None)."""
    if row.status not in _WAITING or not row.sent_at:
        return None
    return max(((today or date.today()) - date.fromisoformat(row.sent_at[:10])).days, 0)


def _event_tip(row: ClaimListRow) -> str:
    when = fmt.timestamp(row.last_event_at)
    return f"{row.last_event_text} ({when})" if when else row.last_event_text


COLUMNS: tuple[Column[ClaimListRow], ...] = (
    Column("Claim #", lambda r: r.pcn),
    Column("Patient", lambda r: r.patient_name),
    Column("Payer", lambda r: r.payer_name),
    Column("Dates of service", lambda r: r.first_date or "",
           text=lambda r: fmt.date_range(r.first_date, r.last_date)),
    Column("Charge", lambda r: r.charge_amount, Kind.MONEY),
    Column("Balance", lambda r: r.balance_amount, Kind.MONEY),
    Column("Status", lambda r: r.status.value, text=lambda r: r.status.label, tip=_event_tip,
           color=lambda r: _STATUS_COLORS.get(r.status, "")),
    Column("Last event", lambda r: r.last_event_at or "",
           text=lambda r: f"{r.last_event_text} ({fmt.iso_to_display(r.last_event_at)})",
           tip=_event_tip),
    # what a queue sorts by (ClaimsView shows them per queue; Columns shows any)
    Column("Sent", lambda r: r.sent_at or "", text=lambda r: fmt.iso_to_display(r.sent_at)),
    Column("Days waiting", lambda r: days_waiting(r), Kind.COUNT),
    Column("Ins. paid", lambda r: r.insurance_paid, Kind.MONEY),
    Column("Adjustments", lambda r: r.adjusted, Kind.MONEY),
    Column("Ins. balance", lambda r: r.insurance_balance, Kind.MONEY),
    Column("Patient balance", lambda r: r.patient_balance, Kind.MONEY),
)
SQL_SORT = (ClaimColumn.PCN, ClaimColumn.PATIENT, ClaimColumn.PAYER, ClaimColumn.DATES,
            ClaimColumn.CHARGE, ClaimColumn.BALANCE, ClaimColumn.STATUS, ClaimColumn.LAST_EVENT,
            ClaimColumn.SENT, ClaimColumn.SENT, ClaimColumn.INSURANCE_PAID,
            ClaimColumn.ADJUSTED, ClaimColumn.INSURANCE_BALANCE, ClaimColumn.PATIENT_BALANCE)
SENT_COLUMN, DAYS_COLUMN = 8, 9
MONEY_SPLIT_COLUMNS = (10, 11, 12, 13)
EXTRA_COLUMNS = (SENT_COLUMN, DAYS_COLUMN, *MONEY_SPLIT_COLUMNS)
USUAL_DAYS = 30  # a payer's usual days to answer until its own history says otherwise

Index = QModelIndex | QPersistentModelIndex


class ClaimsTableModel(QAbstractTableModel):
    """The claims list: ids from SQL, rows a page at a time, cells through kit columns."""

    columns = COLUMNS

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.query = ClaimQuery()
        self.ids: list[int] = []
        self._rows: dict[int, ClaimListRow] = {}
        self._usual: dict[int, int] | None = None

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
        self._usual = None
        self.set_query(self.query)

    def usual_days(self, payer_id: int) -> int:
        """How many days the payer usually takes to answer (its history, else 30)."""
        if self._usual is None:
            self._usual = usual_days_by_payer(self.store)
        return self._usual.get(payer_id, USUAL_DAYS)

    def _waiting_cell(self, row: ClaimListRow, role: int) -> Any:
        """Days waiting past the payer's usual days show red, with why in the tooltip."""
        days = days_waiting(row)
        if days is None:
            return None
        usual = self.usual_days(row.payer_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{row.payer_name} usually answers within {usual} days; this claim has "
                    f"waited {days}.")
        return QBrush(QColor("#b3261e")) if days > usual else None

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
        """The number of rows (none under a valid parent: a flat table)."""
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The number of columns (none under a valid parent: a flat table)."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column titles (money right-aligned)."""
        return header_data(list(COLUMNS), section, orientation, role, align=True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's answer for ``role``, through its kit :class:`Column`."""
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        if not 0 <= index.column() < len(COLUMNS):
            return None
        row = self.row_object(index.row())
        if index.column() == DAYS_COLUMN and role in (Qt.ItemDataRole.ForegroundRole,
                                                      Qt.ItemDataRole.ToolTipRole):
            return self._waiting_cell(row, role)
        return cell_data(COLUMNS[index.column()], row, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``: a new id order from SQL, rows reloaded lazily."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if column == DAYS_COLUMN:  # most days waiting = sent longest ago
            descending = not descending
        self.set_query(ClaimQuery(
            statuses=self.query.statuses, search=self.query.search,
            sort=SQL_SORT[column], descending=descending,
        ))

