"""The list pane of the record screens: a find box over a sortable kit table.

Record lists are small (a practice has hundreds of patients, not millions), so the
kit's model holds the objects and its proxy sorts by native values and filters by
typing, as STYLE.md allows for small lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table, with_empty_state

T = TypeVar("T")


class RecordListPane(QWidget, Generic[T]):
    """A find box over a sortable table; ``record_selected`` fires with the record (or None)."""

    record_selected = Signal(object)
    record_activated = Signal(object)

    def __init__(
        self, columns: Sequence[Column[T]], noun: str, empty_text: str,
        parent: QWidget | None = None, *, stretch: int = 0,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self.empty_text = empty_text
        self.model: TableModel[T] = TableModel(columns, self, align_headers=True)
        self.table, self.proxy = make_table(self.model, f"{noun.capitalize()}s",
                                            sort=(0, Qt.SortOrder.AscendingOrder))
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText(f"Find {noun}s  (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setAccessibleName(f"Find {noun}s")
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # One column (the name, unless ``stretch`` says another) takes the room the others
        # leave, so every column stays in view without a sideways scroll bar on a laptop.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.stack, self.empty = with_empty_state(self.table)
        self.count = QLabel()
        self.count.setStyleSheet("color: #5f6368;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.find_box)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count)
        self.find_box.textChanged.connect(self._on_find_text_changed)
        self.find_box.returnPressed.connect(self.table.setFocus)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.activated.connect(self._on_table_activated)

    def set_records(
        self, records: Sequence[T], select: Callable[[T], bool] | None = None
    ) -> None:
        """Show ``records`` and put the cursor on the first one ``select`` accepts."""
        self.model.set_items(records)
        self._show_state()
        self.select(select)

    def select(self, match: Callable[[T], bool] | None) -> None:
        """Put the cursor on the first record ``match`` accepts (else the first row)."""
        row = 0
        found = [n for n, r in enumerate(self.model.items) if match is not None and match(r)]
        if found:
            source = self.model.index(found[0], 0)
            row = max(self.proxy.mapFromSource(source).row(), 0)
        if self.proxy.rowCount():
            self.table.selectRow(row)
        else:
            self.record_selected.emit(None)

    def current(self) -> T | None:
        """The record the cursor is on."""
        index = self.table.currentIndex()
        return index.data(ItemRole.OBJECT) if index.isValid() else None

    def focus_find(self) -> None:
        """Ctrl+F: put the cursor in the find box."""
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _show_state(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            text = self.find_box.text().strip()
            self.empty.setText(
                f"No {self.noun}s match “{text}”." if text and total else self.empty_text
            )
            self.stack.setCurrentWidget(self.empty)
        noun = self.noun if total == 1 else f"{self.noun}s"
        self.count.setText(
            f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}"
        )

    def _on_find_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._show_state()
        self.select(None)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.record_selected.emit(current.data(ItemRole.OBJECT) if current.isValid() else None)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.record_activated.emit(index.data(ItemRole.OBJECT))
