"""Where a 277 says a claim is: its status categories (STC01-1) move the claim.

DESIGN §2's table: A-rejections reject; P0-P5 pend at the payer (P3/P4 and R-codes: the
payer needs information); F0/F1 approved, payment coming; F2 denied; F3/F3F/F3N returned
or forwarded; F4 finalized with no payment; E and D codes are events only. Of two reports
the later by its own date (STC02) wins, and an 835 outranks any 277.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from oa_desktop.domain.money import format_money
from oa_desktop.domain.status import EventKind
from oa_desktop.x12.read_277 import ClaimStatus, Status

ACKNOWLEDGED = frozenset({"A0", "A1", "A2"})
REJECTED = frozenset({"A3", "A4", "A6", "A7", "A8"})
NEEDS_INFORMATION = frozenset({"P3", "P4"})  # and every R category
PENDING = frozenset({"P0", "P1", "P2", "P5"})
APPROVED = frozenset({"F0", "F1"})
RETURNED = frozenset({"F3", "F3F", "F3N"})

# P, F and R categories in a biller's words.
WORDS = {
    "P0": "Pending at the payer: waiting for adjudication details",
    "P1": "Pending at the payer: in process",
    "P2": "Pending at the payer: under payer review",
    "P3": "Pending: the payer asked the provider for information",
    "P4": "Pending: the payer asked the patient for information",
    "P5": "Pending at the payer: on an administrative or system hold",
    "F0": "Finalized: adjudication complete",
    "F1": "Approved: payment is coming",
    "F2": "Denied by the payer",
    "F3": "Finalized: the payer revised its decision",
    "F3F": "Finalized: forwarded to another payer",
    "F3N": "Finalized: returned, not forwarded to another payer",
    "F4": "Finalized: adjudication complete, no payment will be made",
}

# The claim-level categories in order of weight: the first kind any of them names wins.
_ORDER: tuple[tuple[frozenset[str], EventKind, str], ...] = (
    (REJECTED, EventKind.PAYER_REJECTED, "rejected"),
    (frozenset({"F2"}), EventKind.PAYER_DENIED, ""),
    (frozenset({"F4"}), EventKind.PAYER_FINALIZED, ""),
    (RETURNED, EventKind.PAYER_RETURNED, ""),
    (APPROVED, EventKind.PAYER_APPROVED, ""),
    (NEEDS_INFORMATION, EventKind.INFO_REQUESTED, ""),
    (PENDING, EventKind.PAYER_PENDED, ""),
    (ACKNOWLEDGED, EventKind.PAYER_ACKNOWLEDGED, "accepted"),
)
MOVING = frozenset(kind for _, kind, _ in _ORDER)


def kind_for(categories: Iterable[str]) -> tuple[EventKind, str]:
    """The event (and batch outcome) a claim's claim-level categories make."""
    found = set(categories)
    if any(c.startswith("R") for c in found):
        found.add("P3")  # more information requested
    for codes, kind, outcome in _ORDER:
        if found & codes:
            return kind, outcome
    return EventKind.STATUS_REPORTED, ""


def reported_on(loop: ClaimStatus) -> date | None:
    """The date the report gives for the claim's status (the latest claim-level STC02)."""
    days = [s.date for s in loop.statuses if s.line is None and s.date is not None]
    return max(days) if days else None


def approved_amount(statuses: Iterable[Status]) -> str:
    """", $123.45 to be paid" from an F1's STC05 (else STC04), or ''."""
    for status in statuses:
        if status.category in APPROVED and status.line is None:
            amount = status.paid if status.paid is not None else status.charge
            if amount is not None and status.paid is not None:
                return f" ({format_money(amount)} to be paid)"
            if amount is not None:
                return f" (claim of {format_money(amount)})"
    return ""


def outranked(kind: EventKind, day: date | None, latest: str | None,
              denied_by_835: bool) -> str:
    """Why a moving report is kept as an event only ('' when it moves the claim)."""
    if kind not in MOVING:
        return ""
    if denied_by_835:
        return " (kept as history: the ERA's decision outranks a status report)"
    if latest is not None and day is not None and day.isoformat() < latest:
        return " (kept as history: a later status was already reported)"
    return ""
