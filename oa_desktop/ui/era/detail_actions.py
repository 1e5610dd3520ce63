"""What the buttons of the ERA detail screen do: post (after the preview, deciding held
duplicates first), undo a posting, decide on a duplicate ERA or a paper EOB's twin, add
notes, match or unmatch a claim, and save the EOB as a PDF. An action that changes the
ERA runs as a job (at once when there is no job runner), then the ERA is shown again
with a one-line result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.era import matching, posting
from oa_desktop.services.safety import audit
from oa_desktop.store import claims, remittances
from oa_desktop.store.db import Store
from oa_desktop.store.remittances import RemittanceClaim, RemittanceSummary
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.pdf.eob_pdf import write_eob


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


class EraDetailActions(QWidget):
    """The actions on the shown ERA; :class:`EraDetailView` lays out the buttons that
    call them and shows the ERA."""

    changed = Signal()

    # set by EraDetailView
    store: Store
    jobs: JobRunner | None
    remittance: RemittanceSummary | None
    reconciliation: QLabel
    claims_table: QTableView

    def show_era(self, remittance_id: int | None) -> None:
        """Show one ERA (or nothing): done by the view."""
        raise NotImplementedError

    def selected_claim(self) -> RemittanceClaim | None:
        """The claim of the ERA that is selected."""
        index = self.claims_table.currentIndex()
        return index.data(ItemRole.OBJECT) if index.isValid() else None

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

