"""The Audit screen: who did what, when, to which record — with filters and the chain check."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.safety import integrity
from oa_desktop.store import audit as audit_store
from oa_desktop.store import settings
from oa_desktop.store.audit import AuditEntry, AuditFilter
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.table_model import TableModel, make_table

ACTION_LABELS = {
    "create": "Created", "update": "Changed", "delete": "Deleted",
    "post": "Payment or adjustment posted", "undo": "Posting undone",
    "submitted": "Sent to Office Ally", "submit": "Batch sent", "marked_ready": "Marked ready",
    "correction_started": "Correction started", "closed": "Closed", "reopened": "Reopened",
    "note": "Note added", "file_accepted": "File accepted (999)",
    "file_rejected": "File rejected (999)", "clearinghouse_rejected": "Rejected by Office Ally",
    "payer_acknowledged": "Payer acknowledged (277CA)", "payer_rejected": "Payer rejected (277CA)",
    "status_reported": "Status report (277)", "paid": "Paid (835)",
    "partially_paid": "Partially paid (835)", "denied": "Denied (835)",
    "reversed": "Payment reversed (835)", "login": "Signed in", "unlock": "Unlocked",
    "login_failed": "Wrong password or PIN", "lock": "Locked", "export": "Exported",
    "ingest": "File imported", "backup": "Backup made", "restore": "Backup restored",
    "view": "Record opened", "print": "Printed (PDF)",
    "office_ally_login_failed": "Office Ally login refused",
    "office_ally_host_key_added": "Office Ally key type added",
}
OBJECT_LABELS = {
    "claim": "Claim", "patient": "Patient", "payer": "Payer", "coverage": "Insurance",
    "setting": "Setting", "user": "User", "backup": "Backup", "batch": "Batch",
    "remittance": "ERA", "report": "Report", "office_ally": "Office Ally", "file": "File",
}
WHEN_CHOICES = (("Any time", None), ("Today", 0), ("Last 7 days", 7), ("Last 30 days", 30))


def action_label(action: str) -> str:
    """A biller's words for an audit action."""
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


def object_label(entry: AuditEntry) -> str:
    """``Claim 300``, ``Setting: Office Ally SFTP host`` (a setting in words, not its key)."""
    if entry.object_type == "setting" and entry.object_id in settings.REGISTRY:
        return f"Setting: {settings.REGISTRY[entry.object_id].description}"
    kind = OBJECT_LABELS.get(entry.object_type, entry.object_type.capitalize())
    return f"{kind} {entry.object_id}".strip()


def _local_time(at: str) -> str:
    return datetime.fromisoformat(at).astimezone().strftime("%m/%d/%Y %I:%M:%S %p")


COLUMNS: list[Column[AuditEntry]] = [
    Column("When", lambda e: e.id, text=lambda e: _local_time(e.at)),
    Column("Who", lambda e: e.actor),
    Column("What", lambda e: action_label(e.action), tip=lambda e: f"{e.action} (entry {e.id})"),
    Column("Record", object_label),
    Column("Details", lambda e: e.detail),
]
WHEN = 0


class AuditView(QWidget):
    """The trail, newest first, filtered by who, what, record and when."""

    def __init__(self, store: Store, jobs: JobRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.jobs = jobs
        title = QLabel("Audit trail")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel("Every change to claims, patients, payers and settings, every sending, "
                       "posting, sign-in and backup — who, when and which record. "
                       "Entries cannot be changed; a change made outside OA Desktop shows "
                       "below as a broken trail.")
        intro.setWordWrap(True)
        self.who = QComboBox()
        self.what = QComboBox()
        self.record_type = QComboBox()
        self.when = QComboBox()
        self.record_id = QLineEdit()
        self.record_id.setPlaceholderText("Record number")
        self.record_id.setMaximumWidth(140)
        for combo, name in ((self.who, "Who"), (self.what, "What"),
                            (self.record_type, "Record type"), (self.when, "When")):
            combo.setAccessibleName(name)
        for label, days in WHEN_CHOICES:
            self.when.addItem(label, days)
        self.check_button = QPushButton("Check the trail")
        filters = QHBoxLayout()
        for label, widget in (("Who", self.who), ("What", self.what),
                              ("Record", self.record_type), ("", self.record_id),
                              ("When", self.when)):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.check_button)
        self.model: TableModel[AuditEntry] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Audit trail",
                                            sort=(WHEN, Qt.SortOrder.DescendingOrder))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in ((0, 190), (1, 140), (2, 260), (3, 200)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.chain.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.chain, 1)  # wide enough that the verdict is never cut off
        layout.addLayout(footer)
        self._fill_filters()
        for combo in (self.who, self.what, self.record_type, self.when):
            combo.currentIndexChanged.connect(self.reload)
        self.record_id.textChanged.connect(self.reload)
        self.check_button.clicked.connect(self.check_chain)
        self.reload()
        self.check_chain()

    def _fill_filters(self) -> None:
        self.who.addItem("Everyone", "")
        for actor in audit_store.distinct(self.store, "actor"):
            self.who.addItem(actor, actor)
        self.what.addItem("Anything", "")
        for action in sorted(audit_store.distinct(self.store, "action"), key=action_label):
            self.what.addItem(action_label(action), action)
        self.record_type.addItem("Any record", "")
        for kind in audit_store.distinct(self.store, "object_type"):
            self.record_type.addItem(OBJECT_LABELS.get(kind, kind.capitalize()), kind)

    def current_filter(self) -> AuditFilter:
        """The filter the widgets describe."""
        days = self.when.currentData()
        since = "" if days is None else (date.today() - timedelta(days=days)).isoformat()
        return AuditFilter(
            actor=self.who.currentData() or "", action=self.what.currentData() or "",
            object_type=self.record_type.currentData() or "",
            object_id=self.record_id.text().strip(), since=since,
        )

    def reload(self) -> None:
        """Read the entries that match the filters."""
        flt = self.current_filter()
        entries = audit_store.entries(self.store, flt)
        self.model.set_items(entries)
        total = audit_store.count(self.store, flt)
        if not total:
            self.count.setText("No entries match these filters. Choose “Everyone”, "
                               "“Anything” and “Any time” to see all.")
        elif total > len(entries):
            self.count.setText(f"Showing the newest {len(entries):,} of {total:,} entries")
        else:
            self.count.setText(f"{total:,} entries")

    def check_chain(self) -> None:
        """Verify the hash chain (in the background when a job runner is given)."""
        self.chain.setText("Checking the trail…")
        if self.jobs is None:
            self._show_chain(integrity.audit_problem(self.store))
            return
        self.jobs.run("audit check", lambda progress: integrity.audit_problem(self.store),
                      on_success=self._show_chain,
                      on_failure=lambda exc: self.chain.setText(f"Could not check: {exc}"))

    def _show_chain(self, problem: object) -> None:
        if problem is None:
            self.chain.setStyleSheet("color: #1e7b34;")
            self.chain.setText("✓ Trail intact: no entry was changed or removed.")
        else:
            self.chain.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.chain.setText(f"✗ The trail was tampered with: {problem}. "
                               "Tell whoever is responsible for this office's records.")
