"""Small entry dialogs of the patient account: an adjustment or write-off on a claim, a
refund of credit, a payer recoupment. Each saves one action on Save, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.patients import actions
from oa_desktop.store import paper_eobs
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.formats import iso_to_display
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.patients.payment_dialog import parse_amount


class _EntryDialog(QDialog):
    """A form, a line of help, Save and Cancel."""

    def __init__(self, title: str, help_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.layout_ = QVBoxLayout(self)
        intro = QLabel(help_text)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("MM/dd/yyyy")
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Amount")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.action_id: int | None = None

    def finish(self) -> None:
        """Add the date, amount and note rows and the buttons."""
        self.form.addRow("Date:", self.date)
        self.form.addRow("Amount:", self.amount)
        self.form.addRow("Note:", self.note)
        self.layout_.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        self.resize(460, 280)

    def save(self, amount: Decimal) -> int:
        """Write the entry; return its action's id."""
        raise NotImplementedError

    def _on_buttons_accepted(self) -> None:
        amount = parse_amount(self.amount.text())
        if amount is None:
            self.message.setText("That is not an amount of money. Type it like 25.00.")
            return
        try:
            self.action_id = self.save(amount)
        except KnownError as error:
            show_known_error(self, error, self.windowTitle())
            return
        self.accept()


class AdjustDialog(_EntryDialog):
    """An adjustment or write-off of part or all of a claim's balance."""

    def __init__(self, store: Store, claim_id: int, pcn: str, balance: Decimal,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Adjust or write off — claim {pcn}",
                         f"The claim's balance is ${balance:,.2f}. The entry can be undone "
                         "later; it is never edited.", parent)
        self.store, self.claim_id = store, claim_id
        self.reason = QComboBox()
        self.reason.setAccessibleName("Reason")
        self.new_reason = QPushButton("New reason…")
        self.new_reason.setAutoDefault(False)
        self.new_reason.clicked.connect(self._on_new_reason_clicked)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.new_reason)
        self._fill_reasons()
        self.form.addRow("Reason:", row)
        self.line = QComboBox()
        self.line.setAccessibleName("Service line")
        self.line.addItem("The whole claim", None)
        for line_id, code, _, day, cents, _, _ in paper_eobs.claim_lines(store.read, claim_id):
            self.line.addItem(f"{iso_to_display(day)} {code} (${Decimal(cents).scaleb(-2):,.2f})",
                              line_id)
        self.form.addRow("On:", self.line)
        self.amount.setText(f"{balance:.2f}")
        self.finish()

    def _fill_reasons(self, current: str = "") -> None:
        self.reason.clear()
        for r in actions.reasons(self.store):
            kind = "write-off" if r.kind == "write_off" else "adjustment"
            self.reason.addItem(f"{r.label} ({kind})", r.code)
        if current:
            self.reason.setCurrentIndex(self.reason.findData(current))

    def _on_new_reason_clicked(self) -> None:
        """The practice's own reason, kept for next time (never deleted)."""
        label, ok = QInputDialog.getText(self, "New reason", "What the reason is called:")
        if not ok or not label.strip():
            return
        kind, ok = QInputDialog.getItem(self, "New reason", "It is a:",
                                        ["Write-off", "Adjustment"], 0, False)
        if not ok:
            return
        try:
            code = actions.add_reason(self.store, label,
                                      "write_off" if kind == "Write-off" else "adjustment")
        except KnownError as error:
            show_known_error(self, error, "New reason")
            return
        self._fill_reasons(code)

    def save(self, amount: Decimal) -> int:
        """Write the adjustment or write-off."""
        return actions.adjust(self.store, self.claim_id, amount, self.reason.currentData(),
                              line_id=self.line.currentData(), on=self.date.date().toPython(),  # type: ignore[arg-type]
                              note=self.note.text()).action_id


class RefundDialog(_EntryDialog):
    """Give back part or all of the patient's credit."""

    def __init__(self, store: Store, patient_id: int, credit: Decimal,
                 parent: QWidget | None = None) -> None:
        super().__init__("Refund credit", f"The patient's credit is ${credit:,.2f}.", parent)
        self.store, self.patient_id = store, patient_id
        self.method = QComboBox()
        self.method.setAccessibleName("Refunded by")
        for method in (actions.Method.CHECK, actions.Method.CARD, actions.Method.CASH):
            self.method.addItem(method.label, method.value)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Check number or card's last four")
        self.form.addRow("Refunded by:", self.method)
        self.form.addRow("Check # / card:", self.reference)
        self.amount.setText(f"{credit:.2f}")
        self.finish()

    def save(self, amount: Decimal) -> int:
        """Write the refund."""
        return actions.refund(self.store, self.patient_id, amount, self.method.currentData(),
                              reference=self.reference.text(),
                              on=self.date.date().toPython(),  # type: ignore[arg-type]
                              note=self.note.text()).action_id


class RecoupDialog(_EntryDialog):
    """A payer took back money it paid on a claim, outside an ERA."""

    def __init__(self, store: Store, claim_id: int, pcn: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Payer recoupment — claim {pcn}",
                         "Use this when a payer takes money back by letter or offset and no "
                         "ERA carries it.", parent)
        self.store, self.claim_id = store, claim_id
        self.payer = QLineEdit()
        self.payer.setAccessibleName("Payer")
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Letter or reference number")
        self.form.addRow("Payer:", self.payer)
        self.form.addRow("Reference:", self.reference)
        self.finish()

    def save(self, amount: Decimal) -> int:
        """Write the recoupment."""
        return actions.recoup(self.store, self.claim_id, amount, payer=self.payer.text(),
                              reference=self.reference.text(),
                              on=self.date.date().toPython(),  # type: ignore[arg-type]
                              note=self.note.text()).action_id


def run(dialog: _EntryDialog, done: Callable[[int], None]) -> None:
    """Show ``dialog``; call ``done`` with the saved action's id."""
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.action_id is not None:
        done(dialog.action_id)
