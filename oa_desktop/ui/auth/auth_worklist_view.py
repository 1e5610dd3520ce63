"""Authorizations ending or running out, and sessions billed without one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLabel, QWidget

from oa_desktop.domain.authorizations import Alert
from oa_desktop.services.auth import usage
from oa_desktop.services.auth.usage import UsageRow
from oa_desktop.store.db import Store
from oa_desktop.ui.auth.worklist_base import WorklistFrame
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table

Item = tuple[UsageRow, Alert]


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _auth(item: Item) -> str:
    return item[0].usage.authorization.number


COLUMNS: list[Column[Item]] = [
    Column("Patient", lambda i: i[0].patient_name),
    Column("Payer", lambda i: i[0].payer_name),
    Column("Authorization", _auth),
    Column("Codes", lambda i: i[0].usage.authorization.codes_text),
    Column("Ends", lambda i: i[0].usage.authorization.to_date,
           text=lambda i: f"{i[0].usage.authorization.to_date:%m/%d/%Y}"),
    Column("Used", lambda i: i[0].usage.used_fraction,
           text=lambda i: f"{_num(i[0].usage.used)} of "
           f"{_num(i[0].usage.authorization.approved)} {i[0].usage.authorization.unit.value}",
           tip=lambda i: f"{_num(i[0].usage.billed)} billed ({_num(i[0].usage.paid)} paid), "
           f"{_num(i[0].usage.scheduled)} scheduled"),
    Column("Left", lambda i: i[0].usage.remaining, text=lambda i: _num(i[0].usage.remaining),
           right=True),
    Column("Why it is here", lambda i: "; ".join(i[1].reasons)),
]
UNCOVERED_COLUMNS: list[Column[usage.Uncovered]] = [
    Column("Claim #", lambda u: u.pcn),
    Column("Patient", lambda u: u.patient_name),
    Column("Codes", lambda u: u.codes),
    Column("First date", lambda u: u.first_date, text=lambda u: f"{u.first_date:%m/%d/%Y}"),
]


class AuthWorklistView(WorklistFrame):
    """Ending within 30 days or under 20% left at the current weekly pace; and claims with
    sessions no authorization covers although the payer has one on file for the code."""

    def __init__(self, store: Store, open_claim: Callable[[int], None] | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(
            "Authorizations running out",
            "Authorizations that end within 30 days, or that will have less than 20% left "
            "by their last day if the last four weeks' pace goes on. Ask the payer for the "
            "next one in time; sessions past an authorization are denied (CO-197).",
            COLUMNS, "Authorizations running out",
            "No authorization is ending or running out.", open_claim, parent)
        self.store = store
        self.today = today
        self.uncovered_title = QLabel("<b>Sessions billed without an authorization</b> — "
                                      "the payer has one on file for the code, but not for "
                                      "these dates or this provider. Enter opens the claim.")
        self.uncovered_title.setWordWrap(True)
        self.uncovered: TableModel[usage.Uncovered] = TableModel(UNCOVERED_COLUMNS, self)
        self.uncovered_table, _ = make_table(self.uncovered, "Sessions without authorization")
        self.uncovered_table.setMaximumHeight(170)
        self.layout_.addWidget(self.uncovered_title)
        self.layout_.addWidget(self.uncovered_table)
        self.uncovered_table.activated.connect(self._on_uncovered_activated)
        for column, width in enumerate((150, 170, 100, 140, 85, 120, 50)):
            self.table.setColumnWidth(column, width)
        self.reload()

    def reload(self) -> None:
        """Read the worklist again."""
        found = usage.worklist(self.store, self.today())
        self.show_items(found.alerts)
        self.uncovered.set_items(found.uncovered)
        self.uncovered_title.setVisible(bool(found.uncovered))
        self.uncovered_table.setVisible(bool(found.uncovered))

    def _on_uncovered_activated(self, index: QModelIndex) -> None:
        item = index.data(ItemRole.OBJECT)
        if item is not None and self.open_claim is not None:
            self.open_claim(item.claim_id)


def running_out_count(store: Store, today: date | None = None) -> int:
    """The queue's badge: authorizations flagged and claims without one."""
    return usage.worklist(store, today or date.today()).count
