"""What a sync did to the claims and the money, in one line (not how many files came).

Before a sync the caller takes a :func:`mark` (the newest claim event and ERA); after
it, :func:`since` counts what arrived in between: claims accepted, rejected or reported
on, ERAs ready to post and their total, and the claims still waiting for Office Ally's
first answer — so "nothing new" right after sending says when answers usually come.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from oa_desktop.domain.money import format_money, from_cents
from oa_desktop.store import sync_queries
from oa_desktop.store.db import Store

# short enough to be read whole in the status bar of a 1366-pixel screen
WHEN_ANSWERS_COME = ("Automatic sync brings Office Ally's answer in minutes to hours (999), "
                     "the payer's in 1–2 days (277CA).")

_ACCEPTED = ("file_accepted", "payer_acknowledged")
_REJECTED = ("file_rejected", "clearinghouse_rejected", "payer_rejected")


@dataclass(frozen=True, slots=True)
class Mark:
    """The newest claim event and ERA before a sync."""

    event_id: int
    remittance_id: int


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What arrived in one sync, counted per claim and per ERA."""

    accepted: int = 0
    rejected: int = 0
    reported: int = 0  # other status reports (pending, finalized)
    eras: int = 0  # new ERAs waiting to be posted
    era_amount: Decimal = Decimal("0.00")
    waiting_first_answer: int = 0  # claims sent and not answered at all yet
    sent_waiting: int = 0  # the sidebar's "Sent, waiting": these and those Office Ally took

    @property
    def anything(self) -> bool:
        """True when something about a claim or a payment arrived."""
        return bool(self.accepted or self.rejected or self.reported or self.eras)

    @property
    def line(self) -> str:
        """"2 claims accepted, 1 rejected; 3 ERAs ready to post ($412.50)"."""
        claims = []
        if self.accepted:
            claims.append(f"{_plural(self.accepted, 'claim')} accepted")
        if self.rejected:
            claims.append(f"{self.rejected:,} rejected" if claims
                          else f"{_plural(self.rejected, 'claim')} rejected")
        if self.reported:
            claims.append(f"{_plural(self.reported, 'status report')} from payers")
        parts = [", ".join(claims)] if claims else []
        if self.eras:
            parts.append(f"{_plural(self.eras, 'ERA')} ready to post "
                         f"({format_money(self.era_amount)})")
        return "; ".join(parts)

    @property
    def waiting_line(self) -> str:
        """Why nothing came yet, when claims wait for their first answer."""
        waiting, sent = self.waiting_first_answer, self.sent_waiting
        if not waiting:
            return ""
        # "24 of the 54": the 54 is the sidebar's Sent, waiting, so the two never disagree
        who = (f"{waiting:,} of the {sent:,} sent claims await" if sent > waiting
               else f"{_plural(waiting, 'sent claim')} await{'s' * (waiting == 1)}")
        return (f"{who} Office Ally's first answer (999, minutes to hours); the payer's "
                "(277CA) takes 1–2 days. Automatic sync brings both.")


def mark(store: Store) -> Mark:
    """The high-water marks to count from."""
    return Mark(*sync_queries.high_water(store))


def since(store: Store, before: Mark) -> SyncOutcome:
    """What arrived after ``before``."""
    kinds = sync_queries.answers_since(store, before.event_id)
    # a claim counts once: rejected if its latest answer rejects it, else accepted if any
    # answer accepted it, else a status report
    rejected = sum(1 for k in kinds.values() if k[-1] in _REJECTED)
    accepted = sum(1 for k in kinds.values()
                   if k[-1] not in _REJECTED and set(k) & set(_ACCEPTED))
    reported = sum(1 for k in kinds.values()
                   if k[-1] not in _REJECTED and not set(k) & set(_ACCEPTED)
                   and "status_reported" in k)
    eras, cents = sync_queries.eras_to_post_since(store, before.remittance_id)
    return SyncOutcome(accepted, rejected, reported, eras, from_cents(cents),
                       sync_queries.claims_awaiting_first_answer(store),
                       sync_queries.claims_sent_waiting(store))
