"""Gather what an 837P needs for stored claims: the X12 writer's input, from the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from oa_desktop.domain.models import Relationship
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import InputError
from oa_desktop.services.claims import secondary
from oa_desktop.store import claims, counters, records
from oa_desktop.store.claims_list import ClaimColumn, ClaimQuery, claim_ids
from oa_desktop.store.db import Store
from oa_desktop.x12.model_837 import ClaimBundle, OtherCoverage, Submission837
from oa_desktop.x12.write_837p import ControlNumbers, write_837p


def claim_bundle(store: Store, claim_id: int) -> ClaimBundle:
    """One stored claim with its patient, coverage, payer, subscriber, providers and COB."""
    claim = claims.get_claim(store, claim_id)
    patient = records.get_patient(store, claim.patient_id)
    coverage = records.get_coverage(store, claim.coverage_id)
    payer = records.get_payer(store, coverage.payer_id)
    subscriber = coverage.subscriber if coverage.relationship is not Relationship.SELF else None
    rendering = (
        records.get_rendering_provider(store, claim.rendering_provider_id)
        if claim.rendering_provider_id is not None else None
    )
    facility = records.get_facility(store, claim.facility_id) if claim.facility_id else None
    other = None
    if claim.secondary_coverage_id is not None:
        other_coverage = records.get_coverage(store, claim.secondary_coverage_id)
        other = OtherCoverage(
            coverage=other_coverage, payer=records.get_payer(store, other_coverage.payer_id),
            subscriber=other_coverage.subscriber or patient.person,
            prior_payment=secondary.prior_payment(store, claim),
        )
    return ClaimBundle(
        claim=claim, patient=patient, coverage=coverage, payer=payer, subscriber=subscriber,
        rendering=rendering, facility=facility, other=other,
    )


def submission(store: Store, claim_ids: Iterable[int]) -> Submission837:
    """The claims to write, under the practice as billing provider."""
    practice = records.load_practice(store)
    if practice is None:
        raise InputError("The practice is not set up yet, so no claim file can be built.",
                         "Fill in the practice (name, NPI, Tax ID, address) first.")
    return Submission837(billing=practice, claims=[claim_bundle(store, i) for i in claim_ids])


def take_control_numbers(store: Store) -> ControlNumbers:
    """Fresh ISA13, GS06 and ST02 from the store's counters (never from the clock)."""
    with store.write() as db:
        return ControlNumbers(
            interchange=counters.next_value(db, "isa13"),
            group=counters.next_value(db, "gs06"),
            transaction=counters.next_value(db, "st02"),
        )


def ready_claim_ids(store: Store) -> list[int]:
    """Every claim that is ready to send, oldest first."""
    query = ClaimQuery(statuses=frozenset({ClaimStatus.READY}), sort=ClaimColumn.PCN,
                       descending=False)
    return claim_ids(store, query)


def export_837(store: Store, claim_ids: list[int] | None = None) -> tuple[str, int]:
    """The 837P text for the given claims (default: every ready one), and how many it holds.

    No claim changes status; only the control-number counters move.
    """
    ids = ready_claim_ids(store) if claim_ids is None else claim_ids
    if not ids:
        raise InputError("There are no ready claims to export.",
                         "Mark claims ready, or name them with --claims.")
    data = submission(store, ids)
    text = write_837p(data, take_control_numbers(store), datetime.now(UTC))
    return text, len(ids)
