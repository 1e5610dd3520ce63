"""The posting preview: per claim, what posting will write and where the claim ends up.

Payment, each adjustment group (CO, OA, PI, CR), patient responsibility by type
(deductible, coinsurance, copay, other), the denial reason, the new balance and status,
so that a row adds up: balance before − payment − adjustments = new balance (patient
responsibility stays on the balance). Post confirms.
Claims that wait (not matched, a reversal still parked) are listed in grey with what
they wait for; reversals parked on other ERAs that this posting lets through follow.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.money import ZERO, from_cents
from oa_desktop.services.era.posting import ClaimPlan, PostingPlan, carc_text, plb_text
from oa_desktop.services.reports.table import Kind
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.table_model import TableModel, make_table

ACTIONS = {"paid": "Payment", "denied": "Denial → Problems list", "reversal": "Reversal",
           "parked": "Parked (nothing to reverse yet)",
           "still_parked": "Waits: still nothing to reverse",
           "unmatched": "Waits: not matched, not posted now",
           "held_duplicate": "Held: suspected duplicate payment"}


def action_text(plan: ClaimPlan) -> str:
    """What happens to the claim, in the preview's words."""
    if plan.era_trace:
        return f"Parked reversal of ERA {plan.era_trace} applied"
    if plan.action == "reversal" and plan.retried:
        return "Parked reversal applied"
    return ACTIONS.get(plan.action, plan.action)


def _money(value: Callable[[ClaimPlan], Decimal], title: str) -> Column[ClaimPlan]:
    return Column(title, value, Kind.MONEY,
                  text=lambda c: fmt.money(value(c)) if c.written else "")


def _patient(kind: str) -> Column[ClaimPlan]:
    return Column(kind.capitalize(), lambda c: c.patient.get(kind, ZERO), Kind.MONEY,
                  text=lambda c: fmt.money(c.patient.get(kind, ZERO)) if c.written else "")


def _group(group: str, title: str) -> Column[ClaimPlan]:
    return Column(title, lambda c: c.adjustment(group), Kind.MONEY,
                  text=lambda c: fmt.money(c.adjustment(group))
                  if c.written and (c.adjustment(group) or group == "CO") else "")


def _status(plan: ClaimPlan) -> str:
    if plan.status_before is None or plan.status_after is None or not plan.written:
        return ""
    if plan.status_before == plan.status_after:
        return plan.status_after.label
    return f"{plan.status_before.label} → {plan.status_after.label}"


def _reason(plan: ClaimPlan) -> str:
    if plan.warning:
        return plan.warning
    return "; ".join(f"{r} {carc_text(r.split('-', 1)[1])}" for r in plan.denial_reasons)


PREVIEW_COLUMNS: list[Column[ClaimPlan]] = [
    Column("Claim #", lambda c: c.rc.pcn),
    Column("Patient", lambda c: c.rc.patient_name),
    Column("What happens", lambda c: c.action, text=action_text, tip=action_text),
    _money(lambda c: c.payment, "Payment"),
    _group("CO", "Contractual (CO)"), _group("OA", "Other adj. (OA)"),
    _group("PI", "Payer adj. (PI)"), _group("CR", "Correction (CR)"),
    _patient("deductible"), _patient("coinsurance"), _patient("copay"), _patient("other"),
    _money(lambda c: c.balance_before, "Balance before"),
    Column("Patient credit", lambda c: c.credit, Kind.MONEY,
           text=lambda c: fmt.money(c.credit) if c.written and c.credit_cents else "",
           tip=lambda c: f"patient credit applied {fmt.money(c.credit)}" if c.credit_cents
           else ""),
    _money(lambda c: c.balance_after, "New balance"),
    Column("Status", _status),
    Column("Denial reason / note", _reason, tip=_reason),
]


_OPTIONAL = (5, 6, 7, 11, 13)  # OA, PI, CR, other patient responsibility, patient credit


class PostingPreviewDialog(QDialog):
    """Shows the plan; Post accepts it, Cancel leaves everything as it is."""

    def __init__(self, plan: PostingPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        r = plan.remittance
        self.plan = plan
        rest = "the rest of " if r.status == "partly_posted" else ""
        self.setWindowTitle(f"Post {rest}ERA {r.trace_number} — preview")
        self.resize(1330, 560)
        intro = QLabel(f"<b>{r.payer}</b> · check/EFT {r.trace_number} · "
                       f"{fmt.iso_to_display(r.payment_date)} · deposit {fmt.money(r.amount)}"
                       f"<br>{plan.summary} Patient responsibility is recorded for the patient "
                       "statement; it stays on the balance until the patient pays. "
                       "Denied claims keep their balance and go to the Problems list.")
        intro.setWordWrap(True)
        self.model: TableModel[ClaimPlan] = TableModel(PREVIEW_COLUMNS, self,
                                                       muted=lambda c: not c.written)
        self.model.set_items(plan.rows)
        self.table, _ = make_table(self.model, "Posting preview")
        widths = (85, 120, 150, 85, 110, 95, 95, 100, 85, 90, 70, 70, 100, 105, 95, 130, 200)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column in _OPTIONAL:  # groups no row of this ERA uses stay out of the way
            self.table.setColumnHidden(column, not any(
                PREVIEW_COLUMNS[column].value(c) for c in plan.rows))
        self.table.resizeRowsToContents()  # a status change or a reason is read whole
        provider = "".join(
            f"<br>{p.reason} {plb_text(p.reason)} ({p.kind.replace('_', ' ')}) "
            f"{p.reference}: "
            f"{fmt.money(from_cents(p.amount_cents))}"
            for p in plan.provider)
        waiting = ""
        if plan.waiting:
            amount = sum((c.rc.paid for c in plan.waiting), ZERO)
            waiting = (f" · waiting on this ERA, not posted now: {fmt.money(amount)} "
                       f"({fmt.plural(len(plan.waiting), 'claim')})")
        if plan.retries:
            waiting += (f" · reversals parked on other ERAs: "
                        f"{fmt.money(plan.retried_payments)}")
        totals = QLabel(f"Payments {fmt.money(plan.payments)} · provider-level "
                        f"{fmt.money(plan.provider_total)}{waiting} · deposit "
                        f"{fmt.money(r.amount)}{provider}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.post_button = buttons.addButton(
            "Post the rest" if r.status == "partly_posted" else "Post",
            QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.below_zero = QCheckBox(plan.below_zero_text() + " Post anyway.")
        self.below_zero.setStyleSheet("color: #b3261e;")
        self.below_zero.setVisible(bool(plan.below_zero))
        self.below_zero.toggled.connect(self.post_button.setEnabled)
        self.post_button.setEnabled(not plan.below_zero)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(totals)
        layout.addWidget(self.below_zero)
        layout.addWidget(buttons)

    @property
    def below_zero_confirmed(self) -> bool:
        """True when the biller ticked "post anyway" for claims going below zero."""
        return self.below_zero.isChecked()
