"""A records screen: heading with actions, the list on the left, the form on the right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.store.db import Store
from oa_desktop.ui.kit import splitters
from oa_desktop.ui.records.form import RecordForm, scrolled
from oa_desktop.ui.records.table import RecordListPane


class RecordsView(QWidget):
    """Base of Payers, Providers, Fee schedule and Patients.

    Subclasses implement ``fetch`` (the records) and ``record_id`` (to find one again).
    Ctrl+N and Ctrl+F come from the main window, which calls ``new_record`` and
    ``focus_find`` on the screen showing.
    """

    noun = "record"
    split_sizes = [600, 520]  # list | form, until the biller moves the divider

    def __init__(
        self, store: Store, title: str, pane: RecordListPane[Any], form: RecordForm,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.pane = pane
        self.form = form
        self.title = QLabel(title)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.new_button = QPushButton(f"New {self.noun}  (Ctrl+N)")
        self.new_button.setAccessibleName(f"New {self.noun}")
        self.note = QLabel()
        self.note.setStyleSheet("color: #5f6368;")
        self.top = QHBoxLayout()
        self.top.addWidget(self.title)
        self.top.addSpacing(16)
        self.top.addWidget(self.note, 1)
        self.top.addWidget(self.new_button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(pane)
        self.splitter.addWidget(scrolled(form))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        splitters.remember(self.splitter, store, f"records.{self.noun}", self.split_sizes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(self.top)
        layout.addWidget(self.splitter, 1)
        self.new_button.clicked.connect(self.new_record)
        pane.record_selected.connect(self._on_pane_record_selected)
        pane.record_activated.connect(self._on_pane_record_activated)
        form.saved.connect(self._on_form_saved)
        form.cancelled.connect(self._on_form_cancelled)
        self.reload()

    def fetch(self) -> Sequence[Any]:
        """The records to list."""
        raise NotImplementedError

    def record_id(self, record: Any) -> Any:
        """A record's id (to select it again after a reload)."""
        return getattr(record, "id", None)

    def reload(self, select_id: Any = None) -> None:
        """Read the records again and select the one with ``select_id``."""
        self.pane.set_records(
            self.fetch(),
            (lambda r: self.record_id(r) == select_id) if select_id is not None else None,
        )

    def new_record(self) -> None:
        """Ctrl+N: an empty form for a new record."""
        self.pane.table.clearSelection()
        self.form.load(None)
        self.note.setText(f"New {self.noun}: type it, then Enter to save or Esc to cancel.")
        fields = self.form.checked_fields()
        if fields:
            fields[0].setFocus()

    def focus_find(self) -> None:
        """Ctrl+F."""
        self.pane.focus_find()

    def _on_pane_record_selected(self, record: Any) -> None:
        if self.form.dirty and self.form.record is not record:
            self.note.setText("Unsaved changes were put back (Enter saves a form).")
        else:
            self.note.clear()
        self.form.load(record)

    def _on_pane_record_activated(self, _record: Any) -> None:
        fields = self.form.checked_fields()
        if fields:
            fields[0].setFocus()

    def _on_form_saved(self, record_id: Any) -> None:
        self.note.setText(f"Saved the {self.noun}.")
        self.reload(record_id)
        self.pane.table.setFocus()

    def _on_form_cancelled(self) -> None:
        self.note.clear()
        if self.form.record is None:
            self.pane.select(None)
        self.pane.table.setFocus()
