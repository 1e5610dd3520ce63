"""Box 24: the service lines, one row of fields per line, as on the form.

A row of widgets rather than an item view: billers type claims left to right with Tab,
and a finding about "Line 2: Box 24D" can put the cursor in exactly that field.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.models import MAX_MODIFIERS, MAX_POINTERS, MAX_SERVICE_LINES, ServiceLine
from oa_desktop.domain.money import to_money
from oa_desktop.domain.scrub_findings import Finding
from oa_desktop.services.codes import words as codes_in_words
from oa_desktop.store import fee_schedule
from oa_desktop.store.db import Store
from oa_desktop.ui.claims.claim_editor.diagnoses import LETTERS
from oa_desktop.ui.claims.claim_editor.scrubbing import form_error
from oa_desktop.ui.records.fields import parse_date

HEADERS = ("", "24A From", "24A To", "24B POS", "24D CPT/HCPCS", "24D Modifiers", "",
           "", "", "24E Dx pointer", "24G Units", "24F Charges", "Line's auth")
FIRST_ROWS = 6
_LABEL = "color: #5f6368;"
_LABEL_BAD = "color: white; background: #b3261e; font-weight: 600; padding: 0 3px;"


def _edit(name: str, width: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setFixedWidth(width)
    edit.setPlaceholderText(placeholder)
    return edit


class _ElidedLabel(QLabel):
    """One line of text that ends in "…" when the room is too narrow (whole in the tooltip)."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the text elided to the label's width."""
        painter = QPainter(self)
        metrics = self.fontMetrics()
        text = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignVCenter), text)


