"""Find a payer on Office Ally's imported list, by name or payer ID; use it for one of ours.

The seed's step 3: "search for your payor by name or Payor ID". Each transaction of the
payer is shown (claims 837P, remits 835, claim status 276/277, eligibility 270/271) with
its payer ID, Par/Non-Par, enrollment and notes. "Use for a payer of ours" hands the
chosen payer back (``chosen``); the Payers screen fills the payer record from it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.store import payer_list
from oa_desktop.store.db import Store
from oa_desktop.store.payer_list import ListPayer

_COLUMNS = ["Transaction", "Payer ID", "Par / Non-Par", "Enrollment", "Available",
            "Work Comp / Auto"]
_KINDS = {"837P": "Claims (837P)", "837I": "Institutional claims (837I)",
          "837D": "Dental claims (837D)", "835": "Remits / ERA (835)",
          "276": "Claim status (276/277)", "270": "Eligibility (270/271)"}


class FindPayerDialog(QDialog):
    """Search the imported list as the user types; pick a payer to use."""

    def __init__(self, store: Store, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.store = store
        self.chosen: ListPayer | None = None
        self.found: list[ListPayer] = []
        self.setWindowTitle("Find a payer on Office Ally's list")
        self.setAccessibleName("Find a payer")

        self.search = QLineEdit()
        self.search.setPlaceholderText("Payer name or payer ID, e.g. Aetna or 60054")
        self.search.setAccessibleName("Search the payer list")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setAccessibleName("How many payers match")
        self.results = QListWidget()
        self.results.setAccessibleName("Matching payers")
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels(_COLUMNS)
        self.table.setAccessibleName("The payer's transactions")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setAccessibleName("Office Ally's notes on the payer")
        self.notes.setPlaceholderText("No notes.")

        self.buttons = QDialogButtonBox()
        self.use_button = self.buttons.addButton("Use for a payer of ours",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setAccessibleName("Use for a payer of ours")
        self.use_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self._on_use_clicked)
        self.buttons.rejected.connect(self.reject)

        detail = QVBoxLayout()
        detail.addWidget(self.heading)
        detail.addWidget(self.table, 2)
        detail.addWidget(QLabel("Notes from Office Ally:"))
        detail.addWidget(self.notes, 1)
        left = QVBoxLayout()
        left.addWidget(self.results, 1)
        left.addWidget(self.count)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(detail, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 560)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.results.currentRowChanged.connect(self._on_results_row_changed)
        self.results.itemActivated.connect(lambda _item: self._on_use_clicked())
        self.search.setText(text)
        self._on_search_text_changed(text)

    # -- handlers ---------------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        size = payer_list.list_size(self.store)
        self.found = payer_list.search_payer_list(self.store, text) if size else []
        self.results.clear()
        for payer in self.found:
            par = "Non-Par" if payer.non_par else "Par"
            ids = payer.claim_payer_id or next(iter(payer.payer_ids.values()), "")
            item = QListWidgetItem(f"{payer.name}\n{ids} · {par}")
            item.setToolTip(payer.enrollment_text)
            self.results.addItem(item)
        if not size:
            self.count.setText("No payer list is imported yet. Import Office Ally's payer "
                               "list first (Payers → Import Office Ally payer list…).")
        elif not text.strip():
            self.count.setText(f"Type a name or payer ID to search {size:,} rows.")
        else:
            shown = len(self.found)
            self.count.setText(f"{shown} payer{' matches' if shown == 1 else 's match'} "
                               f"{text.strip()!r}." if shown else
                               f"No payer matches {text.strip()!r}. Try part of the name.")
        self.count.setWordWrap(True)
        if self.found:
            self.results.setCurrentRow(0)
        else:
            self._show(None)

    def _on_results_row_changed(self, row: int) -> None:
        self._show(self.found[row] if 0 <= row < len(self.found) else None)

    def _on_use_clicked(self) -> None:
        row = self.results.currentRow()
        if 0 <= row < len(self.found):
            self.chosen = self.found[row]
            self.accept()

    # -- the detail -------------------------------------------------------------------------

    def _show(self, payer: ListPayer | None) -> None:
        self.use_button.setEnabled(payer is not None)
        self.table.setRowCount(0)
        if payer is None:
            self.heading.setText("")
            self.notes.setPlainText("")
            return
        ours = " — already one of your payers" if payer.practice_payer_id is not None else ""
        self.heading.setText(f"{payer.name}{ours}\n{payer.enrollment_text}")
        self.table.setRowCount(len(payer.transactions))
        for row, t in enumerate(payer.transactions):
            values = [_KINDS.get(t.transaction_type, t.label), t.payer_id,
                      "Non-Par" if t.non_par else "Par",
                      "Required" if t.enrollment else "Not needed",
                      "Yes" if t.available else "No", t.wc_auto]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(t.label)
                if column == 2 and t.non_par:
                    item.setToolTip("Non-Par: claims count toward Office Ally's monthly fee")
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        notes: list[tuple[str, str]] = []
        for t in payer.transactions:
            if t.notes and t.notes not in [n for _, n in notes]:
                notes.append((_KINDS.get(t.transaction_type, t.label), t.notes))
        self.notes.setPlainText("\n\n".join(f"{kind}: {text}" for kind, text in notes))
