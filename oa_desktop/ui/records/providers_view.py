"""Providers: the rendering providers (box 24J) and the service facilities (box 32)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QTabWidget, QVBoxLayout, QWidget

from oa_desktop.domain.models import Facility, RenderingProvider
from oa_desktop.services.codes import words as codes_in_words
from oa_desktop.services.codes.words import CodeWords
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField, WordsField
from oa_desktop.ui.records.form import RecordForm
from oa_desktop.ui.records.table import RecordListPane
from oa_desktop.ui.records.view import RecordsView
from oa_desktop.ui.records.widgets import AddressFields, combo, pos_items, pos_text, select_data

UNKNOWN_TAXONOMY = ("not in the taxonomy list here: check it in the NPI registry, or load "
                    "NUCC's list (File → Load code list…)")


def provider_columns(
    words: Callable[[], CodeWords] = codes_in_words.built_in,
) -> list[Column[RenderingProvider]]:
    """The providers list's columns; ``words`` gives the taxonomy names at hand."""
    return [
        Column("Name", lambda p: p.display_name, width=200),
        Column("NPI", lambda p: p.npi, width=100),
        Column("Taxonomy", lambda p: p.taxonomy, width=260,
               text=lambda p: words().taxonomy_text(p.taxonomy)),
        Column("Active", lambda p: "Yes" if p.active else "No", width=60),
    ]


PROVIDER_COLUMNS = provider_columns()
FACILITY_COLUMNS: list[Column[Facility]] = [
    Column("Facility", lambda f: f.name, width=200),
    Column("NPI", lambda f: f.npi, width=100),
    Column("Place of service", lambda f: pos_text(f.place_of_service), width=160),
    Column("City", lambda f: f.address.city.title(), width=100),
]


class ProviderForm(RecordForm):
    """The form for one rendering provider (box 24J)."""
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, "Rendering provider", parent)
        self.last_name = CheckedField(fields.required("last name"), name="Last name", upper=True)
        self.first_name = CheckedField(fields.required("first name"), name="First name",
                                       upper=True)
        self.credential = CheckedField(width=90, name="Credential", placeholder="LCSW, PHD…",
                                       upper=True)
        self.npi = CheckedField(fields.npi(), width=120, name="NPI")
        self.code_words = codes_in_words.load(store)
        self.taxonomy = WordsField(fields.taxonomy(),
                                   lambda code: self.code_words.taxonomy_name(code),
                                   unknown=UNKNOWN_TAXONOMY, width=120, name="Taxonomy",
                                   placeholder="103T00000X", upper=True)
        self.active = QCheckBox("Active (offered on new claims)")
        self.form.addRow("Last name:", self.last_name)
        self.form.addRow("First name:", self.first_name)
        self.form.addRow("Credential:", self.credential)
        self.form.addRow("NPI (24J):", self.npi)
        self.form.addRow("Taxonomy code:", self.taxonomy)
        self.taxonomy.setToolTip("The provider's specialty code from NPPES, e.g. 103K00000X "
                                 "(For support: 837P PRV03)")
        self.form.addRow("", self.active)
        self.watch(self.last_name, self.first_name, self.credential, self.npi, self.taxonomy,
                   self.active)

    def fill(self, record: Any) -> None:
        """Show ``record`` in the form (an empty form for a new one)."""
        provider: RenderingProvider = record or RenderingProvider("", "", "")
        self.code_words = codes_in_words.load(self.store)  # a list may have been loaded
        self.heading.setText(provider.display_name if record else "New provider")
        self.last_name.setText(provider.last_name)
        self.first_name.setText(provider.first_name)
        self.credential.setText(provider.credential)
        self.npi.setText(provider.npi)
        self.taxonomy.setText(provider.taxonomy)
        self.active.setChecked(provider.active)

    def store_record(self) -> Any:
        """Save what the form holds; return the stored record."""
        return records.save_rendering_provider(self.store, RenderingProvider(
            last_name=self.last_name.text(), first_name=self.first_name.text(),
            npi=self.npi.text(), taxonomy=self.taxonomy.text(),
            credential=self.credential.text(), active=self.active.isChecked(),
            id=self.record.id if self.record else None,
        ))


class FacilityForm(RecordForm):
    """The form for one service facility (box 32)."""
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, "Service facility", parent)
        self.name = CheckedField(fields.required("facility name"), name="Facility name",
                                 upper=True)
        self.npi = CheckedField(fields.npi(is_required=False), width=120, name="Facility NPI",
                                placeholder="optional")
        self.place_of_service = combo(pos_items(), "Place of service")
        self.form.addRow("Name (32):", self.name)
        self.form.addRow("NPI (32a):", self.npi)
        self.form.addRow("Place of service (24B):", self.place_of_service)
        self.address = AddressFields(self.form)
        self.watch(self.name, self.npi, self.place_of_service, *self.address.widgets())

    def fill(self, record: Any) -> None:
        """Show ``record`` in the form (an empty form for a new one)."""
        facility: Facility = record or Facility(name="")
        self.heading.setText(facility.name.title() if record else "New facility")
        self.name.setText(facility.name)
        self.npi.setText(facility.npi)
        select_data(self.place_of_service, facility.place_of_service)
        self.address.fill(facility.address)

    def store_record(self) -> Any:
        """Save what the form holds; return the stored record."""
        return records.save_facility(self.store, Facility(
            name=self.name.text(), npi=self.npi.text(), address=self.address.value(),
            place_of_service=str(self.place_of_service.currentData()),
            id=self.record.id if self.record else None,
        ))


class RenderingProvidersView(RecordsView):
    """The rendering providers: list and form."""
    noun = "provider"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        known = [codes_in_words.load(store)]  # read again on every reload
        pane: RecordListPane[RenderingProvider] = RecordListPane(
            provider_columns(lambda: known[0]), "provider",
            "No rendering providers yet. Press Ctrl+N to add the first one (name and NPI).",
        )
        super().__init__(store, "Rendering providers (box 24J)", pane, ProviderForm(store),
                         parent)
        self.known = known

    def fetch(self) -> Sequence[RenderingProvider]:
        """The records the list shows, in order."""
        if hasattr(self, "known"):
            self.known[0] = codes_in_words.load(self.store)
        return records.list_rendering_providers(self.store)


class FacilitiesView(RecordsView):
    """The service facilities: list and form."""
    noun = "facility"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        pane: RecordListPane[Facility] = RecordListPane(
            FACILITY_COLUMNS, "facility",
            "No service facilities yet. Press Ctrl+N to add where the services happen.",
        )
        pane.find_box.setPlaceholderText("Find facilities  (Ctrl+F)")
        super().__init__(store, "Service facilities (box 32)", pane, FacilityForm(store), parent)

    def fetch(self) -> Sequence[Facility]:
        """The records the list shows, in order."""
        return records.list_facilities(self.store)


class ProvidersView(QWidget):
    """Two tabs: rendering providers and facilities."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.providers = RenderingProvidersView(store)
        self.facilities = FacilitiesView(store)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Providers and facilities")
        self.tabs.addTab(self.providers, "Rendering providers")
        self.tabs.addTab(self.facilities, "Facilities")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def current(self) -> RecordsView:
        """The tab showing."""
        return self.facilities if self.tabs.currentIndex() == 1 else self.providers

    def new_record(self) -> None:
        """Ctrl+N: a new provider or facility, by the tab showing."""
        self.current().new_record()

    def focus_find(self) -> None:
        """Ctrl+F."""
        self.current().focus_find()
