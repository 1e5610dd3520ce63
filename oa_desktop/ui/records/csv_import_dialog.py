"""Import patients or claims from a CSV: pick the file, see every row, import the good ones.

Nothing is written until "Import N valid rows"; Cancel and Esc write nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.imports import csv_import
from oa_desktop.services.imports.csv_import import ImportCounts, ImportPreview, PreviewRow
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel

_ERROR_BACKGROUND = "#fde7e9"
_ERROR_TEXT = "#b3261e"

_INTRO = {
    "patients": "One row per patient. Start from the template (it explains every column), "
                "save it as CSV, then choose it here.",
    "claims": "One row per service line; lines with the same claim_key become one claim. "
              "Start from the template, save it as CSV, then choose it here. Claims are "
              "imported as drafts.",
}


PROBLEMS = 1  # the column that says what is wrong with a row


def _problems(row: PreviewRow) -> str:
    return "; ".join(f"{e.column}: {e.message}" for e in row.errors) or "OK"


def _value_of(name: str) -> Callable[[PreviewRow], str]:
    return lambda row: row.values.get(name, "")


def _red_when_bad(name: str) -> Callable[[PreviewRow], str]:
    return lambda row: _ERROR_TEXT if any(e.column == name for e in row.errors) else ""


def preview_columns(preview: ImportPreview | None) -> list[Column[PreviewRow]]:
    """The file's rows: row number, what is wrong (or OK), then the file's own columns."""
    if preview is None or not preview.rows:
        return []
    return [
        Column("Row", lambda r: r.number, text=lambda r: str(r.number)),
        Column("Problems", _problems, color=lambda r: "" if r.valid else _ERROR_TEXT),
    ] + [Column(name, _value_of(name), color=_red_when_bad(name))
         for name in preview.columns if name]


class CsvImportDialog(QDialog):
    """Preview a patients or claims CSV with per-row problems, then import the valid rows."""

    imported = Signal(object)  # ImportCounts

    def __init__(self, store: Store, kind: Literal["patients", "claims"],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.preview: ImportPreview | None = None
        self.counts: ImportCounts | None = None
        self.setWindowTitle(f"Import {kind}")
        self.setAccessibleName(f"Import {kind}")
        self.resize(900, 520)

        intro = QLabel(_INTRO[kind] + " Nothing is saved until you click Import.")
        intro.setWordWrap(True)
        self.template_button = QPushButton("Save template…")
        self.template_button.clicked.connect(self._on_template_clicked)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.template_button)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No file chosen")
        self.path_edit.setAccessibleName(f"{kind.title()} file")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)

        self.model: TableModel[PreviewRow] = TableModel(
            [], self, background=lambda r: "" if r.valid else _ERROR_BACKGROUND)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Rows in the file")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)

        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #b3261e;")
        self.details.setAccessibleName("Problems in the selected row")
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.summary = QLabel("Choose a file to see its rows.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(file_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    # -- actions --------------------------------------------------------------------------

    def set_file(self, path: Path) -> None:
        """Read and check ``path`` and show its rows (writes nothing)."""
        self.path_edit.setText(str(path))
        self.counts = None
        try:
            self.preview = csv_import.preview(path, self.kind, self.store)
        except KnownError as error:
            self.preview = None
            self.model.set_items([], columns=[])
            self.details.setText("")
            self._set_summary(f"{error.message} {error.next_step}", error=True)
            self.import_button.setText("Import")
            self.import_button.setEnabled(False)
            return
        self.model.set_items(self.preview.rows, columns=preview_columns(self.preview))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(PROBLEMS,
                                  min(self.table.columnWidth(PROBLEMS), 380))
        self._show_counts(self.preview)
        first_bad = next((i for i, r in enumerate(self.preview.rows) if not r.valid), None)
        self.details.setText("")
        if first_bad is not None:
            self.table.setCurrentIndex(self.model.index(first_bad, PROBLEMS))

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(ItemRole.OBJECT) if current.isValid() else None
        if row is None or row.valid:
            self.details.setText("")
            return
        problems = " ".join(f"{e.column}: {e.message}." for e in row.errors)
        self.details.setText(f"Row {row.number}: {problems}")

    def _show_counts(self, preview: ImportPreview) -> None:
        total, valid = len(preview.rows), len(preview.valid_rows)
        bad = total - valid
        noun = "row" if valid == 1 else "rows"
        if not total:
            text = "The file has no rows under its header."
        elif bad:
            text = (f"{total:,} rows: {valid:,} ready to import, {bad:,} with problems "
                    "(in red; they will be skipped). Fix them in the file and choose it "
                    "again, or import the valid rows now.")
        else:
            text = f"All {total:,} rows are ready to import."
        self._set_summary(text, error=False)
        self.import_button.setText(f"Import {valid:,} valid {noun}")
        self.import_button.setEnabled(valid > 0)

    def _set_summary(self, text: str, *, error: bool) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b3261e;" if error else "")

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, f"Choose the {self.kind} file", "", "CSV files (*.csv);;All files (*)")
        if name:
            self.set_file(Path(name))

    def _on_template_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the template", f"{self.kind}.csv", "CSV files (*.csv)")
        if name:
            shutil.copyfile(csv_import.template_path(self.kind), name)
            readme = csv_import.template_path(self.kind).with_name("README.md")
            shutil.copyfile(readme, Path(name).with_name(f"{self.kind} import help.md"))
            self._set_summary(f"Template saved to {name}, with a help file beside it.",
                              error=False)

    def _on_import_clicked(self) -> None:
        if self.preview is None:
            return
        try:
            self.counts = csv_import.commit(self.store, self.preview)
        except KnownError as error:
            self._set_summary(f"{error.message} {error.next_step} Nothing was imported.",
                              error=True)
            return
        self._set_summary(self.counts.summary, error=False)
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.cancel_button.setText("Close")
        self.imported.emit(self.counts)
