"""The ERA list: every payment the payers sent, with its detail beside it.

Columns: date, payer, check/EFT #, amount, claims, matched, posted, notes; filters and
totals. The selected ERA opens in :class:`EraDetailView` below the list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.money import ZERO
from oa_desktop.errors import KnownError
from oa_desktop.services.era import importing
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import remittances
from oa_desktop.store.remittances import RemittanceSummary
from oa_desktop.ui.era.detail_view import EraDetailView
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table

ERA_COLUMNS: list[Column[RemittanceSummary]] = [
    Column("Date", lambda r: r.payment_date, text=lambda r: fmt.iso_to_display(r.payment_date)),
    Column("Payer", lambda r: r.payer_name),
    Column("Check/EFT #", lambda r: r.trace_number),
    Column("Method", lambda r: r.method, text=lambda r: {
        "ACH": "EFT", "CHK": "Check", "NON": "No payment"}.get(r.method, r.method)),
    Column("Amount", lambda r: r.amount, Kind.MONEY),
    Column("Claims", lambda r: r.claim_count, text=lambda r: str(r.claim_count)),
    Column("Matched", lambda r: r.unmatched,
           text=lambda r: "All" if r.matched else f"{r.unmatched} unmatched"),
    Column("Posted", lambda r: r.posted_label),
    Column("Status", lambda r: r.status_label,
           tip=lambda r: "\n".join(r.problems) or r.status_label),
    Column("Notes", lambda r: r.notes, text=lambda r: f"✎ {r.notes}" if r.notes else ""),
]

FILTERS = (("All ERAs", None), ("Ready to post", "ready"), ("Suspected duplicates", "duplicate"),
           ("Cannot be posted", "not_postable"), ("Posted", "posted"),
           ("Partly posted", "partly_posted"), ("Set aside", "dismissed"))


class EraListView(QWidget):
    """ERAs to post and posted, with the selected one's detail."""

    changed = Signal()  # something was imported, posted or undone

    def __init__(self, workspace: Workspace, jobs: JobRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.store = workspace.store
        self.jobs = jobs
        title = QLabel("ERAs (payments)")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show")
        for label, status in FILTERS:
            self.filter.addItem(label, status)
        self.unmatched_only = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find payer or check/EFT number")
        self.search.setAccessibleName("Find ERA")
        self.import_button = QPushButton("Import ERA…")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show"))
        bar.addWidget(self.filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.import_button)
        self.model: TableModel[RemittanceSummary] = TableModel(ERA_COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "ERAs")
        for column, width in ((0, 90), (1, 210), (2, 150), (3, 90), (4, 100), (5, 60),
                              (6, 110), (7, 115), (8, 150)):
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.totals = QLabel()
        self.empty = QLabel("No ERAs yet. They arrive after Office Ally forwards your claims' "
                            "payments — usually days. Sync now, or import an ERA file "
                            "(File → Import ERA…).")
        self.empty.setWordWrap(True)
        self.detail = EraDetailView(workspace, jobs, self)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.totals)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setSizes([260, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.filter.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(self._update_totals)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.detail.changed.connect(self._on_detail_changed)
        self.reload()

    def reload(self) -> None:
        """Read the list again, keeping the selected ERA selected."""
        keep = self.selected_id()
        self.model.set_items(remittances.list_remittances(self.store, self.filter.currentData()))
        self.empty.setVisible(not self.model.items)
        self._update_totals()
        if keep is not None and self.select(keep):
            return
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_remittance(None)

    def _update_totals(self) -> None:
        rows = [self.proxy.index(i, 0).data(ItemRole.OBJECT) for i in range(self.proxy.rowCount())]
        total = sum((r.amount for r in rows), ZERO)
        ready = sum(1 for r in rows if r.status == "ready")
        partly = sum(1 for r in rows if r.status == "partly_posted")
        unmatched = sum(r.unmatched for r in rows)
        text = f"{fmt.plural(len(rows), 'ERA')} · {fmt.money(total)} · {ready} ready to post · "
        if partly:
            text += f"{partly} partly posted · "
        self.totals.setText(text + f"{fmt.plural(unmatched, 'claim')} not matched")

    def selected_id(self) -> int | None:
        """The id of the selected ERA."""
        index = self.table.currentIndex()
        item: RemittanceSummary | None = index.data(ItemRole.OBJECT) if index.isValid() else None
        return None if item is None else item.id

    def select(self, remittance_id: int) -> bool:
        """Select an ERA by id; False when it is not in the list."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ItemRole.OBJECT).id == remittance_id:
                self.table.selectRow(row)
                return True
        return False

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ItemRole.OBJECT) if current.isValid() else None
        self.detail.show_remittance(None if item is None else item.id)

    def _on_detail_changed(self) -> None:
        self.reload()
        self.changed.emit()

    def _on_import_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import ERA", "", "ERA files (*.835 *.zip *.txt *.edi);;All files (*)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> str:
        """Import one ERA file; say what happened in one line (and return it)."""
        try:
            result = importing.import_era_file(self.workspace, path)
        except KnownError as exc:
            show_known_error(self, exc, "The ERA was not imported")
            return exc.message
        self.reload()
        if result.remittance_ids:
            self.select(result.remittance_ids[0])
        self.changed.emit()
        self.totals.setText(result.summary + "  " + self.totals.text())
        return result.summary
