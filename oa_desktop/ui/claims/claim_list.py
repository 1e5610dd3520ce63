"""The claims list: status filter, search, sortable table and the selected claim's detail."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store import claims
from oa_desktop.store.claims_list import ClaimQuery
from oa_desktop.store.db import Store
from oa_desktop.ui.claims.claim_page import claim_html
from oa_desktop.ui.claims.list_model import (
    COLUMNS,
    DAYS_COLUMN,
    EXTRA_COLUMNS,
    MONEY_SPLIT_COLUMNS,
    SENT_COLUMN,
    ClaimsTableModel,
)
from oa_desktop.ui.claims.queues import QUEUES, Queue
from oa_desktop.ui.kit import splitters
from oa_desktop.ui.kit.table_model import with_empty_state
from oa_desktop.ui.kit.table_tools import TableTools

QUEUE_COLUMNS = {"waiting": (SENT_COLUMN, DAYS_COLUMN), "paid": MONEY_SPLIT_COLUMNS}
BALANCE_COLUMN, LAST_EVENT_COLUMN = 5, 7
# the split makes Balance and Last event (the detail pane has it) give way at 1366 pixels
QUEUE_HIDES = {"paid": (BALANCE_COLUMN, LAST_EVENT_COLUMN)}


class ClaimsView(QWidget):
    """Centre of the main window. ``claim_opened`` fires on double-click or Enter."""

    claim_opened = Signal(int)
    claims_loaded = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.queue: Queue = QUEUES[0]
        self.model = ClaimsTableModel(store, self)

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Status filter")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search patient, claim #, member ID or payer  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search claims")
        self.search.setMinimumWidth(320)
        self.count = QLabel()
        self.count.setStyleSheet("color: #5f6368;")

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Claims")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((80, 140, 150, 115, 80, 80, 125, 260, 80, 90, 80, 85,
                                        85, 100)):
            self.table.setColumnWidth(column, width)
        for position, column in enumerate(EXTRA_COLUMNS):  # before Last event, which stretches
            header.moveSection(header.visualIndex(column), 7 + position)
        self.table.horizontalHeader().setSortIndicator(
            len(COLUMNS) - 1, Qt.SortOrder.DescendingOrder
        )

        self.stack, self.empty = with_empty_state(self.table, 40)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Selected claim")
        self.detail.setMinimumHeight(160)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        self.status_label = QLabel("Status:")
        top.addWidget(self.status_label)
        top.addWidget(self.status_filter)
        top.addWidget(self.search)
        self.tools = TableTools(self, self.table, lambda: self.queue.title, store, self.count)
        top.addWidget(self.tools.columns_button)
        top.addWidget(self.tools.csv_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitters.remember(splitter, store, "claims.list_detail", [520, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self.reload)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.show_queue(QUEUES[0])

    # -- queries ------------------------------------------------------------------------

    def show_queue(self, queue: Queue) -> None:
        """Show one work queue; the status filter offers that queue's statuses."""
        self.queue = queue
        self.title.setText(queue.title)
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem("All" if queue.statuses else "All statuses", None)
        for status in ClaimStatus:
            if not queue.statuses or status in queue.statuses:
                self.status_filter.addItem(status.label, status)
        self.status_filter.setVisible(len(queue.statuses) != 1)
        self.status_label.setVisible(len(queue.statuses) != 1)
        self.status_filter.blockSignals(False)
        shown = QUEUE_COLUMNS.get(queue.key, ())
        for column in EXTRA_COLUMNS:  # what this queue sorts by; Columns shows the others
            self.table.setColumnHidden(column, column not in shown)
        for column in (BALANCE_COLUMN, LAST_EVENT_COLUMN):
            self.table.setColumnHidden(column, column in QUEUE_HIDES.get(queue.key, ()))
        self.reload()

    def current_query(self) -> ClaimQuery:
        """What the list shows now: the queue, the status filter, the search, the sort."""
        chosen = self.status_filter.currentData()
        statuses = frozenset({ClaimStatus(chosen)}) if chosen else self.queue.statuses
        return ClaimQuery(
            statuses=statuses, search=self.search.text().strip(),
            sort=self.model.query.sort, descending=self.model.query.descending,
        )

    def reload(self) -> None:
        """Run the list's query again."""
        self.model.set_query(self.current_query())

    # -- handlers ---------------------------------------------------------------------------

    def _on_status_filter_changed(self, _index: int) -> None:
        self.reload()

    def _on_model_reset(self) -> None:
        rows = self.model.rowCount()
        searching = bool(self.model.query.search)
        self.detail.setVisible(bool(rows))
        if rows:
            self.stack.setCurrentWidget(self.table)
            self.table.selectRow(0)
        else:
            self.empty.setText(
                f"No claims match “{self.model.query.search}”. Try part of a last name, "
                "a claim number or a member ID." if searching else self.queue.empty_text
            )
            self.stack.setCurrentWidget(self.empty)
            self.detail.setHtml("")
        noun = "claim" if rows == 1 else "claims"
        self.count.setText(f"{rows:,} {noun}")
        self.claims_loaded.emit(rows)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        claim_id = self.model.ids[current.row()]
        self.detail.setHtml(claim_html(self.store, claims.get_claim(self.store, claim_id)))

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.claim_opened.emit(self.model.ids[index.row()])

    def stop_pending_work(self) -> None:
        """Cancel a search still waiting for the typing to stop (the window is closing)."""
        self._search_timer.stop()

    def selected_claim_id(self) -> int | None:
        """The id of the claim the cursor is on."""
        index = self.table.currentIndex()
        return self.model.ids[index.row()] if index.isValid() else None
