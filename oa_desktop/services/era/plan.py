"""What posting an ERA will do, claim by claim: the plan the preview shows and the
posting writes. Nothing here writes; the reads go through ``store``.

A plan covers what of the ERA is not posted yet: its matched claims, its reversals that
were parked (applied now if the payment they take back is posted), and its PLB rows if no
posting of the ERA carried them yet. Claims not matched wait for a match. When the plan
posts a payment that a reversal parked on another ERA takes back, that reversal is
applied too (a *retry*), in the same transaction, as a posting of its own ERA.

Amounts are integer cents while planning (a 5,000-claim ERA plans ~40,000 entries);
the ``Decimal`` properties are for the screens.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

import sqlite_utils

from oa_desktop.domain.display import plural
from oa_desktop.domain.money import format_money, from_cents, to_cents
from oa_desktop.domain.status import ClaimStatus, EventKind, next_status, settle_events
from oa_desktop.services.era import duplicates
from oa_desktop.services.era.matching import match_lines
from oa_desktop.services.patients.actions import posting_credit
from oa_desktop.store import postings, remittances
from oa_desktop.store.era_detail import CasAdjustment, ClaimDetail
from oa_desktop.store.postings import LivePosting, OurLine
from oa_desktop.store.remittances import ParkedReversal, RemittanceClaim, RemittanceSummary
from oa_desktop.x12.code_lists import text as code_text

S = ClaimStatus
PATIENT_TYPES = {"1": "deductible", "2": "coinsurance", "3": "copay"}
PLB_REASONS = {
    "L6": "Interest owed", "WO": "Overpayment recovery", "FB": "Forwarding balance",
    "72": "Authorized return", "50": "Late charge", "51": "Interest penalty charge",
    "90": "Early payment allowance", "B2": "Rebate", "B3": "Recovery allowance",
    "BD": "Bad debt adjustment", "CS": "Adjustment", "E3": "Withholding",
    "IR": "IRS withholding", "J1": "Nonreimbursable", "L3": "Penalty", "LE": "Levy",
    "TL": "Third party liability", "WU": "Unspecified recovery", "RA": "Retro-activity adjustment",
    "AH": "Origination fee", "CT": "Capitation payment", "IS": "Interim settlement",
}
DENIAL_GROUPS = frozenset({"CO", "PI"})
WRITTEN = ("paid", "denied", "reversal", "parked")  # actions a posting records
CLOSED_TEXT = "Balance is zero; claim closed"
_BALANCE_KINDS = frozenset({"payment", "adjustment", "write_off", "patient_payment"})


def carc_text(code: str) -> str:
    """A claim adjustment reason's meaning without the long usage notes."""
    full = code_text("carc", code)
    return full.split(" Usage:")[0].split(" Note:")[0].rstrip(".")


def adjustment_label(group: str, reason: str) -> str:
    """``CO-45 Charge exceeds fee schedule…`` as the screens show it."""
    return f"{group}-{reason} {carc_text(reason)}"


def clp02_text(code: str) -> str:
    """What the payer did with the claim (CLP02)."""
    return code_text("clp02_claim_status", code)


def plb_text(reason: str) -> str:
    """What a provider-level adjustment (PLB03-1) is."""
    return PLB_REASONS.get(reason, f"Provider adjustment {reason}")


@functools.lru_cache(maxsize=4096)
def cents(text: str) -> int:
    """Cents of an amount as the detail JSON keeps it (``"-12.30"``), without Decimal
    (an ERA repeats the same few amounts thousands of times)."""
    whole, _, frac = text.partition(".")
    digits = whole[1:] if whole[:1] == "-" else whole
    if len(frac) == 2 and frac.isdigit() and digits.isdigit():
        value = int(digits) * 100 + int(frac)
        return -value if whole[:1] == "-" else value
    return to_cents(text)


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


def _adjudication(candidate: LivePosting | ClaimPlan) -> EventKind:
    """The event that states a standing posting's outcome again."""
    if isinstance(candidate, ClaimPlan):
        return candidate.events[0][0]
    if candidate.action == "denied":
        return EventKind.DENIED
    partial = candidate.patient_cents > 0 or candidate.denial
    return EventKind.PARTIALLY_PAID if partial else EventKind.PAID


