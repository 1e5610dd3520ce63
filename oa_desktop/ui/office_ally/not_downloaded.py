"""The "Could not download" list: remote files that did not arrive, why, and since when.

Each sync tries them again; a row goes away once its file arrives or leaves the server.
The remote name is shown escaped (odd bytes and control characters as ``\\xNN``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from oa_desktop.store.db import Store
from oa_desktop.store.download_problems import DownloadProblem, list_problems
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.table_model import TableModel, make_table

COLUMNS: list[Column[DownloadProblem]] = [
    Column("File on Office Ally", lambda p: p.remote_name, tip=lambda p: p.remote_name),
    Column("First seen", lambda p: p.first_seen, text=lambda p: fmt.timestamp(p.first_seen)),
    Column("Last tried", lambda p: p.last_seen, text=lambda p: fmt.timestamp(p.last_seen)),
    Column("Tries", lambda p: p.attempts, text=lambda p: str(p.attempts), right=True),
    Column("Why it did not arrive", lambda p: p.reason, tip=lambda p: p.reason),
]


class NotDownloadedBox(QGroupBox):
    """Shown only while some remote file could not be downloaded."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Could not download", parent)
        self.store = store
        self.model: TableModel[DownloadProblem] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Files that could not be downloaded",
                                            alternate=False)
        self.table.setMaximumHeight(160)
        self.table.setWordWrap(True)  # the reason wraps onto a second line
        lines = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(2 * lines + 8)
        self.note = QLabel("These files are on Office Ally but did not reach this computer. "
                           "Every sync tries them again; the other files are not held up.")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        self.reload()

    def reload(self) -> None:
        """Read the list again; hide the box when it is empty."""
        problems = list_problems(self.store)
        self.model.set_items(problems)
        for column in range(len(COLUMNS) - 1):  # the reason takes the rest and wraps
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 360))
        self.setVisible(bool(problems))
