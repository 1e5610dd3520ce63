"""Scrub a claim against the store: load what the edits need, then run the scrubber."""

from __future__ import annotations

from datetime import date

from oa_desktop.domain.models import Claim, Coverage, Payer
from oa_desktop.domain.scrubber import Finding, ScrubContext, scrub
from oa_desktop.services.auth.filing import claim_deadline
from oa_desktop.services.auth.usage import claim_authorizations
from oa_desktop.services.claims import icd10
from oa_desktop.store import claims, records, scrub_queries
from oa_desktop.store.db import Store


def _coverage(store: Store, coverage_id: int) -> Coverage | None:
    if not scrub_queries.exists(store, "coverages", coverage_id):
        return None
    return records.get_coverage(store, coverage_id)


def _payer(store: Store, coverage: Coverage | None) -> Payer | None:
    if coverage is None or not scrub_queries.exists(store, "payers", coverage.payer_id):
        return None
    return records.get_payer(store, coverage.payer_id)


def build_context(store: Store, claim: Claim, today: date | None = None) -> ScrubContext:
    """Everything the scrubber looks at for ``claim`` (saved or not), read from the store."""
    coverage = _coverage(store, claim.coverage_id)
    payer = _payer(store, coverage)
    patient = (records.get_patient(store, claim.patient_id)
               if scrub_queries.exists(store, "patients", claim.patient_id) else None)
    rendering = None
    if scrub_queries.exists(store, "rendering_providers", claim.rendering_provider_id):
        assert claim.rendering_provider_id is not None
        rendering = records.get_rendering_provider(store, claim.rendering_provider_id)
    facility = None
    if scrub_queries.exists(store, "facilities", claim.facility_id):
        assert claim.facility_id is not None
        facility = records.get_facility(store, claim.facility_id)
    found: tuple[str, ...] = ()
    if payer is not None and payer.id is not None:
        found = scrub_queries.duplicate_claims(
            store, patient_id=claim.patient_id, payer_id=payer.id,
            services=[(line.service_date, line.procedure_code) for line in claim.lines],
            exclude_claim_id=claim.id,
        )
    day = today or date.today()
    auths, used = claim_authorizations(store, claim) if coverage is not None else ((), {})
    return ScrubContext(
        claim=claim, practice=records.load_practice(store), patient=patient, coverage=coverage,
        payer=payer, rendering=rendering, facility=facility, today=day,
        is_billable=icd10.is_billable, duplicate_pcns=found,
        authorizations=auths, auth_used_elsewhere=used,
        filing_deadline=claim_deadline(store, claim, payer),
    )


def scrub_claim(store: Store, claim: Claim, today: date | None = None) -> list[Finding]:
    """Scrub a claim as it is in the editor (it need not be saved)."""
    return scrub(build_context(store, claim, today))


def scrub_claim_id(store: Store, claim_id: int, today: date | None = None) -> list[Finding]:
    """Scrub a stored claim (before it goes into a batch)."""
    return scrub_claim(store, claims.get_claim(store, claim_id), today)
