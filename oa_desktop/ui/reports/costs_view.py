"""Costs: Office Ally's fees per month per Tax ID + NPI, and what the next batch changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.money import format_money
from oa_desktop.services.reports import costs as reports_costs
from oa_desktop.services.reports.costs import Level
from oa_desktop.services.reports.table import ReportTable, write_csv
from oa_desktop.services.safety import audit
from oa_desktop.store import report_queries
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.charts import BarChart
from oa_desktop.ui.pdf.report_pdf import write_report_pdf
from oa_desktop.ui.reports.reports_view import ReportTableModel, make_report_table

LEVEL_COLORS = {Level.OK: "", Level.NEAR: "#fff1c2", Level.OVER: "#f9d6d3"}


def _colors(levels: list[Level]) -> list[str]:
    return [LEVEL_COLORS[level] for level in levels]


class CostsView(QWidget):
    """One month's fees (pick the month), the fee history, and the next-batch preview."""

    def __init__(self, store: Store, today: date | None = None,
                 ask_path: Callable[[str, str], str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self._ask_path = ask_path or self._ask_save_path
        self.report: ReportTable | None = None
        title = QLabel("Office Ally costs")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        self.month.currentIndexChanged.connect(self._on_month_changed)
        self.total = QLabel()
        total_font = self.total.font()
        total_font.setBold(True)
        self.total.setFont(total_font)
        legend = QLabel(f'<span style="background:{LEVEL_COLORS[Level.OVER]}">&nbsp;Fee due&nbsp;'
                        f'</span>&nbsp;&nbsp;<span style="background:{LEVEL_COLORS[Level.NEAR]}">'
                        f'&nbsp;Within {reports_costs.NEAR_POINTS} points of the threshold&nbsp;'
                        "</span>")
        self.csv_button = QPushButton("Export CSV…")
        self.pdf_button = QPushButton("Export PDF…")
        self.csv_button.clicked.connect(self._on_csv_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Month:"))
        bar.addWidget(self.month)
        bar.addSpacing(12)
        bar.addWidget(self.total)
        bar.addStretch(1)
        bar.addWidget(legend)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        self.model = ReportTableModel(self)
        self.table, self.proxy = make_report_table(self.model, "Office Ally fees")
        self.empty = QLabel()
        self.chart = BarChart()
        self.chart.setMaximumHeight(190)
        self.next_model = ReportTableModel(self)
        self.next_table, self.next_proxy = make_report_table(self.next_model, "Next batch")
        self.next_verdict = QLabel()
        self.next_verdict.setWordWrap(True)
        next_box = QGroupBox(f"If you send the ready claims now ({self.today:%m/%Y})")
        next_layout = QVBoxLayout(next_box)
        next_layout.addWidget(self.next_verdict)
        next_layout.addWidget(self.next_table)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.rule)
        layout.addLayout(bar)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.empty)
        layout.addWidget(QLabel("Office Ally fees by month"))
        layout.addWidget(self.chart, 1)
        layout.addWidget(next_box, 2)
        layout.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        """Read the months, the chosen month and the ready claims again."""
        chosen = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        for month in reports_costs.months(self.store, self.today):
            self.month.addItem(f"{month:%m/%Y}", month.isoformat())
        index = self.month.findData(chosen) if chosen else 0
        self.month.setCurrentIndex(max(index, 0))
        self.month.blockSignals(False)
        self._show_month()
        preview = reports_costs.next_batch(self.store, self.today)
        table, levels, verdict = reports_costs.next_batch_table(preview)
        self.next_model.set_table(table, _colors(levels))
        self.next_verdict.setText(verdict)
        self.next_table.resizeColumnsToContents()

    def selected_month(self) -> date:
        """The month shown."""
        month = self.month.currentData()
        return date.fromisoformat(month) if month else self.today.replace(day=1)

    def select_month(self, month: date) -> None:
        """Show ``month``."""
        self.month.setCurrentIndex(self.month.findData(month.isoformat()))

    def _show_month(self) -> None:
        table, levels = reports_costs.costs_table(self.store, self.selected_month(), self.today)
        self.report = table
        self.rule.setText(table.subtitle)
        self.model.set_table(table, _colors(levels))
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.chart.set_chart(table.chart)
        total = table.total[-1] if table.total else Decimal("0.00")
        self.total.setText(f"Total: {format_money(total)}")
        self.empty.setText(table.empty_text)
        self.empty.setVisible(not table.rows)

    def _on_month_changed(self, _index: int) -> None:
        self._show_month()

    def export_csv(self, path: Path) -> str:
        """Write the month's fees as CSV; return the one-line result."""
        if self.report is None:
            return ""
        rows = write_csv(self.report, path)
        audit.record_export(self.store, f"“{self.report.title}” as CSV", path, rows=rows,
                            object_id="costs")
        message = f"Saved {rows} rows to {path.name}."
        self.status.setText(message)
        return message

    def export_pdf(self, path: Path) -> str:
        """Write the month's fees as PDF; return the one-line result."""
        if self.report is None:
            return ""
        practice = report_queries.practice_header(self.store)["name"]
        pages = write_report_pdf(self.report, path, practice, self.today)
        audit.record_export(self.store, f"“{self.report.title}” as PDF", path, pages=pages,
                            object_id="costs", printed=True)
        message = f"Saved {self.report.title} to {path.name}."
        self.status.setText(message)
        return message

    def _ask_save_path(self, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export costs", suggested, pattern)
        return path

    def _on_csv_clicked(self) -> None:
        path = self._ask_path(f"office-ally-costs-{self.selected_month():%Y-%m}.csv",
                              "CSV files (*.csv)")
        if path:
            self.export_csv(Path(path))

    def _on_pdf_clicked(self) -> None:
        path = self._ask_path(f"office-ally-costs-{self.selected_month():%Y-%m}.pdf",
                              "PDF files (*.pdf)")
        if path:
            self.export_pdf(Path(path))