class LineRow:
    """The fields of one service line."""

    def __init__(self, number: int) -> None:
        self.number = number
        n = f"Line {number}"
        self.from_date = _edit(f"{n} from date", 92, "MM/DD/YYYY")
        self.to_date = _edit(f"{n} to date", 92, "same")
        self.pos = _edit(f"{n} place of service", 44, "")
        self.code = _edit(f"{n} procedure code", 74)
        self.modifiers = [_edit(f"{n} modifier {i + 1}", 34) for i in range(MAX_MODIFIERS)]
        self.pointers = _edit(f"{n} diagnosis pointers", 64, "A")
        self.units = _edit(f"{n} units", 48, "1")
        self.charge = _edit(f"{n} charge", 92)
        self.charge.setAlignment(Qt.AlignmentFlag.AlignRight)
        # 2400 REF*G1: only for a line under another authorization than box 23's
        self.auth = _edit(f"{n} authorization", 92, "as box 23")
        self.auth.setToolTip("The prior authorization of this line when it is not the one in "
                             "box 23 (filled from the authorizations on file)")
        self.units.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.charge_from_fee = False  # the charge was filled from the fee schedule
        self.label = QLabel(f"{number}")
        self.label.setStyleSheet(_LABEL)
        # what the procedure is, in the practice's or CMS's words (never CPT's own text);
        # it takes the room left of the row and never widens the editor
        self.words = _ElidedLabel()
        self.words.setStyleSheet("color: #5f6368; font-size: 9pt;")
        self.words.setAccessibleName(f"{n} procedure description")
        self.words.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def widgets(self) -> list[QLineEdit]:
        """The fields in tab order."""
        return [self.from_date, self.to_date, self.pos, self.code, *self.modifiers,
                self.pointers, self.units, self.charge, self.auth]

    def is_empty(self) -> bool:
        """True when nothing is typed on the line."""
        return not any(w.text().strip() for w in self.widgets())

    def field_for_box(self, box: str) -> QLineEdit:
        """The field a finding about ``box`` points at."""
        return {
            "24A": self.from_date, "24B": self.pos, "24D": self.code, "24E": self.pointers,
            "24F": self.charge, "24G": self.units, "23": self.auth,
        }.get(box, self.from_date)

    def fill(self, line: ServiceLine, keep_dates: bool = True) -> None:
        """Show a stored line."""
        self.from_date.setText(ids.format_date(line.service_date) if keep_dates else "")
        to = line.service_date_to
        self.to_date.setText(ids.format_date(to) if keep_dates and to else "")
        self.pos.setText(line.place_of_service)
        self.code.setText(line.procedure_code)
        for number, edit in enumerate(self.modifiers):
            edit.setText(line.modifiers[number] if number < len(line.modifiers) else "")
        self.pointers.setText("".join(LETTERS[p - 1] for p in line.diagnosis_pointers
                                      if 0 < p <= len(LETTERS)))
        self.units.setText(f"{line.units.normalize():f}")
        self.charge.setText(f"{line.charge_amount:,.2f}")
        self.auth.setText(line.prior_authorization)
        self.charge_from_fee = False

    def units_value(self) -> Decimal | None:
        """The units typed (1 when empty), None when not a number."""
        text = self.units.text().strip() or "1"
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return value if value.is_finite() and value > 0 else None

    def read(self, diagnoses: int) -> tuple[ServiceLine | None, list[Finding]]:
        """The line typed, or None with what stops it from being one."""
        n = self.number
        problems: list[Finding] = []
        start = parse_date(self.from_date.text())
        typed = self.from_date.text().strip()
        if start is None:
            problems.append(form_error(
                "date", "24A", "2400 DTP*472",
                f"“{typed}” is not a date: {ids.date_problem(typed)}" if typed
                else "The date of service is missing.",
                "Type the date of service as MM/DD/YYYY." if not typed
                else "Correct the date of service.", n))
        typed_to = self.to_date.text().strip()
        end = parse_date(typed_to) if typed_to else None
        if typed_to and end is None:
            problems.append(form_error("date_to", "24A", "2400 DTP*472",
                                       f"“{typed_to}” is not a date: {ids.date_problem(typed_to)}",
                                       "Correct the date, or leave it empty.", n))
        code = self.code.text().strip().upper()
        if not ids.is_procedure_shape(code):
            problems.append(form_error(
                "procedure", "24D", "2400 SV101-2",
                f"“{code}” is not a CPT or HCPCS code." if code else "The procedure code is "
                "missing.", "Type the 5-character code, like 90837 or H2019.", n))
        pointers = self._pointers(diagnoses, problems)
        units = self.units_value()
        if units is None:
            problems.append(form_error("units", "24G", "2400 SV104", "Units must be a number "
                                       "above 0.", "Type the units, like 1 or 4.", n))
        charge = _money(self.charge.text())
        if charge is None:
            problems.append(form_error("charge", "24F", "2400 SV102", "The charge is missing or "
                                       "not an amount.", "Type the charge, like 150.00.", n))
        if problems or start is None or charge is None or units is None:
            return None, problems
        return ServiceLine(
            service_date=start, service_date_to=end if end and end != start else None,
            procedure_code=code, charge_amount=charge, units=units,
            modifiers=tuple(m.text().strip().upper() for m in self.modifiers if m.text().strip()),
            diagnosis_pointers=pointers, place_of_service=self.pos.text().strip(),
            prior_authorization=self.auth.text().strip().upper(),
        ), []

    def _pointers(self, diagnoses: int, problems: list[Finding]) -> tuple[int, ...]:
        text = self.pointers.text().replace(",", "").replace(" ", "").upper() or "A"
        bad = [c for c in text if c not in LETTERS[:diagnoses]]
        if bad or len(text) > MAX_POINTERS:
            problems.append(form_error(
                "pointer", "24E", "2400 SV107",
                f"Diagnosis pointer “{''.join(bad)}” points at a diagnosis not typed in box 21."
                if bad else "A line points at 4 diagnoses at most.",
                pointer_hint(diagnoses), self.number))
        return tuple(LETTERS.index(c) + 1 for c in text if c in LETTERS)

    def charge_value(self) -> Decimal | None:
        """The charge typed, None when empty or not an amount."""
        return _money(self.charge.text())


def pointer_hint(diagnoses: int) -> str:
    """What pointer letters this claim allows, from the diagnoses typed in box 21."""
    if diagnoses == 0:
        return "Type a diagnosis in box 21 first; then point at it with A."
    if diagnoses == 1:
        return "Box 21 has only diagnosis A: type A."
    most = min(diagnoses, MAX_POINTERS)
    return f"Use letters A–{LETTERS[diagnoses - 1]} (up to {most} of them), like AB."


def _money(text: str) -> Decimal | None:
    try:
        return to_money(text.replace("$", "").strip()) if text.strip() else None
    except ValueError:
        return None


