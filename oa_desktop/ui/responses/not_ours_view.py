"""Not for this practice: answers that named our numbers but were for someone else.

Each row says which file, what it claims to be for and why it was set aside; nothing of
it reached a claim, a batch or the ledger. The biller can read it and dismiss it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.responses import not_ours
from oa_desktop.services.workspace import Workspace
from oa_desktop.store.set_aside import SetAsideRow
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table

KIND_WORDS = {"999": "999 file acknowledgment", "ta1": "TA1 file envelope acknowledgment",
              "277": "277 claim status", "835": "835 payment (ERA)"}

COLUMNS: list[Column[SetAsideRow]] = [
    Column("Set aside", lambda r: r.set_aside_at, text=lambda r: fmt.timestamp(r.set_aside_at)),
    Column("File", lambda r: r.answer.file_name),
    Column("Kind", lambda r: KIND_WORDS.get(r.answer.kind, r.answer.kind)),
    Column("What it claims to be for", lambda r: r.answer.claims_for,
           tip=lambda r: r.answer.claims_for),
    Column("Why it was set aside", lambda r: r.answer.reason, tip=lambda r: r.answer.reason),
]


class ReadableDialog(QDialog):
    """A set-aside file, one segment per line, read-only."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 560)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setFont(QFont("monospace"))
        self.text.setAccessibleName("File content")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class NotOursView(QWidget):
    """The "Not for this practice" section."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model: TableModel[SetAsideRow] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Answers not for this practice",
                                            alternate=False)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        intro = QLabel("These files from Office Ally name claim or control numbers like "
                       "yours but are for another practice or submitter. Nothing in them "
                       "was applied to your claims, batches or ledger. Read one to check, "
                       "then dismiss it; tell Office Ally if they keep coming.")
        intro.setWordWrap(True)
        self.empty = QLabel("Nothing set aside. Every answer downloaded so far was for "
                            "this practice.")
        self.open_button = QPushButton("Open readable")
        self.open_button.clicked.connect(self.open_selected)
        self.dismiss_button = QPushButton("Dismiss…")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Not for this practice</h2>"))
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.dismiss_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.reload()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """The reasons wrap: rows grow to them once the columns have their new widths."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def reload(self) -> None:
        """Read the list again."""
        rows = not_ours.listed(self.workspace)
        self.model.set_items(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), 330))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not rows)

    def selected(self) -> SetAsideRow | None:
        """The selected row's answer."""
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], ItemRole.OBJECT) if rows else None

    def open_selected(self) -> None:
        """Show the selected file readable."""
        row = self.selected()
        if row is None:
            return
        try:
            text = not_ours.readable(self.workspace, row)
        except KnownError as exc:
            show_known_error(self, exc)
            return
        self.dialog = ReadableDialog(f"{row.answer.file_name} — not for this practice", text,
                                     self)
        self.dialog.open()

    def dismiss_selected(self) -> None:
        """Dismiss the selected answer after confirming."""
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Dismiss", f"Take {row.answer.file_name} off this list? It stays in the "
            "archive, and nothing of it is applied.")
        if answer == QMessageBox.StandardButton.Yes:
            not_ours.dismiss(self.workspace, row.id)
            self.reload()
