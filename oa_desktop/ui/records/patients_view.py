"""Patients: find one, change their details and coverages, start a claim (Ctrl+N)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.models import Coverage, Patient, Person, Sex
from oa_desktop.services.safety import audit
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.store.records import PatientRow
from oa_desktop.ui.auth.patient_panel import AuthorizationsPanel
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.coverage_dialog import RANKS, SEXES, CoverageDialog
from oa_desktop.ui.records.fields import CheckedField
from oa_desktop.ui.records.form import RecordForm
from oa_desktop.ui.records.table import RecordListPane
from oa_desktop.ui.records.view import RecordsView
from oa_desktop.ui.records.widgets import AddressFields, combo, format_phone, select_data

COLUMNS: list[Column[PatientRow]] = [
    Column("Patient", lambda r: r.patient.person.display_name, width=150),
    Column("Birth date", lambda r: r.patient.person.birth_date,
           text=lambda r: ids.format_date(r.patient.person.birth_date), width=86),
    Column("Account #", lambda r: r.patient.account_number, width=72),
    Column("Primary payer", lambda r: r.payer_name or "No coverage", width=150),
    Column("Member ID", lambda r: r.member_id, width=100),
]
_RANK_TEXT = dict((rank, text) for text, rank in RANKS)


def coverage_columns(payer_names: dict[int, str]) -> list[Column[Coverage]]:
    """The patient's coverages table."""
    return [
        Column("Rank", lambda c: _RANK_TEXT.get(c.rank, str(c.rank)), sort=lambda c: c.rank,
               width=76),
        Column("Payer", lambda c: payer_names.get(c.payer_id, "?"), width=170),
        Column("Member ID (1a)", lambda c: c.member_id, width=110),
        Column("Insured (4)", lambda c: c.subscriber.display_name if c.subscriber
               else "The patient", width=140),
    ]


