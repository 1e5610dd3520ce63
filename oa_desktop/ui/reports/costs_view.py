"""Costs: Office Ally's fees per month per Tax ID + NPI, and what the next batch changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.money import format_money
from oa_desktop.services.reports import costs as reports_costs
from oa_desktop.services.reports.costs import Level
from oa_desktop.services.reports.table import ReportTable
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.charts import BarChart
from oa_desktop.ui.kit.table_export import AskPath, TableExport
from oa_desktop.ui.kit.table_model import make_table
from oa_desktop.ui.reports.reports_view import report_model, show_report_table

LEVEL_COLORS = {Level.OK: "", Level.NEAR: "#fff1c2", Level.OVER: "#f9d6d3"}


def _tints(table: ReportTable, levels: list[Level]) -> dict[int, str]:
    """Each row's background by its level, keyed by the row (the table's own lists)."""
    return {id(row): LEVEL_COLORS[level] for row, level in zip(table.rows, levels, strict=True)}


class CostsView(QWidget):
    """One month's fees (pick the month), the fee history, and the next-batch preview."""

    def __init__(self, store: Store, today: date | None = None,
                 ask_path: AskPath | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.report: ReportTable | None = None
        self.next_report: ReportTable | None = None
        self._tints: dict[str, dict[int, str]] = {}  # table → row (by id) → background
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
        self.status = QLabel()
        self.export = TableExport(self, store, self.today, lambda: self.report,
                                  lambda: f"office-ally-costs-{self.selected_month():%Y-%m}",
                                  self.status, ask_path)
        self.csv_button, self.pdf_button = self.export.csv_button, self.export.pdf_button
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Month:"))
        bar.addWidget(self.month)
        bar.addSpacing(12)
        bar.addWidget(self.total)
        bar.addStretch(1)
        bar.addWidget(legend)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        self.model = report_model(self, self._tint_of)
        self.table, self.proxy = make_table(self.model, "Office Ally fees")
        self.empty = QLabel()
        self.chart = BarChart()
        self.chart.setMaximumHeight(190)
        self.next_model = report_model(self, self._tint_of)
        self.next_table, self.next_proxy = make_table(self.next_model, "Next batch")
        self.next_verdict = QLabel()
        self.next_verdict.setWordWrap(True)
        next_box = QGroupBox(f"If you send the ready claims now ({self.today:%m/%Y})")
        next_layout = QVBoxLayout(next_box)
        next_layout.addWidget(self.next_verdict)
        next_layout.addWidget(self.next_table)
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
        self.next_report = table
        self._tints["next"] = _tints(table, levels)
        show_report_table(self.next_model, table)
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
        self._tints["month"] = _tints(table, levels)
        self.rule.setText(table.subtitle)
        show_report_table(self.model, table)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.chart.set_chart(table.chart)
        total = table.total[-1] if table.total else Decimal("0.00")
        self.total.setText(f"Total: {format_money(total)}")
        self.empty.setText(table.empty_text)
        self.empty.setVisible(not table.rows)

    def _on_month_changed(self, _index: int) -> None:
        self._show_month()

    def _tint_of(self, row: Sequence[Any]) -> str:
        return next((t[id(row)] for t in self._tints.values() if id(row) in t), "")

    def export_csv(self, path: Path) -> str:
        """Write the month's fees as CSV; return the one-line result."""
        return self.export.save_csv(path)

    def export_pdf(self, path: Path) -> str:
        """Write the month's fees as PDF; return the one-line result."""
        return self.export.save_pdf(path)
