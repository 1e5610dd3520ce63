"""The claim's journey (DESIGN §2): statuses, the events that move a claim, and the rules.

A claim's status is never set directly: it is the result of folding its append-only
events through :func:`next_status`. User actions must follow the machine; answers from
outside (999, 277CA, reports, 835) are facts and are always recorded, but only move the
claim where the machine says they do.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class ClaimStatus(StrEnum):
    """Where a claim is in its journey (DESIGN §2)."""
    DRAFT = "draft"
    READY = "ready"
    SUBMITTED = "submitted"
    ACCEPTED_BY_CLEARINGHOUSE = "accepted_by_clearinghouse"
    REJECTED = "rejected"
    ACCEPTED_BY_PAYER = "accepted_by_payer"
    # where a 277 says the claim is at the payer (DESIGN §2's table)
    PENDING_AT_PAYER = "pending_at_payer"  # P0, P1, P2, P5
    INFO_REQUESTED = "info_requested"  # P3, P4, R0-R16: the payer needs information
    APPROVED_FOR_PAYMENT = "approved_for_payment"  # F0, F1
    RETURNED_BY_PAYER = "returned_by_payer"  # F3, F3F, F3N: returned or forwarded
    FINALIZED_NO_PAYMENT = "finalized_no_payment"  # F4
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DENIED = "denied"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The name a biller sees."""
        return STATUS_LABELS[self]


STATUS_LABELS: dict[ClaimStatus, str] = {
    ClaimStatus.DRAFT: "Draft",
    ClaimStatus.READY: "Ready to send",
    ClaimStatus.SUBMITTED: "Sent, waiting",
    ClaimStatus.ACCEPTED_BY_CLEARINGHOUSE: "Accepted by Office Ally",
    ClaimStatus.REJECTED: "Rejected",
    ClaimStatus.ACCEPTED_BY_PAYER: "Accepted by payer",
    ClaimStatus.PENDING_AT_PAYER: "Pending at payer",
    ClaimStatus.INFO_REQUESTED: "Payer needs information",
    ClaimStatus.APPROVED_FOR_PAYMENT: "Approved, payment coming",
    ClaimStatus.RETURNED_BY_PAYER: "Returned or forwarded by payer",
    ClaimStatus.FINALIZED_NO_PAYMENT: "Finalized, no payment",
    ClaimStatus.PAID: "Paid",
    ClaimStatus.PARTIALLY_PAID: "Partially paid",
    ClaimStatus.DENIED: "Denied",
    ClaimStatus.CLOSED: "Closed",
}


class EventKind(StrEnum):
    """What happened to a claim: a user action or an answer from outside."""
    # user actions
    CREATED = "created"
    MARKED_READY = "marked_ready"  # scrub passed
    EDITED = "edited"  # a change that sends a ready or rejected claim back to draft
    CORRECTION_STARTED = "correction_started"  # replacement (7) or void (8) of an adjudicated claim
    SUBMITTED = "submitted"  # upload confirmed
    CLOSED = "closed"  # balance is zero
    REOPENED = "reopened"  # posting undone or balance changed
    NOTE = "note"
    # answers from outside
    FILE_ACCEPTED = "file_accepted"  # 999 A or E
    FILE_REJECTED = "file_rejected"  # 999 R, or Office Ally says the file failed
    CLEARINGHOUSE_REJECTED = "clearinghouse_rejected"  # Office Ally's report: claim error
    PAYER_ACKNOWLEDGED = "payer_acknowledged"  # 277CA A1/A2 (and A0 forwarded)
    PAYER_REJECTED = "payer_rejected"  # 277CA A3/A4/A6/A7/A8
    STATUS_REPORTED = "status_reported"  # 277 E and D categories, or an outranked report
    PAYER_PENDED = "payer_pended"  # 277 P0, P1, P2, P5
    INFO_REQUESTED = "info_requested"  # 277 P3, P4, R0-R16
    PAYER_APPROVED = "payer_approved"  # 277 F0, F1
    PAYER_DENIED = "payer_denied"  # 277 F2
    PAYER_RETURNED = "payer_returned"  # 277 F3, F3F, F3N
    PAYER_FINALIZED = "payer_finalized"  # 277 F4: finalized, no payment
    PAID = "paid"  # 835 CLP with full payment
    PARTIALLY_PAID = "partially_paid"  # 835 CLP with some payment
    DENIED = "denied"  # 835 CLP with no payment
    REVERSED = "reversed"  # 835 CLP02 = 22

    @property
    def is_remote(self) -> bool:
        """True for answers from Office Ally or a payer (always recorded)."""
        return self in _REMOTE

    @property
    def label(self) -> str:
        """Plain words for the claim timeline."""
        return self.value.replace("_", " ").capitalize()


