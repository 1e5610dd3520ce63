"""The one CSV and PDF export of a table: Export CSV…/PDF… buttons, the save dialog, the files
(each one written to the audit trail: what, how many rows, where to).

The CSV cells are written by :func:`oa_desktop.services.reports.table.write_csv` (the one
CSV writer) and the PDF by :func:`oa_desktop.ui.pdf.report_pdf.write_report_pdf`, from the
same :class:`ReportTable` the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from oa_desktop.domain.display import plural
from oa_desktop.services.reports import table as report_table
from oa_desktop.services.reports.table import ReportTable
from oa_desktop.services.safety import audit
from oa_desktop.store import report_queries
from oa_desktop.store.db import Store
from oa_desktop.ui.pdf.report_pdf import write_report_pdf

AskPath = Callable[[str, str], str]  # (suggested file name, pattern) -> chosen path or ""


def export_csv(table: ReportTable, path: Path) -> str:
    """Write ``table`` as CSV; return the one-line result."""
    rows = report_table.write_csv(table, path)  # the one CSV writer
    return f"Saved {plural(rows, 'row')} of “{table.title}” to {path.name}."


def export_pdf(table: ReportTable, path: Path, store: Store, today: date) -> str:
    """Write ``table`` as PDF under the practice's name; return the one-line result."""
    practice = report_queries.practice_header(store)["name"]
    pages = write_report_pdf(table, path, practice, today)
    return f"Saved “{table.title}” ({pages} page{'s' * (pages != 1)}) to {path.name}."


class TableExport:
    """The Export CSV…/PDF… buttons of a screen that shows a :class:`ReportTable`."""

    def __init__(self, owner: QWidget, store: Store, today: date,
                 table: Callable[[], ReportTable | None], stem: Callable[[], str],
                 status: QLabel, ask_path: AskPath | None = None) -> None:
        self.owner = owner
        self.store = store
        self.today = today
        self.shown_table = table  # the table shown now
        self.stem = stem  # the suggested file name, without its ending
        self.status = status  # where the result is said
        self.ask_path = ask_path or self._ask_save_path
        self.csv_button = QPushButton("Export CSV…")
        self.pdf_button = QPushButton("Export PDF…")
        self.csv_button.clicked.connect(
            lambda: self._ask_and_save("csv", "CSV files (*.csv)", self.save_csv))
        self.pdf_button.clicked.connect(
            lambda: self._ask_and_save("pdf", "PDF files (*.pdf)", self.save_pdf))

    def save_csv(self, path: Path) -> str:
        """Write the shown table to ``path`` as CSV; say and return the result."""
        return self._save(path, lambda table: export_csv(table, path))

    def save_pdf(self, path: Path) -> str:
        """Write the shown table to ``path`` as PDF; say and return the result."""
        return self._save(path, lambda table: export_pdf(table, path, self.store, self.today))

    def _save(self, path: Path, write: Callable[[ReportTable], str]) -> str:
        table = self.shown_table()
        if table is None:
            return ""
        message = write(table)
        kind = path.suffix.lstrip(".").upper() or "a file"
        audit.record_export(self.store, f"“{table.title}” as {kind}", path,
                            rows=len(table.rows), object_id=table.key, printed=kind == "PDF")
        self.status.setText(message)
        return message

    def _ask_save_path(self, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.owner, "Export", suggested, pattern)
        return path

    def _ask_and_save(self, ending: str, pattern: str, save: Callable[[Path], str]) -> None:
        path = self.ask_path(f"{self.stem()}.{ending}", pattern)
        if path:
            save(Path(path))
