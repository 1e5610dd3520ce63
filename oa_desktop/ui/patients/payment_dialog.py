"""Take a patient payment: date, amount, method (check number, card's last four), who
paid, a note, and where it goes — the patient's share oldest first, the claims the biller
ticks, or all of it as credit. Nothing is saved until Save."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.patients import actions
from oa_desktop.services.patients.account import PatientAccount
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.formats import iso_to_display, money
from oa_desktop.ui.kit.messages import show_known_error


def parse_amount(text: str) -> Decimal | None:
    """``$1,234.50`` → ``Decimal("1234.50")``; None when it is not money."""
    try:
        value = Decimal(text.replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class PaymentDialog(QDialog):
    """Take a payment for one patient; ``result`` holds what was saved."""

    def __init__(self, store: Store, account: PatientAccount,
                 parent: QWidget | None = None, *, claim_id: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.account = account
        self.result_: actions.ActionResult | None = None
        self.setWindowTitle(f"Take a payment — {account.name}")
        self.setAccessibleName("Take a payment")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MM/dd/yyyy")
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Amount")
        self.amount.setPlaceholderText("25.00")
        if account.patient_due_amount:
            self.amount.setText(f"{account.patient_due_amount:.2f}")
        self.method = QComboBox()
        self.method.setAccessibleName("Method")
        for method in actions.Method:
            self.method.addItem(method.label, method.value)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Check number or card's last four")
        self.paid_by = QLineEdit()
        self.paid_by.setAccessibleName("Paid by")
        self.paid_by.setPlaceholderText("the patient")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        form.addRow("Date received:", self.date)
        form.addRow("Amount:", self.amount)
        form.addRow("Method:", self.method)
        self.reference_label = QLabel("Check number:")
        form.addRow(self.reference_label, self.reference)
        form.addRow("Paid by:", self.paid_by)
        form.addRow("Note:", self.note)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Apply it to</b>"))
        self.oldest = QRadioButton(f"The patient's share, oldest first (owes "
                                   f"{money(account.patient_balance_amount)}); the rest is credit")
        self.picked = QRadioButton("These claims (their whole balance):")
        self.credit = QRadioButton("Nothing yet: keep it all as credit for the next visit")
        self.choice = QButtonGroup(self)
        for button in (self.oldest, self.picked, self.credit):
            self.choice.addButton(button)
            layout.addWidget(button)
        self.claims = QListWidget()
        self.claims.setAccessibleName("Claims to apply the payment to")
        self.claims.setMaximumHeight(140)
        for c in account.claims:
            if c.balance_amount > 0:
                item = QListWidgetItem(f"{c.pcn}  {iso_to_display(c.service_date)}  balance "
                                       f"{money(c.balance_amount)} (patient "
                                       f"{money(c.patient_balance_amount)})")
                item.setData(Qt.ItemDataRole.UserRole, c.claim_id)
                item.setCheckState(Qt.CheckState.Checked if c.claim_id == claim_id
                                   else Qt.CheckState.Unchecked)
                self.claims.addItem(item)
        layout.addWidget(self.claims)
        (self.picked if claim_id is not None else self.oldest).setChecked(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.method.currentIndexChanged.connect(self._on_method_changed)
        self.amount.textChanged.connect(self._update_summary)
        self.choice.buttonToggled.connect(self._update_summary)
        self.claims.itemChanged.connect(self._update_summary)
        self._on_method_changed()
        self.resize(620, 560)

    def _on_method_changed(self, *_args: object) -> None:
        method = self.method.currentData()
        self.reference_label.setText({"check": "Check number:", "card": "Card's last four:"}
                                     .get(method, "Reference:"))
        self.reference.setEnabled(method != "cash")
        self._update_summary()

    def picked_claims(self) -> list[int]:
        """The claims ticked, in list order (oldest first)."""
        return [self.claims.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.claims.count())
                if self.claims.item(i).checkState() == Qt.CheckState.Checked]

    def _update_summary(self, *_args: object) -> None:
        amount = parse_amount(self.amount.text())
        self.claims.setEnabled(self.picked.isChecked())
        if amount is None or amount <= 0:
            self.summary.setText("Type the amount received.")
            return
        if self.credit.isChecked():
            self.summary.setText(f"{money(amount)} will be kept as credit.")
            return
        if self.picked.isChecked():
            chosen = set(self.picked_claims())
            room = sum((c.balance_amount for c in self.account.claims if c.claim_id in chosen),
                       Decimal("0.00"))
        else:
            room = self.account.patient_balance_amount
        applied = min(amount, room)
        self.summary.setText(f"{money(applied)} goes on claims; {money(amount - applied)} "
                             "becomes credit.")

    def _on_buttons_accepted(self) -> None:
        amount = parse_amount(self.amount.text())
        if amount is None:
            self.summary.setText("That is not an amount of money. Type it like 25.00.")
            return
        if self.picked.isChecked() and not self.picked_claims():
            self.summary.setText("Tick the claims to apply the payment to.")
            return
        try:
            self.result_ = actions.take_payment(
                self.store, self.account.patient_id, amount, self.method.currentData(),
                on=self.date.date().toPython(), reference=self.reference.text(),  # type: ignore[arg-type]
                paid_by=self.paid_by.text(), note=self.note.text(),
                claim_ids=self.picked_claims() if self.picked.isChecked() else None,
                as_credit=self.credit.isChecked())
        except KnownError as error:
            show_known_error(self, error, "Take a payment")
            return
        self.accept()
