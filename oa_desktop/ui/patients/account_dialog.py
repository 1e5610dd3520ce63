"""The patient account: the totals (balance, insurance, patient, credit), each claim with
its balance split between insurance and patient, and every entry with the running
balance. Take a payment, adjust or write off, refund credit, undo, print a statement or
a receipt. Laid out for 1366×768: the tables share one splitter, the buttons stay in view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import KnownError
from oa_desktop.services.patients import actions
from oa_desktop.services.patients.account import (
    AccountClaim,
    AccountEntry,
    PatientAccount,
    patient_account,
)
from oa_desktop.services.reports.table import Kind
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.formats import iso_to_display, money
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table
from oa_desktop.ui.patients import entry_dialogs
from oa_desktop.ui.patients.payment_dialog import PaymentDialog

CLAIM_COLUMNS: list[Column[AccountClaim]] = [
    Column("Claim", lambda c: c.pcn),
    Column("Service", lambda c: c.service_date, text=lambda c: iso_to_display(c.service_date)),
    Column("Status", lambda c: c.status, text=lambda c: ClaimStatus(c.status).label),
    Column("Charge", lambda c: c.charge_amount, Kind.MONEY),
    Column("Insurance paid", lambda c: c.insurance_paid_amount, Kind.MONEY),
    Column("Patient paid", lambda c: c.patient_paid_amount, Kind.MONEY),
    Column("Adjusted", lambda c: c.adjusted_amount, Kind.MONEY),
    Column("Insurance owes", lambda c: c.insurance_balance_amount, Kind.MONEY),
    Column("Patient owes", lambda c: c.patient_balance_amount, Kind.MONEY),
    Column("Balance", lambda c: c.balance_amount, Kind.MONEY),
]
ENTRY_COLUMNS: list[Column[AccountEntry]] = [
    Column("Date", lambda e: e.on_date, text=lambda e: iso_to_display(e.on_date)),
    Column("Claim", lambda e: e.pcn, text=lambda e: e.pcn or "(account)"),
    Column("Entry", lambda e: e.description,
           text=lambda e: e.description + ("  [undone]" if e.undone else ""),
           tip=lambda e: e.description),
    Column("Amount", lambda e: e.amount, Kind.MONEY,
           text=lambda e: money(e.amount) if e.counts else f"({money(e.amount)})",
           tip=lambda e: None if e.counts else "Moves the balance from insurance to the "
           "patient; does not change it"),
    Column("Running balance", lambda e: e.balance, Kind.MONEY),
]


class PatientAccountDialog(QDialog):
    """One patient's account. ``changed`` is True once money moved while it was open."""

    def __init__(self, store: Store, patient_id: int, parent: QWidget | None = None, *,
                 claim_id: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.patient_id = patient_id
        self.focus_claim = claim_id
        self.changed = False
        self.account: PatientAccount = patient_account(store, patient_id)
        self.setAccessibleName("Patient account")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(self.heading)
        self.totals = QGridLayout()
        self.total_labels: dict[str, QLabel] = {}
        for column, (key, title) in enumerate((
                ("balance", "Balance"), ("insurance", "Insurance owes"),
                ("patient", "Patient owes"), ("credit", "Credit on account"),
                ("due", "Ask the patient for"))):
            self.totals.addWidget(QLabel(title), 0, column)
            value = QLabel()
            value.setAccessibleName(title)
            value.setStyleSheet("font-size: 13pt; font-weight: 600;")
            self.totals.addWidget(value, 1, column)
            self.total_labels[key] = value
        layout.addLayout(self.totals)
        self.claims_model: TableModel[AccountClaim] = TableModel(CLAIM_COLUMNS, self)
        self.claims_table, self.claims_proxy = make_table(self.claims_model, "Claims")
        self.entries_model: TableModel[AccountEntry] = TableModel(ENTRY_COLUMNS, self,
                                                                  muted=lambda e: e.undone)
        self.entries_table, self.entries_proxy = make_table(self.entries_model, "Entries")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.claims_table)
        splitter.addWidget(self.entries_table)
        splitter.setSizes([220, 300])
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons())
        self.reload(read=False)  # the account read above
        self.resize(1240, 660)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.pay_button = QPushButton("Take payment…")
        self.adjust_button = QPushButton("Adjust / write off…")
        self.recoup_button = QPushButton("Payer recoupment…")
        self.credit_button = QPushButton("Apply credit")
        self.refund_button = QPushButton("Refund credit…")
        self.undo_button = QPushButton("Undo entry…")
        self.statement_button = QPushButton("Statement…")
        self.receipt_button = QPushButton("Receipt…")
        close = QPushButton("Close")
        handlers = ((self.pay_button, self._on_pay_clicked),
                    (self.adjust_button, self._on_adjust_clicked),
                    (self.recoup_button, self._on_recoup_clicked),
                    (self.credit_button, self._on_credit_clicked),
                    (self.refund_button, self._on_refund_clicked),
                    (self.undo_button, self._on_undo_clicked),
                    (self.statement_button, self._on_statement_clicked),
                    (self.receipt_button, self._on_receipt_clicked), (close, self.accept))
        for button, handler in handlers:
            button.setAutoDefault(False)
            button.clicked.connect(handler)
            row.addWidget(button)
            if button is self.undo_button:
                row.addStretch(1)
        self.pay_button.setDefault(True)
        return row

    def reload(self, *, read: bool = True) -> None:
        """Read the account again and show it (``read`` False: show the one just read)."""
        if read:
            self.account = patient_account(self.store, self.patient_id)
        a = self.account
        self.setWindowTitle(f"Account — {a.name}")
        self.heading.setText(f"{a.name.title()}  ·  {len(a.claims)} claim"
                             f"{'s' * (len(a.claims) != 1)}")
        for key, value in (("balance", a.balance_amount),
                           ("insurance", a.insurance_balance_amount),
                           ("patient", a.patient_balance_amount), ("credit", a.credit_amount),
                           ("due", a.patient_due_amount)):
            self.total_labels[key].setText(money(value))
        self.claims_model.set_items(a.claims)
        self.entries_model.set_items(a.entries)
        for table, widths in ((self.claims_table, (150, 86, 150, 86, 100, 96, 86, 110, 100)),
                              (self.entries_table, (86, 150, 560, 100))):
            for column, width in enumerate(widths):
                table.setColumnWidth(column, width)
        self.entries_table.scrollToBottom()
        if self.focus_claim is not None:
            row = next((i for i, c in enumerate(a.claims) if c.claim_id == self.focus_claim), -1)
            if row >= 0:
                self.claims_table.selectRow(self.claims_proxy.mapFromSource(
                    self.claims_model.index(row, 0)).row())
        self.credit_button.setEnabled(a.credit_amount > 0 and a.patient_balance_amount > 0)
        self.credit_button.setToolTip(
            f"Use the {money(a.credit_amount)} credit on what the patient owes, oldest first"
            if a.credit_amount else "No credit on the account")
        self.refund_button.setEnabled(a.credit_amount > 0)

    def selected_claim(self) -> AccountClaim | None:
        """The claim selected in the claims table."""
        index = self.claims_table.currentIndex()
        return index.data(ItemRole.OBJECT) if index.isValid() else None

    def selected_entry(self) -> AccountEntry | None:
        """The entry selected in the history."""
        index = self.entries_table.currentIndex()
        return index.data(ItemRole.OBJECT) if index.isValid() else None

    def _done(self, _action_id: int | None = None) -> None:
        self.changed = True
        self.reload()

    def _need_claim(self) -> AccountClaim | None:
        claim = self.selected_claim()
        if claim is None:
            QMessageBox.information(self, "Patient account", "Select a claim first.")
        return claim

    def _on_pay_clicked(self) -> None:
        claim = self.selected_claim()
        dialog = PaymentDialog(self.store, self.account, self,
                               claim_id=claim.claim_id if claim else None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._done()

    def _on_adjust_clicked(self) -> None:
        claim = self._need_claim()
        if claim is not None:
            entry_dialogs.run(entry_dialogs.AdjustDialog(
                self.store, claim.claim_id, claim.pcn, claim.balance_amount, self), self._done)

    def _on_recoup_clicked(self) -> None:
        claim = self._need_claim()
        if claim is not None:
            entry_dialogs.run(entry_dialogs.RecoupDialog(self.store, claim.claim_id, claim.pcn,
                                                         self), self._done)

    def _on_refund_clicked(self) -> None:
        entry_dialogs.run(entry_dialogs.RefundDialog(
            self.store, self.patient_id, self.account.credit_amount, self), self._done)

    def _on_credit_clicked(self) -> None:
        try:
            result = actions.apply_credit(self.store, self.patient_id)
        except KnownError as error:
            show_known_error(self, error, "Apply credit")
            return
        self._done(result.action_id)

    def _on_undo_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.action_id is None:
            QMessageBox.information(self, "Undo", "Select an entry made here (a payment, "
                                    "adjustment, refund or recoupment). ERA postings are "
                                    "undone from their ERA.")
            return
        answer = QMessageBox.question(
            self, "Undo entry", f"Undo “{entry.description}” ({money(abs(entry.amount))})? "
            "Opposite entries are added today; nothing is deleted.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            actions.undo(self.store, entry.action_id)
        except KnownError as error:
            show_known_error(self, error, "Undo")
            return
        self._done()

    def _ask_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save PDF", suggested, "PDF files (*.pdf)")
        return path

    def _on_statement_clicked(self) -> None:
        from oa_desktop.ui.pdf.statement_pdf import write_statements

        path = self._ask_path(f"statement-{self.patient_id}.pdf")
        if path:
            count = write_statements(self.store, Path(path), patient_ids=[self.patient_id])
            if not count:
                QMessageBox.information(self, "Statement", "This patient owes nothing on "
                                        "their claims, so there is no statement to print.")

    def _on_receipt_clicked(self) -> None:
        from oa_desktop.ui.pdf.receipt_pdf import write_receipt

        entry = self.selected_entry()
        if entry is None or entry.action_id is None:
            QMessageBox.information(self, "Receipt", "Select a patient payment first.")
            return
        path = self._ask_path(f"receipt-{entry.action_id}.pdf")
        if path:
            try:
                write_receipt(self.store, entry.action_id, Path(path))
            except KnownError as error:
                show_known_error(self, error, "Receipt")
