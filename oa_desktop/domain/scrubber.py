"""The claim scrubber: every problem a payer or Office Ally would reject, found first.

``scrub(context)`` returns findings. An error blocks submission; a warning does not.
Each finding names the CMS-1500 box and the 837P element, and says how to fix it.
Qt-free and standard library only: the ICD-10-CM billable check is passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.models import (
    BillingProvider,
    Claim,
    Coverage,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
)


class Severity(StrEnum):
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # shown, does not block


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    code: str  # stable id, e.g. "npi.rendering"
    box: str  # CMS-1500 box, e.g. "24J"
    element: str  # 837P place, e.g. "2310B NM109"
    message: str  # what is wrong, in a biller's words
    hint: str  # what to do
    line: int | None = None  # 1-based service line, when the finding is about one

    @property
    def place(self) -> str:
        """``Box 24J / 2310B NM109`` (with the line when there is one)."""
        where = f"Box {self.box} / {self.element}"
        return f"Line {self.line}: {where}" if self.line else where


@dataclass(frozen=True)
class ScrubContext:
    """Everything the edits look at. Missing records are None (and become findings)."""

    claim: Claim
    practice: BillingProvider | None
    patient: Patient | None
    coverage: Coverage | None
    payer: Payer | None
    rendering: RenderingProvider | None = None
    facility: Facility | None = None
    today: date | None = None
    # ICD-10-CM: True if billable, False if a category or header code, None if unknown code
    is_billable: Callable[[str], bool | None] | None = None
    # other claims with the same patient, date of service, procedure and payer
    duplicate_pcns: tuple[str, ...] = ()


Edit = Callable[[ScrubContext], list[Finding]]


def _error(code: str, box: str, element: str, message: str, hint: str,
           line: int | None = None) -> Finding:
    return Finding(Severity.ERROR, code, box, element, message, hint, line)


def check_npis(ctx: ScrubContext) -> list[Finding]:
    """NPI check digit of the billing, rendering, referring and facility providers."""
    found: list[Finding] = []
    places = []
    if ctx.practice is not None:
        places.append(("npi.billing", "33a", "2010AA NM109", "billing provider", ctx.practice.npi))
    if ctx.rendering is not None:
        places.append(("npi.rendering", "24J", "2310B NM109", "rendering provider",
                       ctx.rendering.npi))
    if ctx.claim.referring_npi:
        places.append(("npi.referring", "17b", "2310A NM109", "referring provider",
                       ctx.claim.referring_npi))
    if ctx.facility is not None and ctx.facility.npi:
        places.append(("npi.facility", "32a", "2310C NM109", "service facility",
                       ctx.facility.npi))
    for code, box, element, who, npi in places:
        if not ids.is_valid_npi(npi):
            found.append(_error(
                code, box, element, f"The {who}'s NPI {npi or '(empty)'} is not a valid NPI.",
                "Check the 10 digits against the NPI registry; one digit is probably mistyped.",
            ))
    return found


EDITS: list[Edit] = [check_npis]


def scrub(ctx: ScrubContext) -> list[Finding]:
    """Run every edit; errors first, then warnings, each in box order."""
    findings = [finding for edit in EDITS for finding in edit(ctx)]
    return sorted(findings, key=lambda f: (f.severity != Severity.ERROR, f.line or 0))


def has_errors(findings: list[Finding]) -> bool:
    """True if any finding blocks submission."""
    return any(f.severity is Severity.ERROR for f in findings)
