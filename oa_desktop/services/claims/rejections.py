"""Resending a rejected claim and correcting an adjudicated one (the Problems worklist's
steps; the list itself is :mod:`oa_desktop.services.claims.problems`).

A rejected claim never reached the payer's books: fix it and send it again as an
original (it gets a new CLM01 when it is batched). A paid or denied claim is corrected
with a replacement (frequency 7) or cancelled with a void (8), both carrying the
payer's claim number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from oa_desktop.domain.models import Frequency
from oa_desktop.domain.scrub_findings import Finding, has_errors
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.errors import InputError
from oa_desktop.services.submit.batches import scrub_claims
from oa_desktop.store import claims, responses
from oa_desktop.store.db import Store


def reopen_for_resend(store: Store, claim_id: int, today: date | None = None) -> list[Finding]:
    """Make a (fixed) rejected claim ready again; returns the scrub's findings.

    A rejected claim goes back to draft first; when the scrub finds no error it is
    marked ready, so the next batch sends it (with a new CLM01).
    """
    claim = claims.get_claim(store, claim_id)
    status = ClaimStatus(claim.status)
    if status is ClaimStatus.REJECTED:
        claims.add_event(store, claim_id, EventKind.EDITED,
                         text="Reopened to fix and send again as an original")
    elif status is not ClaimStatus.DRAFT:
        raise InputError(f"Claim {claim.patient_control_number} is {status.label.lower()}; "
                         "only a rejected claim is sent again this way.")
    findings = scrub_claims(store, [claim_id], today)[claim_id]
    if not has_errors(findings):
        claims.add_event(store, claim_id, EventKind.MARKED_READY,
                         text="Scrub passed; ready to send again")
    return findings


def start_correction(store: Store, claim_id: int, frequency: Frequency,
                     payer_claim_number: str = "") -> None:
    """Turn a paid or denied claim into a replacement (7) or void (8) draft."""
    if frequency not in (Frequency.REPLACEMENT, Frequency.VOID):
        raise InputError("A correction is a replacement (7) or a void (8).")
    number = payer_claim_number or responses.payer_claim_number(store, claim_id)
    if not number:
        raise InputError("The payer's claim number is not known for this claim.",
                         "Type it from the ERA or the payer's portal, then try again.")
    word = "replacement (7)" if frequency is Frequency.REPLACEMENT else "void (8)"
    claims.add_event(store, claim_id, EventKind.CORRECTION_STARTED,
                     text=f"Started a {word} of payer claim {number}")
    claim = claims.get_claim(store, claim_id)
    claims.save_claim(store, replace(claim, frequency=frequency, original_claim_number=number))
