"""The claims' balances, statuses and standing postings as a plan goes along, claim by
claim, before anything is written; and which posting a reversal takes back."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import sqlite_utils

from oa_desktop.domain.status import ClaimStatus, EventKind, next_status, settle_events
from oa_desktop.services.era.plan import ClaimPlan
from oa_desktop.store import postings
from oa_desktop.store.postings import LivePosting
from oa_desktop.store.remittances import RemittanceClaim

CLOSED_TEXT = "Balance is zero; claim closed"
_BALANCE_KINDS = frozenset({"payment", "adjustment", "write_off", "patient_payment"})


class Simulation:
    """Balances, statuses and standing postings of the claims as posting goes along."""

    def __init__(self, db: sqlite_utils.Database, claim_ids: Sequence[int],
                 reversed_claims: Sequence[int], payment_date: str | None) -> None:
        self.payment_date = payment_date  # of the ERA being posted
        self.ids = itertools.count(postings.next_ledger_id(db))
        self.status, self.balance = postings.claim_states(db, claim_ids)
        self.live = postings.live_postings(db, reversed_claims) if reversed_claims else {}
        self.in_plan: dict[int, list[ClaimPlan]] = {}
        self.taken: set[int] = set()  # remittance claims whose rows a reversal took back

    def apply(self, claim_id: int, plan: ClaimPlan) -> None:
        """Move the claim's balance and status by the plan (adds ``closed`` at zero)."""
        plan.balance_before_cents = balance = self.balance[claim_id]
        plan.status_before = status = self.status[claim_id]
        balance -= sum(e.cents for e in plan.entries if e.kind in _BALANCE_KINDS)
        for kind, _, _ in plan.events:
            status = next_status(status, kind)
        status = self.settle(plan, status, balance)
        self.balance[claim_id] = plan.balance_after_cents = balance
        self.status[claim_id] = plan.status_after = status
        if plan.action in ("paid", "denied"):
            self.in_plan.setdefault(claim_id, []).append(plan)

    def keep(self, claim_id: int, plan: ClaimPlan) -> None:
        """For a plan that writes nothing: the claim's balance and status as they are."""
        plan.balance_before_cents = plan.balance_after_cents = self.balance[claim_id]
        plan.status_before = plan.status_after = self.status[claim_id]

    @staticmethod
    def settle(plan: ClaimPlan, status: ClaimStatus, balance: int) -> ClaimStatus:
        """Close the claim when nothing is owed on it (``settle_events``, as every ledger
        action does); returns the status after."""
        for kind in settle_events(status, balance):
            plan.events.append((kind, "", CLOSED_TEXT if kind is EventKind.CLOSED else ""))
            status = next_status(status, kind)
        return status

    def candidates(self, rc: RemittanceClaim, payment_date: str | None
                   ) -> list[LivePosting | ClaimPlan]:
        """What a reversal may take back, oldest first: standing postings of the claim
        paid on or before the reversal, not the claims that follow it on its own ERA."""
        assert rc.claim_id is not None

        def before(day: str | None) -> bool:
            return not payment_date or not day or day <= payment_date

        stored = [p for p in self.live.get(rc.claim_id, [])
                  if p.remittance_claim_id not in self.taken and before(p.payment_date)
                  and not (p.remittance_id == rc.remittance_id and p.seq > rc.seq)]
        planned = self.in_plan.get(rc.claim_id, []) if before(self.payment_date) else []
        return [*stored, *planned]

    def take(self, claim_id: int, chosen: LivePosting | ClaimPlan) -> None:
        """Mark a posting as taken back by a reversal of this plan."""
        if isinstance(chosen, ClaimPlan):
            self.in_plan[claim_id].remove(chosen)
        else:
            self.taken.add(chosen.remittance_claim_id)

    def standing(self, claim_id: int) -> LivePosting | ClaimPlan | None:
        """The latest posting of the claim that still stands, if any."""
        stored = [p for p in self.live.get(claim_id, []) if p.remittance_claim_id not in self.taken]
        rest: list[LivePosting | ClaimPlan] = [*stored, *self.in_plan.get(claim_id, [])]
        return rest[-1] if rest else None


def choose_reversed(candidates: list[LivePosting | ClaimPlan], paid_cents: int, *,
                    exact: bool) -> LivePosting | ClaimPlan | None:
    """The posting a reversal of ``paid_cents`` (CLP04, negative) takes back: the latest
    that paid exactly as much; else (unless ``exact``) the latest."""
    same = [c for c in candidates if c.payment_cents == -paid_cents]
    if same:
        return same[-1]
    return None if exact or not candidates else candidates[-1]
