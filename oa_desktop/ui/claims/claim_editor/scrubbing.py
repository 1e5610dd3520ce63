"""Run the scrubber on the claim as typed (``services.scrub``).

The editor adds its own findings for what it cannot turn into a claim at all (a date
that is not a date, a pointer to an empty diagnosis); :func:`merge` drops a scrubber
finding the editor already reports.
"""

from __future__ import annotations

from dataclasses import replace

from oa_desktop.domain.models import Claim
from oa_desktop.domain.scrub_findings import Finding, Severity
from oa_desktop.services.claims import scrub
from oa_desktop.store.db import Store

# A claim takes its number (CLM01) when first saved; until then the scrubber checks the
# rest of the claim as if it had a valid one.
_UNSAVED_PCN = "C0000000"


def form_error(code: str, box: str, element: str, message: str, hint: str,
               line: int | None = None) -> Finding:
    """A problem the editor itself finds (it blocks Mark ready like any error)."""
    return Finding(Severity.ERROR, f"form.{code}", box, element, message, hint, line)


def scrub_claim(store: Store, claim: Claim) -> list[Finding]:
    """The scrubber's findings for ``claim`` (not yet saved is fine)."""
    if not claim.patient_control_number:
        claim = replace(claim, patient_control_number=_UNSAVED_PCN)
    return scrub.scrub_claim(store, claim)


def merge(form: list[Finding], scrubbed: list[Finding]) -> list[Finding]:
    """The editor's findings, then the scrubber's not already said; errors first."""
    said = {(f.box, f.line) for f in form}
    if any(f.line for f in form):  # the lines are typed, just not readable yet
        said.add(("24", None))
    findings = form + [f for f in scrubbed if (f.box, f.line) not in said]
    return sorted(findings, key=lambda f: (f.severity != Severity.ERROR, f.line or 0))
