"""Enter a paper EOB or check: payer, check number and date, total; then each claim's
lines with what was paid and the adjustments as printed (``CO-45 20.00; PR-2 10.00``).
The left column shows what does not balance yet. Save checks it whole, shows the same
posting preview as an ERA, and posts on the biller's word (or leaves it under ERAs)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.display import plural
from oa_desktop.errors import KnownError
from oa_desktop.services.era import posting
from oa_desktop.services.patients import paper_eob
from oa_desktop.store import claims, paper_eobs, records
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.formats import iso_to_display, money
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.patients.payment_dialog import parse_amount

COLUMNS = ("Claim", "Service", "Charge", "Paid", "Adjustments (group-CARC amount; …)", "Left")
PAID, ADJUST, LEFT = 3, 4, 5


def parse_adjustments(text: str) -> tuple[tuple[str, str, Decimal], ...] | None:
    """``CO-45 20.00; PR-2 10`` → ``(("CO", "45", 20.00), ("PR", "2", 10.00))``; None when a
    part cannot be read."""
    found = []
    for part in (p.strip() for p in text.replace("\n", ";").split(";") if p.strip()):
        code, _, amount_text = part.partition(" ")
        group, _, reason = code.upper().partition("-")
        amount = parse_amount(amount_text)
        if not reason or amount is None:
            return None
        found.append((group, reason, amount))
    return tuple(found)


class PaperEobDialog(QDialog):
    """Type in a paper EOB; ``remittance_id`` is set once it was entered."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.remittance_id: int | None = None
        self.posted = False
        self.setWindowTitle("Enter a paper EOB or check")
        self.setAccessibleName("Enter a paper EOB")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.payer = QComboBox()
        self.payer.setEditable(True)
        self.payer.setAccessibleName("Payer")
        for payer in records.list_payers(store):
            self.payer.addItem(payer.name, payer.payer_ids.get("835", ""))
        self.check = QLineEdit()
        self.check.setAccessibleName("Check or EFT number")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MM/dd/yyyy")
        self.total = QLineEdit()
        self.total.setAccessibleName("Check total")
        form.addRow("Payer:", self.payer)
        form.addRow("Check / EFT number:", self.check)
        form.addRow("Check date:", self.date)
        form.addRow("Check total:", self.total)
        layout.addLayout(form)
        add_row = QHBoxLayout()
        self.claim_number = QLineEdit()
        self.claim_number.setAccessibleName("Claim number to add")
        self.claim_number.setPlaceholderText("Claim number (as on the EOB's patient account #)")
        self.add_button = QPushButton("Add claim")
        self.add_button.setAutoDefault(False)
        add_row.addWidget(self.claim_number, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Claim lines on the EOB")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((120, 150, 90, 90, 300)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Check and post…")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.claim_number.returnPressed.connect(self._on_add_clicked)
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.total.textChanged.connect(self._update_status)
        self.rows: list[tuple[int, int, Decimal]] = []  # claim id, line id, charge
        self.resize(980, 600)

    def add_claim(self, claim_id: int) -> None:
        """Put a claim's lines in the table (paid and adjustments to type)."""
        facts = paper_eobs.claim_facts(self.store.read, claim_id)
        if facts is None or any(r[0] == claim_id for r in self.rows):
            return
        self.table.blockSignals(True)
        for line_id, code, _, day, cents, _, _ in paper_eobs.claim_lines(self.store.read,
                                                                          claim_id):
            charge = Decimal(cents).scaleb(-2)
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((facts[0], f"{iso_to_display(day)} {code}",
                                           money(charge), "", "", money(charge))):
                item = QTableWidgetItem(text)
                if column not in (PAID, ADJUST):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column in (2, PAID, LEFT):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            self.rows.append((claim_id, line_id, charge))
        self.table.blockSignals(False)
        self._update_status()

    def _on_add_clicked(self) -> None:
        text = self.claim_number.text().strip()
        claim_id = claims.claim_id_for_pcn(self.store, text) if text else None
        if claim_id is None:
            self.status.setText(f"No claim has the number “{text}”.")
            return
        self.claim_number.clear()
        self.add_claim(claim_id)

    def set_cell(self, row: int, column: int, text: str) -> None:
        """Type ``text`` into a cell (as the biller would)."""
        item = self.table.item(row, column)
        if item is not None:
            item.setText(text)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (PAID, ADJUST):
            self._update_row(item.row())
            self._update_status()

    def _update_row(self, row: int) -> None:
        paid = parse_amount(self._cell(row, PAID) or "0")
        adjustments = parse_adjustments(self._cell(row, ADJUST))
        left_item = self.table.item(row, LEFT)
        if left_item is None:
            return
        self.table.blockSignals(True)
        if paid is None or adjustments is None:
            left_item.setText("?")
        else:
            left = self.rows[row][2] - paid - sum((a[2] for a in adjustments), Decimal("0.00"))
            left_item.setText(money(left))
            left_item.setForeground(QColor("#b3261e" if left else "#1b5e20"))
        self.table.blockSignals(False)

    def eob(self) -> paper_eob.PaperEob:
        """The EOB as typed (raises KnownError naming what cannot be read)."""
        by_claim: dict[int, list[paper_eob.PaperLine]] = {}
        for row, (claim_id, line_id, _) in enumerate(self.rows):
            paid = parse_amount(self._cell(row, PAID) or "0")
            adjustments = parse_adjustments(self._cell(row, ADJUST))
            if paid is None or adjustments is None:
                raise KnownError(f"Row {row + 1} cannot be read.",
                                 "Type the paid amount like 80.00 and adjustments like "
                                 "“CO-45 20.00; PR-2 10.00”.")
            by_claim.setdefault(claim_id, []).append(
                paper_eob.PaperLine(line_id, paid, adjustments))
        total = parse_amount(self.total.text())
        if total is None:
            raise KnownError("The check total cannot be read.", "Type it like 1,234.50.")
        return paper_eob.PaperEob(
            self.payer.currentText(), self.check.text(), self.date.date().toPython(),  # type: ignore[arg-type]
            total, [paper_eob.PaperClaim(c, tuple(lines)) for c, lines in by_claim.items()],
            payer_id=self.payer.currentData() or "")

    def _update_status(self, *_args: object) -> None:
        paid = Decimal("0.00")
        for row in range(self.table.rowCount()):
            paid += parse_amount(self._cell(row, PAID) or "0") or Decimal("0.00")
        total = parse_amount(self.total.text())
        gap = "" if total is None else f"; the check is {money(total)}, {money(total - paid)} " \
            "not yet on a claim"
        claims = plural(len({r[0] for r in self.rows}), "claim")
        self.status.setText(f"{claims}, paid {money(paid)}{gap}.")

    def _on_buttons_accepted(self) -> None:
        from oa_desktop.ui.era.posting_preview import PostingPreviewDialog

        try:
            self.remittance_id = paper_eob.enter(self.store, self.eob())
        except KnownError as error:
            show_known_error(self, error, "Paper EOB")
            return
        plan = posting.preview(self.store, self.remittance_id)
        if PostingPreviewDialog(plan, self).exec():
            try:
                posting.post(self.store, self.remittance_id)
                self.posted = True
            except KnownError as error:
                show_known_error(self, error, "Paper EOB")
        self.accept()
