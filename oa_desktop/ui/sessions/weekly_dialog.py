"""Weekly sessions for a patient: a pattern (days, code, units, provider) makes draft
sessions for a period; "Make claims" turns the patient's draft sessions into draft claims."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain import identifiers as ids
from oa_desktop.services.sessions import recurring
from oa_desktop.store import records
from oa_desktop.store import sessions as store_sessions
from oa_desktop.store.db import Store
from oa_desktop.ui.records import fields
from oa_desktop.ui.records.fields import CheckedField
from oa_desktop.ui.records.widgets import combo

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _units_problem(text: str) -> str:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return "Type the units of each session."
    return "" if 0 < value <= 99 else "Type 1 to 99 units."


def _code_problem(text: str) -> str:
    value = text.strip()
    return "" if len(value) == 5 and value.isalnum() else "Type a procedure code, e.g. 97153."


class WeeklySessionsDialog(QDialog):
    """Create draft sessions from a weekly pattern; make claims from the drafts."""

    def __init__(self, store: Store, patient_id: int, today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.patient_id = patient_id
        self.setWindowTitle("Weekly sessions")
        day = today or date.today()
        self.days = [QCheckBox(name) for name in DAYS]
        for box in self.days[:5:2]:
            box.setChecked(True)  # Mon, Wed, Fri to start with
        day_row = QHBoxLayout()
        for box in self.days:
            day_row.addWidget(box)
        self.code = CheckedField(_code_problem, width=80, name="Procedure code", upper=True)
        self.code.setText("97153")
        self.units = CheckedField(_units_problem, width=60, name="Units")
        self.units.setText("8")
        self.start = CheckedField(width=70, name="Start time", placeholder="09:00")
        self.provider = combo([("(none: the practice)", None)] + [
            (p.display_name, p.id) for p in records.list_rendering_providers(store)],
            "Rendering provider")
        self.place = combo([("12 Home", "12"), ("11 Office", "11"), ("03 School", "03"),
                            ("10 Telehealth in the home", "10"), ("99 Other", "99")],
                           "Place of service")
        self.from_date = CheckedField(fields.a_date(True, "first date"), width=100, name="From")
        self.to_date = CheckedField(fields.a_date(True, "last date"), width=100, name="To")
        self.from_date.setText(ids.format_date(day))
        self.to_date.setText(ids.format_date(date.fromordinal(day.toordinal() + 27)))
        form = QFormLayout()
        form.addRow("Days:", day_row)
        for label, widget in (("Procedure code:", self.code), ("Units each:", self.units),
                              ("Start time:", self.start), ("Provider:", self.provider),
                              ("Place of service:", self.place), ("From:", self.from_date),
                              ("To:", self.to_date)):
            form.addRow(label, widget)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.create_button = QPushButton("Create draft sessions")
        self.bill_button = QPushButton("Make draft claims from draft sessions")
        self.create_button.clicked.connect(self.create_sessions)
        self.bill_button.clicked.connect(self.make_claims)
        actions = QHBoxLayout()
        actions.addWidget(self.create_button)
        actions.addWidget(self.bill_button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self._show_waiting()

    def _show_waiting(self, said: str = "") -> None:
        waiting = len(store_sessions.unbilled(self.store, self.patient_id))
        self.status.setText(f"{said} {waiting} draft session{'' if waiting == 1 else 's'} "
                            "wait to become claims.".strip())
        self.bill_button.setEnabled(waiting > 0)

    def create_sessions(self) -> int:
        """Make the pattern's draft sessions; returns how many are new."""
        weekdays = frozenset(n for n, box in enumerate(self.days) if box.isChecked())
        start = fields.parse_date(self.from_date.text())
        end = fields.parse_date(self.to_date.text())
        checked = [self.code, self.units, self.from_date, self.to_date]
        if not all([f.validate() for f in checked]) or start is None or end is None:
            self.status.setText("Fix the fields marked in red.")
            return 0
        if not weekdays or end < start:
            self.status.setText("Tick at least one day, and end on or after the first date.")
            return 0
        pattern = recurring.WeeklyPattern(
            self.patient_id, weekdays, self.code.text(), Decimal(self.units.text()),
            self.provider.currentData(), start_time=self.start.text(),
            place_of_service=str(self.place.currentData()))
        made = recurring.create_sessions(self.store, pattern, start, end)
        self._show_waiting(f"Created {made} draft session{'' if made == 1 else 's'}.")
        return made

    def make_claims(self) -> int:
        """Turn the patient's draft sessions into draft claims; returns how many claims."""
        result = recurring.bill_drafts(self.store, self.patient_id)
        self._show_waiting(f"Made {result.claims} draft claim{'' if result.claims == 1 else 's'}"
                           f" from {result.sessions} sessions (see Drafts).")
        return result.claims
