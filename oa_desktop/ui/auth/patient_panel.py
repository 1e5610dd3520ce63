"""A patient's authorizations as bars: billed, scheduled and what is left, with the dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.authorizations import Usage
from oa_desktop.services.auth.usage import patient_usage
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.auth.auth_dialog import AuthorizationDialog

BILLED, SCHEDULED, LEFT, OVER = "#1a4f8b", "#7fa7d6", "#e4e8ee", "#b3261e"


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


class UsageBar(QWidget):
    """Billed (dark), scheduled (light), left (grey); red past what was approved."""

    def __init__(self, usage: Usage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.usage = usage
        self.setMinimumHeight(14)
        self.setMaximumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        u = usage
        self.setAccessibleName(f"{_num(u.used)} of {_num(u.authorization.approved)} used")

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        """Draw the bar."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = float(self.width()), float(self.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(LEFT))
        painter.drawRoundedRect(QRectF(0, 0, width, height), 3, 3)
        u = self.usage
        total = max(u.authorization.approved, u.used, Decimal(1))
        x = 0.0
        for amount, color in ((u.billed, BILLED), (u.scheduled, SCHEDULED)):
            w = width * float(amount / total)
            painter.setBrush(QColor(color))
            painter.drawRect(QRectF(x, 0, w, height))
            x += w
        if u.remaining < 0:
            limit = width * float(u.authorization.approved / total)
            painter.setBrush(QColor(OVER))
            painter.drawRect(QRectF(limit, 0, x - limit, height))
        painter.end()


def describe(u: Usage, today: date) -> tuple[str, str]:
    """The bar's heading and its line of numbers."""
    a = u.authorization
    when = f"{a.from_date:%m/%d/%Y} – {a.to_date:%m/%d/%Y}"
    if a.to_date < today:
        when += f"  (expired {(today - a.to_date).days} days ago)"
    elif (a.to_date - today).days <= 30:
        when += f"  (ends in {(a.to_date - today).days} days)"
    unit = a.unit.value
    left = (f"{_num(-u.remaining)} {unit} over" if u.remaining < 0
            else f"{_num(u.remaining)} {unit} left")
    numbers = (f"{_num(u.used)} of {_num(a.approved)} {unit} used — {_num(u.billed)} billed "
               f"({_num(u.paid)} paid), {_num(u.scheduled)} scheduled; {left}")
    return f"<b>{a.number}</b>  ·  {a.codes_text}  ·  {when}", numbers


class AuthorizationsPanel(QWidget):
    """Shown under the coverages on the patient screen."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.patient_id: int | None = None
        self.usages: list[Usage] = []
        heading = QLabel("Authorizations")
        heading.setStyleSheet("font-size: 12pt; font-weight: 600; margin-top: 10px;")
        self.rows = QVBoxLayout()
        self.empty = QLabel("No authorizations. Add the payer's approval (number, codes, units "
                            "and dates) to have box 23 filled and the units counted.")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton("Add authorization…")
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.weekly_button = QPushButton("Weekly sessions…")
        self.weekly_button.clicked.connect(self.open_weekly)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(self.rows)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.weekly_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def load(self, patient_id: int | None, today: date | None = None) -> None:
        """Show the patient's authorizations (none for a new patient)."""
        self.patient_id = patient_id
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.usages = patient_usage(self.store, patient_id) if patient_id else []
        payers = {p.id: p.name for p in records.list_payers(self.store)}
        day = today or date.today()
        for u in self.usages:
            self.rows.addWidget(self._row(u, payers, day))
        self.empty.setVisible(not self.usages)
        self.add_button.setEnabled(patient_id is not None)
        self.weekly_button.setEnabled(patient_id is not None)

    def _row(self, u: Usage, payers: dict[int | None, str], day: date) -> QWidget:
        row = QWidget()
        row.setAccessibleName(f"Authorization {u.authorization.number}")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 4, 0, 4)
        heading, numbers = describe(u, day)
        payer = payers.get(records.get_coverage(self.store, u.authorization.coverage_id).payer_id,
                           "")
        top = QHBoxLayout()
        title = QLabel(f"{heading}  ·  {payer}")
        title.setWordWrap(True)
        top.addWidget(title, 1)
        change = QPushButton("Change…")
        remove = QPushButton("Remove…")
        change.clicked.connect(lambda: self.open_dialog(u))
        remove.clicked.connect(lambda: self.remove(u))
        top.addWidget(change)
        top.addWidget(remove)
        layout.addLayout(top)
        layout.addWidget(UsageBar(u))
        line = QLabel(numbers)
        line.setWordWrap(True)
        if u.remaining < 0 or u.authorization.to_date < day:
            line.setStyleSheet(f"color: {OVER};")
        layout.addWidget(line)
        return row

    def open_dialog(self, u: Usage | None) -> AuthorizationDialog | None:
        """Add (or change) an authorization; the bars reload when it saves."""
        if self.patient_id is None:
            return None
        dialog = AuthorizationDialog(self.store, self.patient_id,
                                     u.authorization if u else None, self)
        dialog.accepted.connect(lambda: self.load(self.patient_id))
        dialog.open()
        return dialog

    def open_weekly(self) -> QWidget | None:
        """The weekly sessions dialog; the bars reload when it closes (claims may be new)."""
        from oa_desktop.ui.sessions.weekly_dialog import WeeklySessionsDialog

        if self.patient_id is None:
            return None
        dialog = WeeklySessionsDialog(self.store, self.patient_id, parent=self)
        dialog.finished.connect(lambda _code: self.load(self.patient_id))
        dialog.open()
        return dialog

    def remove(self, u: Usage) -> None:
        """Remove an authorization after asking (claims keep the number they carry)."""
        answer = QMessageBox.question(
            self, "Remove authorization",
            f"Remove authorization {u.authorization.number}? Claims keep the number they "
            "carry in box 23; its units are no longer counted.")
        if answer == QMessageBox.StandardButton.Yes and u.authorization.id is not None:
            store_auth.delete_authorization(self.store, u.authorization.id)
            self.load(self.patient_id)
