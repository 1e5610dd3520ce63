"""A payment is posted once, whatever envelope it comes in (DESIGN §4).

Besides the same file and the same check, a claim payment (CLP) that repeats one already
posted for the same claim by the same payer — same CLP02, charge, payment, patient
share, adjustments and service lines — on an ERA paid LATER (BPR16 after the posted one's)
is a suspected duplicate. One paid the same day or earlier is not (a payer's own split or
an ERA imported late), nor is a reversal (CLP02 22), a correction (CLP09 7 or 8) or a
payment on an ERA that also reverses that claim. When either payment date is unknown the
order cannot be told, and the payment is held (never posted twice by guessing).

A suspected duplicate is held, not posted, until the biller decides: post it after all,
or it is a duplicate — then it is set aside (``post_state = 'duplicate'``), never posted,
its ERA counts it as handled, and the decision can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from oa_desktop.store import payment_decisions, remittances
from oa_desktop.store.db import Store
from oa_desktop.store.remittances import PostedClaimPayment, RemittanceClaim, RemittanceSummary

DECIDE = payment_decisions.DECIDE  # the audit action
_CORRECTIONS = frozenset({"7", "8"})


@dataclass(frozen=True, slots=True)
class Held:
    """A claim payment held as a suspected duplicate of one posted before."""

    claim: RemittanceClaim  # on this ERA
    earlier: PostedClaimPayment  # already posted
    decision: str  # '' (waits), 'duplicate' (never posted)
    trace_number: str = ""  # this ERA's check/EFT (TRN02)
    payment_date: str | None = None  # this ERA's

    @property
    def text(self) -> str:
        """The preview's words."""
        day = self.earlier.payment_date or "an earlier date"
        if self.decision == "duplicate":
            return f"Not posted: you marked it a duplicate of check/EFT " \
                   f"{self.earlier.trace_number}."
        return (f"Held: the same payment was posted from check/EFT {self.earlier.trace_number} "
                f"({day}). Compare them and decide before it is posted.")


def _is_later(payment_date: str | None, earlier: str | None) -> bool:
    """True if a payment dated ``payment_date`` comes after one dated ``earlier`` (ISO
    dates); an unknown date counts as later (the safe side: held for the biller)."""
    return payment_date is None or earlier is None or payment_date > earlier


def _key(rc: RemittanceClaim) -> tuple[object, ...]:
    detail = rc.detail
    lines = tuple((ln.procedure, ln.modifiers, ln.charge, ln.paid, ln.date,
                   tuple(sorted((a.group, a.reason, a.amount) for a in ln.adjustments)))
                  for ln in detail.lines)
    claim_cas = tuple(sorted((a.group, a.reason, a.amount) for a in detail.adjustments))
    return (rc.status_code, rc.charge, rc.paid, rc.patient_responsibility, claim_cas, lines)


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
    if not earlier:
        return {}
    earlier = [e for e in earlier if _is_later(summary.payment_date, e.payment_date)]
    by_key = {(e.claim.claim_id, _key(e.claim)): e for e in earlier}
    paid_before = {e.claim.claim_id for e in earlier}
    candidates = [rc for rc in candidates if rc.claim_id in paid_before]
    decisions = payment_decisions.decisions(db, [rc.id for rc in candidates])
    found: dict[int, Held] = {}
    for rc in candidates:
        match = by_key.get((rc.claim_id, _key(rc)))
        decision = decisions.get(rc.id, "")
        if match is not None and decision != "post":
            found[rc.id] = Held(rc, match, decision, summary.trace_number, summary.payment_date)
    return found


def side_by_side(store: Store, remittance_claim_id: int) -> Held | None:
    """The held payment and the one posted before, for the biller to compare."""
    remittance_id = payment_decisions.remittance_of(store, remittance_claim_id)
    if remittance_id is None:
        return None
    summary = remittances.get_remittance(store, remittance_id)
    rcs = [rc for rc in remittances.remittance_claims(store, summary.id)
           if rc.id == remittance_claim_id]
    return held(store.read, summary, rcs).get(remittance_claim_id)


def decide(store: Store, remittance_claim_id: int, *, is_duplicate: bool) -> None:
    """Record the biller's decision (audited): a duplicate is never posted; otherwise the
    payment is posted with the rest of its ERA."""
    found = side_by_side(store, remittance_claim_id)
    payment_decisions.record(store, remittance_claim_id, is_duplicate=is_duplicate,
                             duplicate_of=found.earlier.claim.id if found else None)


def undo_decision(store: Store, remittance_claim_id: int) -> bool:
    """Undo the biller's decision (audited): a payment set aside as a duplicate is held
    again, to be decided anew. False if nothing was decided."""
    return payment_decisions.undo(store, remittance_claim_id)

