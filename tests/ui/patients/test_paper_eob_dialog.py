"""Typing in a paper EOB: the left column, checking, the preview, posting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, remittances
from oa_desktop.ui.patients.paper_eob_dialog import PaperEobDialog, parse_adjustments


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
    paid_total = Decimal("0.00")
    for row, (_, _, charge) in enumerate(dialog.rows):
        paid = (charge * Decimal("0.5")).quantize(Decimal("0.01"))
        dialog.table.item(row, 3).setText(f"{paid:.2f}")
        assert dialog.table.item(row, 5).text() == f"${charge - paid:,.2f}"
        dialog.table.item(row, 4).setText(f"CO-45 {charge - paid:.2f}")
        assert dialog.table.item(row, 5).text() == "$0.00"
        paid_total += paid
    dialog.total.setText(f"{paid_total:.2f}")
    assert "$0.00 not yet on a claim" in dialog.status.text()
    monkeypatch.setattr(posting_preview.PostingPreviewDialog, "exec", lambda _self: 1)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.posted and dialog.remittance_id is not None
    assert remittances.get_remittance(store, dialog.remittance_id).status == "posted"
    assert claims.balance(store, claim_id) == 0
