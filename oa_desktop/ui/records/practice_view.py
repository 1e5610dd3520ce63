"""The practice: the billing provider (box 33, 25) and the Office Ally submitter."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from oa_desktop.domain.models import BillingProvider
from oa_desktop.services.codes import words as codes_in_words
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField, WordsField
from oa_desktop.ui.records.form import RecordForm, scrolled
from oa_desktop.ui.records.providers_view import UNKNOWN_TAXONOMY
from oa_desktop.ui.records.widgets import AddressFields, format_phone


class PracticeForm(RecordForm):
    """The billing provider (box 33): the practice itself."""
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, "Billing provider (box 33)", parent)
        self.name = CheckedField(fields.required("practice's name"), name="Practice name",
                                 upper=True)
        self.organization = QCheckBox("The practice bills as an organization (not a person)")
        self.ein = CheckedField(fields.ein, width=120, name="Tax ID (EIN)",
                                placeholder="12-3456789")
        self.npi = CheckedField(fields.npi(), width=120, name="Billing NPI")
        self.code_words = codes_in_words.load(store)
        self.taxonomy = WordsField(fields.taxonomy(),
                                   lambda code: self.code_words.taxonomy_name(code),
                                   unknown=UNKNOWN_TAXONOMY, width=120,
                                   name="Billing taxonomy", placeholder="251S00000X",
                                   upper=True)
        self.phone = CheckedField(fields.phone, width=140, name="Practice phone")
        self.form.addRow("Name (33):", self.name)
        self.form.addRow("", self.organization)
        self.form.addRow("Tax ID / EIN (25):", self.ein)
        self.form.addRow("NPI (33a):", self.npi)
        self.form.addRow("Taxonomy (33b / PRV03):", self.taxonomy)
        self.address = AddressFields(self.form, "Address (33)")
        self.form.addRow("Phone (33):", self.phone)
        submitter = QLabel("Office Ally submitter")
        submitter.setStyleSheet("font-size: 12pt; font-weight: 600; margin-top: 12px;")
        self.form.addRow(submitter)
        self.submitter_id = CheckedField(
            fields.required("submitter id Office Ally gave you"), width=160,
            name="Submitter ID", upper=True,
        )
        self.contact_name = CheckedField(fields.required("contact name"), name="Contact name",
                                         upper=True)
        self.contact_phone = CheckedField(fields.all_of(fields.required("contact phone"),
                                                        fields.phone),
                                          width=140, name="Contact phone")
        self.form.addRow("Office Ally submitter ID:", self.submitter_id)
        self.form.addRow("Billing contact name:", self.contact_name)
        self.form.addRow("Billing contact phone:", self.contact_phone)
        for widget, tip in ((self.submitter_id, "Your Office Ally account's submitter ID. "
                             "(For support: 837P ISA06, 1000A NM109)"),
                            (self.contact_name, "Who Office Ally calls about a file. "
                             "(For support: 837P 1000A PER02)"),
                            (self.contact_phone, "(For support: 837P 1000A PER04)")):
            widget.setToolTip(tip)
        self.watch(self.name, self.organization, self.ein, self.npi, self.taxonomy,
                   *self.address.widgets(), self.phone, self.submitter_id, self.contact_name,
                   self.contact_phone)

    def fill(self, record: Any) -> None:
        """Show ``record`` in the form (an empty form for a new one)."""
        practice: BillingProvider = record or BillingProvider(name="", npi="", ein="")
        self.code_words = codes_in_words.load(self.store)  # a list may have been loaded
        self.name.setText(practice.name)
        self.organization.setChecked(practice.is_organization)
        self.ein.setText(fmt.tax_id(practice.ein))
        self.npi.setText(practice.npi)
        self.taxonomy.setText(practice.taxonomy)
        self.address.fill(practice.address)
        self.phone.setText(format_phone(practice.phone))
        self.submitter_id.setText(practice.submitter_id)
        self.contact_name.setText(practice.contact_name)
        self.contact_phone.setText(format_phone(practice.contact_phone))

    def store_record(self) -> Any:
        """Save what the form holds; return the stored record."""
        from oa_desktop.domain.identifiers import normalize_ein

        practice = BillingProvider(
            name=self.name.text(), npi=self.npi.text(), ein=normalize_ein(self.ein.text()),
            taxonomy=self.taxonomy.text(), address=self.address.value(),
            phone=fields.digits_only(self.phone.text()), submitter_id=self.submitter_id.text(),
            contact_name=self.contact_name.text(),
            contact_phone=fields.digits_only(self.contact_phone.text()),
            is_organization=self.organization.isChecked(),
        )
        records.save_practice(self.store, practice)
        self.record = practice
        return 1


class PracticeView(QWidget):
    """One form: there is one practice."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        title = QLabel("Practice")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.form = PracticeForm(store)
        pane = scrolled(self.form)  # Save and Cancel stay under the form, always in view
        pane.setMaximumWidth(780)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(title)
        layout.addWidget(pane, 1)
        practice = records.load_practice(store)
        self.form.load(practice)
        if practice is None:
            self.form.status.setText(
                "Set up the practice first: every claim carries its name, Tax ID and NPI."
            )

    def focus_find(self) -> None:
        """Ctrl+F: the first field (there is nothing to find)."""
        self.form.name.setFocus()
