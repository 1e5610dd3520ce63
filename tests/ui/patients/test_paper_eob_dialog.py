"""Typing in a paper EOB: the left column, checking, the preview, posting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, remittances
from oa_desktop.ui.patients.paper_eob_dialog import (
    ADJUST,
    ALLOWED,
    CLAIM_LEVEL,
    LEFT,
    PAID,
    PaperEobDialog,
    parse_adjustments,
)


def test_parse_adjustments() -> None:
    assert parse_adjustments("CO-45 20.00; pr-2 $1,010") == (
        ("CO", "45", Decimal("20.00")), ("PR", "2", Decimal("1010")))
    assert parse_adjustments("") == ()
    assert parse_adjustments("CO45 20") is None


def test_a_paper_eob_typed_in_is_checked_previewed_and_posted(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from oa_desktop.ui.era import posting_preview

    store = demo_workspace.store
    claim_id, pcn = store.read.execute(
        "SELECT id, pcn FROM claims WHERE status = 'accepted_by_payer' AND paid_cents = 0 "
        "ORDER BY id LIMIT 1").fetchone()
    dialog = PaperEobDialog(store)
    qtbot.addWidget(dialog)
    dialog.check.setText("88123")
    dialog.claim_number.setText(pcn)
    dialog.add_button.click()
    assert dialog.table.rowCount() >= 1
    assert dialog.table.item(dialog.table.rowCount() - 1, 1).text() == CLAIM_LEVEL
    paid_total = Decimal("0.00")
    for row, (_, line_id, charge) in enumerate(dialog.rows):
        if line_id is None:
            continue
        paid = (charge * Decimal("0.5")).quantize(Decimal("0.01"))
        dialog.table.item(row, PAID).setText(f"{paid:.2f}")
        assert dialog.table.item(row, LEFT).text() == f"${charge - paid:,.2f}"
        dialog.table.item(row, ADJUST).setText(f"CO-45 {charge - paid:.2f}")
        assert dialog.table.item(row, LEFT).text() == "$0.00"
        paid_total += paid
    dialog.total.setText(f"{paid_total:.2f}")
    assert "$0.00 not yet on a claim" in dialog.status.text()
    monkeypatch.setattr(posting_preview.PostingPreviewDialog, "exec", lambda _self: 1)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.posted and dialog.remittance_id is not None
    assert remittances.get_remittance(store, dialog.remittance_id).status == "posted"
    assert claims.balance(store, claim_id) == 0


def test_allowed_amounts_and_claim_level_adjustments_are_typed_and_add_up(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from oa_desktop.ui.era import posting_preview

    store = demo_workspace.store
    claim_id, pcn = store.read.execute(
        "SELECT id, pcn FROM claims WHERE status = 'accepted_by_payer' AND paid_cents = 0 "
        "ORDER BY id LIMIT 1").fetchone()
    dialog = PaperEobDialog(store)
    qtbot.addWidget(dialog)
    dialog.check.setText("88124")
    dialog.add_claim(claim_id)
    lines_paid = Decimal("0.00")
    for row, (_, line_id, charge) in enumerate(dialog.rows):
        if line_id is None:
            claim_row = row
            continue
        paid = (charge * Decimal("0.6")).quantize(Decimal("0.01"))
        patient = (charge * Decimal("0.2")).quantize(Decimal("0.01"))
        dialog.table.item(row, ALLOWED).setText(f"{paid + patient:.2f}")
        dialog.table.item(row, PAID).setText(f"{paid:.2f}")
        dialog.table.item(row, ADJUST).setText(
            f"CO-45 {charge - paid - patient:.2f}; PR-2 {patient:.2f}")
        lines_paid += paid
    assert dialog.table.item(claim_row, PAID).text() == f"${lines_paid:,.2f}"
    assert not dialog.table.item(claim_row, PAID).flags() & Qt.ItemFlag.ItemIsEditable
    dialog.table.item(claim_row, ADJUST).setText("CO-253 2.00; PR-1 3.00")
    claim_paid = lines_paid - Decimal("5.00")
    assert dialog.table.item(claim_row, PAID).text() == f"${claim_paid:,.2f}"
    dialog.total.setText(f"{claim_paid:.2f}")
    assert "$0.00 not yet on a claim" in dialog.status.text()
    [typed] = dialog.eob().claims
    assert typed.adjustments == (("CO", "253", Decimal("2.00")), ("PR", "1", Decimal("3.00")))
    assert all(line.allowed is not None for line in typed.lines)
    previews: list[posting_preview.PostingPreviewDialog] = []

    def shown(preview: posting_preview.PostingPreviewDialog) -> int:
        previews.append(preview)
        return 1

    monkeypatch.setattr(posting_preview.PostingPreviewDialog, "exec", shown)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.posted
    [row] = previews[0].plan.claims
    assert row.payment == claim_paid
    assert row.balance_before - row.payment - row.contractual - row.credit == row.balance_after
    assert claims.balance(store, claim_id) == row.balance_after > 0


def test_an_unreadable_claim_level_adjustment_is_named(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    from oa_desktop.errors import KnownError

    store = demo_workspace.store
    claim_id = store.read.execute(
        "SELECT id FROM claims WHERE status = 'accepted_by_payer' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    dialog = PaperEobDialog(store)
    qtbot.addWidget(dialog)
    dialog.add_claim(claim_id)
    last = dialog.table.rowCount() - 1
    dialog.table.item(last, ADJUST).setText("CO45 2")
    assert dialog.table.item(last, PAID).text() == "?"
    dialog.total.setText("1.00")
    with pytest.raises(KnownError, match="claim-level adjustments"):
        dialog.eob()


def test_the_preview_shows_patient_credit_applied(qtbot: QtBot,
                                                  demo_workspace: Workspace) -> None:
    from datetime import date

    from oa_desktop.services.era import posting
    from oa_desktop.services.patients import actions, paper_eob
    from oa_desktop.store import patient_ledger
    from oa_desktop.ui.era.posting_preview import PREVIEW_COLUMNS, PostingPreviewDialog
    from tests.services.patients.test_paper_eob import _eob, _open_claim

    store = demo_workspace.store
    claim_id, _, lines = _open_claim(demo_workspace)
    patient = patient_ledger.patient_of_claim(store.read, claim_id)
    actions.take_payment(store, patient, Decimal("5.00"), "cash", as_credit=True,
                         on=date(2026, 11, 20))
    rid = paper_eob.enter(store, _eob(claim_id, lines))
    dialog = PostingPreviewDialog(posting.preview(store, rid))
    qtbot.addWidget(dialog)
    column = next(i for i, c in enumerate(PREVIEW_COLUMNS) if c.title == "Patient credit")
    assert not dialog.table.isColumnHidden(column)
    assert dialog.model.index(0, column).data() == "$5.00"
    assert "patient credit applied $5.00" in dialog.model.index(0, column).data(
        Qt.ItemDataRole.ToolTipRole)
    assert any("Patient credit applied $5.00" in label.text()
               for label in dialog.findChildren(QLabel))
