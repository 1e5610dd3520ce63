"""A payment is posted once, whatever envelope it comes in (DESIGN §4).

Besides the same file and the same check, a claim payment (CLP) that repeats one already
posted for the same claim by the same payer — same CLP02, charge, payment, patient
share, adjustments and service lines — on a later ERA is a suspected duplicate. A
reversal (CLP02 22), a correction (CLP09 7 or 8) and a payment on an ERA that also
reverses that claim are not. A suspected duplicate is held, not posted, until the biller
decides: post it after all, or it is a duplicate (never posted).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from oa_desktop.store import audit, remittances
from oa_desktop.store.db import Store, marks, utc_now
from oa_desktop.store.remittances import PostedClaimPayment, RemittanceClaim, RemittanceSummary

DECIDE = "decide_claim_duplicate"  # the audit action
_CORRECTIONS = frozenset({"7", "8"})


@dataclass(frozen=True, slots=True)
class Held:
    """A claim payment held as a suspected duplicate of one posted before."""

    claim: RemittanceClaim  # on this ERA
    earlier: PostedClaimPayment  # already posted
    decision: str  # '' (waits), 'duplicate' (never posted)

    @property
    def text(self) -> str:
        """The preview's words."""
        day = self.earlier.payment_date or "an earlier date"
        if self.decision == "duplicate":
            return f"Not posted: you marked it a duplicate of check/EFT " \
                   f"{self.earlier.trace_number}."
        return (f"Held: the same payment was posted from check/EFT {self.earlier.trace_number} "
                f"({day}). Compare them and decide before it is posted.")


def _key(rc: RemittanceClaim) -> tuple[object, ...]:
    detail = rc.detail
    lines = tuple((ln.procedure, ln.modifiers, ln.charge, ln.paid, ln.date,
                   tuple(sorted((a.group, a.reason, a.amount) for a in ln.adjustments)))
                  for ln in detail.lines)
    claim_cas = tuple(sorted((a.group, a.reason, a.amount) for a in detail.adjustments))
    return (rc.status_code, rc.charge, rc.paid, rc.patient_responsibility, claim_cas, lines)


def _decisions(db: sqlite_utils.Database, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {int(r[0]): str(r[1]) for r in db.execute(
        f"SELECT remittance_claim_id, decision FROM claim_payment_decisions WHERE "
        f"remittance_claim_id IN ({marks(ids)})", ids)}


def held(db: sqlite_utils.Database, summary: RemittanceSummary,
         rcs: list[RemittanceClaim]) -> dict[int, Held]:
    """The claim payments of this ERA held as suspected duplicates, by their id."""
    reversed_here = {rc.claim_id for rc in rcs if rc.status_code == "22"}
    candidates = [rc for rc in rcs if rc.claim_id is not None and rc.status_code != "22"
                  and rc.claim_id not in reversed_here
                  and rc.detail.frequency not in _CORRECTIONS]
    if not candidates:
        return {}
    earlier = remittances.posted_payments_of(
        db, sorted({rc.claim_id for rc in candidates if rc.claim_id is not None}),
        summary.payer_id, summary.id)
    by_key = {(e.claim.claim_id, _key(e.claim)): e for e in earlier}
    decisions = _decisions(db, [rc.id for rc in candidates])
    found: dict[int, Held] = {}
    for rc in candidates:
        match = by_key.get((rc.claim_id, _key(rc)))
        decision = decisions.get(rc.id, "")
        if match is not None and decision != "post":
            found[rc.id] = Held(rc, match, decision)
    return found


def side_by_side(store: Store, remittance_claim_id: int) -> Held | None:
    """The held payment and the one posted before, for the biller to compare."""
    row = store.read.execute("SELECT remittance_id FROM remittance_claims WHERE id = ?",
                             [remittance_claim_id]).fetchone()
    if row is None:
        return None
    summary = remittances.get_remittance(store, int(row[0]))
    rcs = [rc for rc in remittances.remittance_claims(store, summary.id)
           if rc.id == remittance_claim_id]
    return held(store.read, summary, rcs).get(remittance_claim_id)


def decide(store: Store, remittance_claim_id: int, *, is_duplicate: bool) -> None:
    """Record the biller's decision (audited): a duplicate is never posted; otherwise the
    payment is posted with the rest of its ERA."""
    found = side_by_side(store, remittance_claim_id)
    decision = "duplicate" if is_duplicate else "post"
    with store.write() as db:
        db.execute("INSERT OR REPLACE INTO claim_payment_decisions (remittance_claim_id, "
                   "decision, duplicate_of, decided_at, decided_by) VALUES (?, ?, ?, ?, ?)",
                   [remittance_claim_id, decision,
                    found.earlier.claim.id if found else None, utc_now(), store.actor])
        audit.record_in(db, DECIDE, "remittance_claim", remittance_claim_id,
                        f"claim payment {'is a duplicate' if is_duplicate else 'posted after all'}")
