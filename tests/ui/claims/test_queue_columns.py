"""Queues show what a biller sorts by: sent date and days waiting (red past the payer's
usual days) in Sent, waiting; the insurance/patient split in Paid; SQL sorts them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import patient_ledger
from oa_desktop.store.claims_list import ClaimColumn, ClaimQuery, claim_ids, claim_rows
from oa_desktop.ui.claims.claim_list import ClaimsView
from oa_desktop.ui.claims.list_model import (
    DAYS_COLUMN,
    MONEY_SPLIT_COLUMNS,
    SENT_COLUMN,
    USUAL_DAYS,
    days_waiting,
)
from oa_desktop.ui.claims.queues import QUEUES
from oa_desktop.ui.kit.roles import ItemRole


def _queue(key: str):  # type: ignore[no-untyped-def]
    return next(q for q in QUEUES if q.key == key)


def test_waiting_shows_sent_and_days_red_past_the_usual(qtbot: QtBot,
                                                         demo_workspace: Workspace) -> None:
    view = ClaimsView(demo_workspace.store)
    qtbot.addWidget(view)
    view.show_queue(_queue("waiting"))
    assert not view.table.isColumnHidden(SENT_COLUMN)
    assert not view.table.isColumnHidden(DAYS_COLUMN)
    assert all(view.table.isColumnHidden(c) for c in MONEY_SPLIT_COLUMNS)
    model = view.model
    model.sort(DAYS_COLUMN, Qt.SortOrder.DescendingOrder)
    days = [model.index(r, DAYS_COLUMN).data(ItemRole.SORT) for r in range(model.rowCount())]
    assert days == sorted(days, reverse=True) and days[0] > 0
    oldest = model.row_object(0)
    usual = model.usual_days(oldest.payer_id)
    assert usual < USUAL_DAYS  # the demo payers answer in about 16 days
    assert days[0] > usual
    assert model.index(0, DAYS_COLUMN).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert f"within {usual} days" in model.index(0, DAYS_COLUMN).data(
        Qt.ItemDataRole.ToolTipRole)
    last = model.rowCount() - 1
    if days[last] <= model.usual_days(model.row_object(last).payer_id):
        assert model.index(last, DAYS_COLUMN).data(Qt.ItemDataRole.ForegroundRole) is None


def test_paid_shows_the_insurance_and_patient_split(qtbot: QtBot,
                                                    demo_workspace: Workspace) -> None:
    view = ClaimsView(demo_workspace.store)
    qtbot.addWidget(view)
    view.show_queue(_queue("paid"))
    assert all(not view.table.isColumnHidden(c) for c in MONEY_SPLIT_COLUMNS)
    assert view.table.isColumnHidden(DAYS_COLUMN)
    titles = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in MONEY_SPLIT_COLUMNS]
    assert titles == ["Ins. paid", "Adjustments", "Ins. balance", "Patient balance"]
    rows = [view.model.row_object(row) for row in range(view.model.rowCount())]
    sums = {c.claim_id: c for c in patient_ledger.claim_sums(
        demo_workspace.store.read, claim_ids=[r.claim_id for r in rows])}
    for r in rows:
        # what the patient paid at the desk is neither the payer's nor still owed
        patient_paid = Decimal(sums[r.claim_id].patient_paid_cents) / 100
        assert r.insurance_paid + r.adjusted + r.insurance_balance + r.patient_balance + (
            patient_paid) == r.charge_amount
        assert r.patient_balance == Decimal(sums[r.claim_id].patient_cents) / 100
    partial = next(view.model.row_object(r) for r in range(view.model.rowCount())
                   if view.model.row_object(r).status is ClaimStatus.PARTIALLY_PAID)
    assert partial.patient_balance > 0 and partial.insurance_balance == Decimal("0.00")
    view.show_queue(_queue("all"))
    assert all(view.table.isColumnHidden(c) for c in (SENT_COLUMN, *MONEY_SPLIT_COLUMNS))


def test_sql_sorts_the_new_columns(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    paid = frozenset({ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID})
    for column, value in ((ClaimColumn.INSURANCE_PAID, lambda r: r.insurance_paid),
                          (ClaimColumn.ADJUSTED, lambda r: r.adjusted),
                          (ClaimColumn.PATIENT_BALANCE, lambda r: r.patient_balance),
                          (ClaimColumn.INSURANCE_BALANCE, lambda r: r.insurance_balance),
                          (ClaimColumn.SENT, lambda r: r.sent_at or "")):
        ids = claim_ids(store, ClaimQuery(statuses=paid, sort=column, descending=False))
        rows = claim_rows(store, ids)
        values = [value(rows[i]) for i in ids]
        assert values == sorted(values), column
    waiting = claim_rows(store, claim_ids(store, ClaimQuery(
        statuses=frozenset({ClaimStatus.SUBMITTED}))))
    assert all(days_waiting(r) is not None for r in waiting.values())
    assert all(days_waiting(r) is None for r in claim_rows(store, claim_ids(
        store, ClaimQuery(statuses=paid))).values())


def test_claims_list_has_the_table_tools(qtbot: QtBot, demo_workspace: Workspace,
                                         tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    view = ClaimsView(demo_workspace.store)
    qtbot.addWidget(view)
    view.show_queue(_queue("paid"))
    assert view.tools.copy_row().startswith(view.model.row_object(0).pcn)
    view.tools.export.save_csv(tmp_path / "paid.csv")
    with (tmp_path / "paid.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert "Ins. paid" in rows[0] and "Days waiting" not in rows[0]
    assert len(rows) == view.model.rowCount() + 1
    column = rows[0].index("Patient balance")
    assert rows[1][column] == f"{view.model.row_object(0).patient_balance:.2f}"


def test_paid_fits_the_laptop_without_scrolling_sideways(qtbot: QtBot,
                                                        demo_workspace: Workspace) -> None:
    """Seen under Xvfb at 1366x768: Paid cut Patient balance off behind a sideways scroll."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from oa_desktop.ui.kit import fit

    view = ClaimsView(demo_workspace.store)
    qtbot.addWidget(view)
    fit.pretend_screen(QSize(1366, 768))  # were windows fitted, it is to the laptop
    try:
        view.resize(1120, 600)  # the page beside the sidebar of a 1366-pixel window
        view.show()
        view.show_queue(_queue("paid"))
        QApplication.processEvents()
        assert view.width() == 1120
        assert not view.table.horizontalScrollBar().isVisible()
    finally:
        fit.pretend_screen(None)
    assert not any(view.table.isColumnHidden(c) for c in MONEY_SPLIT_COLUMNS)
    view.show_queue(_queue("all"))
    assert not view.table.isColumnHidden(7)  # Last event is back beside the other queues
