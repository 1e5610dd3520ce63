"""A claim resent with a new CLM01: answers quoting the OLD number still find it.

Send, reject, resend (the claim gets a new CLM01), then an 835 pays under the old
number and a later 835 reverses (CLP02 = 22) quoting it: both match the claim.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from oa_desktop.domain.scrub_findings import has_errors
from oa_desktop.domain.status import EventKind
from oa_desktop.services.claims.rejections import reopen_for_resend
from oa_desktop.services.era import posting
from oa_desktop.services.submit.batches import prepare_batches, record_sent, sendable_claim_ids
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, remittances, responses
from tests.conftest import DEMO_DAY
from tests.services.era.helpers import era_text, import_era


def _send(workspace: Workspace, claim_id: int) -> str:
    """Build and record one batch of this claim; the CLM01 it went out with."""
    [batch] = prepare_batches(workspace, [claim_id], test_mode=False)
    record_sent(workspace.store, batch)
    return claims.get_claim(workspace.store, claim_id).patient_control_number


def test_payment_and_reversal_under_the_old_clm01_match_the_resent_claim(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    store = demo_workspace.store
    claim_id = sendable_claim_ids(store)[0]
    old = _send(demo_workspace, claim_id)
    claims.add_event(store, claim_id, EventKind.PAYER_REJECTED, text="Rejected (test)")
    assert not has_errors(reopen_for_resend(store, claim_id, DEMO_DAY))
    new = _send(demo_workspace, claim_id)
    assert new != old
    # the one answer, from the batch history, in any case and with spaces around
    for asked in (old, new, f" {old.lower()} "):
        assert responses.sent_claims(store, [asked]).claim_id(asked) == claim_id

    lines = [(line.procedure_code, int(line.charge_amount * 100))
             for line in claims.get_claim(store, claim_id).lines]
    charge = sum((Decimal(c) / 100 for _, c in lines), Decimal(0))
    paid = (charge * Decimal("0.8")).quantize(Decimal("0.01"))
    era_lines = [(code, f"{Decimal(c) / 100:.2f}", f"{Decimal(c) / 100 * Decimal('0.8'):.2f}",
                  [("CO", "45", f"{Decimal(c) / 100 * Decimal('0.2'):.2f}")])
                 for code, c in lines]
    paying = import_era(demo_workspace, tmp_path, "pay.835", era_text(
        [(old, "1", f"{charge:.2f}", f"{paid:.2f}", era_lines)], trace="OLD1"))
    [clp] = remittances.remittance_claims(store, paying)
    assert clp.claim_id == claim_id and clp.match_method == "pcn"
    posting.post(store, paying)

    back = [(code, f"-{c}", f"-{p}", [(g, r, f"-{v}") for g, r, v in cas])
            for code, c, p, cas in era_lines]
    reversing = import_era(demo_workspace, tmp_path, "rev.835", era_text(
        [(f" {old.lower()}", "22", f"-{charge:.2f}", f"-{paid:.2f}", back)], trace="OLD2",
        control="0002"))
    [clp] = remittances.remittance_claims(store, reversing)
    assert clp.claim_id == claim_id
    plan = posting.post(store, reversing)
    assert [c.action for c in plan.claims] == ["reversal"]

