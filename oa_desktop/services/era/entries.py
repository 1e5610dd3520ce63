"""The ledger rows one claim's plan gets: a payment with its adjustments and patient share,
a denial, or a reversal that takes back a posting."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from oa_desktop.domain.money import format_money, to_cents
from oa_desktop.domain.status import EventKind
from oa_desktop.services.era.codes import carc_text, clp02_text
from oa_desktop.services.era.plan import PATIENT_TYPES, ClaimPlan, Entry
from oa_desktop.store.era_detail import CasAdjustment, ClaimDetail
from oa_desktop.store.postings import LivePosting

DENIAL_GROUPS = frozenset({"CO", "PI"})


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


def is_denied(paid: int, adjustments: tuple[CasAdjustment, ...]) -> bool:
    """True when nothing was paid and the adjustments deny (CO/PI, no patient share)."""
    if paid:
        return False
    groups = {a.group for a in adjustments}
    return "PR" not in groups and bool(groups & DENIAL_GROUPS)


def plan_paid(plan: ClaimPlan, ids: Iterator[int], detail: ClaimDetail, paid: int,
              line_ids: list[int | None], trace: str) -> None:
    """Fill a paid claim's plan: the payment (by line when the lines add up), its
    adjustments and patient share, and the event that says so."""
    lines = detail.lines
    line_paid = [cents(ln.paid) for ln in lines]
    by_line = bool(lines) and sum(line_paid) == paid
    if not by_line and paid:
        plan.entries.append(Entry(next(ids), "payment", paid, None, "", "", None))
    for line, amount, line_id in zip(lines, line_paid, line_ids, strict=True):
        if by_line and amount:
            plan.entries.append(Entry(next(ids), "payment", amount, line_id, "", "", None))
        if is_denied(amount, line.adjustments):
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


def plan_denied(plan: ClaimPlan, ids: Iterator[int],
                adjustments: tuple[CasAdjustment, ...]) -> None:
    """Fill a denied claim's plan: its denial reasons, any patient share, and the event."""
    plan.denial_reasons = [a.code() for a in adjustments if a.group != "PR"]
    plan.entries += [Entry(next(ids), "patient_responsibility", cents(a.amount), None, a.group,
                           a.reason, None) for a in adjustments
                     if a.group == "PR" and cents(a.amount)]
    plan.tally()  # the patient's share counts as on a paid claim (preview, denial amount)
    reasons = "; ".join(f"{r} {carc_text(r.split('-')[1])}" for r in plan.denial_reasons)
    plan.events.append((EventKind.DENIED, ", ".join(plan.denial_reasons),
                        f"Denied: {reasons or clp02_text(plan.rc.status_code)}"))


def reverse(plan: ClaimPlan, ids: Iterator[int], chosen: LivePosting | ClaimPlan,
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


def restate(plan: ClaimPlan, standing: LivePosting | ClaimPlan) -> None:
    """After a reversal, the posting that still stands decides the claim's status again."""
    trace = (standing.trace_number if isinstance(standing, LivePosting)
             else "of this ERA")
    plan.events.append((_adjudication(standing), "",
                        f"The payment of check/EFT {trace} stands after the reversal"))
