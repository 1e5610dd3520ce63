"""A claim payment held as a suspected duplicate, beside the payment posted before.

The biller compares the two and decides: it is a duplicate (never posted), or post it
after all. Closing the dialog decides nothing; the payment stays held.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.era.codes import clp02_text
from oa_desktop.services.era.duplicates import Held
from oa_desktop.store.remittances import RemittanceClaim
from oa_desktop.ui.kit import formats as fmt


def _lines(rc: RemittanceClaim) -> str:
    return "; ".join(
        f"{ln.procedure} {fmt.money(Decimal(ln.charge))} → {fmt.money(Decimal(ln.paid))}"
        + "".join(f", {a.code()} {fmt.money(Decimal(a.amount))}" for a in ln.adjustments)
        for ln in rc.detail.lines) or "(no service lines)"


def comparison(found: Held) -> list[tuple[str, str, str]]:
    """(what, posted before, held now) rows."""
    before, now = found.earlier.claim, found.claim
    return [
        ("Check/EFT", found.earlier.trace_number, found.trace_number),
        ("Payment date", fmt.iso_to_display(found.earlier.payment_date),
         fmt.iso_to_display(found.payment_date)),
        ("Claim # (CLP01)", before.pcn, now.pcn),
        ("Payer's answer", clp02_text(before.status_code), clp02_text(now.status_code)),
        ("Charge", fmt.money(before.charge), fmt.money(now.charge)),
        ("Paid", fmt.money(before.paid), fmt.money(now.paid)),
        ("Patient responsibility", fmt.money(before.patient_responsibility),
         fmt.money(now.patient_responsibility)),
        ("Payer claim #", before.payer_claim_number, now.payer_claim_number),
        ("Service lines", _lines(before), _lines(now)),
    ]


class DuplicateDialog(QDialog):
    """Side by side; ``decision`` is 'duplicate', 'post' or '' (closed undecided)."""

    def __init__(self, found: Held, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decision = ""
        self.setWindowTitle(f"Claim {found.claim.pcn}: the same payment twice?")
        self.resize(900, 420)
        intro = QLabel(f"This ERA pays claim {found.claim.pcn} exactly as check/EFT "
                       f"{found.earlier.trace_number} already did. It is held, not posted, "
                       "until you decide.")
        intro.setWordWrap(True)
        rows = comparison(found)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Posted before", "Held now"])
        table.setVerticalHeaderLabels([r[0] for r in rows])
        for row, (_, before, now) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(before))
            table.setItem(row, 1, QTableWidgetItem(now))
        table.setColumnWidth(0, 340)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(True)
        table.resizeRowsToContents()
        table.setAccessibleName("The two payments side by side")
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.duplicate_button = buttons.addButton(
            "It is a duplicate: never post it", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.post_button = buttons.addButton("Not a duplicate: post it",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.duplicate_button.clicked.connect(lambda: self._decide("duplicate"))
        self.post_button.clicked.connect(lambda: self._decide("post"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)

    def _decide(self, decision: str) -> None:
        self.decision = decision
        self.accept()
