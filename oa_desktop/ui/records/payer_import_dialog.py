"""Import Office Ally's payer list: pick the file, import in a worker thread, one-line result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.imports.payer_list import PayerImportResult, import_payer_list
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.store import payer_list
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.jobs import Job, JobRunner

_INTRO = (
    "Download Office Ally's payer list (in Office Ally: Resources → Payer List → Export) "
    "as a CSV or Excel file, then choose it here. The new list replaces the old one. "
    "Your own payers stay as they are; their Par/Non-Par status and enrollment flags are "
    "updated from the list unless you changed them yourself."
)


class PayerImportDialog(QDialog):
    """Pick a payer list file and import it without freezing the window."""

    imported = Signal(object)  # PayerImportResult

    def __init__(self, store: Store, parent: QWidget | None = None,
                 runner: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner or JobRunner(self)
        self.job: Job | None = None
        self.import_result: PayerImportResult | None = None
        self.setWindowTitle("Import Office Ally payer list")
        self.setAccessibleName("Import payer list")
        self.setMinimumWidth(640)

        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        self.current = QLabel(self._current_text())
        self.current.setAccessibleName("Current payer list")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("No file chosen")
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName("Payer list file")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the row count is not known until the end
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Import result")

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)

        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addLayout(file_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(660, 300)

    # -- state ----------------------------------------------------------------------------

    def _current_text(self) -> str:
        last = payer_list.last_import(self.store)
        if last is None:
            return "No payer list has been imported yet."
        return (f"Current list: {last['rows']:,} rows ({last['payers']:,} payers) from "
                f"{last['file_name']}, imported {fmt.timestamp(last['imported_at'])}.")

    def set_file(self, path: Path) -> None:
        """Choose ``path`` as the file to import (the file picker calls this)."""
        self.path_edit.setText(str(path))
        self.import_button.setEnabled(self.job is None)
        self._show("", error=False)

    def _show(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")
        needed = self._layout.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)


    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.import_button.setEnabled(not busy and bool(self.path_edit.text()))
        self.choose_button.setEnabled(not busy)
        self.close_button.setText("Cancel" if busy else "Close")

    # -- handlers ---------------------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the payer list", "", "Payer lists (*.csv *.xlsx *.txt);;All files (*)"
        )
        if name:
            self.set_file(Path(name))

    def _on_import_clicked(self) -> None:
        path = Path(self.path_edit.text())
        self._busy(True)
        self._show("Importing the payer list…", error=False)

        def work(progress: Progress) -> PayerImportResult:
            return import_payer_list(self.store, path, progress)

        self.job = self.runner.run("import payer list", work, on_success=self._on_job_succeeded,
                                   on_failure=self._on_job_failed,
                                   on_progress=self._on_job_progressed)

    def _on_job_progressed(self, done: int, _total: int, text: str) -> None:
        self.status.setText(text or f"Read {done:,} rows…")

    def _on_job_succeeded(self, result: Any) -> None:
        self.job = None
        self.import_result = result
        self._busy(False)
        self.import_button.setEnabled(False)
        lines = [f"{result.summary}. {result.practice_note}", *result.change_lines]
        skipped = result.skipped_lines
        if skipped:
            more = f" (and {len(skipped) - 5:,} more)" if len(skipped) > 5 else ""
            lines.append("Skipped, fix in the file and import again: "
                         + "; ".join(skipped[:5]) + more + ".")
        self._show("\n".join(lines), error=False)
        self.current.setText(self._current_text())
        self.imported.emit(result)

    def _on_job_failed(self, error: BaseException) -> None:
        self.job = None
        self._busy(False)
        if isinstance(error, Cancelled):
            self._show("Cancelled. The payer list was not changed.", error=False)
        elif isinstance(error, KnownError):
            self._show(f"{error.message} {error.next_step} Nothing was changed.", error=True)
        else:
            raise error  # a bug: the crash handler shows it

    def _on_close_clicked(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Close; while an import runs, ask it to stop instead (Esc and Cancel)."""
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling…")
            return
        super().reject()
