"""What posting an ERA will do, claim by claim: the plan the preview shows and the
posting writes (built by ``planning``). Nothing here reads or writes the database.

Amounts are integer cents while planning (a 5,000-claim ERA plans ~40,000 entries);
the ``Decimal`` properties are for the screens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from oa_desktop.domain.display import plural
from oa_desktop.domain.money import format_money, from_cents
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.store.remittances import RemittanceClaim, RemittanceSummary

PATIENT_TYPES = {"1": "deductible", "2": "coinsurance", "3": "copay"}
WRITTEN = ("paid", "denied", "reversal", "parked")  # actions a posting records


class Entry(NamedTuple):
    """One ledger row a posting will write. Numbered while planning, inside the posting's
    transaction, so a reversal can name a row of the same posting. A named tuple: a
    5,000-claim ERA plans ~40,000 of them, written as they are."""

    id: int
    kind: str  # payment, adjustment, patient_responsibility
    cents: int
    line_id: int | None
    group: str  # CAS group ('' for a payment)
    reason: str  # CAS reason
    reverses: int | None  # the ledger row it takes back


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    """One provider-level row (PLB) a posting will write."""

    plb_id: int
    kind: str  # interest, recoupment, provider_adjustment
    reason: str
    reference: str
    amount_cents: int  # money to the practice: interest positive, recoupments negative


@dataclass(eq=False, slots=True)
class ClaimPlan:
    """What posting will do for one claim of an ERA."""

    rc: RemittanceClaim
    action: str  # paid, denied, reversal, parked; or still_parked, unmatched, held_duplicate
    # (nothing written)
    entries: list[Entry] = field(default_factory=list)
    events: list[tuple[EventKind, str, str]] = field(default_factory=list)
    payment_cents: int = 0
    contractual_cents: int = 0  # CO/OA/PI/CR posted as adjustments
    patient_cents: dict[str, int] = field(default_factory=dict)  # deductible, coinsurance, ...
    denial_reasons: list[str] = field(default_factory=list)
    balance_before_cents: int = 0
    balance_after_cents: int = 0
    status_before: ClaimStatus | None = None
    status_after: ClaimStatus | None = None
    warning: str = ""
    retried: bool = False  # a reversal parked by an earlier posting, applied now
    era_trace: str = ""  # the ERA of a reversal retried from another ERA
    era_source: str = ""
    credit_cents: int = 0  # the patient's unapplied credit this posting puts on the claim

    @property
    def credit(self) -> Decimal:
        """Patient credit applied to the patient share this posting gives the claim."""
        return from_cents(self.credit_cents)

    @property
    def written(self) -> bool:
        """True when posting records this claim (False: still parked, or not matched)."""
        return self.action in WRITTEN

    @property
    def payment(self) -> Decimal:
        """The payer's payment posted (negative for a reversal)."""
        return from_cents(self.payment_cents)

    @property
    def contractual(self) -> Decimal:
        """Adjustments the practice absorbs (CO/OA/PI/CR)."""
        return from_cents(self.contractual_cents)

    def adjustment(self, group: str) -> Decimal:
        """The adjustments of one CAS group (CO, OA, PI, CR) this posting writes."""
        return from_cents(sum(e.cents for e in self.entries
                              if e.kind == "adjustment" and e.group == group))

    def tally(self) -> None:
        """Set payment, adjustment and patient figures from the rows, so that a row of the
        preview adds up: balance before − payment − adjustments = balance after."""
        self.payment_cents = sum(e.cents for e in self.entries if e.kind == "payment")
        self.contractual_cents = sum(e.cents for e in self.entries if e.kind == "adjustment")
        patient: dict[str, int] = {}
        for e in self.entries:
            if e.kind == "patient_responsibility":
                key = PATIENT_TYPES.get(e.reason, "other")
                patient[key] = patient.get(key, 0) + e.cents
        self.patient_cents = {k: v for k, v in patient.items() if v}

    @property
    def patient(self) -> dict[str, Decimal]:
        """Patient responsibility by type: deductible, coinsurance, copay, other."""
        return {k: from_cents(v) for k, v in self.patient_cents.items()}

    @property
    def patient_total(self) -> Decimal:
        """Patient responsibility of every type."""
        return from_cents(sum(self.patient_cents.values()))

    @property
    def balance_before(self) -> Decimal:
        """The claim's balance before this posting."""
        return from_cents(self.balance_before_cents)

    @property
    def balance_after(self) -> Decimal:
        """The claim's balance after it."""
        return from_cents(self.balance_after_cents)


