"""Run the scrubber on the claim as typed.

Uses ``oa_desktop.services.scrub.scrub_claim(store, claim)`` when this build has it;
otherwise builds the :class:`ScrubContext` here. The editor adds its own findings for
what it cannot turn into a claim at all (a date that is not a date, a pointer to an
empty diagnosis); :func:`merge` drops a scrubber finding the editor already reports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date

from oa_desktop.domain.models import Claim
from oa_desktop.domain.scrubber import Finding, ScrubContext, Severity, scrub
from oa_desktop.store import records
from oa_desktop.store.db import Store
from oa_desktop.ui.claim_editor import icd10


def form_error(code: str, box: str, element: str, message: str, hint: str,
               line: int | None = None) -> Finding:
    """A problem the editor itself finds (it blocks Mark ready like any error)."""
    return Finding(Severity.ERROR, f"form.{code}", box, element, message, hint, line)


def build_context(store: Store, claim: Claim, today: date | None = None) -> ScrubContext:
    """Everything the scrubber's edits look at, read from the store."""
    coverage = records.get_coverage(store, claim.coverage_id) if claim.coverage_id else None
    return ScrubContext(
        claim=claim,
        practice=records.load_practice(store),
        patient=records.get_patient(store, claim.patient_id) if claim.patient_id else None,
        coverage=coverage,
        payer=records.get_payer(store, coverage.payer_id) if coverage else None,
        rendering=records.get_rendering_provider(store, claim.rendering_provider_id)
        if claim.rendering_provider_id else None,
        facility=records.get_facility(store, claim.facility_id) if claim.facility_id else None,
        today=today or date.today(),
        is_billable=icd10.is_billable,
    )


def _service() -> Callable[[Store, Claim], list[Finding]] | None:
    try:
        module = importlib.import_module("oa_desktop.services.scrub")
    except ImportError:
        return None
    return getattr(module, "scrub_claim", None)


def scrub_claim(store: Store, claim: Claim) -> list[Finding]:
    """The scrubber's findings for ``claim`` (not yet saved is fine)."""
    service = _service()
    if service is not None:
        return service(store, claim)
    return scrub(build_context(store, claim))


def merge(form: list[Finding], scrubbed: list[Finding]) -> list[Finding]:
    """The editor's findings, then the scrubber's not already said; errors first."""
    said = {(f.box, f.line) for f in form}
    findings = form + [f for f in scrubbed if (f.box, f.line) not in said]
    return sorted(findings, key=lambda f: (f.severity != Severity.ERROR, f.line or 0))
