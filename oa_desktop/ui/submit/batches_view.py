"""Batches: every file sent to Office Ally, what it held and what came back.

Open the raw file, or a readable rendering of it; Retry a batch whose upload failed.
Alerts (no 999 after a day, no 277CA after two) show above the table.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.office_ally import alerts
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches
from oa_desktop.store.batches import BATCH_STATUS_LABELS, Batch, OutcomeCounts
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table, selected_object
from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.read_837 import Batch837

ACK_WORDS = {"A": "Accepted", "E": "Accepted, with notes", "P": "Partly accepted",
             "R": "Rejected", "": "Not yet"}


def _ack(batch: Batch) -> str:
    if not batch.ack_status and batch.status in ("accepted", "rejected"):
        return batch.status.capitalize()  # recorded before 999s were read (the demo)
    return ACK_WORDS.get(batch.ack_status, batch.ack_status)


class BatchRow:
    """One batch with its outcome counts, as the table shows it."""
    def __init__(self, batch: Batch, counts: OutcomeCounts | None) -> None:
        self.batch = batch
        self.accepted = counts.accepted if counts else 0
        self.rejected = counts.rejected if counts else 0


def _status(row: BatchRow) -> str:
    b = row.batch
    text = BATCH_STATUS_LABELS.get(b.status, b.status.replace("_", " ").capitalize())
    shown = b.status in ("failed", "unconfirmed") and b.failure
    return f"{text}: {b.failure}" if shown else text


def _status_color(row: BatchRow) -> str:
    return {"failed": "#b3261e", "rejected": "#b3261e", "accepted": "#1b6e3a",
            "unconfirmed": "#8a5300", "sending": "#8a5300"}.get(
        row.batch.status, "")


COLUMNS: list[Column[BatchRow]] = [
    Column("Batch", lambda r: r.batch.name + (" (OATEST)" if r.batch.test_mode else "")),
    Column("Sent", lambda r: r.batch.sent_at,
           text=lambda r: fmt.timestamp(r.batch.sent_at) or "not sent"),
    Column("Claims", lambda r: r.batch.claim_count, text=lambda r: str(r.batch.claim_count),
           right=True),
    Column("Total", lambda r: r.batch.charge_amount,
           text=lambda r: fmt.money(r.batch.charge_amount), right=True),
    Column("Office Ally's answer", lambda r: _ack(r.batch),
           tip=lambda r: f"{_ack(r.batch)}: Office Ally's check of the file (999)"
           if _ack(r.batch) else None),
    Column("Accepted", lambda r: r.accepted, text=lambda r: str(r.accepted), right=True),
    Column("Rejected", lambda r: r.rejected, text=lambda r: str(r.rejected), right=True,
           color=lambda r: "#b3261e" if r.rejected else ""),
    Column("Status", _status, color=_status_color),
    Column("File", lambda r: r.batch.file_name,
           text=lambda r: r.batch.file_name or "(no file kept on this computer)",
           color=lambda r: "" if r.batch.file_name else "#5f6368"),
]


def readable_html(batch: Batch, data: bytes) -> str:
    """The 837P as a biller reads it: one row per claim."""
    sets = [t for t in parse_bytes(data).transactions if isinstance(t, Batch837)]
    rows = []
    for item in sets:
        bundles = {b.claim.patient_control_number: b for b in item.submission.claims}
        for summary in item.claims:
            bundle = bundles.get(summary.patient_control_number)
            who = escape(bundle.patient.person.display_name) if bundle else ""
            payer = escape(bundle.payer.name) if bundle else ""
            codes = ", ".join(line.procedure_code for line in bundle.claim.lines) if bundle else ""
            first = bundle.claim.first_date.isoformat() if bundle and bundle.claim.first_date \
                else None
            rows.append(f"<tr><td>{escape(summary.patient_control_number)}</td><td>{who}</td>"
                        f"<td>{payer}</td><td>{fmt.iso_to_display(first)}</td><td>{codes}</td>"
                        f"<td align='right'>{summary.lines}</td>"
                        f"<td align='right'>{fmt.money(summary.charge)}</td></tr>")
    mode = " — TEST file (OATEST), not forwarded to payers" if batch.test_mode else ""
    return (f"<h3>Batch {escape(batch.name)}{mode}</h3>"
            f"<p>File {escape(batch.file_name)} · interchange {batch.interchange_control_number}"
            f" · group {batch.group_control_number} · set {batch.transaction_control_number}</p>"
            "<table cellpadding='3'><tr><th align='left'>Claim #</th><th align='left'>Patient"
            "</th><th align='left'>Payer</th><th align='left'>Service date</th>"
            "<th align='left'>Procedures</th><th>Lines</th><th>Charge</th></tr>"
            + "".join(rows) + "</table>")


class BatchesView(QWidget):
    """The Batches section."""

    def __init__(self, workspace: Workspace, retry: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.retry_batch = retry
        self.alerts = QLabel()
        self.alerts.setWordWrap(True)
        self.alerts.setAccessibleName("Alerts")
        self.alerts.setStyleSheet("background: #fff4e5; color: #6a3b00; padding: 6px; "
                                  "border: 1px solid #f0c36d; border-radius: 3px;")
        self.model: TableModel[BatchRow] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Batches", alternate=False,
                                            sort=(0, Qt.SortOrder.DescendingOrder))
        self.table.doubleClicked.connect(lambda _i: self.show_readable())
        self.empty = QLabel("No batches yet. Choose Send batch on the toolbar to send your "
                            "ready claims to Office Ally.")
        self.open_button = QPushButton("Open raw file")
        self.readable_button = QPushButton("Show readable")
        self.retry_button = QPushButton("Retry upload")
        self.open_button.clicked.connect(self.open_raw)
        self.readable_button.clicked.connect(self.show_readable)
        self.retry_button.clicked.connect(self._on_retry_clicked)
        buttons = QHBoxLayout()
        for button in (self.readable_button, self.open_button, self.retry_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Batches sent to Office Ally</h2>"))
        layout.addWidget(self.alerts)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.reload()

    def reload(self) -> None:
        """Read the batches and the alerts again."""
        store = self.workspace.store
        counts = batches.outcome_counts(store)
        rows = [BatchRow(b, counts.get(b.id)) for b in batches.list_batches(store)
                if b.status != "cancelled"]
        self.model.set_items(rows)
        self.table.resizeColumnsToContents()
        found = alerts.current_alerts(store)
        lines = [f"⚠ {a.text}" for a in found[:3]]
        if len(found) > 3:
            lines.append(f"… and {len(found) - 3} more (hover here to see them all).")
        self.alerts.setText("\n".join(lines))
        self.alerts.setToolTip("\n".join(a.text for a in found))
        self.alerts.setVisible(bool(found))
        self.empty.setVisible(not rows)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._buttons()

    def selected(self) -> Batch | None:
        """The batch of the selected row."""
        row: BatchRow | None = selected_object(self.table)
        return row.batch if row else None

    def select_batch(self, batch_id: int) -> None:
        """Select a batch by id."""
        for row in range(self.proxy.rowCount()):
            item: BatchRow = self.proxy.data(self.proxy.index(row, 0), ItemRole.OBJECT)
            if item.batch.id == batch_id:
                self.table.selectRow(row)

    def _buttons(self) -> None:
        batch = self.selected()
        has_file = batch is not None and bool(batch.local_path)
        self.open_button.setEnabled(has_file)
        self.readable_button.setEnabled(has_file)
        self.retry_button.setEnabled(batch is not None and batch.waiting)
        why = "" if has_file or batch is None else \
            f"Batch {batch.name} has no claim file kept on this computer."
        self.open_button.setToolTip(why or "Open the claim file (837P) as sent")
        self.readable_button.setToolTip(why or "The claim file in words (double-click a row)")
        self.retry_button.setToolTip(
            "Upload this batch again" if self.retry_button.isEnabled() else
            "Only a batch whose upload did not finish is retried.")

    def open_raw(self) -> None:
        """Open the archived 837P in the system's text editor."""
        batch = self.selected()
        if batch is not None and batch.local_path:
            path = self.workspace.folder.root / batch.local_path
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def readable_dialog(self) -> QDialog | None:
        """The readable rendering of the selected batch's file."""
        batch = self.selected()
        if batch is None or not batch.local_path:
            return None
        data = (self.workspace.folder.root / batch.local_path).read_bytes()
        try:
            html = readable_html(batch, data)
        except KnownError as exc:
            html = f"<p>The file could not be read: {escape(exc.message)}</p>"
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Batch {batch.name}")
        page = QTextBrowser()
        page.setHtml(html)
        page.setAccessibleName("Batch file")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(page)
        layout.addWidget(box)
        dialog.resize(900, 520)
        return dialog

    def show_readable(self) -> None:
        """Show the rendering."""
        dialog = self.readable_dialog()
        if dialog is not None:
            dialog.exec()

    def _on_retry_clicked(self) -> None:
        batch = self.selected()
        if batch is not None and batch.waiting:
            self.retry_button.setEnabled(False)
            self.retry_batch(batch.id)

