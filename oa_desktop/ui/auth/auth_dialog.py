"""Add or change an authorization: number, coverage, codes, units or visits, dates, provider."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.authorizations import AuthCode, Authorization, AuthUnit
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField
from oa_desktop.ui.records.widgets import combo, select_data

UNITS = [("Units (15-minute units for timed codes)", AuthUnit.UNITS),
         ("Visits (one per date of service)", AuthUnit.VISITS)]


def _codes_problem(text: str) -> str:
    try:
        codes = parse_codes(text)
    except ValueError:
        return "Type procedure codes, e.g. 97153, 97155-HN."
    return "" if codes else "Type at least one procedure code."


def parse_codes(text: str) -> tuple[AuthCode, ...]:
    """``97153, 97155-HN`` → the codes (each with the modifiers it requires)."""
    found = tuple(AuthCode.parse(part) for part in text.replace(";", ",").split(",")
                  if part.strip())
    for code in found:
        if not (code.code.isalnum() and len(code.code) == 5):
            raise ValueError(code.code)
    return found


def _amount_problem(text: str) -> str:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return "Type a number of units or visits."
    return "" if value > 0 else "Type a number above zero."


class AuthorizationDialog(QDialog):
    """Enter saves, Esc cancels and writes nothing."""

    def __init__(self, store: Store, patient_id: int, auth: Authorization | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.auth = auth
        self.setWindowTitle("Authorization" if auth else "New authorization")
        payers = {p.id: p.name for p in records.list_payers(store)}
        coverages = records.list_coverages(store, patient_id)
        self.coverage = combo([(f"{payers.get(c.payer_id, '?')} — member {c.member_id}", c.id)
                               for c in coverages], "Coverage")
        self.number = CheckedField(fields.required("authorization number"), width=180,
                                   name="Authorization number", upper=True)
        self.codes = CheckedField(_codes_problem, width=220, name="Procedure codes",
                                  placeholder="97153, 97155-HN", upper=True)
        self.approved = CheckedField(_amount_problem, width=80, name="Approved")
        self.unit = combo(UNITS, "Counted in")
        self.from_date = CheckedField(fields.a_date(True, "first date"), width=100,
                                      name="From", placeholder="MM/DD/YYYY")
        self.to_date = CheckedField(fields.a_date(True, "last date"), width=100, name="To",
                                    placeholder="MM/DD/YYYY")
        self.provider = combo([("Any rendering provider", None)] + [
            (p.display_name, p.id) for p in records.list_rendering_providers(store)],
            "Rendering provider")
        self.note = CheckedField(name="Note")
        form = QFormLayout()
        for label, widget in (("Coverage:", self.coverage), ("Number (box 23):", self.number),
                              ("Procedure codes:", self.codes), ("Approved:", self.approved),
                              ("Counted in:", self.unit), ("From:", self.from_date),
                              ("To:", self.to_date), ("Provider:", self.provider),
                              ("Note:", self.note)):
            form.addRow(label, widget)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if auth is not None:
            self._fill(auth)

    def _fill(self, auth: Authorization) -> None:
        select_data(self.coverage, auth.coverage_id)
        self.number.setText(auth.number)
        self.codes.setText(auth.codes_text)
        self.approved.setText(f"{auth.approved.normalize():f}")
        select_data(self.unit, auth.unit)
        self.from_date.setText(ids.format_date(auth.from_date))
        self.to_date.setText(ids.format_date(auth.to_date))
        select_data(self.provider, auth.rendering_provider_id)
        self.note.setText(auth.note)

    def save(self) -> None:
        """Check the fields, store the authorization and close."""
        checked = [self.number, self.codes, self.approved, self.from_date, self.to_date]
        bad = [f for f in checked if not f.validate()]
        start = fields.parse_date(self.from_date.text())
        end = fields.parse_date(self.to_date.text())
        if self.coverage.currentData() is None:
            self.problem.setText("Add the patient's coverage first.")
            return
        if bad or start is None or end is None:
            self.problem.setText("Fix the fields marked in red, then save.")
            (bad[0] if bad else self.from_date).setFocus()
            return
        if end < start:
            self.problem.setText("The last date is before the first.")
            self.to_date.setFocus()
            return
        auth = Authorization(
            coverage_id=int(self.coverage.currentData()), number=self.number.text(),
            codes=parse_codes(self.codes.text()), approved=Decimal(self.approved.text()),
            from_date=start, to_date=end, unit=AuthUnit(self.unit.currentData()),
            rendering_provider_id=self.provider.currentData(), note=self.note.text(),
            id=self.auth.id if self.auth else None)
        store_auth.save_authorization(self.store, auth)
        self.auth = auth
        self.accept()
