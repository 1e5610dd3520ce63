"""Import sessions: choose the file, check the columns, see the claims it makes, import.

Nothing is stored until Import; the column choices are remembered for the next file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.sessions import columns, importing
from oa_desktop.services.sessions.grouping import PlannedClaim, PlannedLine
from oa_desktop.services.sessions.importing import ImportResult, SessionsPreview
from oa_desktop.store.db import Store
from oa_desktop.ui.auth.worklist_base import title_label
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.table_model import TableModel, make_table

Row = tuple[int, PlannedClaim, PlannedLine]
_NONE = "(not in the file)"

PREVIEW_COLUMNS: list[Column[Row]] = [
    Column("Claim", lambda r: r[0], Kind.COUNT),
    Column("Patient", lambda r: r[1].patient_name),
    Column("Payer", lambda r: r[1].payer_name),
    Column("Provider", lambda r: r[1].provider_name),
    Column("Date", lambda r: r[2].session.service_date,
           text=lambda r: f"{r[2].session.service_date:%m/%d/%Y}"),
    Column("Start", lambda r: r[2].session.start_time),
    Column("Code", lambda r: "-".join((r[2].session.procedure_code, *r[2].session.modifiers))),
    Column("Minutes", lambda r: r[2].session.minutes,
           text=lambda r: str(r[2].session.minutes or ""), right=True),
    Column("Units", lambda r: r[2].session.units, text=lambda r: f"{r[2].session.units:f}",
           right=True, tip=lambda r: r[2].rule.label if r[2].rule else "Units from the file"),
    Column("Rule", lambda r: r[2].rule.label if r[2].rule else "from the file"),
    Column("Charge", lambda r: r[2].charge, Kind.MONEY),
    Column("Authorization", lambda r: r[2].authorization or "none"),
]


class SessionsImportDialog(QDialog):
    """File → Import sessions…"""

    def __init__(self, store: Store, path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.path = path
        self.checked: SessionsPreview | None = None
        self.imported: ImportResult | None = None
        self.setWindowTitle("Import sessions")
        self.file_label = QLabel("Choose the timesheet export (CSV or XLSX) — CentralReach's "
                                 "timesheet export is read by its column names.")
        self.file_label.setWordWrap(True)
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self._on_choose_clicked)
        self.mapping_box = QGroupBox("Columns — which column of the file holds what")
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.combos: dict[str, QComboBox] = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: TableModel[Row] = TableModel(PREVIEW_COLUMNS, self)
        self.table, _ = make_table(self.model, "Sessions preview")
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(64)
        self.notes.setAccessibleName("Rows left out")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label("Import sessions"))
        layout.addLayout(top)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.buttons)
        for column, width in enumerate((45, 140, 140, 130, 80, 50, 70, 60, 45, 110, 70)):
            self.table.setColumnWidth(column, width)
        self.resize(1200, 720)
        if path is not None:
            self.load(path)

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import sessions", "", "Timesheets (*.csv *.xlsx);;All files (*)")
        if name:
            self.load(Path(name))

    def load(self, path: Path, mapping: dict[str, str] | None = None) -> None:
        """Read ``path`` and show its preview (with the columns as found or as chosen)."""
        self.path = path
        self.file_label.setText(f"File: <b>{path.name}</b>")
        try:
            header = importing.header_of(path)
            chosen = mapping if mapping is not None else columns.detect(
                header, columns.COLUMN_MAPPING.get(self.store))
            self._show_mapping(header, chosen)
            self.checked = importing.preview(self.store, path, chosen)
        except KnownError as exc:
            self.checked = None
            self.model.set_items([])
            self.summary.setText(f"<span style='color:#b3261e'>{exc.message}</span> "
                                 f"{exc.next_step}")
            self.import_button.setEnabled(False)
            return
        self._show_preview(self.checked)

    def _show_mapping(self, header: list[str], chosen: dict[str, str]) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = {}
        for n, field in enumerate(columns.FIELDS):
            box = QComboBox()
            box.setAccessibleName(field.label)
            box.addItem(_NONE, "")
            for name in header:
                box.addItem(name, name)
            box.setCurrentIndex(max(box.findData(chosen.get(field.key, "")), 0))
            box.currentIndexChanged.connect(self._on_mapping_changed)
            self.combos[field.key] = box
            row, col = divmod(n, 3)
            self.mapping_grid.addWidget(QLabel(field.label + ":"), row, col * 2)
            self.mapping_grid.addWidget(box, row, col * 2 + 1)

    def mapping(self) -> dict[str, str]:
        """The columns as chosen."""
        return {key: box.currentData() for key, box in self.combos.items() if box.currentData()}

    def _on_mapping_changed(self) -> None:
        if self.path is not None:
            self.load(self.path, self.mapping())

    def _show_preview(self, checked: SessionsPreview) -> None:
        rows: list[Row] = [(n, claim, line) for n, claim in enumerate(checked.claims, start=1)
                           for line in claim.lines]
        self.model.set_items(rows)
        self.summary.setText(
            f"<b>{checked.summary}</b> Each claim holds one patient's sessions with one "
            f"provider and place for one billing period (at most 50 lines). Nothing is "
            f"stored until you press Import.")
        notes = ([f"Left out: {n}" for n in checked.problems]
                 + [f"Too short: {n}" for n in checked.skipped]
                 + [f"Skipped: {n}" for n in checked.duplicates])
        self.notes.setPlainText("\n".join(notes) or "Every row of the file is in the preview.")
        count = checked.session_count
        self.import_button.setText(f"Import {count} sessions as {len(checked.claims)} "
                                   f"draft claims")
        self.import_button.setEnabled(count > 0)

    def do_import(self) -> None:
        """Create the draft claims shown, then close."""
        if self.checked is None:
            return
        try:
            self.imported = importing.commit(self.store, self.checked)
        except KnownError as exc:
            self.summary.setText(f"<span style='color:#b3261e'>{exc.message}</span> "
                                 f"{exc.next_step}")
            return
        self.accept()
