"""Timely filing deadlines of the claims the payer has not accepted yet, and their queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from oa_desktop.domain import filing as rules
from oa_desktop.domain.models import Claim, Frequency, Payer
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store import filing as store_filing
from oa_desktop.store.db import Store

S = ClaimStatus
# not yet accepted by the payer: the deadline still matters
OPEN_STATUSES = (S.DRAFT, S.READY, S.SUBMITTED, S.ACCEPTED_BY_CLEARINGHOUSE, S.REJECTED)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A claim the payer has not accepted, with its filing limit and deadline."""

    claim: store_filing.OpenClaim
    payer_name: str
    limit_days: int
    limit_source: str  # "payer" (its own limit) or the default rule's label
    due: date
    days_left: int  # negative once passed


def deadlines(store: Store, today: date, claim_ids: Sequence[int] | None = None,
              *, open_only: bool = True) -> list[Deadline]:
    """The filing deadline of each open claim (or of those given, if still open, or whatever
    their status with ``open_only=False``), soonest first."""
    limits = store_filing.payer_limits(store)
    found = [c for c in store_filing.open_claims(store, [s.value for s in OPEN_STATUSES],
                                                claim_ids)
             if c.status in OPEN_STATUSES or not open_only]
    corrected = [c.claim_id for c in found if c.frequency == Frequency.REPLACEMENT.value]
    decided = store_filing.decision_dates(store, corrected) if corrected else {}
    result = []
    for claim in found:
        payer = limits[claim.payer_id]
        rule = rules.default_rule(payer.name, payer.indicator)
        days = payer.own_days or rule.days
        due = rules.deadline(claim.first_date, days, decided.get(claim.claim_id))
        result.append(Deadline(claim, payer.name, days,
                               "payer" if payer.own_days else rule.label, due,
                               rules.days_left(due, today)))
    result.sort(key=lambda d: (d.due, d.claim.claim_id))
    return result


def deadline_of(store: Store, claim_id: int, today: date) -> Deadline | None:
    """One claim's deadline, or None once the payer has accepted it."""
    found = deadlines(store, today, [claim_id])
    return found[0] if found else None


def due_soon(store: Store, today: date,
             within: int = rules.QUEUE_WITHIN_DAYS) -> list[Deadline]:
    """The "Filing deadline within 14 days" queue (claims past it included)."""
    return [d for d in deadlines(store, today) if d.days_left <= within]


def claim_deadline(store: Store, claim: Claim, payer: Payer | None,
                   limits: dict[int, store_filing.PayerLimit] | None = None) -> date | None:
    """The deadline of a claim as it is in the editor (saved or not), None once accepted.

    ``limits`` are the payers' own limits when the caller has read them already.
    """
    if payer is None or payer.id is None or claim.first_date is None:
        return None
    if claim.status not in OPEN_STATUSES:
        return None
    limit = (limits if limits is not None else store_filing.payer_limits(store)).get(payer.id)
    days = rules.limit_days(limit.own_days if limit else None, payer.name,
                            payer.claim_filing_indicator)
    decided = None
    if claim.id is not None and claim.frequency is Frequency.REPLACEMENT:
        decided = store_filing.decision_dates(store, [claim.id]).get(claim.id)
    return rules.deadline(claim.first_date, days, decided)


def deadline_text(store: Store, claim: Claim, today: date | None = None) -> str:
    """``Filing deadline 01/29/2027 (57 days left)`` while the payer has not accepted the
    claim; '' once it has (or before it has a date of service)."""
    from oa_desktop.store import records

    if claim.coverage_id <= 0 or claim.first_date is None:
        return ""
    payer = records.get_payer(store, records.get_coverage(store, claim.coverage_id).payer_id)
    due = claim_deadline(store, claim, payer)
    if due is None:
        return ""
    left = rules.days_left(due, today or date.today())
    when = (f"passed {-left} day{'' if left == -1 else 's'} ago" if left < 0
            else f"{left} day{'' if left == 1 else 's'} left")
    return f"Filing deadline {due:%m/%d/%Y} ({when})"
