"""The fee schedule: the usual charge per procedure (and modifier); claims default to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.money import to_money
from oa_desktop.services.codes import words as codes_in_words
from oa_desktop.services.codes.words import CodeWords, is_hcpcs_level_ii
from oa_desktop.services.reports.table import Kind
from oa_desktop.store import fee_schedule
from oa_desktop.store.db import Store
from oa_desktop.store.fee_schedule import Fee
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.records.fields import CheckedField, WordsField
from oa_desktop.ui.records.form import RecordForm
from oa_desktop.ui.records.table import RecordListPane
from oa_desktop.ui.records.view import RecordsView

CMS_WORDS = "CMS's HCPCS Level II description; type your own to replace it here."


def _description(fee: Fee, words: CodeWords) -> str:
    return fee.description or words.hcpcs_words(fee.procedure_code)


def _description_tip(fee: Fee, words: CodeWords) -> str:
    if fee.description:
        return fee.description
    cms = words.hcpcs_words(fee.procedure_code)
    return f"{cms}\n({CMS_WORDS})" if cms else "Type the practice's own description."


def fee_columns(words: Callable[[], CodeWords] = codes_in_words.built_in) -> list[Column[Fee]]:
    """The fee list's columns; a fee with no description of its own shows CMS's words
    for a HCPCS Level II code (never CPT's, which are the AMA's)."""
    return [
        Column("CPT / HCPCS", lambda f: f.procedure_code, width=100),
        Column("Modifier", lambda f: f.modifier, width=70),
        Column("Price", lambda f: f.price, Kind.MONEY, width=90),
        Column("Description", lambda f: _description(f, words()), width=260,
               tip=lambda f: _description_tip(f, words()),
               color=lambda f: "" if f.description else "#5f6368"),
    ]


COLUMNS = fee_columns()


def parse_money(text: str) -> Decimal | None:
    """``$1,234.5`` → ``Decimal("1234.50")``; None when not an amount."""
    try:
        return to_money(text.replace("$", "").strip()) if text.strip() else None
    except ValueError:
        return None


def _price_check(text: str) -> str:
    amount = parse_money(text)
    if amount is None:
        return "Type the price, like 150.00."
    return "" if amount > 0 else "The price must be more than $0.00."


def _code_check(text: str) -> str:
    if not text.strip():
        return "Type the CPT or HCPCS code."
    return "" if ids.is_procedure_shape(text) else "A CPT code has 5 characters, like 90837."


def _modifier_check(text: str) -> str:
    return "" if not text.strip() or ids.is_modifier_shape(text) else "Two letters or digits."


class FeeForm(RecordForm):
    """The form for one fee: procedure code, modifier, price."""
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, "Fee", parent)
        self.code_words = codes_in_words.load(store)
        self.code = WordsField(_code_check, self._code_meaning, width=90,
                               name="Procedure code", upper=True)
        self.modifier = CheckedField(_modifier_check, width=50, name="Modifier", upper=True,
                                     placeholder="any")
        self.price = CheckedField(_price_check, width=110, name="Price per unit")
        self.price.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.description = CheckedField(name="Description")
        self.form.addRow("CPT / HCPCS (24D):", self.code)
        self.form.addRow("Modifier:", self.modifier)
        self.form.addRow("Price per unit (24F):", self.price)
        self.form.addRow("Description:", self.description)
        self.watch(self.code, self.modifier, self.price, self.description)

    def _code_meaning(self, code: str) -> str:
        if is_hcpcs_level_ii(code):
            return self.code_words.hcpcs_words(code)
        return "CPT code: the description below is the practice's own"

    def fill(self, record: Any) -> None:
        """Show ``record`` in the form (an empty form for a new one)."""
        fee: Fee | None = record
        self.code_words = codes_in_words.load(self.store)  # a list may have been loaded
        self.heading.setText(f"{fee.procedure_code} {fee.modifier}".strip() if fee else "New fee")
        self.code.setText(fee.procedure_code if fee else "")
        self.modifier.setText(fee.modifier if fee else "")
        self.price.setText(f"{fee.price:,.2f}" if fee else "")
        self.description.setText(fee.description if fee else "")

    def store_record(self) -> Any:
        """Save what the form holds; return the stored record."""
        price = parse_money(self.price.text())
        assert price is not None  # checked by the field
        old: Fee | None = self.record
        key = (self.code.text(), self.modifier.text())
        if old is not None and (old.procedure_code, old.modifier) != key:
            fee_schedule.delete_fee(self.store, old.procedure_code, old.modifier)
        fee_schedule.set_fee(self.store, Fee(key[0], key[1], price, self.description.text()))
        return key


class FeeScheduleView(RecordsView):
    """The practice's fee schedule: list and form."""
    noun = "fee"

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        known = [codes_in_words.load(store)]  # read again on every reload
        columns = fee_columns(lambda: known[0])
        pane: RecordListPane[Fee] = RecordListPane(
            columns, "fee",
            "No fees yet. Press Ctrl+N and type a CPT code and its price; new claims then "
            "fill the charge for you.",
            stretch=[c.title for c in columns].index("Description"),
        )
        super().__init__(store, "Fee schedule", pane, FeeForm(store), parent)
        self.known = known
        self.delete_button = QPushButton("Delete fee…")
        self.delete_button.setAccessibleName("Delete fee")
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.top.insertWidget(self.top.count() - 1, self.delete_button)

    def fetch(self) -> Sequence[Fee]:
        """The records the list shows, in order."""
        if hasattr(self, "known"):
            self.known[0] = codes_in_words.load(self.store)
        return fee_schedule.list_fees(self.store)

    def record_id(self, record: Any) -> Any:
        """What finds ``record`` again after the list is reloaded."""
        return (record.procedure_code, record.modifier)

    def _on_delete_button_clicked(self) -> None:
        fee = self.pane.current()
        if fee is None:
            return
        answer = QMessageBox.question(
            self, "Delete fee",
            f"Delete {fee.procedure_code} {fee.modifier} ({fmt.money(fee.price)}) from the fee "
            "schedule? Claims already typed keep their charges.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            fee_schedule.delete_fee(self.store, fee.procedure_code, fee.modifier)
            self.reload()