_REMOTE = frozenset(
    {
        EventKind.FILE_ACCEPTED,
        EventKind.FILE_REJECTED,
        EventKind.CLEARINGHOUSE_REJECTED,
        EventKind.PAYER_ACKNOWLEDGED,
        EventKind.PAYER_REJECTED,
        EventKind.STATUS_REPORTED,
        EventKind.PAYER_PENDED,
        EventKind.INFO_REQUESTED,
        EventKind.PAYER_APPROVED,
        EventKind.PAYER_DENIED,
        EventKind.PAYER_RETURNED,
        EventKind.PAYER_FINALIZED,
        EventKind.PAID,
        EventKind.PARTIALLY_PAID,
        EventKind.DENIED,
        EventKind.REVERSED,
    }
)

S = ClaimStatus
_AT_PAYER = (S.PENDING_AT_PAYER, S.INFO_REQUESTED, S.APPROVED_FOR_PAYMENT, S.RETURNED_BY_PAYER,
             S.FINALIZED_NO_PAYMENT)
_SENT = (S.SUBMITTED, S.ACCEPTED_BY_CLEARINGHOUSE, S.ACCEPTED_BY_PAYER, S.REJECTED, *_AT_PAYER)
# A 277 moves a claim that is sent or at the payer, and one a 277 denied; never a claim an
# 835 paid (an 835 outranks a 277; the ingest records an outranked report as an event).
_BY_277 = (*_SENT, S.DENIED)
_ADJUDICATED = (S.PAID, S.PARTIALLY_PAID, S.DENIED)