@dataclass
class PostingPlan:
    """The preview of one remittance's posting."""

    remittance: RemittanceSummary
    claims: list[ClaimPlan]  # this ERA's claims not posted yet, in file order
    provider: list[ProviderEntry]
    blockers: list[str]
    retries: list[ClaimPlan] = field(default_factory=list)  # other ERAs' parked reversals

    @property
    def rows(self) -> list[ClaimPlan]:
        """Every claim the preview lists: this ERA's, then reversals of other ERAs."""
        return [*self.claims, *self.retries]

    @property
    def written(self) -> list[ClaimPlan]:
        """The claims this posting records."""
        return [c for c in self.rows if c.written]

    @property
    def below_zero(self) -> list[ClaimPlan]:
        """Claims this posting would leave with a balance below zero (paid more than
        charged: a duplicate payment or a wrong match); posting them needs confirming.
        A claim's last row counts: a reversal applied in the same posting nets it out."""
        last = {c.rc.claim_id: c for c in self.rows if c.written}
        return [c for c in last.values() if c.balance_after_cents < 0]

    def below_zero_text(self) -> str:
        """The claims that would go below zero, in words ('' when none)."""
        found = self.below_zero
        if not found:
            return ""
        named = ", ".join(f"{c.rc.our_pcn or c.rc.pcn} ({format_money(c.balance_after)})"
                          for c in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        return (f"Posting leaves {plural(len(found), 'claim')} below zero: {named}{more}. The "
                "payer would have paid more than was charged.")

    @property
    def waiting(self) -> list[ClaimPlan]:
        """This ERA's claims left for later: not matched, or a reversal still parked."""
        return [c for c in self.claims if not c.written]

    @property
    def payments(self) -> Decimal:
        """This ERA's claim payments that will reach the ledger."""
        return from_cents(sum(c.payment_cents for c in self.claims if c.written))

    @property
    def retried_payments(self) -> Decimal:
        """What the reversals of other ERAs applied now take back (negative)."""
        return from_cents(sum(c.payment_cents for c in self.retries))

    @property
    def provider_total(self) -> Decimal:
        """Money to the practice from PLB (interest positive, recoupments negative)."""
        return from_cents(sum(p.amount_cents for p in self.provider))

    @property
    def summary(self) -> str:
        """What will happen, in numbers (the confirmation's first lines)."""
        own = [c for c in self.claims if c.written]
        counts: dict[str, int] = {}
        for c in own:
            counts[c.action] = counts.get(c.action, 0) + 1
        parts = ", ".join(f"{n} {a}" for a, n in sorted(counts.items()))
        claims = len({c.rc.claim_id for c in own})  # a reversal and its correction: one
        text = (f"Post {format_money(self.payments)} in payments to {plural(claims, 'claim')} "
                f"({parts or 'none'})")
        text += (f" and {format_money(self.provider_total)} provider-level." if self.provider
                 else ".")
        credit = sum(c.credit_cents for c in self.rows if c.written)
        if credit:
            text += (f" Patient credit applied {format_money(from_cents(credit))}: the "
                     "patients' unapplied credit pays the patient share this posting records.")
        unmatched = sum(1 for c in self.claims if c.action == "unmatched")
        parked = sum(1 for c in self.claims if c.action == "still_parked")
        if unmatched:
            text += (f" {plural(unmatched, 'claim')} not matched "
                     f"{'stays' if unmatched == 1 else 'stay'} on this ERA, not posted; match "
                     "them later and post them then.")
        if parked:
            text += (f" {plural(parked, 'parked reversal')} "
                     f"{'still has' if parked == 1 else 'still have'} nothing to take back.")
        if self.retries:
            traces = ", ".join(sorted({c.era_trace for c in self.retries}))
            text += (f" {plural(len(self.retries), 'reversal')} parked on ERA {traces} "
                     f"{'takes' if len(self.retries) == 1 else 'take'} back "
                     f"{format_money(-self.retried_payments)} of the payments posted now (the "
                     "payer reversed them later): applied in the same posting.")
        return text
