"""Import sessions: choose the file, check the columns, see the claims it makes, import.

Nothing is stored until Import; the column choices are remembered for the next file. The
preview and the import run on the window's job runner, with progress and Cancel: the
window never freezes on a big file, and a cancelled import leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
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
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.sessions import columns, importing
from oa_desktop.services.sessions.grouping import PlannedClaim, PlannedLine
from oa_desktop.services.sessions.importing import ImportResult, SessionsPreview
from oa_desktop.store.db import Store
from oa_desktop.ui.auth.worklist_base import title_label
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.jobs import Job, JobRunner
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
                 parent: QWidget | None = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.path = path
        self.runner = runner or JobRunner(self)
        self.job: Job | None = None
        self._generation = 0  # a newer preview makes an older one's answer stale
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
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setVisible(False)
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
        layout.addWidget(self.progress)
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
        """Read ``path``'s columns, then preview it in the background (with the columns as
        found or as chosen)."""
        self.path = path
        self.file_label.setText(f"File: <b>{path.name}</b>")
        try:
            header = importing.header_of(path)
        except KnownError as exc:
            self._show_error(exc)
            return
        chosen = mapping if mapping is not None else columns.detect(
            header, columns.COLUMN_MAPPING.get(self.store))
        self._show_mapping(header, chosen)
        self._start_preview(path, chosen)

    def _start_preview(self, path: Path, chosen: dict[str, str]) -> None:
        if self.job is not None:
            self.job.cancel()  # its answer is stale now
        self._generation += 1
        generation = self._generation
        self.checked = None
        self.model.set_items([])
        self.summary.setText(f"Reading {path.name}…")

        def work(progress: Progress) -> SessionsPreview:
            return importing.preview(self.store, path, chosen, progress)

        self._busy(True)
        self.job = self.runner.run(
            "preview sessions", work,
            on_success=lambda result: self._on_preview_done(generation, result),
            on_failure=lambda error: self._on_preview_failed(generation, error),
            on_progress=self._on_job_progressed)

    def _on_preview_done(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return
        self.job = None
        self._busy(False)
        self.checked = result
        self._show_preview(result)

    def _on_preview_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.job = None
        self._busy(False)
        if isinstance(error, Cancelled):
            self.summary.setText("Preview cancelled. Choose the file again to see it.")
        elif isinstance(error, KnownError):
            self._show_error(error)
        else:
            raise error  # a bug: the crash handler shows it

    def _show_error(self, exc: KnownError) -> None:
        self.checked = None
        self.model.set_items([])
        self.summary.setText(f"<span style='color:#b3261e'>{exc.message}</span> "
                             f"{exc.next_step}")
        self.import_button.setEnabled(False)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.mapping_box.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self.checked is not None
                                      and self.checked.session_count > 0)

    def _on_job_progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(text or "%p%")
        self.progress.setTextVisible(True)

    def settle(self, msecs: int = 60_000) -> None:
        """Wait for the running preview or import and deliver its outcome (screenshots,
        tests; the window itself never waits)."""
        for _ in range(100):  # each round delivers what the finished job sent
            if self.job is None or not self.runner.wait(msecs):
                return
            QCoreApplication.processEvents()

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
        """Create the draft claims shown in the background, then close."""
        checked = self.checked
        if checked is None or self.job is not None:
            return
        self.summary.setText(f"Importing {checked.session_count:,} sessions…")

        def work(progress: Progress) -> ImportResult:
            return importing.commit(self.store, checked, progress=progress)

        self._busy(True)
        self.import_button.setEnabled(False)
        self.job = self.runner.run("import sessions", work, on_success=self._on_import_done,
                                   on_failure=self._on_import_failed,
                                   on_progress=self._on_job_progressed)

    def _on_import_done(self, result: Any) -> None:
        self.job = None
        self._busy(False)
        self.imported = result
        self.accept()

    def _on_import_failed(self, error: BaseException) -> None:
        self.job = None
        self._busy(False)
        if isinstance(error, Cancelled):
            self.summary.setText("Import cancelled. Nothing was created; the preview is "
                                 "still here to import later.")
        elif isinstance(error, KnownError):
            self.summary.setText(f"<span style='color:#b3261e'>{error.message}</span> "
                                 f"{error.next_step}")
        else:
            raise error  # a bug: the crash handler shows it

    def reject(self) -> None:
        """Cancel (and Esc): stop the running preview or import first; close when idle."""
        if self.job is not None:
            self.job.cancel()
            self.summary.setText("Cancelling…")
            return
        super().reject()
