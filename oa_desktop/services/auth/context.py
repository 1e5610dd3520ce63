"""What the scrubber needs of authorizations and timely filing, added to a claim's context.

The editor's scrub and the batch's scrub both go through :class:`AuthInputs`, so the two
see the same warnings. A batch scrubs hundreds of claims of few coverages: the inputs
read each coverage's authorizations and lines once, and what other claims use of an
authorization is its total less the claim's own share.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from oa_desktop.domain import authorizations as dom
from oa_desktop.domain.authorizations import Authorization
from oa_desktop.domain.models import Claim, Payer
from oa_desktop.domain.scrub_findings import ScrubContext
from oa_desktop.services.auth.filing import claim_deadline
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import filing as store_filing
from oa_desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class _Coverage:
    auths: tuple[Authorization, ...]
    totals: dict[int, Decimal]  # authorization id → used by every claim
    shares: dict[int, dict[int, Decimal]]  # claim id → authorization id → its own use


class AuthInputs:
    """Authorizations, usage and filing limits read once for many claims."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._coverages: dict[int, _Coverage] = {}
        self._limits: dict[int, store_filing.PayerLimit] | None = None

    def _coverage(self, coverage_id: int) -> _Coverage:
        found = self._coverages.get(coverage_id)
        if found is None:
            auths = tuple(store_auth.for_coverages(self.store, [coverage_id]))
            totals: dict[int, Decimal] = {}
            shares: dict[int, dict[int, Decimal]] = {}
            if auths:
                by_auth, _ = dom.assign(auths, store_auth.usage_lines(self.store, [coverage_id]))
                for auth in auths:
                    key = auth.id or 0
                    mine = by_auth[key]
                    totals[key] = dom.amount_of(auth, mine)
                    for claim_id in {line.claim_id for line in mine}:
                        shares.setdefault(claim_id, {})[key] = dom.amount_of(
                            auth, [x for x in mine if x.claim_id == claim_id])
            found = _Coverage(auths, totals, shares)
            self._coverages[coverage_id] = found
        return found

    def authorizations(self, claim: Claim) -> tuple[tuple[Authorization, ...], dict[int, Decimal]]:
        """The coverage's authorizations, and what other claims use of each."""
        cov = self._coverage(claim.coverage_id)
        own = cov.shares.get(claim.id or -1, {})
        return cov.auths, {key: total - own.get(key, Decimal(0))
                           for key, total in cov.totals.items()}

    def deadline(self, claim: Claim, payer: Payer | None) -> date | None:
        """The claim's filing deadline while the payer has not accepted it, else None."""
        if self._limits is None:
            self._limits = store_filing.payer_limits(self.store)
        return claim_deadline(self.store, claim, payer, self._limits)

    def add_to(self, context: ScrubContext) -> ScrubContext:
        """``context`` with the authorizations, their use by other claims and the deadline."""
        claim = context.claim
        auths, used = (self.authorizations(claim) if context.coverage is not None
                       else ((), {}))
        return replace(context, authorizations=auths, auth_used_elsewhere=used,
                       filing_deadline=self.deadline(claim, context.payer))


def with_auth_and_filing(store: Store, context: ScrubContext) -> ScrubContext:
    """One claim's context with authorizations and the filing deadline (the editor's)."""
    return AuthInputs(store).add_to(context)
