"""Filing deadline within 14 days: claims the payer has not accepted yet, soonest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from oa_desktop.domain.filing import QUEUE_WITHIN_DAYS
from oa_desktop.domain.money import from_cents
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.auth import filing
from oa_desktop.services.auth.filing import Deadline
from oa_desktop.services.reports.table import Kind
from oa_desktop.store.db import Store
from oa_desktop.ui.auth.worklist_base import WorklistFrame
from oa_desktop.ui.kit.columns import RED, Column


def _left(d: Deadline) -> str:
    if d.days_left < 0:
        return f"{-d.days_left} days late"
    return "today" if d.days_left == 0 else f"{d.days_left} day{'' if d.days_left == 1 else 's'}"


COLUMNS: list[Column[Deadline]] = [
    Column("Deadline", lambda d: d.due, text=lambda d: f"{d.due:%m/%d/%Y}"),
    Column("Left", lambda d: d.days_left, text=_left, right=True,
           color=lambda d: RED if d.days_left < 0 else ""),
    Column("Claim #", lambda d: d.claim.pcn),
    Column("Patient", lambda d: d.claim.patient_name),
    Column("Payer", lambda d: d.payer_name),
    Column("Status", lambda d: d.claim.status, text=lambda d: ClaimStatus(d.claim.status).label),
    Column("Date of service", lambda d: d.claim.first_date,
           text=lambda d: f"{d.claim.first_date:%m/%d/%Y}"),
    Column("Charge", lambda d: from_cents(d.claim.charge_cents), Kind.MONEY),
    Column("Filing limit", lambda d: d.limit_days, text=lambda d: f"{d.limit_days} days",
           right=False,
           tip=lambda d: "The payer's own limit" if d.limit_source == "payer"
           else f"Default: {d.limit_source}. Set the payer's own limit on the Payers screen."),
]


class DeadlinesView(WorklistFrame):
    """The "Filing deadline within 14 days" queue (a box shows every open claim)."""

    def __init__(self, store: Store, open_claim: Callable[[int], None] | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(
            "Filing deadlines",
            f"Claims the payer has not accepted yet whose timely-filing deadline is within "
            f"{QUEUE_WITHIN_DAYS} days, or has passed. Send or fix them first: a claim after "
            "the deadline is denied (CO-29). Enter opens the claim.",
            COLUMNS, "Filing deadlines",
            f"No claim is within {QUEUE_WITHIN_DAYS} days of its filing deadline.", open_claim,
            parent)
        self.store = store
        self.today = today
        self.show_all = QCheckBox("Show every claim not yet accepted, with its deadline")
        self.layout_.insertWidget(2, self.show_all)
        self.show_all.toggled.connect(self.reload)
        for column, width in enumerate((85, 90, 90, 160, 170, 150, 100, 85)):
            self.table.setColumnWidth(column, width)
        self.reload()

    def reload(self) -> None:
        """Read the deadlines again."""
        day = self.today()
        items = (filing.deadlines(self.store, day) if self.show_all.isChecked()
                 else filing.due_soon(self.store, day))
        self.show_items(items)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

    def claim_id_of(self, item: object) -> int | None:
        """The claim of a row."""
        return item.claim.claim_id if isinstance(item, Deadline) else None


def due_soon_count(store: Store, today: date | None = None) -> int:
    """The queue's badge."""
    return len(filing.due_soon(store, today or date.today()))
