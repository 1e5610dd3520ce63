"""Reports: pick a report on the left; see its chart and table; export CSV or PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.reports import practice as reports_practice
from oa_desktop.services.reports.table import Kind, ReportTable, show, write_csv
from oa_desktop.services.safety import audit
from oa_desktop.store import report_queries
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.charts import BarChart
from oa_desktop.ui.kit.object_table import make_table
from oa_desktop.ui.pdf.report_pdf import write_report_pdf

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex
_RED = QBrush(QColor("#b3261e"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ReportTableModel(QAbstractTableModel):
    """The rows of a :class:`ReportTable`, its total as the last row (kept last on sort)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: ReportTable | None = None
        self._rows: list[list[Any]] = []
        self.row_colors: list[str] = []  # background of each data row ("" for none)

    def set_table(self, table: ReportTable | None, row_colors: list[str] | None = None) -> None:
        """Show ``table``; ``row_colors`` tints its rows (warnings)."""
        self.beginResetModel()
        self.table = table
        self.row_colors = row_colors or []
        self._rows = [] if table is None else table.rows + ([table.total] if table.total else [])
        self.endResetModel()

    def is_total(self, row: int) -> bool:
        """True for the total row."""
        return bool(self.table and self.table.total) and row == len(self._rows) - 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (self.table is None or orientation is not Qt.Orientation.Horizontal
                or not 0 <= section < len(self.table.columns)):
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return _RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.table.columns[index.column()]
        value = row[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return show(value, column.kind)
        if role == SORT_ROLE:
            return value if value != "" else None
        if role == OBJECT_ROLE:
            return row
        if role == TOTAL_ROLE:
            return self.is_total(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column.kind is Kind.MONEY:
            return _RED if isinstance(value, Decimal) and value < 0 else None
        if role == Qt.ItemDataRole.BackgroundRole and index.row() < len(self.row_colors):
            color = self.row_colors[index.row()]
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            text = show(value, column.kind)
            return text if len(text) > 24 else None
        return None


class TotalLastProxy(QSortFilterProxyModel):
    """Sorts by the sort role, numbers as numbers, with the total row always at the bottom."""

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        left_total, right_total = left.data(TOTAL_ROLE), right.data(TOTAL_ROLE)
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        if left_total or right_total:
            return bool(right_total) if ascending else bool(left_total)
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, str) or isinstance(b, str):
            return str(a).lower() < str(b).lower()
        return bool(a < b)


def make_report_table(model: ReportTableModel, name: str) -> tuple[Any, TotalLastProxy]:
    """A sortable read-only table over ``model`` whose total stays last."""
    table, _ = make_table(model, name)
    proxy = TotalLastProxy()
    proxy.setSourceModel(model)
    table.setModel(proxy)
    return table, proxy


class ReportsView(QWidget):
    """The list of reports, and the chosen one as a chart and a table."""

    def __init__(self, store: Store, today: date | None = None,
                 ask_path: Callable[[str, str], str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self._ask_path = ask_path or self._ask_save_path
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
        self.csv_button = QPushButton("Export CSV…")
        self.pdf_button = QPushButton("Export PDF…")
        self.refresh_button = QPushButton("Refresh")
        self.csv_button.clicked.connect(self._on_csv_clicked)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.refresh_button.clicked.connect(self.reload)
        bar = QHBoxLayout()
        bar.addWidget(self.subtitle, 1)
        for button in (self.refresh_button, self.csv_button, self.pdf_button):
            bar.addWidget(button)
        self.chart = BarChart()
        self.chart.setMaximumHeight(240)
        self.model = ReportTableModel(self)
        self.table, self.proxy = make_report_table(self.model, "Report table")
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.status = QLabel()
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
        split.setSizes([215, 1000])
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
        self.model.set_table(report)
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
        if self.report is None:
            return ""
        rows = write_csv(self.report, path)
        audit.record_export(self.store, f"“{self.report.title}” as CSV", path, rows=rows,
                            object_id=self.report.key)
        message = f"Saved {rows} rows of “{self.report.title}” to {path.name}."
        self.status.setText(message)
        return message

    def export_pdf(self, path: Path) -> str:
        """Write the report as PDF; return the one-line result."""
        if self.report is None:
            return ""
        practice = report_queries.practice_header(self.store)["name"]
        pages = write_report_pdf(self.report, path, practice, self.today)
        audit.record_export(self.store, f"“{self.report.title}” as PDF", path, pages=pages,
                            object_id=self.report.key, printed=True)
        message = f"Saved “{self.report.title}” ({pages} page{'s' * (pages != 1)}) to {path.name}."
        self.status.setText(message)
        return message

    def _file_stem(self) -> str:
        return f"{self.key().replace('_', '-')}-{self.today:%Y-%m-%d}"

    def _ask_save_path(self, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export report", suggested, pattern)
        return path

    def _on_csv_clicked(self) -> None:
        path = self._ask_path(f"{self._file_stem()}.csv", "CSV files (*.csv)")
        if path:
            self.export_csv(Path(path))

    def _on_pdf_clicked(self) -> None:
        path = self._ask_path(f"{self._file_stem()}.pdf", "PDF files (*.pdf)")
        if path:
            self.export_pdf(Path(path))