class PatientForm(RecordForm):
    """The form for one patient with their coverages."""
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, "Patient", parent)
        self.last_name = CheckedField(fields.required("last name"), name="Last name", upper=True)
        self.first_name = CheckedField(fields.required("first name"), name="First name",
                                       upper=True)
        self.middle_name = CheckedField(width=60, name="Middle initial", upper=True)
        self.birth_date = CheckedField(fields.a_date(True, "birth date"), width=100,
                                       name="Birth date", placeholder="MM/DD/YYYY")
        self.sex = combo(SEXES, "Sex")
        self.account = CheckedField(width=120, name="Account number", upper=True)
        self.form.addRow("Last name (2):", self.last_name)
        self.form.addRow("First name (2):", self.first_name)
        self.form.addRow("Middle initial:", self.middle_name)
        self.form.addRow("Birth date (3):", self.birth_date)
        self.form.addRow("Sex (3):", self.sex)
        self.form.addRow("Account # (chart):", self.account)
        self.address = AddressFields(self.form, "Address (5)")
        self.phone = CheckedField(fields.phone, width=140, name="Phone")
        self.form.addRow("Phone (5):", self.phone)
        self.watch(self.last_name, self.first_name, self.middle_name, self.birth_date,
                   self.sex, self.account, *self.address.widgets(), self.phone)
        self._build_coverages()

    def _build_coverages(self) -> None:
        heading = QLabel("Coverages")
        heading.setStyleSheet("font-size: 12pt; font-weight: 600; margin-top: 10px;")
        self.coverages: TableModel[Coverage] = TableModel([], self, align_headers=True)
        self.coverage_table = QTableView()
        self.coverage_table.setAccessibleName("Coverages")
        self.coverage_table.setModel(self.coverages)
        self.coverage_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.coverage_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.coverage_table.verticalHeader().setVisible(False)
        self.coverage_table.horizontalHeader().setStretchLastSection(True)
        self.coverage_table.setMaximumHeight(120)
        self.add_coverage = QPushButton("Add coverage…")
        self.edit_coverage = QPushButton("Change coverage…")
        self.remove_coverage = QPushButton("Remove coverage…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_coverage)
        buttons.addWidget(self.edit_coverage)
        buttons.addWidget(self.remove_coverage)
        buttons.addStretch(1)
        self.body.addWidget(heading)
        self.body.addWidget(self.coverage_table)
        self.body.addLayout(buttons)
        self.authorizations = AuthorizationsPanel(self.store)
        self.body.addWidget(self.authorizations)
        self.add_coverage.clicked.connect(self._on_add_coverage_clicked)
        self.edit_coverage.clicked.connect(self._on_edit_coverage_clicked)
        self.remove_coverage.clicked.connect(self._on_remove_coverage_clicked)
        self.coverage_table.activated.connect(self._on_edit_coverage_clicked)

    def fill(self, record: Any) -> None:
        """Show ``record`` in the form (an empty form for a new one)."""
        patient: Patient = record.patient if record else Patient(Person("", ""))
        person = patient.person
        self.heading.setText(person.display_name if record else "New patient")
        self.last_name.setText(person.last_name)
        self.first_name.setText(person.first_name)
        self.middle_name.setText(person.middle_name)
        self.birth_date.setText(ids.format_date(person.birth_date))
        select_data(self.sex, person.sex)
        self.account.setText(patient.account_number)
        self.address.fill(person.address)
        self.phone.setText(format_phone(person.phone))
        self.load_coverages(patient.id)
        if patient.id is not None and patient.id != getattr(self, "_viewed_id", None):
            audit.record_view(self.store, "patient", patient.id)
        self._viewed_id = patient.id

    def load_coverages(self, patient_id: int | None) -> None:
        """Show the patient's coverages (none for a new patient)."""
        names = {p.id: p.name for p in records.list_payers(self.store) if p.id is not None}
        self.coverages.set_items(
            records.list_coverages(self.store, patient_id) if patient_id else [],
            columns=coverage_columns(names),
        )
        for column, width in enumerate((76, 170, 110)):
            self.coverage_table.setColumnWidth(column, width)
        if self.coverages.rowCount():
            self.coverage_table.selectRow(0)
        self.authorizations.load(patient_id)

    def patient(self) -> Patient:
        """The patient as typed."""
        old: PatientRow | None = self.record
        return Patient(
            person=Person(
                last_name=self.last_name.text(), first_name=self.first_name.text(),
                middle_name=self.middle_name.text(),
                birth_date=fields.parse_date(self.birth_date.text()),
                sex=Sex(self.sex.currentData()), address=self.address.value(),
                phone=fields.digits_only(self.phone.text()),
            ),
            account_number=self.account.text(), id=old.patient.id if old else None,
        )

    def store_record(self) -> Any:
        """Save what the form holds; return the stored record."""
        return records.save_patient(self.store, self.patient())

    def patient_id(self) -> int | None:
        """The stored patient's id (None until saved)."""
        row: PatientRow | None = self.record
        return row.patient.id if row else None

    def _ensure_saved(self) -> int | None:
        if (self.patient_id() is None or self.dirty) and not self.save():
            return None
        return self.patient_id()

    def _on_add_coverage_clicked(self) -> None:
        patient_id = self._ensure_saved()
        if patient_id is not None:
            self.open_coverage(patient_id, None)

    def _on_edit_coverage_clicked(self, *_args: object) -> None:
        index = self.coverage_table.currentIndex()
        patient_id = self.patient_id()
        if index.isValid() and patient_id is not None:
            self.open_coverage(patient_id, index.data(ItemRole.OBJECT))

    def open_coverage(self, patient_id: int, coverage: Coverage | None) -> CoverageDialog:
        """Show the coverage dialog; reload the coverages when it saves."""
        dialog = CoverageDialog(self.store, patient_id, coverage, self)
        dialog.accepted.connect(lambda: self.load_coverages(patient_id))
        dialog.open()
        return dialog

    def _on_remove_coverage_clicked(self) -> None:
        index = self.coverage_table.currentIndex()
        if not index.isValid():
            return
        coverage: Coverage = index.data(ItemRole.OBJECT)
        assert coverage.id is not None
        if records.coverage_in_use(self.store, coverage.id):
            self.status.setText("Claims bill this coverage, so it stays. Set its "
                                "“Effective to” date instead.")
            return
        answer = QMessageBox.question(self, "Remove coverage",
                                      f"Remove the coverage with member ID {coverage.member_id}?")
        if answer == QMessageBox.StandardButton.Yes:
            records.delete_coverage(self.store, coverage.id)
            self.load_coverages(coverage.patient_id)


class PatientsView(RecordsView):
    """Ctrl+N (from the main window) starts a claim for the selected patient."""

    noun = "patient"
    split_sizes = [600, 520]
    claim_requested = Signal(int)
    account_requested = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        pane: RecordListPane[PatientRow] = RecordListPane(
            COLUMNS, "patient",
            "No patients yet. Press Ctrl+Shift+N to add the first one.",
        )
        pane.find_box.setPlaceholderText("Find a patient by name, account # or member ID  (Ctrl+F)")
        self.patient_form = PatientForm(store)
        super().__init__(store, "Patients", pane, self.patient_form, parent)
        self.new_button.setText("New patient  (Ctrl+Shift+N)")
        self.claim_button = QPushButton("New claim for patient  (Ctrl+N)")
        self.claim_button.setAccessibleName("New claim for patient")
        self.claim_button.setDefault(False)
        self.top.addWidget(self.claim_button)
        self.claim_button.clicked.connect(self.new_claim)
        self.account_button = QPushButton("Account…  (Ctrl+Shift+A)")
        self.account_button.setAccessibleName("Patient account")
        self.account_button.setDefault(False)
        self.top.addWidget(self.account_button)
        self.account_button.clicked.connect(self.open_account)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_patient)

    def fetch(self) -> Sequence[PatientRow]:
        """The records the list shows, in order."""
        return records.list_patients(self.store)

    def record_id(self, record: Any) -> Any:
        """What finds ``record`` again after the list is reloaded."""
        return record.patient.id

    def new_patient(self) -> None:
        """Ctrl+Shift+N: an empty patient form."""
        super().new_record()

    def new_record(self) -> None:
        """Ctrl+N on this screen means a new claim for the patient selected."""
        self.new_claim()

    def open_account(self) -> None:
        """Ask for the selected patient's account (payments, balance, credit)."""
        row = self.pane.current()
        if row is None or row.patient.id is None:
            self.note.setText("Select a patient first.")
            return
        self.account_requested.emit(row.patient.id)

    def new_claim(self) -> None:
        """Ask for a claim editor for the selected patient."""
        row = self.pane.current()
        if row is None or row.patient.id is None:
            self.note.setText("Select a patient first (or Ctrl+Shift+N to add one).")
            return
        self.claim_requested.emit(row.patient.id)
