"""Column chooser, Copy row and Export CSV for any kit table (one set of tools, every list).

The CSV is the table as shown — the visible columns in their order, the rows in their
sort — written through :mod:`oa_desktop.ui.kit.table_export` (the one CSV writer).
Money and counts stay numbers in the CSV when the model's columns say what they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QTableView, QToolButton, QWidget

from oa_desktop.services.reports.table import Kind, ReportColumn, ReportTable
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_export import AskPath, TableExport


def _kit_columns(table: QTableView) -> Sequence[Column[Any]] | None:
    model = table.model()
    source = getattr(model, "sourceModel", lambda: model)()
    columns = getattr(source, "columns", None)
    if columns is None:
        columns = getattr(type(source), "COLUMNS", None)
    return columns if isinstance(columns, (list, tuple)) else None


def visible_columns(table: QTableView) -> list[int]:
    """The model columns the biller sees, in the header's order."""
    header = table.horizontalHeader()
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [c for c in logical if not header.isSectionHidden(c)]


def shown_table(table: QTableView, title: str) -> ReportTable:
    """The table as the biller sees it, as plain data for the CSV."""
    model = table.model()
    kit = _kit_columns(table)
    columns = visible_columns(table)
    report_columns, kinds = [], []
    for c in columns:
        kind = kit[c].kind if kit is not None and c < len(kit) else Kind.TEXT
        kinds.append(kind)
        header = model.headerData(c, Qt.Orientation.Horizontal)
        report_columns.append(ReportColumn(str(header), kind))
    rows = []
    for r in range(model.rowCount()):
        row: list[Any] = []
        for c, kind in zip(columns, kinds, strict=True):
            index = model.index(r, c)
            value = index.data(ItemRole.SORT) if kind is not Kind.TEXT else None
            row.append(value if value is not None else (index.data() or ""))
        rows.append(row)
    return ReportTable(title.lower().replace(" ", "_"), title, "", report_columns, rows)


def row_text(table: QTableView) -> str:
    """The selected rows' visible cells, tab-separated, one line each."""
    model = table.model()
    columns = visible_columns(table)
    rows = sorted({i.row() for i in table.selectionModel().selectedIndexes()})
    return "\n".join("\t".join(str(model.index(r, c).data() or "") for c in columns)
                     for r in rows)


class TableTools:
    """The Columns menu (also on the header's right click), Copy row (Ctrl+C), Export CSV…."""

    def __init__(self, owner: QWidget, table: QTableView, title: Callable[[], str],
                 store: Store, status: QLabel, *, today: date | None = None,
                 ask_path: AskPath | None = None, always: Sequence[int] = (0,)) -> None:
        self.table = table
        self.title = title
        self.always = set(always)  # columns that cannot be hidden
        self.columns_menu = QMenu(owner)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self.columns_button = QToolButton()
        self.columns_button.setText("Columns")
        self.columns_button.setToolTip("Choose the columns this list shows")
        self.columns_button.setMenu(self.columns_menu)
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        header.setSectionsMovable(True)
        self.copy_action = QAction("Copy row", table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_row)
        table.addAction(self.copy_action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.export = TableExport(owner, store, today or date.today(),
                                  lambda: shown_table(table, title()), title, status,
                                  ask_path)
        self.csv_button = self.export.csv_button

    def copy_row(self) -> str:
        """Copy the selected row(s) to the clipboard; return the text."""
        text = row_text(self.table)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def set_visible(self, column: int, visible: bool) -> None:
        """Show or hide a column (never the ones that must stay)."""
        if column in self.always and not visible:
            return
        self.table.horizontalHeader().setSectionHidden(column, not visible)

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        model = self.table.model()
        header = self.table.horizontalHeader()
        for column in range(model.columnCount()):
            action = self.columns_menu.addAction(
                str(model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column not in self.always)
            action.toggled.connect(lambda on, c=column: self.set_visible(c, on))

    def _on_header_menu(self, point: QPoint) -> None:
        self._fill_columns_menu()
        self.columns_menu.popup(self.table.horizontalHeader().mapToGlobal(point))
