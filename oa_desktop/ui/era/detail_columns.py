"""The two tables of the ERA detail screen: its claims (what each column shows, the order
a biller reads them in, their widths, which wait in the Columns chooser) and its
provider-level adjustments (PLB)."""

from __future__ import annotations

from typing import Any

from oa_desktop.services.era import posting
from oa_desktop.services.reports.table import Kind
from oa_desktop.store.remittances import RemittanceClaim
from oa_desktop.ui.era.labels import claim_allowed
from oa_desktop.ui.kit.columns import Column

POST_STATES = {"posted": "Posted", "parked": "Parked", "unposted": "Not yet",
               "duplicate": "Set aside as duplicate"}
POST_STATE_TIPS = {
    ("parked", False): "A reversal with nothing posted to take back yet. It is applied by "
                       "itself when the payment it reverses is posted.",
    ("unposted", True): "Not matched: it waits on this ERA. Match it, then post the rest.",
    ("duplicate", False): "You marked it a duplicate of a payment posted before: it is never "
                          "posted. Not a duplicate after all… holds it again.",
}


def _match_text(rc: RemittanceClaim) -> str:
    if rc.claim_id is None:
        return "Not matched"
    return "By hand" if rc.match_method == "manual" else "Yes"


def _posted_text(rc: RemittanceClaim) -> str:
    """Posted and matched in one word: an unposted claim no one matched says so."""
    if rc.claim_id is None and rc.post_state == "unposted":
        return "Not matched"
    return POST_STATES.get(rc.post_state, rc.post_state)


CLAIM_COLUMNS: list[Column[RemittanceClaim]] = [
    Column("Patient", lambda c: c.patient_name),
    Column("Claim #", lambda c: c.pcn),
    Column("Status", lambda c: c.status_code, text=lambda c: posting.clp02_text(c.status_code),
           tip=lambda c: f"{c.status_code} {posting.clp02_text(c.status_code)}"),
    Column("Matched", _match_text),
    Column("Posted", lambda c: c.post_state, text=_posted_text,
           tip=lambda c: POST_STATE_TIPS.get((c.post_state, c.claim_id is None), "")),
    Column("Charge", lambda c: c.charge, Kind.MONEY),
    Column("Allowed", claim_allowed, Kind.MONEY),
    Column("Paid", lambda c: c.paid, Kind.MONEY),
    Column("Patient resp.", lambda c: c.patient_responsibility, Kind.MONEY),
    Column("Notes", lambda c: c.notes, text=lambda c: f"✎ {c.notes}" if c.notes else ""),
    Column("Adjustments", lambda c: c.charge - c.paid - c.patient_responsibility, Kind.MONEY,
           tip=lambda c: "What the payer took off the charge beyond the patient's share "
                         "(contractual and other adjustments)"),
]
# the order a biller reads a claim's money in (the model keeps its column numbers)
CLAIM_VIEW_ORDER = (0, 1, 5, 7, 10, 8, 2, 4, 3, 6, 9)
CLAIM_WIDTHS = {0: 100, 1: 72, 5: 68, 7: 66, 10: 92, 8: 94, 2: 92, 4: 80, 3: 70, 6: 70, 9: 50}
# beside the ERA list of a 1366-pixel screen: Posted says "Not matched" for those, so
# Matched, Allowed and Notes wait in the Columns chooser (the EOB below has them all)
CLAIM_HIDDEN_AT_FIRST = (3, 6, 9)

PLB_COLUMNS: list[Column[Any]] = [
    Column("Provider adjustment", lambda p: p.reason,
           text=lambda p: f"{p.reason} {posting.plb_text(p.reason)}"),
    Column("Reference", lambda p: p.reference),
    Column("Effect on the deposit", lambda p: -p.amount, Kind.MONEY),
]