class LinesGrid(QWidget):
    """Up to 50 line rows; a new row appears when the last one is typed into."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.words = codes_in_words.load(store)
        self.rows: list[LineRow] = []
        self.read_rows: list[LineRow] = []  # the rows behind the lines last read
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(4)
        for column, text in enumerate(HEADERS):
            label = QLabel(text)
            label.setStyleSheet("color: #5f6368; font-size: 9pt;")
            if text or column == 0:
                span = MAX_MODIFIERS if text == "24D Modifiers" else 1
                self.grid.addWidget(label, 0, column, 1, span)
        self.grid.setColumnStretch(len(HEADERS), 1)  # the fields stay together on the left
        for _ in range(FIRST_ROWS):
            self.add_row()

    def add_row(self) -> LineRow | None:
        """Add an empty line (None when the claim has 50)."""
        if len(self.rows) >= MAX_SERVICE_LINES:
            return None
        row = LineRow(len(self.rows) + 1)
        self.rows.append(row)
        self.grid.setRowStretch(row.number, 0)
        self.grid.setRowStretch(row.number + 1, 1)  # rows stay at the top
        self.grid.addWidget(row.label, row.number, 0)
        for column, widget in enumerate(row.widgets(), start=1):
            self.grid.addWidget(widget, row.number, column)
            widget.textChanged.connect(lambda _t, r=row: self._on_row_changed(r))
        self.grid.addWidget(row.words, row.number, len(HEADERS))
        row.code.textChanged.connect(lambda _t, r=row: self._show_words(r))
        row.code.editingFinished.connect(lambda r=row: self._fill_charge(r))
        row.modifiers[0].editingFinished.connect(lambda r=row: self._fill_charge(r))
        row.units.textChanged.connect(lambda _t, r=row: self._fill_charge(r, only_if_fee=True))
        row.charge.textEdited.connect(lambda _t, r=row: setattr(r, "charge_from_fee", False))
        return row

    def set_lines(self, lines: list[ServiceLine], keep_dates: bool = True) -> None:
        """Show stored lines."""
        while len(self.rows) < len(lines) + 1 and self.add_row():
            pass
        for row, line in zip(self.rows, lines, strict=False):
            row.fill(line, keep_dates)

    def read(self, diagnoses: int) -> tuple[list[ServiceLine], list[Finding]]:
        """The lines typed (empty rows skipped) and what is wrong with the others."""
        lines: list[ServiceLine] = []
        problems: list[Finding] = []
        self.read_rows = []
        for row in self.rows:
            if row.is_empty():
                continue
            line, found = row.read(diagnoses)
            problems += found
            if line is not None:
                lines.append(line)
                self.read_rows.append(row)
        return lines, problems

    def show_authorizations(self, lines: list[ServiceLine]) -> None:
        """Show each line's own authorization as filled (``lines`` as :meth:`read` gave them)."""
        for row, line in zip(self.read_rows, lines, strict=False):
            if row.auth.text() != line.prior_authorization:
                row.auth.blockSignals(True)
                row.auth.setText(line.prior_authorization)
                row.auth.blockSignals(False)

    def typed_total(self) -> tuple[Decimal, list[int]]:
        """The sum of every typed line's charge (lines with other problems too), and the
        numbers of the lines whose charge cannot be counted (missing or not an amount)."""
        total = Decimal("0.00")
        uncounted: list[int] = []
        for row in self.rows:
            if row.is_empty():
                continue
            charge = row.charge_value()
            if charge is None:
                uncounted.append(row.number)
            else:
                total += charge
        return total, uncounted

    def mark_rows(self, numbers: set[int]) -> None:
        """Highlight the numbers of the lines with a problem (the others look plain)."""
        for row in self.rows:
            bad = row.number in numbers
            row.label.setStyleSheet(_LABEL_BAD if bad else _LABEL)
            row.label.setToolTip("This line has a problem: see the scrubber." if bad else "")

    def _on_row_changed(self, row: LineRow) -> None:
        if row is self.rows[-1] and not row.is_empty():
            self.add_row()
        self.changed.emit()

    def _show_words(self, row: LineRow) -> None:
        code = row.code.text().strip().upper()
        words = self.words.procedure_words(code) if ids.is_procedure_shape(code) else ""
        row.words.setText(words)
        row.words.setToolTip(self.words.procedure_long_words(code) if words else "")

    def _fill_charge(self, row: LineRow, only_if_fee: bool = False) -> None:
        """Charge = the fee schedule's unit price × units, unless the biller typed one."""
        if row.charge.text().strip() and not row.charge_from_fee:
            return
        if only_if_fee and not row.charge_from_fee:
            return
        code = row.code.text().strip().upper()
        units = row.units_value()
        price = fee_schedule.price_for(self.store, code, row.modifiers[0].text().strip()) \
            if ids.is_procedure_shape(code) else None
        if price is None or units is None:
            return
        row.charge.setText(f"{to_money(price * units):,.2f}")
        row.charge_from_fee = True
