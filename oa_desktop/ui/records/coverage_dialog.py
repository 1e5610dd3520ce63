"""Add or change a patient's coverage: payer, member id, rank and the insured (subscriber)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.models import Coverage, Person, Relationship, Sex
from oa_desktop.errors import KnownError
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField
from oa_desktop.ui.records.widgets import AddressFields, combo, select_data

RANKS = [("Primary", 1), ("Secondary", 2), ("Tertiary", 3)]
RELATIONSHIPS = [
    ("18 Self (the patient is the insured)", Relationship.SELF),
    ("01 Spouse", Relationship.SPOUSE),
    ("19 Child", Relationship.CHILD),
    ("G8 Other", Relationship.OTHER),
]
SEXES = [("Female", Sex.FEMALE), ("Male", Sex.MALE), ("Unknown", Sex.UNKNOWN)]


class CoverageDialog(QDialog):
    """Enter saves, Esc cancels and writes nothing."""

    def __init__(
        self, store: Store, patient_id: int, coverage: Coverage | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.patient_id = patient_id
        self.coverage = coverage
        self.saved_id: int | None = None
        self.setWindowTitle("Coverage" if coverage else "New coverage")
        self.payers = records.list_payers(store)

        self.rank = combo(RANKS, "Rank")
        self.payer = combo([(p.name + (f"  ({p.claim_payer_id})" if p.claim_payer_id
                                               else ""), p.id) for p in self.payers], "Payer")
        self.payer.setEditable(True)
        self.payer.setInsertPolicy(self.payer.InsertPolicy.NoInsert)
        completer = QCompleter([self.payer.itemText(i) for i in range(self.payer.count())], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.payer.setCompleter(completer)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.member_id = CheckedField(fields.required("member ID from the insurance card"),
                                      width=180, name="Member ID", upper=True)
        self.group = CheckedField(width=180, name="Group number", upper=True)
        self.relationship = combo(RELATIONSHIPS, "Patient's relationship to insured")
        self.effective_from = CheckedField(fields.a_date(), width=100, name="Effective from",
                                           placeholder="MM/DD/YYYY")
        self.effective_to = CheckedField(fields.a_date(), width=100, name="Effective to",
                                         placeholder="MM/DD/YYYY")
        form = QFormLayout()
        form.addRow("Rank:", self.rank)
        form.addRow("Payer:", self.payer)
        form.addRow("Member ID (1a):", self.member_id)
        form.addRow("Group number (11):", self.group)
        form.addRow("Relationship (6):", self.relationship)
        form.addRow("Effective from:", self.effective_from)
        form.addRow("Effective to:", self.effective_to)

        self.subscriber_box = QGroupBox("Insured (box 4, 7, 11a) — when not the patient")
        sub = QFormLayout(self.subscriber_box)
        self.sub_last = CheckedField(fields.required("insured's last name"),
                                     name="Insured last name", upper=True)
        self.sub_first = CheckedField(fields.required("insured's first name"),
                                      name="Insured first name", upper=True)
        self.sub_birth = CheckedField(fields.a_date(True, "insured's birth date"), width=100,
                                      name="Insured birth date", placeholder="MM/DD/YYYY")
        self.sub_sex = combo(SEXES, "Insured sex")
        sub.addRow("Last name:", self.sub_last)
        sub.addRow("First name:", self.sub_first)
        sub.addRow("Birth date (11a):", self.sub_birth)
        sub.addRow("Sex (11a):", self.sub_sex)
        self.sub_address = AddressFields(sub)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Save  (Enter)")
        save.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancel  (Esc)")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.subscriber_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.relationship.currentIndexChanged.connect(self._on_relationship_changed)
        self.resize(560, 0)
        self._fill(coverage)

    def _fill(self, coverage: Coverage | None) -> None:
        if coverage is None:
            taken = {c.rank for c in records.list_coverages(self.store, self.patient_id)}
            select_data(self.rank, next((r for r in (1, 2, 3) if r not in taken), 1))
            self.payer.setCurrentIndex(-1)
            self._on_relationship_changed()
            return
        select_data(self.rank, coverage.rank)
        select_data(self.payer, coverage.payer_id)
        self.member_id.setText(coverage.member_id)
        self.group.setText(coverage.group_number)
        select_data(self.relationship, coverage.relationship)
        self.effective_from.setText(ids.format_date(coverage.effective_from))
        self.effective_to.setText(ids.format_date(coverage.effective_to))
        person = coverage.subscriber
        if person is not None:
            self.sub_last.setText(person.last_name)
            self.sub_first.setText(person.first_name)
            self.sub_birth.setText(ids.format_date(person.birth_date))
            select_data(self.sub_sex, person.sex)
            self.sub_address.fill(person.address)
        self._on_relationship_changed()

    def _on_relationship_changed(self, *_args: object) -> None:
        self.subscriber_box.setEnabled(self.relationship.currentData() != Relationship.SELF)

    def _payer_id(self) -> int | None:
        """The payer picked, or the only one whose name holds what is typed."""
        text = self.payer.currentText().strip().casefold()
        if not text:
            return None
        items = [self.payer.itemText(i).casefold() for i in range(self.payer.count())]
        exact = [i for i, item in enumerate(items) if item == text]
        found = exact or [i for i, item in enumerate(items) if text in item]
        return int(self.payer.itemData(found[0])) if len(found) == 1 else None

    def save(self) -> None:
        """Check the fields and store the coverage."""
        checked = [self.member_id, self.effective_from, self.effective_to]
        if self.subscriber_box.isEnabled():
            checked += [self.sub_last, self.sub_first, self.sub_birth,
                        self.sub_address.state, self.sub_address.zip]
        bad = [f for f in checked if not f.validate()]
        payer_id = self._payer_id()
        if payer_id is None:
            self.problem.setText("Pick one payer from the list (type part of its name).")
            self.payer.setFocus()
            return
        if bad:
            self.problem.setText("Fix the fields marked in red, then save.")
            bad[0].setFocus()
            return
        subscriber = None
        if self.subscriber_box.isEnabled():
            subscriber = Person(
                last_name=self.sub_last.text(), first_name=self.sub_first.text(),
                birth_date=fields.parse_date(self.sub_birth.text()),
                sex=Sex(self.sub_sex.currentData()), address=self.sub_address.value(),
            )
        coverage = Coverage(
            patient_id=self.patient_id, payer_id=payer_id, rank=int(self.rank.currentData()),
            member_id=self.member_id.text(), group_number=self.group.text(),
            relationship=Relationship(self.relationship.currentData()), subscriber=subscriber,
            effective_from=fields.parse_date(self.effective_from.text()),
            effective_to=fields.parse_date(self.effective_to.text()),
            id=self.coverage.id if self.coverage else None,
        )
        try:
            self.saved_id = records.save_coverage(self.store, coverage)
        except KnownError as error:
            self.problem.setText(error.message)
            return
        self.accept()
