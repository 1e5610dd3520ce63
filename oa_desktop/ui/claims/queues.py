"""The work queues on the left of the main window: the day's to-do list with counts."""

from __future__ import annotations

from dataclasses import dataclass

from oa_desktop.domain.status import ClaimStatus

S = ClaimStatus


@dataclass(frozen=True)
class Queue:
    """A work queue on the left: which claim statuses it lists."""
    key: str
    title: str
    statuses: frozenset[ClaimStatus]
    needs_action: bool  # show its count as a badge
    empty_text: str


QUEUES: tuple[Queue, ...] = (
    Queue("all", "All claims", frozenset(), False,
          "No claims yet. Claims you create, and claims imported from your old system, "
          "appear here."),
    Queue("drafts", "Drafts", frozenset({S.DRAFT}), True,
          "No drafts. Every claim has been checked and is ready or sent."),
    Queue("ready", "Ready to send", frozenset({S.READY}), True,
          "Nothing waiting to be sent. Claims that pass the scrubber wait here for the next "
          "batch."),
    Queue("waiting", "Sent, waiting", frozenset({S.SUBMITTED, S.ACCEPTED_BY_CLEARINGHOUSE,
                                                S.ACCEPTED_BY_PAYER}), False,
          "No claims waiting on Office Ally or a payer."),
    Queue("pending", "Pending at payer", frozenset({S.PENDING_AT_PAYER,
                                                    S.APPROVED_FOR_PAYMENT}), False,
          "No claims pending at a payer. When a payer reports a claim pending or approved "
          "for payment (a 277), it waits here with the reason in words."),
    Queue("info_requested", "Payer needs information", frozenset({S.INFO_REQUESTED}), True,
          "No payer is asking for information. When one does, the claim lands here with "
          "what was asked."),
    Queue("payer_review", "Returned or not paid", frozenset({S.RETURNED_BY_PAYER,
                                                             S.FINALIZED_NO_PAYMENT}), True,
          "No claims returned, forwarded or finalized without payment."),
    Queue("paid", "Paid", frozenset({S.PAID, S.PARTIALLY_PAID}), False,
          "No paid claims yet. They appear after an ERA is posted."),
    Queue("closed", "Closed", frozenset({S.CLOSED}), False, "No closed claims yet."),
)
