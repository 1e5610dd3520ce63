"""Fields that check what is typed and say what is wrong beside the field (UX.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from oa_desktop.domain import identifiers as ids

Check = Callable[[str], str]  # text -> "" when fine, else what is wrong


def required(what: str) -> Check:
    """The field must not be empty."""
    return lambda text: "" if text.strip() else f"Type the {what}."


def npi(is_required: bool = True) -> Check:
    """A 10-digit NPI with a correct check digit."""
    def check(text: str) -> str:
        value = text.strip()
        if not value:
            return "Type the 10-digit NPI." if is_required else ""
        if not value.isdigit() or len(value) != 10:
            return f"An NPI has 10 digits ({len(value)} typed)."
        return "" if ids.is_valid_npi(value) else "Not a valid NPI: a digit is mistyped."
    return check


def ein(text: str) -> str:
    """A Tax ID (EIN) like 12-3456789."""
    value = ids.normalize_ein(text)
    if not value:
        return "Type the Tax ID (EIN)."
    if not value.isdigit() or len(value) != 9:
        return "An EIN has 9 digits, like 12-3456789."
    if not ids.is_valid_ein(value):
        return "The IRS never issues EINs starting with these digits."
    return ""


def taxonomy(is_required: bool = False) -> Check:
    """A provider taxonomy code like 103T00000X."""
    def check(text: str) -> str:
        value = text.strip().upper()
        if not value:
            return "Type the taxonomy code." if is_required else ""
        return "" if ids.is_taxonomy_shape(value) else "A taxonomy code looks like 103T00000X."
    return check


def parse_date(text: str) -> date | None:
    """The date typed (MM/DD/YYYY), or None when empty or not a date."""
    try:
        return ids.parse_date(text) if text.strip() else None
    except ValueError:
        return None


def a_date(is_required: bool = False, what: str = "date") -> Check:
    """A real date typed as MM/DD/YYYY."""
    def check(text: str) -> str:
        if not text.strip():
            return f"Type the {what} as MM/DD/YYYY." if is_required else ""
        return "" if parse_date(text) else ids.date_problem(text)
    return check


def zip_code(text: str) -> str:
    """5 or 9 digits."""
    value = text.replace("-", "").strip()
    return "" if not value or (value.isdigit() and len(value) in (5, 9)) else "ZIP: 5 or 9 digits."


def state(text: str) -> str:
    """Two letters."""
    value = text.strip()
    return "" if not value or (len(value) == 2 and value.isalpha()) else "Two letters, like TX."


def phone(text: str) -> str:
    """Ten digits, punctuation allowed."""
    digits = digits_only(text)
    return "" if not digits or len(digits) == 10 else "A phone number has 10 digits."


def digits_only(text: str) -> str:
    """Keep the digits: ``(512) 555-0100`` → ``5125550100``."""
    return "".join(c for c in text if c.isdigit())


def all_of(*checks: Check) -> Check:
    """The first complaint of several checks."""
    def check(text: str) -> str:
        return next((m for m in (c(text) for c in checks) if m), "")
    return check


class CheckedField(QWidget):
    """A line edit with its complaint beside it, re-checked as the biller types."""

    changed = Signal()

    def __init__(
        self, check: Check | None = None, *, width: int = 0, placeholder: str = "",
        name: str = "", upper: bool = False, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.upper = upper
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(name or placeholder)
        if width:
            self.edit.setFixedWidth(width)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)  # a long complaint wraps; it never widens the form
        self.message.setAccessibleName(f"{name} problem" if name else "problem")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 0 if width else 1)
        layout.addWidget(self.message, 1 if width else 0)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_edit_text_changed)

    def text(self) -> str:
        """The text typed, stripped (upper-cased for code fields)."""
        value = self.edit.text().strip()
        return value.upper() if self.upper else value

    def setText(self, text: str) -> None:
        """Show ``text``; complain now only about something typed (empty waits for Save)."""
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)
        if text:
            self.validate()
        else:
            self.message.clear()

    def problem(self) -> str:
        """What is wrong with the text, or ""."""
        return self.check(self.edit.text()) if self.check else ""

    def validate(self) -> bool:
        """Show the complaint (if any); True when the field is fine."""
        message = self.problem()
        self.message.setText(message)
        return not message

    def _on_edit_text_changed(self, _text: str) -> None:
        self.validate()
        self.changed.emit()


class WordsField(CheckedField):
    """A code field that says beside it what a good code means (``Behavior Analyst``);
    a complaint, in red, takes the place of the words while the code is wrong."""

    def __init__(self, check: Check | None, words: Callable[[str], str], *,
                 unknown: str = "", **kwargs: Any) -> None:
        super().__init__(check, **kwargs)
        self.words = words
        self.unknown = unknown  # said of a well-formed code that has no words

    def validate(self) -> bool:
        """Show the complaint, else the code's words (muted); True when the field is fine."""
        fine = super().validate()
        code = self.text()
        meaning = (self.words(code) or self.unknown) if fine and code else ""
        self.message.setStyleSheet("color: #b3261e;" if not fine else "color: #5f6368;")
        if fine:
            self.message.setText(meaning)
        return fine
