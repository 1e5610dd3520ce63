"""Responses: every file downloaded from Office Ally, its kind and what it matched.

A file nothing matched stays listed as "Not matched" with the reason; none is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files, responses
from oa_desktop.store.files import ReceivedFile
from oa_desktop.store.responses import MatchSummary
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.table_model import TableModel, make_table, selected_object
from oa_desktop.ui.office_ally.not_downloaded import NotDownloadedBox

KIND_WORDS = {
    "999": "999 — file acknowledgment", "997": "997 — file acknowledgment",
    "ta1": "TA1 — file envelope acknowledgment",
    "277": "277CA — claim acknowledgment", "835": "835 — payment (ERA)",
    "era_zip": "ERA package (835)", "file_summary": "Office Ally File Summary",
    "file_summary_error": "Office Ally file error report", "edi_status": "Office Ally EDI Status",
    "837": "837 claim file", "zip": "Zip file", "text_report": "Text report",
    "unknown": "Unknown",
}
STATUS_WORDS = {"ingested": "Matched", "unmatched": "Not matched",
                "not_ours": "Not for this practice", "failed": "Could not read",
                "new": "Not read yet", "duplicate": "Duplicate (same bytes as an earlier file)"}


class ResponseRow:
    """One downloaded file with what it matched, as the table shows it."""
    def __init__(self, received: ReceivedFile, match: MatchSummary | None) -> None:
        self.file = received
        self.batches = ", ".join(match.batch_names) if match else ""
        self.claims = match.claim_count if match else 0


COLUMNS: list[Column[ResponseRow]] = [
    Column("Received", lambda r: r.file.downloaded_at,
           text=lambda r: fmt.timestamp(r.file.downloaded_at)),
    Column("File", lambda r: r.file.remote_name),
    Column("Kind", lambda r: KIND_WORDS.get(r.file.kind, r.file.kind)),
    Column("Result", lambda r: STATUS_WORDS.get(r.file.status, r.file.status),
           color=lambda r: "#b3261e" if r.file.status in ("unmatched", "failed") else ""),
    Column("Batch", lambda r: r.batches),
    Column("Claims", lambda r: r.claims, text=lambda r: str(r.claims) if r.claims else "",
           right=True),
    Column("What it said", lambda r: r.file.problem),
]


class ResponsesView(QWidget):
    """The Responses section."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model: TableModel[ResponseRow] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Downloaded files", alternate=False,
                                            sort=(0, Qt.SortOrder.DescendingOrder))
        self.table.setWordWrap(False)
        self.only_unmatched = QCheckBox("Only files that matched nothing")
        self.only_unmatched.toggled.connect(lambda _c: self.reload())
        self.open_button = QPushButton("Open file")
        self.open_button.clicked.connect(self.open_file)
        self.empty = QLabel("Nothing downloaded yet. Answers arrive after you send a batch — "
                            "usually within hours. Sync with Office Ally (F5) to fetch them.")
        self.empty.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Responses from Office Ally</h2>"))
        top.addStretch(1)
        top.addWidget(self.only_unmatched)
        self.not_downloaded = NotDownloadedBox(workspace.store)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.not_downloaded)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        """Read the received files again."""
        store = self.workspace.store
        matches = responses.match_summaries(store)
        status = "unmatched" if self.only_unmatched.isChecked() else None
        rows = [ResponseRow(f, matches.get(f.id)) for f in files.list_received(store, status)]
        self.not_downloaded.reload()
        self.model.set_items(rows)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not rows)

    def selected(self) -> ReceivedFile | None:
        """The file of the selected row."""
        row: ResponseRow | None = selected_object(self.table)
        return row.file if row else None

    def open_file(self) -> None:
        """Open the archived file in the system's viewer."""
        chosen = self.selected()
        if chosen is not None:
            path = self.workspace.folder.root / chosen.local_path
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
