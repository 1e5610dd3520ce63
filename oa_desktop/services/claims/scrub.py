"""Scrub a claim against the store: load what the edits need, then run the scrubber."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from oa_desktop.domain.models import Claim
from oa_desktop.domain.scrub_findings import Finding, ScrubContext
from oa_desktop.domain.scrubber import scrub
from oa_desktop.services.auth.context import with_auth_and_filing
from oa_desktop.services.claims import icd10
from oa_desktop.services.claims.loading import ClaimLoader
from oa_desktop.store import claims, scrub_queries
from oa_desktop.store.db import Store


def build_context(store: Store, claim: Claim, today: date | None = None) -> ScrubContext:
    """Everything the scrubber looks at for ``claim`` (saved or not), read from the store."""
    loaded = ClaimLoader(store).load(claim)
    found: tuple[str, ...] = ()
    if loaded.payer is not None and loaded.payer.id is not None:
        found = scrub_queries.duplicate_claims(
            store, patient_id=claim.patient_id, payer_id=loaded.payer.id,
            services=[(line.service_date, line.procedure_code) for line in claim.lines],
            exclude_claim_id=claim.id,
        )
    return with_auth_and_filing(store, replace(
        loaded, today=today or date.today(), is_billable=icd10.is_billable,
        duplicate_pcns=found))


def scrub_claim(store: Store, claim: Claim, today: date | None = None) -> list[Finding]:
    """Scrub a claim as it is in the editor (it need not be saved)."""
    return scrub(build_context(store, claim, today))


def scrub_claim_id(store: Store, claim_id: int, today: date | None = None) -> list[Finding]:
    """Scrub a stored claim (before it goes into a batch)."""
    return scrub_claim(store, claims.get_claim(store, claim_id), today)
