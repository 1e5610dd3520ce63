"""The ERA list: every payment the payers sent, with its detail beside it.

Columns: date, payer, check/EFT #, amount, claims, matched, posted, notes; filters and
totals. The selected ERA opens in :class:`EraDetailView` below the list.
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
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
from oa_desktop.store import era_queries, remittances, settings
from oa_desktop.store.remittances import RemittanceSummary
from oa_desktop.ui.era.detail_view import EraDetailView
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table
from oa_desktop.ui.kit.table_tools import TableTools

ERA_COLUMNS: list[Column[RemittanceSummary]] = [
    Column("Date", lambda r: r.payment_date, text=lambda r: fmt.iso_to_display(r.payment_date)),
    Column("Payer", lambda r: r.payer,
           tip=lambda r: f"On the ERA: {r.payer_name} (payer ID {r.payer_id})"),
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


HIDDEN_AT_FIRST = (2, 3, 5, 6, 7, 9)  # check #, method, claims, matched, posted, notes
EMPTY_TEXT = ("No ERAs yet. They arrive after Office Ally forwards your claims' payments — "
              "usually days. Sync now, or import an ERA file (File → Import ERA…).")
SPLITTER = settings.Setting("ui.era.splitter", "", "ERA screen: list and detail widths")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


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
        self.search.setPlaceholderText("Find claim #, patient, amount, payer, check #")
        self.search.setToolTip("Finds an ERA by a claim number (yours or the payer's), a "
                               "patient's name, an amount, the payer or the check/EFT number")
        self.search.setAccessibleName("Find ERA")
        self.search.setClearButtonEnabled(True)
        self.import_button = QPushButton("Import ERA…")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Show"))
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.import_button)
        self.model: TableModel[RemittanceSummary] = TableModel(ERA_COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "ERAs", stretch=False)
        for column, width in ((0, 82), (1, 125), (2, 120), (3, 70), (4, 85), (5, 50),
                              (6, 95), (7, 100), (8, 100)):
            self.table.setColumnWidth(column, width)
        for column in HIDDEN_AT_FIRST:
            self.table.setColumnHidden(column, True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.tools = TableTools(self, self.table, lambda: "ERAs", self.store, self.totals)
        self.detail = EraDetailView(workspace, jobs, self)
        find = QHBoxLayout()
        find.addWidget(self.search, 1)
        find.addWidget(self.tools.columns_button)
        find.addWidget(self.tools.csv_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addLayout(find)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.totals)
        self.split = QSplitter(Qt.Orientation.Horizontal)  # list beside detail, biller's widths
        self.split.setObjectName("era-splitter")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(left)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([410, 710])  # the ERA's claims' money and status fit at 1366
        saved = SPLITTER.get(self.store)
        if saved:
            self.split.restoreState(QByteArray(base64.b64decode(saved)))
        self.split.splitterMoved.connect(lambda *_: self._save_split())
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.split, 1)
        self.filter.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.detail.changed.connect(self._on_detail_changed)
        self.reload()

    def reload(self) -> None:
        """Read the list again, keeping the selected ERA selected."""
        keep = self.selected_id()
        found = remittances.list_remittances(self.store, self.filter.currentData())
        text = self.search.text().strip()
        if text:
            ids = era_queries.find_remittances(self.store, text)
            word = text.casefold()
            found = [r for r in found if r.id in ids or word in r.payer_name.casefold()
                     or word in r.payer.casefold()
                     or word in r.trace_number.casefold()]
        self.model.set_items(found)
        self.empty.setVisible(not self.model.items)
        if text and not found:
            self.empty.setText(f"No ERA has a payer, check/EFT number, claim, patient or "
                               f"amount matching “{text}”.")
        elif not found:
            self.empty.setText(EMPTY_TEXT)
        self._update_totals()
        if keep is not None and self.select(keep):
            return
        if self.proxy.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_era(None)

    def _update_totals(self) -> None:
        rows = [self.proxy.index(i, 0).data(ItemRole.OBJECT) for i in range(self.proxy.rowCount())]
        total = sum((r.amount for r in rows), ZERO)
        ready = sum(1 for r in rows if r.status == "ready")
        partly = sum(1 for r in rows if r.status == "partly_posted")
        unmatched = sum(r.unmatched for r in rows)
        text = f"{fmt.plural(len(rows), 'ERA')} · {fmt.money(total)} · {ready} ready to post"
        if partly:
            text += f" · {partly} partly posted"
        if unmatched:
            text += f" · {fmt.plural(unmatched, 'claim')} not matched"
        self.totals.setText(text)

    def _save_split(self) -> None:
        if not self.store.read_only:
            SPLITTER.set(self.store, base64.b64encode(bytes(self.split.saveState().data()))
                         .decode())

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

    def reveal(self, remittance_id: int) -> bool:
        """Select an ERA, clearing the find box and the filter when they hide it."""
        if self.select(remittance_id):
            return True
        self.search.clear()
        self.filter.setCurrentIndex(0)
        self.reload()
        return self.select(remittance_id)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ItemRole.OBJECT) if current.isValid() else None
        self.detail.show_era(None if item is None else item.id)

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
