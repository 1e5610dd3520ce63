"""Building the plan of an ERA's posting, claim by claim. Nothing here writes; the reads
go through ``store``.

A plan covers what of the ERA is not posted yet: its matched claims, its reversals that
were parked (applied now if the payment they take back is posted), and its PLB rows if no
posting of the ERA carried them yet. Claims not matched wait for a match. When the plan
posts a payment that a reversal parked on another ERA takes back, that reversal is
applied too (a *retry*), in the same transaction, as a posting of its own ERA.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from oa_desktop.domain.display import plural
from oa_desktop.domain.money import to_cents
from oa_desktop.services.era import duplicates
from oa_desktop.services.era.entries import is_denied, plan_denied, plan_paid, restate, reverse
from oa_desktop.services.era.matching import match_lines
from oa_desktop.services.era.plan import ClaimPlan, PostingPlan, ProviderEntry
from oa_desktop.services.era.simulation import Simulation, choose_reversed
from oa_desktop.services.patients.actions import posting_credit
from oa_desktop.store import postings, remittances
from oa_desktop.store.postings import OurLine
from oa_desktop.store.remittances import ParkedReversal, RemittanceClaim, RemittanceSummary


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
        ctx.sim.keep(rc.claim_id, plan)
        return plan
    plan = ClaimPlan(rc, "reversal", retried=retried)
    ctx.sim.take(rc.claim_id, chosen)
    reverse(plan, ctx.sim.ids, chosen, trace)
    standing = ctx.sim.standing(rc.claim_id)
    if standing is not None:
        restate(plan, standing)
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
    if is_denied(paid, every_adjustment) or (rc.status_code == "4" and paid == 0):
        plan = ClaimPlan(rc, "denied")
        plan_denied(plan, ctx.sim.ids, every_adjustment)
    else:
        plan = ClaimPlan(rc, "paid")
        line_ids = match_lines(detail.lines, ctx.lines.get(rc.claim_id, []))
        plan_paid(plan, ctx.sim.ids, detail, paid, line_ids, ctx.trace)
    ctx.sim.apply(rc.claim_id, plan)
    return plan


def _held(ctx: _Context, found: duplicates.Held) -> ClaimPlan:
    """A claim payment held as a suspected duplicate: nothing written, the claim as is."""
    rc = found.claim
    assert rc.claim_id is not None
    plan = ClaimPlan(rc, "held_duplicate", warning=found.text)
    ctx.sim.keep(rc.claim_id, plan)
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
