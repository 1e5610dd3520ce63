"""Enter a paper EOB or check: payer, check number and date, total; then each claim's
lines with the allowed amount, what was paid and the adjustments as printed
(``CO-45 20.00; PR-2 10.00``), and under them the claim-level adjustments, which come off
the claim's payment (as an ERA's claim-level CAS). The left column shows what does not
balance yet. Save checks it whole, shows the same
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

COLUMNS = ("Claim", "Service", "Charge", "Allowed", "Paid",
           "Adjustments (group-CARC amount; …)", "Left")
ALLOWED, PAID, ADJUST, LEFT = 3, 4, 5, 6
CLAIM_LEVEL = "Claim-level adjustments"  # the Service cell of a claim's last row
_ZERO = Decimal("0.00")


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
        for column, width in enumerate((110, 170, 85, 85, 85, 280)):
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
        # claim id, line id (None: the claim-level row), charge
        self.rows: list[tuple[int, int | None, Decimal]] = []
        self.resize(980, 600)

    def add_claim(self, claim_id: int) -> None:
        """Put a claim's lines in the table (allowed, paid and adjustments to type), and a
        row for its claim-level adjustments."""
        facts = paper_eobs.claim_facts(self.store.read, claim_id)
        if facts is None or any(r[0] == claim_id for r in self.rows):
            return
        self.table.blockSignals(True)
        for line_id, code, _, day, cents, _, _ in paper_eobs.claim_lines(self.store.read,
                                                                          claim_id):
            charge = Decimal(cents).scaleb(-2)
            self._add_row((facts[0], f"{iso_to_display(day)} {code}", money(charge), "", "",
                           "", money(charge)), (ALLOWED, PAID, ADJUST))
            self.rows.append((claim_id, line_id, charge))
        self._add_row((facts[0], CLAIM_LEVEL, "", "", money(_ZERO), "", ""), (ADJUST,))
        self.rows.append((claim_id, None, _ZERO))
        self.table.blockSignals(False)
        self._update_status()

    def _add_row(self, texts: tuple[str, ...], editable: tuple[int, ...]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column not in editable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if column in (2, ALLOWED, PAID, LEFT):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if texts[1] == CLAIM_LEVEL and column != ADJUST:
                item.setForeground(QColor("#5f6368"))
                item.setToolTip("The claim's payment: its lines' paid less the claim-level "
                                "adjustments" if column == PAID else "")
            self.table.setItem(row, column, item)

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
        if item.column() in (ALLOWED, PAID, ADJUST):
            self._update_row(item.row())
            self._update_claim_paid(self.rows[item.row()][0])
            self._update_status()

    def _update_row(self, row: int) -> None:
        if self.rows[row][1] is None:
            return  # the claim-level row: its paid cell is the claim's
        paid = parse_amount(self._cell(row, PAID) or "0")
        adjustments = parse_adjustments(self._cell(row, ADJUST))
        left_item = self.table.item(row, LEFT)
        if left_item is None:
            return
        self.table.blockSignals(True)
        if paid is None or adjustments is None:
            left_item.setText("?")
        else:
            left = self.rows[row][2] - paid - sum((a[2] for a in adjustments), _ZERO)
            left_item.setText(money(left))
            left_item.setForeground(QColor("#b3261e" if left else "#1b5e20"))
        self.table.blockSignals(False)

    def _claim_paid(self, claim_id: int) -> Decimal | None:
        """The claim's payment as typed: its lines' paid less its claim-level adjustments."""
        paid = _ZERO
        for row, (claim, line_id, _) in enumerate(self.rows):
            if claim != claim_id:
                continue
            if line_id is None:
                adjustments = parse_adjustments(self._cell(row, ADJUST))
                if adjustments is None:
                    return None
                paid -= sum((a[2] for a in adjustments), _ZERO)
            else:
                amount = parse_amount(self._cell(row, PAID) or "0")
                if amount is None:
                    return None
                paid += amount
        return paid

    def _update_claim_paid(self, claim_id: int) -> None:
        row = next(r for r, (c, line, _) in enumerate(self.rows) if c == claim_id and line is None)
        paid = self._claim_paid(claim_id)
        self.set_cell_quietly(row, PAID, "?" if paid is None else money(paid))

    def set_cell_quietly(self, row: int, column: int, text: str) -> None:
        """Show ``text`` in a cell without taking it for the biller's typing."""
        item = self.table.item(row, column)
        if item is not None:
            self.table.blockSignals(True)
            item.setText(text)
            self.table.blockSignals(False)

    def eob(self) -> paper_eob.PaperEob:
        """The EOB as typed (raises KnownError naming what cannot be read)."""
        by_claim: dict[int, list[paper_eob.PaperLine]] = {}
        claim_level: dict[int, tuple[tuple[str, str, Decimal], ...]] = {}
        for row, (claim_id, line_id, _) in enumerate(self.rows):
            adjustments = parse_adjustments(self._cell(row, ADJUST))
            if line_id is None:
                if adjustments is None:
                    raise KnownError(f"Row {row + 1} (claim-level adjustments) cannot be read.",
                                     "Type them like “CO-45 20.00; PR-1 10.00”.")
                claim_level[claim_id] = adjustments
                continue
            paid = parse_amount(self._cell(row, PAID) or "0")
            allowed_text = self._cell(row, ALLOWED).strip()
            allowed = parse_amount(allowed_text) if allowed_text else None
            if paid is None or adjustments is None or (allowed_text and allowed is None):
                raise KnownError(f"Row {row + 1} cannot be read.",
                                 "Type the allowed and paid amounts like 80.00 and adjustments "
                                 "like “CO-45 20.00; PR-2 10.00”.")
            by_claim.setdefault(claim_id, []).append(
                paper_eob.PaperLine(line_id, paid, adjustments, allowed))
        total = parse_amount(self.total.text())
        if total is None:
            raise KnownError("The check total cannot be read.", "Type it like 1,234.50.")
        return paper_eob.PaperEob(
            self.payer.currentText(), self.check.text(), self.date.date().toPython(),  # type: ignore[arg-type]
            total, [paper_eob.PaperClaim(c, tuple(lines), adjustments=claim_level.get(c, ()))
                    for c, lines in by_claim.items()],
            payer_id=self.payer.currentData() or "")

    def _update_status(self, *_args: object) -> None:
        paid = sum((self._claim_paid(c) or _ZERO for c in dict.fromkeys(r[0] for r in self.rows)),
                   _ZERO)
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