def _post_adjustments(plan: ClaimPlan, ids: Iterator[int],
                      adjustments: tuple[CasAdjustment, ...], line_id: int | None) -> None:
    for adjustment in adjustments:
        amount = cents(adjustment.amount)
        if not amount:
            continue
        group, reason = adjustment.group, adjustment.reason
        if group == "PR":
            plan.entries.append(Entry(next(ids), "patient_responsibility", amount, line_id,
                                      group, reason, None))
            key = PATIENT_TYPES.get(reason, "other")
            plan.patient_cents[key] = plan.patient_cents.get(key, 0) + amount
        else:
            plan.entries.append(Entry(next(ids), "adjustment", amount, line_id, group, reason,
                                      None))
            plan.contractual_cents += amount


def _is_denied(paid: int, adjustments: tuple[CasAdjustment, ...]) -> bool:
    if paid:
        return False
    groups = {a.group for a in adjustments}
    return "PR" not in groups and bool(groups & DENIAL_GROUPS)


def _plan_paid(plan: ClaimPlan, ids: Iterator[int], detail: ClaimDetail, paid: int,
               line_ids: list[int | None], trace: str) -> None:
    lines = detail.lines
    line_paid = [cents(ln.paid) for ln in lines]
    by_line = bool(lines) and sum(line_paid) == paid
    if not by_line and paid:
        plan.entries.append(Entry(next(ids), "payment", paid, None, "", "", None))
    for line, amount, line_id in zip(lines, line_paid, line_ids, strict=True):
        if by_line and amount:
            plan.entries.append(Entry(next(ids), "payment", amount, line_id, "", "", None))
        if _is_denied(amount, line.adjustments):
            plan.denial_reasons += [a.code() for a in line.adjustments]
            continue
        _post_adjustments(plan, ids, line.adjustments, line_id)
    _post_adjustments(plan, ids, detail.adjustments, None)
    plan.payment_cents = paid
    codes = ", ".join(sorted({f"{e.group}-{e.reason}" for e in plan.entries if e.group}))
    partial = sum(plan.patient_cents.values()) > 0 or bool(plan.denial_reasons)
    kind = EventKind.PARTIALLY_PAID if partial else EventKind.PAID
    plan.events.append((kind, codes, f"Payer paid {format_money(plan.payment)} "
                                     f"(check/EFT {trace})"))


def _plan_denied(plan: ClaimPlan, ids: Iterator[int],
                 adjustments: tuple[CasAdjustment, ...]) -> None:
    plan.denial_reasons = [a.code() for a in adjustments if a.group != "PR"]
    plan.entries += [Entry(next(ids), "patient_responsibility", cents(a.amount), None, a.group,
                           a.reason, None) for a in adjustments if a.group == "PR"]
    reasons = "; ".join(f"{r} {carc_text(r.split('-')[1])}" for r in plan.denial_reasons)
    plan.events.append((EventKind.DENIED, ", ".join(plan.denial_reasons),
                        f"Denied: {reasons or clp02_text(plan.rc.status_code)}"))


def _reverse(plan: ClaimPlan, ids: Iterator[int], chosen: LivePosting | ClaimPlan,
             trace: str) -> None:
    """Fill a reversal plan with rows that take back ``chosen``."""
    if isinstance(chosen, ClaimPlan):
        plan.entries = [Entry(next(ids), e.kind, -e.cents, e.line_id, e.group, e.reason, e.id)
                        for e in chosen.entries]
        where = "posted now"
    else:
        plan.entries = [Entry(next(ids), r.kind, -r.amount_cents, r.line_id, r.group_code,
                              r.reason_code, r.id) for r in chosen.rows]
        where = f"check/EFT {chosen.trace_number}"
    plan.tally()  # the rows taken back: payment, adjustments and patient share alike
    paid = to_cents(plan.rc.paid)
    if plan.payment_cents != paid:
        plan.warning = (f"The payer reverses {format_money(-plan.rc.paid)}; the posting taken "
                        f"back had paid {format_money(-plan.payment)}.")
    text = f"Payer reversed its payment ({where}; reversal on check/EFT {trace})"
    if plan.retried:
        text += ", parked until that payment was posted"
    plan.events.append((EventKind.REVERSED, "22", text))


