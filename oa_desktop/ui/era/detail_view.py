"""One ERA: the payment, its provider-level adjustments (PLB), reconciliation, what of
it waits (not matched, parked), and each claim with its adjustments (CARC text), remarks
(RARC), lines, match and notes.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.era import matching, posting
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, remittances
from oa_desktop.store.era_detail import CasAdjustment
from oa_desktop.store.remittances import RemittanceClaim, RemittanceSummary
from oa_desktop.ui.era.labels import METHODS, claim_allowed
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table
from oa_desktop.ui.kit.table_tools import TableTools
from oa_desktop.ui.pdf.eob_pdf import write_eob
from oa_desktop.x12.code_lists import text as code_text

GROUP_NAMES = {"CO": "Contractual obligation (the practice absorbs it)",
               "PR": "Patient responsibility", "OA": "Other adjustment",
               "PI": "Payer-initiated reduction", "CR": "Correction or reversal"}


POST_STATES = {"posted": "Posted", "parked": "Parked", "unposted": "Not yet",
               "duplicate": "Set aside as duplicate"}
POST_STATE_TIPS = {
    ("parked", False): "A reversal with nothing posted to take back yet. It is applied by "
                       "itself when the payment it reverses is posted.",
    ("unposted", True): "Not matched: it waits on this ERA. Match it, then post the rest.",
    ("duplicate", False): "You marked it a duplicate of a payment posted before: it is never "
                          "posted. Not a duplicate after all… holds it again.",
}


def _match_text(rc: RemittanceClaim) -> str:
    if rc.claim_id is None:
        return "Not matched"
    return "By hand" if rc.match_method == "manual" else "Yes"


def _posted_text(rc: RemittanceClaim) -> str:
    """Posted and matched in one word: an unposted claim no one matched says so."""
    if rc.claim_id is None and rc.post_state == "unposted":
        return "Not matched"
    return POST_STATES.get(rc.post_state, rc.post_state)


CLAIM_COLUMNS: list[Column[RemittanceClaim]] = [
    Column("Patient", lambda c: c.patient_name),
    Column("Claim #", lambda c: c.pcn),
    Column("Status", lambda c: c.status_code, text=lambda c: posting.clp02_text(c.status_code),
           tip=lambda c: f"{c.status_code} {posting.clp02_text(c.status_code)}"),
    Column("Matched", _match_text),
    Column("Posted", lambda c: c.post_state, text=_posted_text,
           tip=lambda c: POST_STATE_TIPS.get((c.post_state, c.claim_id is None), "")),
    Column("Charge", lambda c: c.charge, Kind.MONEY),
    Column("Allowed", claim_allowed, Kind.MONEY),
    Column("Paid", lambda c: c.paid, Kind.MONEY),
    Column("Patient resp.", lambda c: c.patient_responsibility, Kind.MONEY),
    Column("Notes", lambda c: c.notes, text=lambda c: f"✎ {c.notes}" if c.notes else ""),
    Column("Adjustments", lambda c: c.charge - c.paid - c.patient_responsibility, Kind.MONEY,
           tip=lambda c: "What the payer took off the charge beyond the patient's share "
                         "(contractual and other adjustments)"),
]
# the order a biller reads a claim's money in (the model keeps its column numbers)
CLAIM_VIEW_ORDER = (0, 1, 5, 7, 10, 8, 2, 4, 3, 6, 9)
CLAIM_WIDTHS = {0: 100, 1: 72, 5: 68, 7: 66, 10: 92, 8: 94, 2: 92, 4: 80, 3: 70, 6: 70, 9: 50}
# beside the ERA list of a 1366-pixel screen: Posted says "Not matched" for those, so
# Matched, Allowed and Notes wait in the Columns chooser (the EOB below has them all)
CLAIM_HIDDEN_AT_FIRST = (3, 6, 9)

PLB_COLUMNS: list[Column[Any]] = [
    Column("Provider adjustment", lambda p: p.reason,
           text=lambda p: f"{p.reason} {posting.plb_text(p.reason)}"),
    Column("Reference", lambda p: p.reference),
    Column("Effect on the deposit", lambda p: -p.amount, Kind.MONEY),
]


def _money_cell(amount: Decimal) -> str:
    color = "#b3261e" if amount < 0 else "inherit"
    return f"<td align='right' style='color:{color}'>{fmt.money(amount)}</td>"


def _adjustments_html(adjustments: Sequence[CasAdjustment]) -> str:
    """Adjustments grouped CO / PR / OA / PI / CR, each code with its meaning."""
    groups: dict[str, list[CasAdjustment]] = {}
    for adj in adjustments:
        groups.setdefault(adj.group, []).append(adj)
    parts = []
    for group in ("CO", "PR", "OA", "PI", "CR", *sorted(set(groups) - {"CO", "PR", "OA", "PI",
                                                                       "CR"})):
        if group not in groups:
            continue
        rows = "".join(
            f"<tr><td>&nbsp;&nbsp;{html.escape(posting.adjustment_label(a.group, a.reason))}"
            f"</td>{_money_cell(Decimal(a.amount))}</tr>" for a in groups[group])
        name = GROUP_NAMES.get(group) or code_text("claim_adjustment_group", group)
        parts.append(f"<tr><td colspan=2><i>{group} — {html.escape(name)}</i></td></tr>"
                     f"{rows}")
    return f"<table cellspacing=2>{''.join(parts)}</table>" if parts else "none"


def _remarks_html(codes: Sequence[str]) -> str:
    return "<br>".join(f"{html.escape(c)} — {html.escape(code_text('rarc', c))}" for c in codes)


def claim_html(rc: RemittanceClaim, notes: list[remittances.Note],
               suggestions: list[matching.Suggestion]) -> str:
    """The claim as a biller reads an EOB."""
    detail = rc.detail
    head = (f"<h3>{html.escape(rc.patient_name)} · claim {html.escape(rc.pcn)}</h3>"
            f"<p>Member ID {html.escape(rc.member_id)} · payer claim # "
            f"{html.escape(rc.payer_claim_number)}<br>"
            f"<b>{html.escape(rc.status_code)} — {html.escape(posting.clp02_text(rc.status_code))}"
            f"</b><br>Charge {fmt.money(rc.charge)} · allowed {fmt.money(claim_allowed(rc))} · "
            f"paid <b>{fmt.money(rc.paid)}</b> · patient responsibility "
            f"{fmt.money(rc.patient_responsibility)}</p>")
    if rc.claim_id is None:
        head += ("<p style='color:#b3261e'><b>Not matched</b> to any of your claims "
                 "(the payer's claim # is not one you sent). It is not posted with the rest "
                 "of the ERA: it waits here until you match it (Match to claim…), then "
                 "Post the rest… posts it.</p>")
        if suggestions:
            head += "<p>Possible matches:<br>" + "<br>".join(
                f"{html.escape(s.pcn)} — {html.escape(s.patient)}, "
                f"{fmt.iso_to_display(s.first_date)}, {fmt.money(s.charge)} "
                f"({html.escape(', '.join(s.reasons))})" for s in suggestions) + "</p>"
    else:
        how = "by hand" if rc.match_method == "manual" else "by claim number"
        head += f"<p>Matched {how} to your claim {html.escape(rc.our_pcn or rc.pcn)}.</p>"
    if rc.post_state == "duplicate":
        head += ("<p style='color:#8a5a00'><b>Set aside as duplicate</b>: you marked this "
                 "payment a duplicate of one posted before; it is never posted. If that was "
                 "a mistake, Not a duplicate after all… holds it again for you to decide.</p>")
    if rc.post_state == "parked":
        head += ("<p style='color:#8a5a00'><b>Reversal parked</b>: nothing of this claim was "
                 "posted to take back yet. It is applied by itself when the payment it "
                 "reverses is posted (from any ERA), or with Post the rest… here.</p>")
    body = f"<p><b>Claim adjustments</b><br>{_adjustments_html(detail.adjustments)}</p>"
    if detail.remarks:
        body += f"<p><b>Remarks</b><br>{_remarks_html(detail.remarks)}</p>"
    lines = detail.lines
    if lines:
        rows = []
        for line in lines:
            rows.append(
                f"<tr><td>{fmt.iso_to_display(line.date)}</td><td>{html.escape(line.code)}</td>"
                f"<td align='right'>{line.units or ''}</td>"
                f"{_money_cell(Decimal(line.charge))}"
                f"{_money_cell(Decimal(line.allowed)) if line.allowed else '<td></td>'}"
                f"{_money_cell(Decimal(line.paid))}"
                f"<td>{_adjustments_html(line.adjustments)}"
                f"{'<br>' + _remarks_html(line.remarks) if line.remarks else ''}</td></tr>")
        body += ("<p><b>Service lines</b></p><table border=1 cellspacing=0 cellpadding=3>"
                 "<tr><th>Date</th><th>Procedure</th><th>Units</th><th>Charge</th>"
                 "<th>Allowed</th><th>Paid</th><th>Adjustments and remarks</th></tr>"
                 + "".join(rows) + "</table>")
    mine = [n for n in notes if n.remittance_claim_id == rc.id]
    if mine:
        body += "<p><b>Notes</b><br>" + "<br>".join(
            f"{fmt.timestamp(n.at)} {html.escape(n.author)}: {html.escape(n.text)}"
            for n in mine) + "</p>"
    return head + body


def posted_message(plan: posting.PostingPlan) -> str:
    """What a posting did, in one line."""
    own = [c for c in plan.claims if c.written]
    text = f"Posted {fmt.money(plan.payments)} to {fmt.plural(len(own), 'claim')}"
    text += f" and {fmt.money(plan.provider_total)} provider-level." if plan.provider else "."
    if plan.retries:
        traces = ", ".join(sorted({c.era_trace for c in plan.retries}))
        text += (f" {fmt.plural(len(plan.retries), 'reversal')} parked on ERA {traces} took "
                 "back payments "
                 "posted now.")
    if plan.waiting:
        n = len(plan.waiting)
        text += f" {fmt.plural(n, 'claim')} {'waits' if n == 1 else 'wait'} on this ERA."
    return text


class EraDetailView(QWidget):
    """The selected ERA, its claims and the actions on it."""

    changed = Signal()

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
        bar = QHBoxLayout()
        for key, label, handler in (
            ("post", "Post…", self._on_post_clicked),
            ("undo", "Undo posting…", self._on_undo_clicked),
            ("not_duplicate", "Not a duplicate", self._on_not_duplicate_clicked),
            ("set_aside", "Set aside as duplicate", self._on_set_aside_clicked),
            ("note", "Add note…", self._on_note_clicked),
            ("eob", "Print EOB (PDF)…", self._on_eob_clicked),
        ):
            button = QPushButton(label)
            button.clicked.connect(handler)
            self.buttons[key] = button
            bar.addWidget(button)
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
        claim_bar = QHBoxLayout()
        for key, label, handler in (
            ("match", "Match to claim…", self._on_match_clicked),
            ("unmatch", "Unmatch", self._on_unmatch_clicked),
            ("undo_duplicate", "Not a duplicate after all…", self._on_undo_duplicate_clicked),
            ("claim_note", "Note on this claim…", self._on_claim_note_clicked),
            ("patient_eob", "Patient EOB (PDF)…", self._on_patient_eob_clicked),
        ):
            button = QPushButton(label)
            button.clicked.connect(handler)
            self.buttons[key] = button
            claim_bar.addWidget(button)
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

    def selected_claim(self) -> RemittanceClaim | None:
        """The claim of the ERA that is selected."""
        index = self.claims_table.currentIndex()
        return index.data(ItemRole.OBJECT) if index.isValid() else None

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

    # -- actions ------------------------------------------------------------------------

    def _refresh(self, message: str = "") -> None:
        keep = self.remittance.id if self.remittance else None
        self.show_era(keep)
        self.changed.emit()
        if message:
            self.reconciliation.setText(message + "  " + self.reconciliation.text())

    def _run(self, name: str, fn: Callable[[], Any], done: Callable[[Any], str]) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, KnownError):
                show_known_error(self, error, name)
            else:
                raise error

        if self.jobs is None:
            try:
                result = fn()
            except KnownError as exc:
                failed(exc)
                return
            self._refresh(done(result))
        else:
            self.jobs.run(name, lambda _p: fn(), lambda result: self._refresh(done(result)),
                          failed)

    def _on_post_clicked(self) -> None:
        from oa_desktop.ui.era.posting_preview import PostingPreviewDialog

        if self.remittance is None:
            return
        plan = posting.preview(self.store, self.remittance.id)
        if self._decide_held(plan):
            plan = posting.preview(self.store, self.remittance.id)
        if plan.blockers:
            show_known_error(self, KnownError(plan.blockers[0], "Nothing was posted."),
                             "This ERA cannot be posted yet")
            return
        dialog = PostingPreviewDialog(plan, self)
        if dialog.exec():
            self.post_now(below_zero_confirmed=dialog.below_zero_confirmed)

    def _decide_held(self, plan: posting.PostingPlan) -> bool:
        """Show each undecided held duplicate beside its earlier payment; True if decided."""
        from oa_desktop.services.era import duplicates
        from oa_desktop.ui.era.duplicate_dialog import DuplicateDialog

        decided = False
        for row in plan.claims:
            found = duplicates.side_by_side(self.store, row.rc.id) \
                if row.action == "held_duplicate" else None
            if found is None or found.decision:
                continue
            dialog = DuplicateDialog(found, self)
            if dialog.exec() and dialog.decision:
                duplicates.decide(self.store, row.rc.id,
                                  is_duplicate=dialog.decision == "duplicate")
                decided = True
        return decided

    def post_now(self, *, below_zero_confirmed: bool = False) -> None:
        """Post the shown ERA (after the biller confirmed the preview)."""
        assert self.remittance is not None
        rid = self.remittance.id
        self._run("Posting the ERA", lambda: posting.post(
            self.store, rid, below_zero_confirmed=below_zero_confirmed), posted_message)

    def _on_undo_duplicate_clicked(self) -> None:
        from oa_desktop.services.era import duplicates

        rc = self.selected_claim()
        if rc is not None and rc.post_state == "duplicate":
            self._run("Holding the payment again",
                      lambda: duplicates.undo_decision(self.store, rc.id),
                      lambda _r: f"Claim {rc.pcn}: held again; decide when you post.")

    def _on_undo_clicked(self) -> None:
        r = self.remittance
        if r is None:
            return
        rec = posting.reconcile(self.store, r.id)
        answer = QMessageBox.question(
            self, "Undo posting",
            f"Take back everything posted from {r.payer} {r.trace_number}: "
            f"{fmt.money(rec.posted_payments)} in payments and "
            f"{fmt.money(rec.posted_provider)} provider-level. Reversing entries are written "
            "and each claim goes back to its status before. Reversals parked on other ERAs "
            "that these payments let through are parked again. Undo?")
        if answer == QMessageBox.StandardButton.Yes:
            self.undo_now()

    def undo_now(self) -> None:
        """Undo the shown ERA's posting (after the biller confirmed)."""
        assert self.remittance is not None
        rid = self.remittance.id
        self._run("Undoing the posting", lambda: posting.undo(self.store, rid),
                  lambda count: f"Posting undone ({count} ledger entries reversed).")

    def _decide(self, is_duplicate: bool) -> None:
        assert self.remittance is not None
        rid = self.remittance.id
        self._run("Deciding on the duplicate",
                  lambda: posting.decide_duplicate(self.store, rid, is_duplicate=is_duplicate),
                  lambda _r: "Set aside; it will never be posted." if is_duplicate
                  else "Marked as not a duplicate; it can be posted.")

    def _paper_twin(self, r: RemittanceSummary) -> bool:
        from oa_desktop.store import paper_eobs

        return paper_eobs.is_paper(self.store.read, r.duplicate_of)

    def _on_not_duplicate_clicked(self) -> None:
        r = self.remittance
        if r is not None and self._paper_twin(r):
            from oa_desktop.services.patients import paper_eob

            answer = QMessageBox.question(
                self, "Use this ERA instead", f"Undo the paper EOB's posting of check "
                f"{r.trace_number} ({fmt.money(r.amount)}) and post this ERA in its place?")
            if answer == QMessageBox.StandardButton.Yes:
                rid = r.id
                self._run("Replacing the paper EOB",
                          lambda: paper_eob.use_era_instead(self.store, rid),
                          lambda _p: "The paper EOB's posting was undone and set aside; "
                          "this ERA is ready to post.")
            return
        self._decide(False)

    def _on_set_aside_clicked(self) -> None:
        self._decide(True)

    def add_note(self, text: str, remittance_claim_id: int | None = None) -> None:
        """Append a note on the ERA or one of its claims (who: the signed-in user)."""
        if self.remittance is None or not text.strip():
            return
        remittances.add_note(self.store, self.remittance.id, text, author=self.store.actor,
                             remittance_claim_id=remittance_claim_id)
        self._refresh()

    def _on_note_clicked(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, "Note on the ERA", "Note:")
        if ok:
            self.add_note(text)

    def _on_claim_note_clicked(self) -> None:
        rc = self.selected_claim()
        if rc is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, f"Note on claim {rc.pcn}", "Note:")
        if ok:
            self.add_note(text, rc.id)

    def _on_match_clicked(self) -> None:
        rc = self.selected_claim()
        if rc is None:
            return
        choices = [f"{s.pcn} — {s.patient} ({', '.join(s.reasons)})"
                   for s in matching.suggestions(self.store, rc)]
        text, ok = QInputDialog.getItem(self, "Match to claim", "Your claim number:",
                                        choices or [""], 0, True)
        if not ok or not text.strip():
            return
        pcn = text.split(" — ")[0].strip().upper()
        claim_id = claims.claim_id_for_pcn(self.store, pcn)
        if claim_id is None:
            show_known_error(self, KnownError(f"There is no claim {pcn}.",
                                              "Type the claim number as it shows in Claims."))
            return
        self._run("Matching", lambda: matching.match_manually(self.store, rc.id, claim_id),
                  lambda _r: f"Matched to claim {pcn}.")

    def _on_unmatch_clicked(self) -> None:
        rc = self.selected_claim()
        if rc is not None:
            self._run("Unmatching", lambda: matching.unmatch(self.store, rc.id),
                      lambda _r: "Unmatched.")

    def _save_pdf(self, suggested: str, patient: RemittanceClaim | None) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save EOB", suggested, "PDF (*.pdf)")
        if name and self.remittance is not None:
            pages = write_eob(self.store, self.remittance.id, Path(name), patient=patient)
            what = "EOB for one patient" if patient is not None else "EOB"
            audit.record_export(self.store, what, Path(name), pages=pages,
                                object_type="remittance", object_id=self.remittance.id,
                                printed=True)
            self.reconciliation.setText(f"EOB saved: {name} ({fmt.plural(pages, 'page')}).")

    def _on_eob_clicked(self) -> None:
        if self.remittance is not None:
            self._save_pdf(f"EOB-{self.remittance.trace_number}.pdf", None)

    def _on_patient_eob_clicked(self) -> None:
        rc = self.selected_claim()
        if rc is not None:
            self._save_pdf(f"EOB-{rc.patient_last}-{rc.pcn}.pdf", rc)


