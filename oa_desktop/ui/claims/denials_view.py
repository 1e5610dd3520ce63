"""The Denials worklist: claims the payer paid nothing (CO/PI), with the reason in plain
words and the next step — correct and resubmit as 7, appeal, or write off."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.era import posting
from oa_desktop.services.era.posting import Denial
from oa_desktop.services.reports.table import Kind
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table

DENIAL_COLUMNS: list[Column[Denial]] = [
    Column("ERA date", lambda d: d.payment_date,
           text=lambda d: fmt.iso_to_display(d.payment_date)),
    Column("Claim #", lambda d: d.pcn),
    Column("Patient", lambda d: d.patient),
    Column("Payer", lambda d: d.payer),
    Column("Unpaid", lambda d: d.amount, Kind.MONEY),
    Column("Reason", lambda d: d.reasons, text=lambda d: d.reason_text,
           tip=lambda d: d.reason_text),
    Column("Next step", lambda d: d.next_step),
    Column("Secondary", lambda d: d.has_secondary,
           text=lambda d: "Has secondary" if d.has_secondary else ""),
]


class DenialsView(QWidget):
    """Open denials; each action takes the denial off the list."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        title = QLabel("Denials")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel("Claims the payer paid nothing for. Their balance stays open until you "
                       "choose: correct and resubmit as a replacement (7), appeal, or write off.")
        intro.setWordWrap(True)
        self.model: TableModel[Denial] = TableModel(DENIAL_COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Denials")
        for column, width in ((0, 85), (1, 90), (2, 150), (3, 170), (4, 85), (5, 330), (6, 280)):
            self.table.setColumnWidth(column, width)
        self.empty = QLabel("No denials to work. Denied claims land here when an ERA is posted.")
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, label, handler in (
            ("resubmit", "Correct and resubmit (7)", self._on_resubmit_clicked),
            ("appeal", "Appeal…", self._on_appeal_clicked),
            ("proof", "Proof of timely filing (PDF)…", self._on_proof_clicked),
            ("write_off", "Write off…", self._on_write_off_clicked),
        ):
            button = QPushButton(label)
            button.clicked.connect(handler)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.reload()

    def reload(self) -> None:
        """Read the open denials again."""
        self.model.set_items(posting.denials(self.store))
        self.empty.setVisible(not self.model.items)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        if self.proxy.rowCount():
            self.table.selectRow(0)
        self._on_current_changed(self.table.currentIndex(), QModelIndex())

    def selected(self) -> Denial | None:
        """The denial that is selected."""
        index = self.table.currentIndex()
        return index.data(ItemRole.OBJECT) if index.isValid() else None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        for button in self.buttons.values():
            button.setEnabled(current.isValid())

    def act(self, action: str, note: str = "") -> str:
        """Do ``resubmit``, ``appeal`` or ``write_off`` for the selected denial."""
        denial = self.selected()
        if denial is None:
            return ""
        try:
            if action == "resubmit":
                posting.resubmit_denial(self.store, denial.id)
                message = (f"Claim {denial.pcn} is a draft replacement (7) of payer claim "
                           f"{denial.payer_claim_number}: correct it, then send it.")
            elif action == "appeal":
                posting.appeal_denial(self.store, denial.id, note=note)
                message = f"Appeal recorded for claim {denial.pcn}."
            else:
                amount = posting.write_off_denial(self.store, denial.id, note=note)
                message = f"Wrote off {fmt.money(amount)} on claim {denial.pcn}; it is closed."
        except KnownError as exc:
            show_known_error(self, exc)
            return exc.message
        self.reload()
        self.status.setText(message)
        self.changed.emit()
        return message

    def _on_resubmit_clicked(self) -> None:
        self.act("resubmit")

    def _on_appeal_clicked(self) -> None:
        note, ok = QInputDialog.getText(self, "Appeal", "What you sent or will send:")
        if ok:
            self.act("appeal", note)

    def _on_proof_clicked(self) -> None:
        """The attachment of a CO-29 (timely filing) appeal."""
        from oa_desktop.ui.auth.proof_action import save_proof_pdf

        denial = self.selected()
        if denial is not None:
            self.status.setText(save_proof_pdf(self, self.store, denial.claim_id, denial.pcn))

    def _on_write_off_clicked(self) -> None:
        denial = self.selected()
        if denial is None:
            return
        answer = QMessageBox.question(
            self, "Write off", f"Write off {fmt.money(denial.amount)} on claim {denial.pcn} "
            f"({denial.patient}) and close it?")
        if answer == QMessageBox.StandardButton.Yes:
            self.act("write_off")
