"""The claim's top half: patient and insurance (boxes 1a–11d), referral, codes, providers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.models import Claim, Coverage, Frequency
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.coverage_dialog import RANKS
from oa_desktop.ui.records.fields import CheckedField
from oa_desktop.ui.records.widgets import combo, pos_items, select_data

FREQUENCIES = [("1 Original claim", Frequency.ORIGINAL.value),
               ("7 Replacement of a prior claim", Frequency.REPLACEMENT.value),
               ("8 Void / cancel of a prior claim", Frequency.VOID.value)]
_RANK = dict((rank, text) for text, rank in RANKS)


def _searchable(box: QComboBox) -> None:
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter([box.itemText(i) for i in range(box.count())], box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)


class ClaimHeader(QWidget):
    """Fields above the diagnoses. ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.payer_names = {p.id: p.name for p in records.list_payers(store)}
        self.patient = combo([(f"{r.patient.person.display_name}  "
                               f"({ids.format_date(r.patient.person.birth_date)})", r.patient.id)
                              for r in records.list_patients(store)], "Patient")
        _searchable(self.patient)
        self.coverage = combo([], "Coverage billed")
        self.secondary = combo([], "Other coverage")
        self.insured = QLabel()
        self.insured.setStyleSheet("color: #5f6368;")
        self.insured.setWordWrap(True)
        self.referring_name = CheckedField(name="Referring provider", upper=True,
                                           placeholder="LAST, FIRST (optional)")
        self.referring_npi = CheckedField(fields.npi(is_required=False), width=110,
                                          name="Referring NPI")
        self.prior_auth = CheckedField(width=160, name="Prior authorization", upper=True)
        self.frequency = combo(FREQUENCIES, "Claim frequency")
        self.original = CheckedField(width=160, name="Payer claim number", upper=True,
                                     placeholder="payer's claim #")
        self.note = QLineEdit()
        self.note.setAccessibleName("Additional claim information")
        self.note.setMaxLength(80)
        self.place_of_service = combo(pos_items(), "Place of service")
        self.rendering = combo([(p.display_name, p.id) for p in
                                records.list_rendering_providers(store) if p.active],
                               "Rendering provider")
        self.facility = combo([("(none: the practice's address)", 0)] +
                              [(f.name, f.id) for f in records.list_facilities(store)],
                              "Service facility")
        for box in (self.patient, self.coverage, self.secondary, self.frequency,
                    self.place_of_service, self.rendering, self.facility):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(16)
        self._lay_out()
        self.patient.currentIndexChanged.connect(self._on_patient_changed)
        self.coverage.currentIndexChanged.connect(self._on_coverage_changed)
        choices = (self.secondary, self.frequency, self.place_of_service, self.rendering,
                   self.facility)
        for widget in choices:
            widget.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for checked in (self.referring_name, self.referring_npi, self.prior_auth, self.original):
            checked.changed.connect(self.changed)
        self.note.textChanged.connect(lambda _t: self.changed.emit())

    def _lay_out(self) -> None:
        insurance = QGroupBox("Patient and insurance")
        left = QFormLayout(insurance)
        left.addRow("2  Patient:", self.patient)
        left.addRow("1a  Insured's ID / payer:", self.coverage)
        left.addRow("", self.insured)
        left.addRow("11d  Other coverage:", self.secondary)
        left.addRow("17  Referring provider:", self.referring_name)
        left.addRow("17b  Referring NPI:", self.referring_npi)
        claim = QGroupBox("Claim")
        right = QFormLayout(claim)
        right.addRow("24J  Rendering provider:", self.rendering)
        right.addRow("32  Service facility:", self.facility)
        right.addRow("24B  Place of service:", self.place_of_service)
        right.addRow("23  Prior authorization:", self.prior_auth)
        resubmission = QWidget()
        row = QHBoxLayout(resubmission)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.frequency)
        row.addWidget(self.original, 1)
        right.addRow("22  Resubmission:", resubmission)
        right.addRow("19  Claim information:", self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(insurance, 1)
        layout.addWidget(claim, 1)

    # -- patient and coverages ----------------------------------------------------------

    def _on_patient_changed(self, _index: int) -> None:
        patient_id = self.patient_id()
        coverages = records.list_coverages(self.store, patient_id) if patient_id else []
        for box in (self.coverage, self.secondary):
            box.blockSignals(True)
            box.clear()
        self.secondary.addItem("(none)", 0)
        for coverage in coverages:
            self.coverage.addItem(self._coverage_text(coverage), coverage.id)
            self.secondary.addItem(self._coverage_text(coverage), coverage.id)
        for box in (self.coverage, self.secondary):
            box.blockSignals(False)
        self._on_coverage_changed(0)

    def _coverage_text(self, coverage: Coverage) -> str:
        rank = _RANK.get(coverage.rank, str(coverage.rank))
        return f"{rank}: {self.payer_names.get(coverage.payer_id, '?')} · {coverage.member_id}"

    def _on_coverage_changed(self, _index: int) -> None:
        coverage_id = self.coverage.currentData()
        if not coverage_id:
            self.insured.setText("No coverage: add one in Patients first."
                                 if self.patient_id() else "")
        else:
            coverage = records.get_coverage(self.store, int(coverage_id))
            insured = coverage.subscriber.display_name if coverage.subscriber else "the patient"
            group = f" · 11 Group {coverage.group_number}" if coverage.group_number else ""
            self.insured.setText(f"4  Insured: {insured}{group}")
        self.changed.emit()

    def patient_id(self) -> int:
        """The patient chosen (0 for none)."""
        text = self.patient.currentText()
        index = self.patient.findText(text)
        return int(self.patient.itemData(index) or 0) if text and index >= 0 else 0

    # -- claim ↔ fields -------------------------------------------------------------------

    def fill(self, claim: Claim) -> None:
        """Show a claim's header fields."""
        select_data(self.patient, claim.patient_id) if claim.patient_id else \
            self.patient.setCurrentIndex(-1)
        self._on_patient_changed(0)
        select_data(self.coverage, claim.coverage_id)
        select_data(self.secondary, claim.secondary_coverage_id or 0)
        self.referring_name.setText(claim.referring_name)
        self.referring_npi.setText(claim.referring_npi)
        self.prior_auth.setText(claim.prior_authorization)
        select_data(self.frequency, claim.frequency.value)
        self.original.setText(claim.original_claim_number)
        self.note.setText(claim.note)
        select_data(self.place_of_service, claim.place_of_service)
        if claim.rendering_provider_id:
            select_data(self.rendering, claim.rendering_provider_id)
        select_data(self.facility, claim.facility_id or 0)

    def apply(self, claim: Claim) -> None:
        """Copy the header fields into ``claim``."""
        claim.patient_id = self.patient_id()
        claim.coverage_id = int(self.coverage.currentData() or 0)
        claim.secondary_coverage_id = int(self.secondary.currentData() or 0) or None
        claim.referring_name = self.referring_name.text()
        claim.referring_npi = self.referring_npi.text()
        claim.prior_authorization = self.prior_auth.text()
        claim.frequency = Frequency(self.frequency.currentData())
        claim.original_claim_number = self.original.text()
        claim.note = self.note.text().strip()
        claim.place_of_service = str(self.place_of_service.currentData())
        claim.rendering_provider_id = int(self.rendering.currentData() or 0) or None
        claim.facility_id = int(self.facility.currentData() or 0) or None
