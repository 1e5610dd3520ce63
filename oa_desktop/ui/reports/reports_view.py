"""Reports: pick a report on the left; see its chart and table; export CSV or PDF."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.reports import practice as reports_practice
from oa_desktop.services.reports.table import ReportTable
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import splitters
from oa_desktop.ui.kit.charts import BarChart
from oa_desktop.ui.kit.columns import report_columns
from oa_desktop.ui.kit.table_export import AskPath, TableExport
from oa_desktop.ui.kit.table_model import TableModel, make_table


def report_model(parent: Any = None, background: Any = None) -> TableModel[Sequence[Any]]:
    """A kit model for a :class:`ReportTable` (fill it with :func:`show_report_table`)."""
    return TableModel([], parent, background=background, align_headers=True)


def show_report_table(model: TableModel[Sequence[Any]], table: ReportTable | None) -> None:
    """Show ``table``'s rows in ``model``, its total as the last row."""
    if table is None:
        model.set_items([], None, [])
    else:
        model.set_items(table.rows, table.total, report_columns(table.columns))


class ReportsView(QWidget):
    """The list of reports, and the chosen one as a chart and a table."""

    def __init__(self, store: Store, today: date | None = None,
                 ask_path: AskPath | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.report: ReportTable | None = None
        self.choices = QListWidget()
        self.choices.setAccessibleName("Reports")
        for key, (title, _) in reports_practice.REPORTS.items():
            self.choices.addItem(title)
            self.choices.item(self.choices.count() - 1).setData(Qt.ItemDataRole.UserRole, key)
        self.choices.setMaximumWidth(230)
        self.choices.setStyleSheet("QListWidget::item { padding: 4px; }")
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.status = QLabel()
        self.export = TableExport(self, store, self.today, lambda: self.report,
                                  self._file_stem, self.status, ask_path)
        self.csv_button, self.pdf_button = self.export.csv_button, self.export.pdf_button
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.reload)
        bar = QHBoxLayout()
        bar.addWidget(self.subtitle, 1)
        for button in (self.refresh_button, self.csv_button, self.pdf_button):
            bar.addWidget(button)
        self.chart = BarChart()
        self.chart.setMaximumHeight(240)
        self.model = report_model(self)
        self.table, self.proxy = make_table(self.model, "Report table")
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addLayout(bar)
        column.addWidget(self.chart, 2)
        column.addWidget(self.table, 3)
        column.addWidget(self.empty)
        column.addWidget(self.notes)
        column.addWidget(self.status)
        split = QSplitter()
        split.addWidget(self.choices)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        splitters.remember(split, store, "reports.choices", [215, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.choices.currentRowChanged.connect(self._on_choices_row_changed)
        self.choices.setCurrentRow(0)

    def key(self) -> str:
        """The key of the chosen report."""
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else "aging_payer"

    def show_report(self, key: str) -> None:
        """Choose the report ``key``."""
        keys = list(reports_practice.REPORTS)
        self.choices.setCurrentRow(keys.index(key))

    def reload(self) -> None:
        """Compute the chosen report again."""
        self.report = reports_practice.build(self.store, self.key(), self.today)
        report = self.report
        self.title.setText(report.title)
        self.subtitle.setText(report.subtitle)
        self.chart.set_chart(report.chart, report.empty_text)
        show_report_table(self.model, report)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.empty.setText(report.empty_text)
        self.empty.setVisible(not report.rows)
        self.notes.setText(" ".join(report.notes))
        self.notes.setVisible(bool(report.notes and report.rows))
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(bool(report.rows))
        self.status.clear()

    def _on_choices_row_changed(self, _row: int) -> None:
        self.reload()

    def export_csv(self, path: Path) -> str:
        """Write the report as CSV; return the one-line result."""
        return self.export.save_csv(path)

    def export_pdf(self, path: Path) -> str:
        """Write the report as PDF; return the one-line result."""
        return self.export.save_pdf(path)

    def _file_stem(self) -> str:
        return f"{self.key().replace('_', '-')}-{self.today:%Y-%m-%d}"
