"""The Rejections worklist: what came back, why, and what to do about it.

A rejected claim never reached the payer's books: fix it and send it again as an
original (it gets a new CLM01 when it is batched). A paid or denied claim is corrected
with a replacement (frequency 7) or cancelled with a void (8), both carrying the
payer's claim number. :func:`guidance` says which, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from oa_desktop.domain.models import Frequency
from oa_desktop.domain.scrubber import Finding, has_errors
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.errors import InputError
from oa_desktop.services.submit.batches import scrub_claims
from oa_desktop.store import claims, responses
from oa_desktop.store.db import Store

_REASON_KINDS = ("payer_rejected", "clearinghouse_rejected", "file_rejected", "denied")


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One claim on the rejections worklist, with why and what to do."""
    claim_id: int
    pcn: str
    patient_name: str
    payer_name: str
    status: ClaimStatus
    reason: str  # plain words
    codes: str
    since: str  # when the rejection or denial arrived (ISO)
    days: int
    action: str  # resend, correct
    payer_claim_number: str

    @property
    def action_label(self) -> str:
        """What the biller does next."""
        if self.action == "resend":
            return "Fix and resend as a new claim"
        return "Replace (7) or void (8)"


def worklist(store: Store, today: date | None = None) -> list[WorkItem]:
    """Rejected and denied claims, oldest first, each with its latest reason."""
    day = today or datetime.now(UTC).date()
    rows = responses.rejected_and_denied(store, _REASON_KINDS)
    items = []
    for r in rows:
        since = r[7] or ""
        days = (day - date.fromisoformat(since[:10])).days if since else 0
        status = ClaimStatus(r[4])
        items.append(WorkItem(
            r[0], r[1], r[2], r[3], status, r[5] or "No reason recorded", r[6] or "", since,
            max(days, 0), "resend" if status is ClaimStatus.REJECTED else "correct",
            responses.payer_claim_number(store, r[0]),
        ))
    return items


def guidance(item: WorkItem) -> str:
    """Which way to go, in two sentences."""
    if item.action == "resend":
        return ("The payer never took this claim in, so fix what the reason names and send it "
                "again as an original claim. It gets a new claim number (CLM01) when it is "
                "sent; the old one stays in its history.")
    number = item.payer_claim_number or "(not known yet — it comes on the ERA)"
    return ("The payer already decided this claim, so sending it again as an original would "
            "be a duplicate. Send a replacement (7) if something on it was wrong, or a void (8) "
            f"if it should not have been billed; both carry the payer's claim number {number}.")


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