def _restate(plan: ClaimPlan, standing: LivePosting | ClaimPlan) -> None:
    """After a reversal, the posting that still stands decides the claim's status again."""
    trace = (standing.trace_number if isinstance(standing, LivePosting)
             else "of this ERA")
    plan.events.append((_adjudication(standing), "",
                        f"The payment of check/EFT {trace} stands after the reversal"))


@dataclass
class _Context:
    sim: Simulation
    lines: dict[int, list[OurLine]]
    trace: str
    payment_date: str | None


def _plan_reversal(ctx: _Context, rc: RemittanceClaim, *, retried: bool, exact: bool,
                   trace: str, payment_date: str | None) -> ClaimPlan:
    assert rc.claim_id is not None
    chosen = choose_reversed(ctx.sim.candidates(rc, payment_date), to_cents(rc.paid),
                             exact=exact)
    if chosen is None:
        plan = ClaimPlan(rc, "still_parked" if retried else "parked",
                         warning="Nothing posted to reverse; parked until the original "
                         "payment is posted.")
        plan.balance_before_cents = plan.balance_after_cents = ctx.sim.balance[rc.claim_id]
        plan.status_before = plan.status_after = ctx.sim.status[rc.claim_id]
        return plan
    plan = ClaimPlan(rc, "reversal", retried=retried)
    ctx.sim.take(rc.claim_id, chosen)
    _reverse(plan, ctx.sim.ids, chosen, trace)
    standing = ctx.sim.standing(rc.claim_id)
    if standing is not None:
        _restate(plan, standing)
    ctx.sim.apply(rc.claim_id, plan)
    return plan


def _plan_claim(ctx: _Context, rc: RemittanceClaim) -> ClaimPlan:
    if rc.claim_id is None:
        return ClaimPlan(rc, "unmatched", warning="Not matched to a claim of yours; it waits "
                         "on this ERA until you match it.")
    if rc.status_code == "22":
        return _plan_reversal(ctx, rc, retried=rc.post_state == "parked", exact=False,
                              trace=ctx.trace, payment_date=ctx.payment_date)
    detail = rc.detail
    every_adjustment = detail.every_adjustment
    paid = to_cents(rc.paid)
    if _is_denied(paid, every_adjustment) or (rc.status_code == "4" and paid == 0):
        plan = ClaimPlan(rc, "denied")
        _plan_denied(plan, ctx.sim.ids, every_adjustment)
    else:
        plan = ClaimPlan(rc, "paid")
        line_ids = match_lines(detail.lines, ctx.lines.get(rc.claim_id, []))
        _plan_paid(plan, ctx.sim.ids, detail, paid, line_ids, ctx.trace)
    ctx.sim.apply(rc.claim_id, plan)
    return plan


def _held(ctx: _Context, found: duplicates.Held) -> ClaimPlan:
    """A claim payment held as a suspected duplicate: nothing written, the claim as is."""
    rc = found.claim
    assert rc.claim_id is not None
    plan = ClaimPlan(rc, "held_duplicate", warning=found.text)
    plan.balance_before_cents = plan.balance_after_cents = ctx.sim.balance[rc.claim_id]
    plan.status_before = plan.status_after = ctx.sim.status[rc.claim_id]
    return plan


def _retries(ctx: _Context, parked: list[ParkedReversal], posted: set[int]) -> list[ClaimPlan]:
    """Reversals parked on other ERAs that take back a payment this plan posts: applied
    only when the amounts agree exactly (the biller applies any other by hand)."""
    found: list[ClaimPlan] = []
    for p in parked:
        if p.claim.claim_id not in posted:
            continue
        plan = _plan_reversal(ctx, p.claim, retried=True, exact=True,
                              trace=p.trace_number, payment_date=p.payment_date)
        if plan.action == "reversal":
            plan.era_trace, plan.era_source = p.trace_number, p.source_name
            found.append(plan)
    return found


