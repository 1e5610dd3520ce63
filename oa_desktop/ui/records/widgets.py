"""Small builders the record forms share: address rows, combo boxes with meanings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QWidget

from oa_desktop.domain.codes import place_of_service_codes
from oa_desktop.domain.models import Address, ClaimFilingIndicator
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField

FILING_INDICATORS = {
    ClaimFilingIndicator.COMMERCIAL: "Commercial insurance",
    ClaimFilingIndicator.BLUE_CROSS: "Blue Cross / Blue Shield",
    ClaimFilingIndicator.MEDICARE_B: "Medicare Part B",
    ClaimFilingIndicator.MEDICAID: "Medicaid",
    ClaimFilingIndicator.HMO: "HMO",
    ClaimFilingIndicator.CHAMPUS: "Tricare (CHAMPUS)",
    ClaimFilingIndicator.PPO: "PPO",
    ClaimFilingIndicator.POS: "Point of service (POS)",
    ClaimFilingIndicator.EPO: "EPO",
    ClaimFilingIndicator.OTHER_FEDERAL: "Other federal program",
    ClaimFilingIndicator.WORKERS_COMP: "Workers' compensation",
    ClaimFilingIndicator.OTHER: "Other (mutually defined)",
}


def combo(items: Iterable[tuple[str, Any]], name: str) -> QComboBox:
    """A combo box of ``(text, data)`` items."""
    box = QComboBox()
    box.setAccessibleName(name)
    # long item texts must not widen the form past its pane (a laptop screen)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(24)
    for text, data in items:
        box.addItem(text, data)
    return box


def select_data(box: QComboBox, data: Any) -> None:
    """Select the item carrying ``data`` (the first item if none does)."""
    index = box.findData(data)
    box.setCurrentIndex(max(index, 0))


class AddressFields:
    """Street, second line, city / state / ZIP rows added to a form layout."""

    def __init__(self, form: QFormLayout, label: str = "Address") -> None:
        self.line1 = CheckedField(placeholder="Street", name=f"{label} street", upper=True)
        self.line2 = CheckedField(placeholder="Suite, unit (optional)", name=f"{label} line 2",
                                  upper=True)
        self.city = CheckedField(placeholder="City", name=f"{label} city", upper=True)
        self.state = CheckedField(fields.state, width=44, placeholder="ST", name=f"{label} state",
                                  upper=True)
        self.zip = CheckedField(fields.zip_code, width=96, placeholder="ZIP",
                                name=f"{label} ZIP")
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.city, 2)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.zip, 1)
        form.addRow(f"{label}:", self.line1)
        form.addRow("", self.line2)
        form.addRow("City, state, ZIP:", row)

    def widgets(self) -> list[CheckedField]:
        """The fields, in tab order."""
        return [self.line1, self.line2, self.city, self.state, self.zip]

    def fill(self, address: Address | None) -> None:
        """Show an address (empty for None)."""
        address = address or Address()
        self.line1.setText(address.line1)
        self.line2.setText(address.line2)
        self.city.setText(address.city)
        self.state.setText(address.state)
        self.zip.setText(fmt.zip_code(address.zip_code))

    def value(self) -> Address:
        """The address typed."""
        return Address(
            self.line1.text(), self.line2.text(), self.city.text(), self.state.text(),
            fields.digits_only(self.zip.text()),
        )


def format_phone(digits: str) -> str:
    """``5125550100`` → ``(512) 555-0100`` (``formats.phone``)."""
    return fmt.phone(digits)


_POS_NAMES = {
    "02": "Telehealth, not in the patient's home",
    "10": "Telehealth in the patient's home",
}


@cache
def pos_name(code: str) -> str:
    """A place of service's short name: ``11`` → ``Office``."""
    if code in _POS_NAMES:
        return _POS_NAMES[code]
    text = place_of_service_codes().get(code, "")
    short = re.split(r" \(| - |- |—|\. |, ", text)[0].title()
    return short.replace("/", " / ")


def pos_text(code: str) -> str:
    """``11 Office``."""
    return f"{code} {pos_name(code)}".strip() if code else ""


def pos_items() -> list[tuple[str, str]]:
    """Place-of-service codes in use, for a combo box."""
    return [
        (pos_text(code), code) for code, text in place_of_service_codes().items()
        if code != "00" and not text.upper().startswith("UNASSIGNED")
    ]
