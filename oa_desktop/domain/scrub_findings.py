"""The scrubber's vocabulary: the context its edits read and the findings they return.

:class:`ScrubContext` holds the claim and every record an edit looks at;
:class:`Finding` is one problem with its CMS-1500 box, 837P place and hint; an error
blocks submission, a warning does not. Also the small helpers the edit modules share.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from oa_desktop.domain.authorizations import Authorization
from oa_desktop.domain.models import (
    BillingProvider,
    Claim,
    Coverage,
    Facility,
    Patient,
    Payer,
    Relationship,
    RenderingProvider,
)


class Severity(StrEnum):
    """How much a finding matters: an error blocks sending, a warning does not."""
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # shown, does not block


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the scrubber found, with the CMS-1500 box and the 837P place."""
    severity: Severity
    code: str  # stable id, e.g. "npi.rendering"
    box: str  # CMS-1500 box, e.g. "24J"
    element: str  # 837P place, e.g. "2310B NM109"
    message: str  # what is wrong, in a biller's words
    hint: str  # what to do
    line: int | None = None  # 1-based service line, when the finding is about one

    @property
    def place(self) -> str:
        """Where on the CMS-1500, in a biller's words: ``Box 24A, line 2``, ``Payer``."""
        where = f"Box {self.box}" if self.box[:1].isdigit() else self.box
        return f"{where}, line {self.line}" if self.line else where

    @property
    def support(self) -> str:
        """The 837P location for support, in small type: ``837P 2400 DTP*472``."""
        return f"837P {self.element}" if self.element else ""


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
    # transactions the practice has finished enrolling for with this payer ("837P", ...)
    enrolled_transactions: frozenset[str] = frozenset()
    # the coverage's authorizations, and what other claims already use of each (by id)
    authorizations: tuple[Authorization, ...] = ()
    auth_used_elsewhere: Mapping[int, Decimal] = field(default_factory=dict)
    # the timely-filing deadline while the payer has not accepted the claim, else None
    filing_deadline: date | None = None


Edit = Callable[[ScrubContext], list[Finding]]


def error(code: str, box: str, element: str, message: str, hint: str,
          line: int | None = None) -> Finding:
    """A finding that blocks submission."""
    return Finding(Severity.ERROR, code, box, element, message, hint, line)


def warning(code: str, box: str, element: str, message: str, hint: str,
            line: int | None = None) -> Finding:
    """A finding that is shown but does not block submission."""
    return Finding(Severity.WARNING, code, box, element, message, hint, line)


def today_of(ctx: ScrubContext) -> date:
    """The day the edits take as today: the context's, else the computer's."""
    return ctx.today or date.today()


def is_self(ctx: ScrubContext) -> bool:
    """True when the patient is the insured (or the claim has no insurance)."""
    return ctx.coverage is None or ctx.coverage.relationship is Relationship.SELF


def has_errors(findings: list[Finding]) -> bool:
    """True if any finding blocks submission."""
    return any(f.severity is Severity.ERROR for f in findings)
