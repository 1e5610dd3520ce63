"""The record form beside a list: Enter saves, Esc puts back what was stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.records.fields import CheckedField


class RecordForm(QWidget):
    """Base of the record forms. Subclasses fill ``form`` and implement ``fill``/``store_record``.

    ``saved`` carries the stored record's id; ``cancelled`` fires on Esc.
    """

    saved = Signal(object)
    cancelled = Signal()

    def __init__(self, store: Store, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.record: Any = None
        self.dirty = False
        self.heading = QLabel(title)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.status = QLabel()
        self.status.setWordWrap(True)
        box = QDialogButtonBox()  # the platform's order, like every dialog
        self.save_button = box.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save  (Enter)")
        self.save_button.setAccessibleName("Save")
        self.cancel_button = box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel  (Esc)")
        self.cancel_button.setAccessibleName("Cancel")
        self.button_bar = QWidget()
        buttons = QHBoxLayout(self.button_bar)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(box)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addLayout(self.body)
        layout.addStretch(1)
        layout.addWidget(self.button_bar)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)

    # -- for subclasses ---------------------------------------------------------------

    def fill(self, record: Any) -> None:
        """Show ``record`` (None: an empty new one) in the fields."""
        raise NotImplementedError

    def store_record(self) -> Any:
        """Build the record from the fields, store it and return its id."""
        raise NotImplementedError

    def extra_problem(self) -> str:
        """A problem no single field shows (e.g. a choice not made), or ""."""
        return ""

    def watch(self, *widgets: Any) -> None:
        """Mark the form changed when any of ``widgets`` changes."""
        for widget in widgets:
            for name in ("changed", "textChanged", "currentIndexChanged", "toggled"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(self._on_field_changed)
                    break

    # -- behaviour --------------------------------------------------------------------

    def load(self, record: Any) -> None:
        """Show a stored record (or None for a new one), unchanged."""
        self.record = record
        self.fill(record)
        self.dirty = False
        self.status.clear()

    def checked_fields(self) -> list[CheckedField]:
        """The form's checked fields, in tab order."""
        return self.findChildren(CheckedField)

    def save(self) -> bool:
        """Check every field; store the record if all are fine. True when stored."""
        bad = [f for f in self.checked_fields() if f.isEnabled() and not f.validate()]
        problem = self.extra_problem()
        if bad or problem:
            self.status.setStyleSheet("color: #b3261e;")
            self.status.setText(problem or "Fix the fields marked in red, then save.")
            if bad:
                bad[0].setFocus()
            return False
        try:
            record_id = self.store_record()
        except KnownError as error:
            show_known_error(self, error, "Not saved")
            return False
        self.dirty = False
        self.status.setStyleSheet("color: #1b6e3a;")
        self.status.setText("Saved.")
        self.saved.emit(record_id)
        return True

    def cancel(self) -> None:
        """Put back what is stored; nothing is written."""
        self.load(self.record)
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves the form; other keys as usual."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def _on_field_changed(self, *_args: object) -> None:
        self.dirty = True
        self.status.clear()


def scrolled(form: RecordForm) -> QWidget:
    """The form in a scroll area with its Save and Cancel below it, always in view."""
    scroll = QScrollArea()
    scroll.setWidget(form)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll, 1)
    bar = QHBoxLayout()
    bar.setContentsMargins(9, 4, 9, 4)
    bar.addWidget(form.button_bar)
    layout.addLayout(bar)
    return pane
