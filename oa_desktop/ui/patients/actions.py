"""Claims → Patient account… (Ctrl+Shift+A): the account of the selected claim's patient,
of the patient selected on the Patients screen, or of a patient found by name; and Find
(Ctrl+F), which finds a patient by name, account # or date of birth and opens the account."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.patients.account_dialog import PatientAccountDialog


class Shell(Protocol):
    """What these actions need of the main window."""

    store: Store
    claims: Any
    pages: Any

    def refresh(self) -> None:
        """Reload what the window shows."""


class FindPatientDialog(QDialog):
    """Find (Ctrl+F): type part of a name, the account number or the date of birth
    (MM/DD/YYYY or YYYY-MM-DD); Enter opens the patient's account."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a patient's account")
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setAccessibleName("Find a patient")
        self.search.setPlaceholderText("Name, account # or date of birth")
        self.list = QListWidget()
        self.list.setAccessibleName("Patients found")
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rows = [(r.patient.id, _label(r.patient), _born(r.patient))
                     for r in records.list_patients(store)]
        self.search.textChanged.connect(self._on_find_text_changed)
        self.search.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self._on_find_text_changed("")
        self.resize(420, 420)

    def _on_find_text_changed(self, text: str) -> None:
        self.list.clear()
        words = text.lower().split()
        for patient_id, label, born in self.rows:
            if all(w in label.lower() or w in born for w in words):
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, patient_id)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def patient_id(self) -> int | None:
        """The patient chosen."""
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def _label(patient: Any) -> str:
    """``Last, First  account #  born MM/DD/YYYY`` as the find list shows a patient."""
    born = patient.person.birth_date
    return "  ".join(part for part in (
        patient.person.display_name, patient.account_number,
        f"born {fmt.iso_to_display(born.isoformat())}" if born else "") if part)


def _born(patient: Any) -> str:
    """The date of birth as typed in ISO form too (``1980-03-04``)."""
    born = patient.person.birth_date
    return born.isoformat() if born else ""


class PatientAccountActions:
    """The "Patient account…" action and the way every screen opens an account."""

    def __init__(self, window: Shell) -> None:
        self.window = window
        self.action = QAction("Patient &account…", window,  # type: ignore[call-overload]
                              shortcut=QKeySequence("Ctrl+Shift+A"))
        self.action.setToolTip("The selected claim's or patient's account: payments, "
                               "adjustments, refunds, balance (Ctrl+Shift+A)")
        self.action.triggered.connect(self._on_action_triggered)
        self.paper_action = QAction("Enter paper &EOB or check…", window)  # type: ignore[call-overload]
        self.paper_action.setToolTip("Post an insurance payment that came on paper (no ERA): "
                                     "claim by claim, line by line")
        self.paper_action.triggered.connect(self._on_paper_action_triggered)

    def install(self, menu: QMenu, toolbar: QToolBar) -> None:
        """Put the actions in the Claims menu, the account also on the toolbar."""
        menu.addAction(self.action)
        menu.addAction(self.paper_action)
        toolbar.addAction(self.action)

    def _on_paper_action_triggered(self) -> None:
        from oa_desktop.ui.patients.paper_eob_dialog import PaperEobDialog

        dialog = PaperEobDialog(self.window.store, self.window)  # type: ignore[arg-type]
        if self.window.pages.currentWidget() is self.window.claims:
            claim_id = self.window.claims.selected_claim_id()
            if claim_id is not None:
                dialog.add_claim(claim_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.refresh()

    def _on_action_triggered(self) -> None:
        page = self.window.pages.currentWidget()
        if page is self.window.claims:
            claim_id = self.window.claims.selected_claim_id()
            if claim_id is not None:
                self.open_claim_account(claim_id)
                return
        current = getattr(getattr(page, "pane", None), "current", None)
        row = current() if callable(current) else None
        patient = getattr(row, "patient", None)
        if patient is not None and patient.id is not None:
            self.open_account(patient.id)
            return
        self.find_account()

    def find_account(self) -> PatientAccountDialog | None:
        """Find (Ctrl+F): find a patient by name, account # or date of birth and open
        their account; None when the biller cancels."""
        finder = FindPatientDialog(self.window.store, self.window)  # type: ignore[arg-type]
        self.finder = finder  # for tests and screenshots: the dialog while it is open
        if finder.exec() != QDialog.DialogCode.Accepted or finder.patient_id() is None:
            return None
        return self.open_account(finder.patient_id() or 0)

    def open_claim_account(self, claim_id: int) -> PatientAccountDialog:
        """The account of a claim's patient, with that claim selected."""
        from oa_desktop.store import claims

        patient_id = claims.get_claim(self.window.store, claim_id).patient_id
        return self.open_account(patient_id, claim_id)

    def open_account(self, patient_id: int, claim_id: int | None = None) -> PatientAccountDialog:
        """Show a patient's account; refresh the window when money moved."""
        dialog = PatientAccountDialog(self.window.store, patient_id,
                                      self.window, claim_id=claim_id)  # type: ignore[arg-type]
        dialog.finished.connect(lambda _code: self.window.refresh() if dialog.changed else None)
        dialog.open()
        return dialog
