"""The patient account screen: what the biller sees, taking a payment, undo, receipt."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.patients.account import patient_account
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.kit.table_model import TableModel
from oa_desktop.ui.patients.account_dialog import ENTRY_COLUMNS, PatientAccountDialog
from oa_desktop.ui.patients.payment_dialog import PaymentDialog
from oa_desktop.ui.patients.screenshots import busiest_patient
from oa_desktop.ui.pdf.receipt_pdf import write_receipt


def _owing_patient(workspace: Workspace) -> int:
    from oa_desktop.store import patient_ledger as pl

    ids = [int(r[0]) for r in workspace.store.read.execute(
        "SELECT id FROM claims WHERE status = 'partially_paid' ORDER BY id")]
    return next(c.patient_id for c in pl.claim_sums(workspace.store.read, claim_ids=ids)
                if c.patient_cents > 0)


def test_account_shows_totals_claims_and_running_balance(
        qtbot: QtBot, qtmodeltester: ModelTester, demo_workspace: Workspace) -> None:
    patient_id = busiest_patient(demo_workspace)
    assert patient_id is not None
    dialog = PatientAccountDialog(demo_workspace.store, patient_id)
    qtbot.addWidget(dialog)
    account = patient_account(demo_workspace.store, patient_id)
    assert dialog.total_labels["credit"].text() == f"${account.credit_amount:,.2f}"
    assert account.credit_amount > 0  # the demo's copay kept as credit, partly refunded
    assert dialog.claims_model.rowCount() == len(account.claims)
    last = dialog.entries_model.rowCount() - 1
    shown = dialog.entries_model.index(last, 4).data()
    assert shown == f"${account.balance_amount - account.credit_amount:,.2f}"
    model = TableModel(ENTRY_COLUMNS, muted=lambda e: e.undone)
    model.set_items(account.entries)
    qtmodeltester.check(model, force_py=True)


def test_taking_a_payment_then_undoing_it(qtbot: QtBot, demo_workspace: Workspace,
                                          monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    store = demo_workspace.store
    patient_id = _owing_patient(demo_workspace)
    dialog = PatientAccountDialog(store, patient_id)
    qtbot.addWidget(dialog)
    owed = dialog.account.patient_balance_amount
    payment = PaymentDialog(store, dialog.account, dialog)
    qtbot.addWidget(payment)
    payment.amount.setText(f"{owed + Decimal('5.00'):.2f}")
    payment.method.setCurrentIndex(payment.method.findData("check"))
    assert payment.reference_label.text() == "Check number:"
    payment.reference.setText("7788")
    assert "$5.00 becomes credit" in payment.summary.text()
    payment.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert payment.result_ is not None and payment.result_.credit_change == Decimal("5.00")
    dialog.reload()
    assert dialog.total_labels["patient"].text() == "$0.00"
    action_id = payment.result_.action_id
    write_receipt(store, action_id, tmp_path / "receipt.pdf")
    assert (tmp_path / "receipt.pdf").stat().st_size > 1000
    row = next(i for i in range(dialog.entries_model.rowCount())
               if dialog.entries_model.items[i].action_id == action_id)
    dialog.entries_table.selectRow(dialog.entries_proxy.mapFromSource(
        dialog.entries_model.index(row, 0)).row())
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.changed
    assert dialog.account.patient_balance_amount == owed
    assert dialog.total_labels["credit"].text() == f"${dialog.account.credit_amount:,.2f}"


def test_a_payment_the_biller_did_not_finish_saves_nothing(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    before = store.read.execute("SELECT COUNT(*) FROM account_actions").fetchone()[0]
    dialog = PaymentDialog(store, patient_account(store, _owing_patient(demo_workspace)))
    qtbot.addWidget(dialog)
    dialog.amount.setText("12,50x")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert "not an amount" in dialog.summary.text()
    dialog.picked.setChecked(True)
    dialog.amount.setText("10")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert "Tick the claims" in dialog.summary.text()
    assert store.read.execute("SELECT COUNT(*) FROM account_actions").fetchone()[0] == before


def test_the_account_opens_from_a_claim_and_from_the_patient_record(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    from oa_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.claims.table.selectRow(0)
    claim_id = window.claims.selected_claim_id()
    assert claim_id is not None
    opened: list[PatientAccountDialog] = []
    original = window.patient_accounts.open_account

    def spy(patient_id: int, claim: int | None = None) -> PatientAccountDialog:
        opened.append(original(patient_id, claim))
        return opened[-1]

    window.patient_accounts.open_account = spy  # type: ignore[method-assign]
    window.patient_accounts.action.trigger()
    assert opened and opened[-1].focus_claim == claim_id
    assert opened[-1].selected_claim() is not None
    assert opened[-1].selected_claim().claim_id == claim_id  # type: ignore[union-attr]
    patients = window.show_section("patients")
    patients.pane.table.selectRow(0)  # type: ignore[attr-defined]
    patients.account_button.click()  # type: ignore[attr-defined]
    assert len(opened) == 2 and opened[-1].patient_id == \
        patients.pane.current().patient.id  # type: ignore[attr-defined]
    for dialog in opened:
        dialog.close()


def test_statement_run_over_a_threshold_writes_one_pdf_and_one_csv(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    import csv

    from PySide6.QtWidgets import QInputDialog

    from oa_desktop.services.reports.statements import statements
    from oa_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("40.00", True))
    monkeypatch.setattr(window.print_actions, "_ask_path",
                        lambda *_a: str(tmp_path / "run.pdf"))
    window.print_actions.statements_action.trigger()
    with (tmp_path / "run.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    expected = statements(demo_workspace.store, threshold=Decimal("40.00"))
    assert len(rows) == len(expected) > 0
    assert all(Decimal(r["Amount due"]) > Decimal("40.00") for r in rows)
    assert (tmp_path / "run.pdf").stat().st_size > 1000


def test_the_practice_adds_its_own_adjustment_reason(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from oa_desktop.ui.patients.entry_dialogs import AdjustDialog

    store = demo_workspace.store
    account = patient_account(store, _owing_patient(demo_workspace))
    claim = next(c for c in account.claims if c.balance_amount > 0)
    dialog = AdjustDialog(store, claim.claim_id, claim.pcn, claim.balance_amount)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Prompt-pay discount", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("Adjustment", True))
    dialog.new_reason.click()
    assert dialog.reason.currentData() == "prompt_pay_discount"
    dialog.amount.setText("1.00")
    dialog.line.setCurrentIndex(1)  # on the first service line, not the whole claim
    line_id = dialog.line.currentData()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.action_id is not None
    assert store.read.execute("SELECT kind, reason_code, line_id FROM ledger WHERE "
                              "action_id = ?", [dialog.action_id]).fetchone() == (
        "adjustment", "prompt_pay_discount", line_id)
