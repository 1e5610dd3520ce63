"""One ERA: the payment, its provider-level adjustments (PLB), reconciliation, what of
it waits (not matched, parked), and each claim with its adjustments (CARC text), remarks
(RARC), lines, match and notes.

This module lays the screen out and shows an ERA on it; what its buttons do is in
``detail_actions``, the claim's EOB pane in ``claim_eob``, the tables' columns in
``detail_columns``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.era import matching, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import remittances
from oa_desktop.store.remittances import RemittanceClaim, RemittanceSummary
from oa_desktop.ui.era.claim_eob import claim_html
from oa_desktop.ui.era.detail_actions import EraDetailActions
from oa_desktop.ui.era.detail_columns import (
    CLAIM_COLUMNS,
    CLAIM_HIDDEN_AT_FIRST,
    CLAIM_VIEW_ORDER,
    CLAIM_WIDTHS,
    PLB_COLUMNS,
)
from oa_desktop.ui.era.labels import METHODS
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table
from oa_desktop.ui.kit.table_tools import TableTools


class EraDetailView(EraDetailActions):
    """The selected ERA, its claims and the actions on it."""

    def __init__(self, workspace: Workspace, jobs: JobRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.store = workspace.store
        self.jobs = jobs
        self.remittance: RemittanceSummary | None = None
        self.notes: list[remittances.Note] = []
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.reconciliation = QLabel()
        self.reconciliation.setWordWrap(True)
        self.left_over = QLabel()  # what of a partly posted ERA waits, and what to do
        self.left_over.setWordWrap(True)
        self.left_over.setTextFormat(Qt.TextFormat.RichText)
        self.left_over.setAccessibleName("Left to post")
        self.buttons: dict[str, QPushButton] = {}
        bar = self._button_bar((
            ("post", "Post…", self._on_post_clicked),
            ("undo", "Undo posting…", self._on_undo_clicked),
            ("not_duplicate", "Not a duplicate", self._on_not_duplicate_clicked),
            ("set_aside", "Set aside as duplicate", self._on_set_aside_clicked),
            ("note", "Add note…", self._on_note_clicked),
            ("eob", "Print EOB (PDF)…", self._on_eob_clicked),
        ))
        bar.addStretch(1)
        self.plb_model: TableModel[Any] = TableModel(PLB_COLUMNS, self)
        self.plb_table, _ = make_table(self.plb_model, "Provider-level adjustments")
        self.plb_table.setMaximumHeight(90)
        self.plb_table.setColumnWidth(0, 260)
        self.plb_table.setColumnWidth(1, 200)
        self.claims_model: TableModel[RemittanceClaim] = TableModel(CLAIM_COLUMNS, self)
        self.claims_table, self.claims_proxy = make_table(self.claims_model, "Claims of the ERA")
        header = self.claims_table.horizontalHeader()
        for position, column in enumerate(CLAIM_VIEW_ORDER):
            header.moveSection(header.visualIndex(column), position)
            self.claims_table.setColumnWidth(column, CLAIM_WIDTHS[column])
        for column in CLAIM_HIDDEN_AT_FIRST:
            self.claims_table.setColumnHidden(column, True)
        self.claim_tools = TableTools(self, self.claims_table, self._claims_title, self.store,
                                      self.reconciliation)
        self.claim_detail = QTextBrowser()
        self.claim_detail.setAccessibleName("Claim on the ERA")
        claim_bar = self._button_bar((
            ("match", "Match to claim…", self._on_match_clicked),
            ("unmatch", "Unmatch", self._on_unmatch_clicked),
            ("undo_duplicate", "Not a duplicate after all…", self._on_undo_duplicate_clicked),
            ("claim_note", "Note on this claim…", self._on_claim_note_clicked),
            ("patient_eob", "Patient EOB (PDF)…", self._on_patient_eob_clicked),
        ))
        claim_bar.addStretch(1)
        claim_bar.addWidget(self.claim_tools.columns_button)
        self.buttons["undo_duplicate"].setVisible(False)  # for a payment set aside only
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(claim_bar)
        right_layout.addWidget(self.claim_detail, 1)
        split = QSplitter(Qt.Orientation.Vertical)  # the claims over the selected one's EOB
        split.setObjectName("era-claims-splitter")
        split.setChildrenCollapsible(False)
        split.addWidget(self.claims_table)
        split.addWidget(right)
        split.setSizes([200, 360])
        self.split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.reconciliation)
        layout.addWidget(self.left_over)
        layout.addLayout(bar)
        layout.addWidget(self.plb_table)
        layout.addWidget(split, 1)
        self.claims_table.selectionModel().currentRowChanged.connect(self._on_claim_changed)
        self.show_era(None)

    def _button_bar(self, specs: tuple[tuple[str, str, Callable[[], None]], ...]
                    ) -> QHBoxLayout:
        """A row of buttons (key, label, handler), each kept in ``self.buttons`` by key."""
        bar = QHBoxLayout()
        for key, label, handler in specs:
            button = QPushButton(label)
            button.clicked.connect(handler)
            self.buttons[key] = button
            bar.addWidget(button)
        return bar

    # -- showing ------------------------------------------------------------------------

    def show_era(self, remittance_id: int | None) -> None:
        """Show one ERA (or nothing)."""
        self.remittance = None if remittance_id is None else \
            remittances.get_remittance(self.store, remittance_id)
        r = self.remittance
        for button in self.buttons.values():
            button.setEnabled(r is not None)
        if r is None:
            self.header.setText("Choose an ERA above to see its claims.")
            self.reconciliation.clear()
            self.left_over.setVisible(False)
            self.claims_model.set_items([])
            self.plb_model.set_items([])
            self.plb_table.setVisible(False)
            self.claim_detail.clear()
            return
        self.notes = remittances.notes(self.store, r.id)
        self.header.setText(self._header_html(r))
        self._show_reconciliation(r)
        plb = remittances.provider_adjustments(self.store, r.id)
        self.plb_model.set_items(plb)
        self.plb_table.setVisible(bool(plb))
        self.claims_model.set_items(remittances.remittance_claims(self.store, r.id))
        posted = r.status in ("posted", "partly_posted")
        self._show_left_over(r)
        self.buttons["undo"].setEnabled(posted)
        self.buttons["not_duplicate"].setVisible(r.status == "duplicate")
        self.buttons["not_duplicate"].setText(
            "Use this ERA instead…" if self._paper_twin(r) else "Not a duplicate")
        self.buttons["set_aside"].setVisible(r.status == "duplicate")
        if self.claims_proxy.rowCount():
            self.claims_table.selectRow(0)
        else:  # an ERA with no claims (an unreadable set): nothing of another ERA stays
            self.claim_detail.clear()
            for key in ("match", "unmatch", "claim_note", "patient_eob"):
                self.buttons[key].setEnabled(False)
            self.buttons["undo_duplicate"].setVisible(False)

    def _claims_title(self) -> str:
        r = self.remittance
        return f"ERA {r.trace_number} claims" if r is not None else "ERA claims"

    def _header_html(self, r: RemittanceSummary) -> str:
        notes = "".join(f"<br>✎ {fmt.timestamp(n.at)} {html.escape(n.author)}: "
                        f"{html.escape(n.text)}" for n in self.notes
                        if n.remittance_claim_id is None)
        problems = "".join(f"<br><span style='color:#b3261e'>{html.escape(p)}</span>"
                           for p in r.problems)
        duplicate = (f"<br><span style='color:#b3261e'>Same payer, check/EFT number, amount "
                     f"and date as ERA {r.duplicate_of}: is it the same payment?</span>"
                     if r.status == "duplicate" else "")
        if r.status == "duplicate" and self._paper_twin(r):
            duplicate = (f"<br><span style='color:#b3261e'>This payment was typed in from a "
                         f"paper EOB (ERA {r.duplicate_of}). Set this one aside, or use it "
                         "instead: the paper posting is then undone.</span>")
        on_era = f"on the ERA {html.escape(r.payer_name)}, " if r.payer != r.payer_name else ""
        return (f"<b style='font-size:12pt'>{html.escape(r.payer)}</b> ({on_era}payer ID "
                f"{html.escape(r.payer_id)}) → {html.escape(r.payee_name)} NPI "
                f"{html.escape(r.payee_npi)}<br>{METHODS.get(r.method, r.method)} "
                f"<b>{html.escape(r.trace_number)}</b> of {fmt.iso_to_display(r.payment_date)}: "
                f"<b>{fmt.money(r.amount)}</b> · {fmt.plural(r.claim_count, 'claim')} · "
                f"<b>{r.status_label}</b> · file {html.escape(r.source_name)}"
                f"{problems}{duplicate}{notes}")

    def _show_reconciliation(self, r: RemittanceSummary) -> None:
        rec = posting.reconcile(self.store, r.id, summary=r)
        text = (f"Deposit {fmt.money(rec.deposit)} = claims paid {fmt.money(rec.claims_paid)} "
                f"{'−' if rec.plb_total >= 0 else '+'} provider-level "
                f"{fmt.money(abs(rec.plb_total))}.  Posted: payments "
                f"{fmt.money(rec.posted_payments)}, provider-level "
                f"{fmt.money(rec.posted_provider)}.  ")
        if rec.difference == 0:
            text += "Reconciled: nothing left over."
        else:
            text += f"Difference {fmt.money(rec.difference)}: " + " ".join(rec.explanations)
        self.reconciliation.setText(text)

    def _show_left_over(self, r: RemittanceSummary) -> None:
        """For an ERA posted in part: what waits and what posting the rest would do."""
        post = self.buttons["post"]
        post.setText("Post the rest…" if r.status == "partly_posted" else "Post…")
        post.setEnabled(r.status == "ready")
        self.left_over.setVisible(False)
        if r.status == "ready" and r.unmatched and r.unmatched < r.claim_count:
            self._set_left_over(
                f"{fmt.plural(r.unmatched, 'claim')} of this ERA "
                f"{'is' if r.unmatched == 1 else 'are'} not matched. Post… posts the others "
                "now; these wait on the ERA until you match them (Match to claim…).", "#8a5a00")
        if r.status != "partly_posted":
            return
        plan = posting.preview(self.store, r.id, summary=r)
        post.setEnabled(not plan.blockers)
        ready = [c for c in plan.claims if c.written]
        parts = []
        if ready:
            applied = sum(1 for c in ready if c.retried)
            newly = len(ready) - applied
            bits = [f"{fmt.plural(newly, 'claim')} matched since"] if newly > 0 else []
            if applied:
                bits.append(f"{fmt.plural(applied, 'parked reversal')} that can be applied now")
            parts.append("<b>Ready to post the rest</b>: " + " and ".join(bits)
                         + " (Post the rest…)")
        unmatched = sum(1 for c in plan.claims if c.action == "unmatched")
        parked = sum(1 for c in plan.claims if c.action == "still_parked")
        if unmatched:
            parts.append(f"{fmt.plural(unmatched, 'claim')} not matched "
                         f"{'waits' if unmatched == 1 else 'wait'}: select one and Match to "
                         "claim…, then Post the rest…")
        if parked:
            parts.append(f"{fmt.plural(parked, 'parked reversal')} " + (
                "waits for the payment it takes back; it is applied by itself when that "
                "payment is posted" if parked == 1 else "wait for the payment they take back; "
                "they are applied by themselves when it is posted"))
        self._set_left_over("Partly posted. " + ". ".join(parts) + ".",
                            "#1b5e20" if ready else "#8a5a00")

    def _set_left_over(self, text: str, color: str) -> None:
        self.left_over.setText(f"<span style='color:{color}'>{text}</span>")
        self.left_over.setVisible(True)

    def _on_claim_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rc = current.data(ItemRole.OBJECT) if current.isValid() else None
        if rc is None:
            self.claim_detail.clear()
            return
        suggestions = matching.suggestions(self.store, rc) if rc.claim_id is None else []
        self.claim_detail.setHtml(claim_html(rc, self.notes, suggestions))
        self.buttons["match"].setEnabled(rc.post_state == "unposted")
        self.buttons["unmatch"].setEnabled(rc.claim_id is not None and rc.post_state == "unposted")
        self.buttons["undo_duplicate"].setVisible(rc.post_state == "duplicate")

