"""Payers: Office Ally's payer ids, Par/Non-Par, the kind of plan, the claims address."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from oa_desktop.domain.filing import default_rule
from oa_desktop.domain.models import ClaimFilingIndicator, Payer
from oa_desktop.store import filing, records
from oa_desktop.store.db import Store
from oa_desktop.store.payer_list import ListPayer
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField
from oa_desktop.ui.records.form import RecordForm
from oa_desktop.ui.records.table import RecordListPane
from oa_desktop.ui.records.view import RecordsView
from oa_desktop.ui.records.widgets import FILING_INDICATORS, AddressFields, combo, select_data

PAR_TEXT = {False: "Par", True: "Non-Par"}

COLUMNS: list[Column[Payer]] = [
    Column("Payer", lambda p: p.name, width=190),
    Column("Payer ID (837P)", lambda p: p.claim_payer_id, width=100),
    Column("Par / Non-Par", lambda p: PAR_TEXT[p.non_par], width=84,
           tip=lambda p: "Non-Par: each claim counts toward Office Ally's monthly fee"
           if p.non_par else "Par: no per-claim fee"),
    Column("Plan type", lambda p: f"{p.claim_filing_indicator.value} "
           f"{FILING_INDICATORS[p.claim_filing_indicator]}", width=180),
]


class PayerForm(RecordForm):
    """The form for one payer: name, payer ID, Par/Non-Par."""
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, "Payer", parent)
        self.name = CheckedField(fields.required("payer's name"), name="Payer name")
        self.payer_id = CheckedField(
            fields.required("837P payer id from Office Ally's list"), width=120,
            name="Payer ID (837P)", upper=True,
        )
        self.era_id = CheckedField(width=120, name="ERA payer ID (835)", upper=True,
                                   placeholder="same as 837P")
        # item data are strings: PySide mishandles Python bools stored in item data
        self.par = combo([("Par (no per-claim fee)", "par"),
                          ("Non-Par (counts toward the monthly fee)", "non-par")],
                         "Par / Non-Par")
        self.indicator = combo(
            [(f"{code.value}  {text}", code) for code, text in FILING_INDICATORS.items()],
            "Claim filing indicator",
        )
        self.form.addRow("Name:", self.name)
        self.form.addRow("Payer ID (837P):", self.payer_id)
        self.form.addRow("ERA payer ID (835):", self.era_id)
        self.form.addRow("Office Ally:", self.par)
        self.form.addRow("Kind of insurance:", self.indicator)
        self.indicator.setToolTip("Commercial, Medicaid, Medicare, Tricare… "
                                  "(For support: claim filing indicator, 837P SBR09)")
        self.filing_limit = CheckedField(_days, width=70, name="Timely filing limit in days")
        self.filing_source = QLabel()
        self.filing_source.setWordWrap(True)
        self.filing_source.setStyleSheet("color: #5f6368;")
        self.form.addRow("Timely filing (days):", self.filing_limit)
        self.form.addRow("", self.filing_source)
        self.address = AddressFields(self.form, "Claims address")
        self.watch(self.name, self.payer_id, self.era_id, self.par, self.indicator,
                   self.filing_limit, *self.address.widgets())
        self.list_enrollment: dict[str, bool] | None = None  # from Find a payer

    def fill_from_list(self, found: ListPayer) -> None:
        """Fill the ids, Par/Non-Par and enrollment from Office Ally's list (Find a payer);
        the name only when the payer is new. The user saves as usual."""
        if not self.name.text():
            self.name.setText(found.name)
        self.payer_id.setText(found.claim_payer_id)
        era = found.payer_ids.get("835", "")
        self.era_id.setText("" if era == found.claim_payer_id else era)
        select_data(self.par, "non-par" if found.non_par else "par")
        self.list_enrollment = dict(found.enrollment_required)
        self.dirty = True
        self.status.setStyleSheet("")
        self.status.setText(f"Filled from Office Ally's list ({found.name}). Enter saves.")

    def fill(self, record: Any) -> None:
        """Show ``record`` in the form (an empty form for a new one)."""
        self.list_enrollment = None
        payer: Payer = record or Payer(name="")
        self.heading.setText(payer.name if record else "New payer")
        self.name.setText(payer.name)
        self.payer_id.setText(payer.claim_payer_id)
        era = payer.payer_ids.get("835", "")
        self.era_id.setText("" if era == payer.claim_payer_id else era)
        select_data(self.par, "non-par" if payer.non_par else "par")
        select_data(self.indicator, payer.claim_filing_indicator)
        own = filing.payer_limits(self.store).get(payer.id) if payer.id else None
        self.filing_limit.setText(str(own.own_days) if own and own.own_days else "")
        rule = default_rule(payer.name, payer.claim_filing_indicator)
        self.filing_limit.edit.setPlaceholderText(str(rule.days))
        self.filing_source.setText(f"Empty: the default, {rule.days} days ({rule.label}; "
                                   f"{rule.source}).")
        self.address.fill(payer.address)

    def store_record(self) -> Any:
        """Save what the form holds; return the stored record."""
        old: Payer | None = self.record
        payer_ids = dict(old.payer_ids) if old else {}
        payer_ids["837P"] = self.payer_id.text()
        payer_ids["835"] = self.era_id.text() or self.payer_id.text()
        payer = Payer(
            name=self.name.text(), payer_ids=payer_ids, non_par=self.par.currentData() == "non-par",
            enrollment_required=(dict(self.list_enrollment) if self.list_enrollment is not None
                                 else dict(old.enrollment_required) if old else {}),
            claim_filing_indicator=ClaimFilingIndicator(self.indicator.currentData()),
            address=self.address.value(), id=old.id if old else None,
        )
        payer_id = records.save_payer(self.store, payer)
        days = self.filing_limit.text()
        filing.set_payer_limit(self.store, payer_id, int(days) if days.isdigit() else None)
        return payer_id


def _days(text: str) -> str:
    value = text.strip()
    if value and not (value.isdigit() and 1 <= int(value) <= 3650):
        return "Days from the date of service, e.g. 90."
    return ""


class PayersView(RecordsView):
    """The practice's payers: list and form."""
    noun = "payer"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        form = PayerForm(store)
        pane: RecordListPane[Payer] = RecordListPane(
            COLUMNS, "payer",
            "No payers yet. Import Office Ally's payer list, or press Ctrl+N to add one.",
        )
        super().__init__(store, "Payers", pane, form, parent)
        self.import_button = QPushButton("Import Office Ally payer list…")
        self.import_button.setAccessibleName("Import Office Ally payer list")
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.top.insertWidget(self.top.count() - 1, self.import_button)
        self.import_button.setVisible(_payer_import_dialog() is not None)
        self.find_button = QPushButton("Find a payer…")
        self.find_button.setAccessibleName("Find a payer on Office Ally's list")
        self.find_button.setToolTip("Search Office Ally's payer list by name or payer ID")
        self.find_button.clicked.connect(self._on_find_button_clicked)
        self.top.insertWidget(self.top.count() - 1, self.find_button)
        self.payer_form = form

    def fetch(self) -> Sequence[Payer]:
        """The records the list shows, in order."""
        return records.list_payers(self.store)

    def _on_import_button_clicked(self) -> None:
        dialog_class = _payer_import_dialog()
        if dialog_class is not None:
            dialog_class(self.store, self).exec()
            self.reload()


    def open_find_payer(self, text: str = "") -> Any:
        """The Find a payer dialog (not yet shown), filling the form when a payer is used."""
        from oa_desktop.ui.records.find_payer_dialog import FindPayerDialog

        dialog = FindPayerDialog(self.store, self, text)
        dialog.accepted.connect(lambda: self.use_list_payer(dialog.chosen))
        return dialog

    def use_list_payer(self, found: ListPayer | None) -> None:
        """Fill the selected payer (or a new one) from a payer of Office Ally's list."""
        if found is None:
            return
        if self.payer_form.record is None and not self.payer_form.dirty:
            self.new_record()
        self.payer_form.fill_from_list(found)

    def _on_find_button_clicked(self) -> None:
        self.open_find_payer().exec()


def _payer_import_dialog() -> Any:
    """The payer-list import dialog when this build has it (built in its own module)."""
    try:
        module = importlib.import_module("oa_desktop.ui.records.payer_import_dialog")
    except ImportError:
        return None
    return getattr(module, "PayerImportDialog", None)
