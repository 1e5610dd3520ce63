"""The patient account screens for `oa-desktop screenshot`: the account, taking a
payment, an adjustment and a refund."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.patients.account_dialog import PatientAccountDialog
from oa_desktop.ui.patients.entry_dialogs import AdjustDialog, RefundDialog
from oa_desktop.ui.patients.payment_dialog import PaymentDialog

Saver = Callable[[QWidget, Path], Path]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def busiest_patient(workspace: Workspace) -> int | None:
    """The patient with the most desk entries (the demo's richest account)."""
    from oa_desktop.store import patient_ledger

    return patient_ledger.busiest_patient(workspace.store.read)


def patient_screens(window: Any, workspace: Workspace, out: Path, save: Saver) -> list[Path]:
    """Render the account and its dialogs; return the files written."""
    patient_id = busiest_patient(workspace)
    if patient_id is None:
        return []
    written: list[Path] = []
    account = PatientAccountDialog(workspace.store, patient_id, window)
    account.show()
    _settle()
    written.append(save(account, out / "patient_account.png"))
    payment = PaymentDialog(workspace.store, account.account, account)
    payment.show()
    _settle()
    written.append(save(payment, out / "patient_payment.png"))
    payment.close()
    claim = next((c for c in account.account.claims if c.balance_amount > 0), None)
    if claim is not None:
        adjust = AdjustDialog(workspace.store, claim.claim_id, claim.pcn, claim.balance_amount,
                              account)
        adjust.show()
        _settle()
        written.append(save(adjust, out / "patient_adjust.png"))
        adjust.close()
    refund = RefundDialog(workspace.store, patient_id, account.account.credit_amount, account)
    refund.show()
    _settle()
    written.append(save(refund, out / "patient_refund.png"))
    refund.close()
    account.close()
    written.append(_paper_eob(window, workspace, out, save))
    return written


def _paper_eob(window: Any, workspace: Workspace, out: Path, save: Saver) -> Path:
    """The paper EOB dialog with two claims typed in (allowed, paid, adjustments, a
    claim-level adjustment), one line left unbalanced."""
    from decimal import Decimal

    from oa_desktop.ui.patients.paper_eob_dialog import ADJUST, ALLOWED, PAID, PaperEobDialog

    dialog = PaperEobDialog(workspace.store, window)
    dialog.check.setText("004417")
    from oa_desktop.store import patient_ledger

    for claim_id in patient_ledger.claim_ids_with_status(workspace.store.read,
                                                         ("accepted_by_payer",), limit=2):
        dialog.add_claim(claim_id)
    paid_total = Decimal("0.00")
    for row, (_, line_id, charge) in enumerate(dialog.rows):
        if line_id is None:  # the claim-level row: one claim-level adjustment on the last
            if row == len(dialog.rows) - 1:
                dialog.set_cell(row, ADJUST, "CO-253 1.20")
                paid_total -= Decimal("1.20")
            continue
        paid = (charge * Decimal("0.6")).quantize(Decimal("0.01"))
        patient = (charge * Decimal("0.2")).quantize(Decimal("0.01"))
        contractual = charge - paid - patient - (Decimal("5.00") if row == 0 else 0)
        dialog.set_cell(row, ALLOWED, f"{paid + patient:.2f}")
        dialog.set_cell(row, PAID, f"{paid:.2f}")
        dialog.set_cell(row, ADJUST, f"CO-45 {contractual:.2f}; PR-2 {patient:.2f}")
        paid_total += paid
    dialog.total.setText(f"{paid_total:.2f}")
    dialog.show()
    _settle()
    path = save(dialog, out / "paper_eob.png")
    dialog.close()
    return path