# event -> {from status: to status}. A pair not listed is refused for a user action, and
# recorded without a change of status for an answer from outside.
TRANSITIONS: dict[EventKind, dict[ClaimStatus, ClaimStatus]] = {
    EventKind.CREATED: {},
    EventKind.MARKED_READY: {S.DRAFT: S.READY},
    EventKind.EDITED: {S.DRAFT: S.DRAFT, S.READY: S.DRAFT, S.REJECTED: S.DRAFT},
    EventKind.CORRECTION_STARTED: {s: S.DRAFT for s in (*_ADJUDICATED, S.CLOSED,
                                                         S.FINALIZED_NO_PAYMENT)},
    EventKind.SUBMITTED: {S.READY: S.SUBMITTED},
    EventKind.CLOSED: {s: S.CLOSED for s in _ADJUDICATED},
    EventKind.REOPENED: {S.CLOSED: S.ACCEPTED_BY_PAYER},
    EventKind.NOTE: {s: s for s in S},
    EventKind.FILE_ACCEPTED: {S.SUBMITTED: S.ACCEPTED_BY_CLEARINGHOUSE},
    EventKind.FILE_REJECTED: {S.SUBMITTED: S.REJECTED, S.ACCEPTED_BY_CLEARINGHOUSE: S.REJECTED},
    EventKind.CLEARINGHOUSE_REJECTED: {
        S.SUBMITTED: S.REJECTED,
        S.ACCEPTED_BY_CLEARINGHOUSE: S.REJECTED,
    },
    EventKind.PAYER_ACKNOWLEDGED: {s: S.ACCEPTED_BY_PAYER for s in _SENT},
    EventKind.PAYER_REJECTED: {
        S.SUBMITTED: S.REJECTED,
        S.ACCEPTED_BY_CLEARINGHOUSE: S.REJECTED,
        S.ACCEPTED_BY_PAYER: S.REJECTED,
        **{s: S.REJECTED for s in _AT_PAYER},
    },
    EventKind.STATUS_REPORTED: {},
    EventKind.PAYER_PENDED: {s: S.PENDING_AT_PAYER for s in _BY_277},
    EventKind.INFO_REQUESTED: {s: S.INFO_REQUESTED for s in _BY_277},
    EventKind.PAYER_APPROVED: {s: S.APPROVED_FOR_PAYMENT for s in _BY_277},
    EventKind.PAYER_DENIED: {s: S.DENIED for s in _BY_277},
    EventKind.PAYER_RETURNED: {s: S.RETURNED_BY_PAYER for s in _BY_277},
    EventKind.PAYER_FINALIZED: {s: S.FINALIZED_NO_PAYMENT for s in _BY_277},
    EventKind.PAID: {s: S.PAID for s in (*_SENT, *_ADJUDICATED)},
    EventKind.PARTIALLY_PAID: {s: S.PARTIALLY_PAID for s in (*_SENT, *_ADJUDICATED)},
    EventKind.DENIED: {s: S.DENIED for s in (*_SENT, *_ADJUDICATED)},
    EventKind.REVERSED: {s: S.ACCEPTED_BY_PAYER for s in (*_ADJUDICATED, S.CLOSED)},
}


class InvalidTransition(ValueError):
    """A user action that the claim's current status does not allow."""


def next_status(current: ClaimStatus | None, event: EventKind) -> ClaimStatus:
    """Return the status after ``event``. ``current`` is None before the claim exists."""
    if event is EventKind.CREATED:
        if current is not None:
            raise InvalidTransition("the claim already exists")
        return S.DRAFT
    if current is None:
        raise InvalidTransition(f"{event.label} before the claim was created")
    target = TRANSITIONS[event].get(current)
    if target is not None:
        return target
    if event.is_remote:
        return current
    raise InvalidTransition(f"{event.label} is not possible for a claim that is {current.label}")


def can_apply(current: ClaimStatus, event: EventKind) -> bool:
    """True if a user may take the action ``event`` on a claim in ``current``."""
    try:
        next_status(current, event)
    except InvalidTransition:
        return False
    return True


def derive_status(events: Iterable[EventKind]) -> ClaimStatus:
    """Fold a claim's events, oldest first, into its status."""
    status: ClaimStatus | None = None
    for event in events:
        status = next_status(status, event)
    if status is None:
        raise InvalidTransition("a claim has at least its creation event")
    return status


_RESTATES = {S.PAID: EventKind.PAID, S.PARTIALLY_PAID: EventKind.PARTIALLY_PAID,
             S.DENIED: EventKind.DENIED}


def settle_events(current: ClaimStatus, balance_cents: int,
                  before_close: ClaimStatus | None = None) -> list[EventKind]:
    """The events that make a claim's status agree with its balance after money moved
    (an ERA or paper EOB posting, a desk payment, adjustment, refund, recoupment, an undo).

    A claim the payer answered (paid, partially paid, denied) closes when nothing is owed
    on it; a closed claim that is owed again reopens to the answer it had when it closed
    (``before_close``). Anything else stays as it is.
    """
    if balance_cents == 0 and current in _ADJUDICATED:
        return [EventKind.CLOSED]
    if balance_cents != 0 and current is S.CLOSED:
        again = _RESTATES.get(before_close) if before_close is not None else None
        return [EventKind.REOPENED, *([again] if again else [])]
    return []