def _use_credit(db: sqlite_utils.Database, sim: Simulation, rows: list[ClaimPlan]) -> None:
    """A patient's unapplied credit goes on the claims this posting gives a patient share
    (``posting_credit``): on each claim's last row, which then closes when nothing is owed."""
    last: dict[int, ClaimPlan] = {}
    gained: dict[int, int] = {}
    for cp in rows:
        if cp.written and cp.rc.claim_id is not None:
            last[cp.rc.claim_id] = cp
            gained[cp.rc.claim_id] = gained.get(cp.rc.claim_id, 0) + sum(
                e.cents for e in cp.entries if e.kind == "patient_responsibility")
    owed = {c: (last[c].balance_after_cents, g) for c, g in gained.items() if g > 0}
    for claim_id, used in posting_credit(db, owed).items():
        cp = last[claim_id]
        cp.credit_cents = used
        cp.balance_after_cents -= used
        sim.balance[claim_id] = cp.balance_after_cents
        assert cp.status_after is not None
        cp.status_after = sim.status[claim_id] = Simulation.settle(
            cp, cp.status_after, cp.balance_after_cents)


def blockers(summary: RemittanceSummary) -> list[str]:
    """Why this remittance cannot be posted at all, from its status."""
    if summary.status == "posted":
        return ["This ERA is already posted."]
    if summary.status == "duplicate":
        return ["This payment looks like one imported before (same payer, check/EFT number, "
                "amount and date). Decide first: Not a duplicate, or Set aside."]
    if summary.status == "dismissed":
        return ["This ERA was set aside as a duplicate."]
    if summary.status == "not_postable":
        return ["This ERA has problems and cannot be posted: " + "; ".join(summary.problems)]
    return []


def _nothing_to_post(plan: PostingPlan) -> list[str]:
    if plan.written or plan.provider:
        return []
    if any(c.action == "unmatched" for c in plan.claims):
        count = sum(1 for c in plan.claims if c.action == "unmatched")
        return [f"{plural(count, 'claim')} of this ERA {'is' if count == 1 else 'are'} not "
                "matched to your claims, and nothing "
                "else is left to post. Match them (Match to claim…) first."]
    if any(c.action == "held_duplicate" for c in plan.claims):
        return ["Nothing left to post but claim payments held as suspected duplicates of "
                "payments posted before. Compare each and decide first."]
    if plan.claims:
        return ["Nothing left to post: the parked reversals still have no payment to take "
                "back. They are applied by themselves when that payment is posted."]
    return ["Every claim of this ERA is posted."]


def plan_posting(db: sqlite_utils.Database, summary: RemittanceSummary) -> PostingPlan:
    """The plan for what of ``summary``'s ERA is not posted yet (read on ``db``)."""
    rcs = remittances.claims_to_post(db, summary.id)
    claim_ids = sorted({rc.claim_id for rc in rcs if rc.claim_id is not None})
    parked = remittances.parked_reversals(db, claim_ids, summary.id) if claim_ids else []
    reversed_claims = sorted({rc.claim_id for rc in rcs if rc.claim_id is not None
                              and rc.status_code == "22"} | {p.claim.claim_id for p in parked
                                                             if p.claim.claim_id is not None})
    ctx = _Context(Simulation(db, claim_ids, reversed_claims, summary.payment_date),
                   postings.service_lines(db, claim_ids), summary.trace_number,
                   summary.payment_date)
    holding = duplicates.held(db, summary, rcs)
    plans = [_held(ctx, holding[rc.id]) if rc.id in holding else _plan_claim(ctx, rc)
             for rc in rcs]
    posted = {p.rc.claim_id for p in plans if p.action in ("paid", "denied")
              and p.rc.claim_id is not None}
    retries = _retries(ctx, parked, posted) if parked else []
    provider: list[ProviderEntry] = []
    for plb in postings.pending_plb(db, summary.id):
        kind = ("interest" if plb.reason in ("L6", "51") else
                "recoupment" if plb.amount > 0 else "provider_adjustment")
        provider.append(ProviderEntry(plb.id, kind, plb.reason, plb.reference,
                                      -to_cents(plb.amount)))
    _use_credit(db, ctx.sim, [*plans, *retries])
    plan = PostingPlan(summary, plans, provider, blockers(summary), retries)
    if not plan.blockers:
        plan.blockers = _nothing_to_post(plan)
    return plan

