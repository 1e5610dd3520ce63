"""Rejections: claims that came back rejected or denied, why, and what to do next.

A rejected claim is fixed and sent again as an original (it gets a new claim number);
a paid or denied one is corrected with a replacement (7) or cancelled with a void (8)
carrying the payer's claim number. The panel under the table says which.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.models import Frequency
from oa_desktop.domain.scrubber import has_errors
from oa_desktop.errors import KnownError
from oa_desktop.services.claims import rejections
from oa_desktop.services.claims.rejections import WorkItem
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table, selected_object

COLUMNS: list[Column[WorkItem]] = [
    Column("Claim #", lambda i: i.pcn),
    Column("Patient", lambda i: i.patient_name),
    Column("Payer", lambda i: i.payer_name),
    Column("Status", lambda i: i.status.label, color=lambda i: "#b3261e"),
    Column("Reason", lambda i: i.reason, tip=lambda i: f"{i.reason}\nCodes: {i.codes}"),
    Column("Codes", lambda i: i.codes),
    Column("Days", lambda i: i.days, text=lambda i: str(i.days), right=True),
    Column("What to do", lambda i: i.action_label),
]


class RejectionsView(QWidget):
    """The Rejections worklist."""

    def __init__(self, workspace: Workspace, open_claim: Callable[[int], None],
                 resend: Callable[[set[int]], object], today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.open_claim = open_claim
        self.resend = resend
        self.today = today
        self.model: TableModel[WorkItem] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Rejected and denied claims",
                                            alternate=False, stretch=False,
                                            sort=(0, Qt.SortOrder.DescendingOrder))
        self.table.doubleClicked.connect(lambda _i: self._on_open_clicked())
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setAccessibleName("What to do")
        self.open_button = QPushButton("Open claim")
        self.resend_button = QPushButton("Resend as a new claim…")
        self.replace_button = QPushButton("Replacement (7)…")
        self.void_button = QPushButton("Void (8)…")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.resend_button.clicked.connect(self._on_resend_clicked)
        self.replace_button.clicked.connect(lambda: self._correct(Frequency.REPLACEMENT))
        self.void_button.clicked.connect(lambda: self._correct(Frequency.VOID))
        self.empty = QLabel("No rejected or denied claims. Nice.")
        buttons = QHBoxLayout()
        for button in (self.open_button, self.resend_button, self.replace_button,
                       self.void_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Rejections and denials</h2>"))
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.guidance)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selected())
        self.reload()

    def reload(self) -> None:
        """Read the worklist again."""
        items = rejections.worklist(self.workspace.store, self.today)
        self.model.set_items(items)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, min(self.table.columnWidth(4), 420))
        self.empty.setVisible(not items)
        if items:
            self.table.selectRow(0)
        self._on_selected()

    def selected(self) -> WorkItem | None:
        """The selected claim's row."""
        item: WorkItem | None = selected_object(self.table)
        return item

    def select_claim(self, claim_id: int) -> None:
        """Select one claim's row."""
        for row in range(self.proxy.rowCount()):
            item: WorkItem = self.proxy.data(self.proxy.index(row, 0), ItemRole.OBJECT)
            if item.claim_id == claim_id:
                self.table.selectRow(row)

    def _on_selected(self) -> None:
        item = self.selected()
        self.guidance.setText(
            f"<b>{item.pcn}:</b> {item.reason}<br>{rejections.guidance(item)}" if item else "")
        resend = item is not None and item.action == "resend"
        self.open_button.setEnabled(item is not None)
        self.resend_button.setVisible(item is None or resend)
        self.resend_button.setEnabled(resend)
        for button in (self.replace_button, self.void_button):
            button.setVisible(item is not None and not resend)

    def _on_open_clicked(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_claim(item.claim_id)

    def _on_resend_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            findings = rejections.reopen_for_resend(self.workspace.store, item.claim_id,
                                                    self.today)
        except KnownError as exc:
            show_known_error(self, exc, "Resend claim")
            return
        self.reload()
        if has_errors(findings):
            first = next(f for f in findings if f.severity == "error")
            QMessageBox.information(
                self, "Fix the claim first",
                f"Claim {item.pcn} still has a problem: {first.message}\n{first.hint}\n\n"
                "It is back in Drafts; fix it there and mark it ready.")
            return
        self.resend({item.claim_id})

    def _correct(self, frequency: Frequency) -> None:
        item = self.selected()
        if item is None:
            return
        number = item.payer_claim_number
        if not number:
            number, ok = QInputDialog.getText(
                self, "Payer's claim number",
                "The payer's claim number (from the ERA or the payer's portal):")
            if not ok or not number.strip():
                return
        word = "replacement (7)" if frequency is Frequency.REPLACEMENT else "void (8)"
        try:
            rejections.start_correction(self.workspace.store, item.claim_id, frequency,
                                        number.strip())
        except KnownError as exc:
            show_known_error(self, exc, "Correct claim")
            return
        QMessageBox.information(self, "Correction started",
                                f"Claim {item.pcn} is now a {word} draft of payer claim "
                                f"{number.strip()}. Check it in Drafts, mark it ready, and "
                                "send it with the next batch.")
        self.reload()
