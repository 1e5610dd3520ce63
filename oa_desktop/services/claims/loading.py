"""One loader for "a claim with its patient, coverage, payer, providers and facility".

The scrub (in the editor and before a batch), the batch builder and the 837P bundles
all read claims through :class:`ClaimLoader`. A record the claim points at that does
not exist (an unsaved claim may point nowhere) loads as ``None``; the scrub says so in
plain words, and :meth:`ClaimLoader.bundle` refuses. Records are read once per loader
and shared among the claims it loads (a batch of 5,000 claims names a few payers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from oa_desktop.domain.models import (
    BillingProvider,
    Claim,
    Coverage,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
)
from oa_desktop.domain.scrub_findings import ScrubContext
from oa_desktop.errors import InputError
from oa_desktop.services.claims import secondary
from oa_desktop.store import claims, records, scrub_queries
from oa_desktop.store.db import Store
from oa_desktop.x12.model_837 import ClaimBundle, OtherCoverage, Submission837

T = TypeVar("T")


def subscriber_of(coverage: Coverage) -> Person | None:
    """The subscriber when the patient is not the insured (loop 2010BA vs 2010CA)."""
    return coverage.subscriber if coverage.relationship is not Relationship.SELF else None


class ClaimLoader:
    """Reads claims with their records, each record once per loader."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.practice: BillingProvider | None = records.load_practice(store)
        self._cache: dict[str, dict[int, Any]] = {}

    def preload(self) -> None:
        """Read every payer, rendering provider and facility at once (for many claims)."""
        found: tuple[tuple[str, list[Any]], ...] = (
            ("payers", records.list_payers(self.store)),
            ("rendering_providers", records.list_rendering_providers(self.store)),
            ("facilities", records.list_facilities(self.store)))
        for table, rows in found:
            self._cache.setdefault(table, {}).update((r.id, r) for r in rows)

    def _get(self, table: str, row_id: int | None, read: Callable[[Store, int], T]) -> T | None:
        if row_id is None:
            return None
        cache = self._cache.setdefault(table, {})
        if row_id not in cache:
            found = scrub_queries.exists(self.store, table, row_id)
            cache[row_id] = read(self.store, row_id) if found else None
        return cast("T | None", cache[row_id])

    def coverage(self, coverage_id: int | None) -> Coverage | None:
        """One coverage, or None."""
        return self._get("coverages", coverage_id, records.get_coverage)

    def payer(self, payer_id: int | None) -> Payer | None:
        """One payer, or None."""
        return self._get("payers", payer_id, records.get_payer)

    def rendering(self, provider_id: int | None) -> RenderingProvider | None:
        """One rendering provider, or None."""
        return self._get("rendering_providers", provider_id, records.get_rendering_provider)

    def load(self, claim: Claim) -> ScrubContext:
        """``claim`` (saved or not) with its records: the scrub's context, without the
        scrub's own facts (today, duplicates), which the scrub adds."""
        coverage = self.coverage(claim.coverage_id)
        return ScrubContext(
            claim=claim, practice=self.practice,
            patient=self._get("patients", claim.patient_id, records.get_patient),
            coverage=coverage, payer=self.payer(coverage.payer_id if coverage else None),
            rendering=self.rendering(claim.rendering_provider_id),
            facility=self._get("facilities", claim.facility_id, records.get_facility),
        )

    def load_id(self, claim_id: int) -> ScrubContext:
        """A stored claim with its records."""
        return self.load(claims.get_claim(self.store, claim_id))

    def bundle(self, loaded: ScrubContext) -> ClaimBundle:
        """What the 837P writer needs of one claim, with its secondary coverage (COB)."""
        claim, patient, coverage, payer = (loaded.claim, loaded.patient, loaded.coverage,
                                           loaded.payer)
        if patient is None or coverage is None or payer is None:
            raise InputError(f"Claim {claim.patient_control_number} has no patient, coverage "
                             "or payer on file, so it cannot be written.",
                             "Open the claim and choose them, then try again.")
        other = None
        if claim.secondary_coverage_id is not None:
            other_coverage = records.get_coverage(self.store, claim.secondary_coverage_id)
            other = OtherCoverage(
                coverage=other_coverage, payer=records.get_payer(self.store,
                                                                 other_coverage.payer_id),
                subscriber=other_coverage.subscriber or patient.person,
                prior_payment=secondary.prior_payment(self.store, claim),
            )
        return ClaimBundle(
            claim=claim, patient=patient, coverage=coverage, payer=payer,
            subscriber=subscriber_of(coverage), rendering=loaded.rendering,
            facility=loaded.facility, other=other,
        )

    def submission(self, loaded: Iterable[ScrubContext]) -> Submission837:
        """The claims to write, under the practice as billing provider."""
        if self.practice is None:
            raise InputError("The practice is not set up yet, so no claim file can be built.",
                             "Fill in the practice (name, NPI, Tax ID, address) first.")
        return Submission837(billing=self.practice, claims=[self.bundle(c) for c in loaded])
