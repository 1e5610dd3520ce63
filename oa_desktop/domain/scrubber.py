"""The claim scrubber: every problem a payer or Office Ally would reject, found first.

``scrub(context)`` returns findings. An error blocks submission; a warning does not.
Each finding names the CMS-1500 box and the 837P element, and says how to fix it.
Qt-free and standard library only: the ICD-10-CM billable check is passed in, and so
are the store's answers (duplicate claims).

This module runs the edits in order; they live by subject in ``scrub_parties`` (people,
payer, providers), ``scrub_claim`` (the claim and its lines), ``scrub_text``
(characters) and ``edits_auth`` (authorizations, timely filing). The context and the
findings are in ``scrub_findings``.
"""

from __future__ import annotations

from collections.abc import Iterable

from oa_desktop.domain.edits_auth import Problem, authorization_problems, filing_problems
from oa_desktop.domain.scrub_claim import (
    check_claim,
    check_diagnoses,
    check_line_count,
    check_lines,
)
from oa_desktop.domain.scrub_findings import (
    Edit,
    Finding,
    ScrubContext,
    Severity,
    today_of,
    warning,
)
from oa_desktop.domain.scrub_parties import (
    check_billing_provider,
    check_npis,
    check_other_providers,
    check_patient,
    check_payer,
    check_subscriber,
)
from oa_desktop.domain.scrub_text import check_characters


def _as_warnings(problems: Iterable[Problem]) -> list[Finding]:
    return [warning(p.code, p.box, p.element, p.message, p.hint, p.line) for p in problems]


def check_authorizations(ctx: ScrubContext) -> list[Finding]:
    """Box 23: an authorization covers each line, is current, and is not exceeded."""
    return _as_warnings(authorization_problems(ctx.claim, ctx.authorizations,
                                               ctx.auth_used_elsewhere))


def check_filing_deadline(ctx: ScrubContext) -> list[Finding]:
    """Timely filing: a warning inside 30 days of the deadline; it never blocks."""
    if ctx.filing_deadline is None:
        return []
    return _as_warnings(filing_problems(ctx.filing_deadline, today_of(ctx)))


EDITS: list[Edit] = [
    check_patient, check_subscriber, check_payer, check_billing_provider, check_npis,
    check_other_providers, check_claim, check_diagnoses, check_line_count, check_lines,
    check_characters,
    check_authorizations, check_filing_deadline,
]


def scrub(ctx: ScrubContext) -> list[Finding]:
    """Run every edit; errors first, then warnings, each in box order."""
    findings = [finding for edit in EDITS for finding in edit(ctx)]
    return sorted(findings, key=lambda f: (f.severity != Severity.ERROR, f.line or 0))

