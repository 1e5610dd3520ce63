"""Send to secondary: the primary's posted ERA becomes the secondary claim's COB loops."""

from __future__ import annotations

import pytest

from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.errors import InputError
from oa_desktop.services.claims import secondary
from oa_desktop.services.claims.bundles import export_837
from oa_desktop.services.era import importing, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from oa_desktop.x12.write_837p import money
from tests.services.era.helpers import era_text
from tests.x12.pyx12_check import pyx12_problems


def _sent_claim_with_secondary(workspace: Workspace) -> int:
    store = workspace.store
    rows = store.read.execute(
        "SELECT id FROM claims WHERE status = 'ready' AND secondary_coverage_id IS NOT NULL"
    ).fetchall()
    if not rows:  # make one: a draft with a secondary coverage, marked ready
        rows = store.read.execute(
            "SELECT id FROM claims WHERE status = 'draft' AND secondary_coverage_id IS NOT NULL"
        ).fetchall()
        claims.add_event(store, rows[0][0], EventKind.MARKED_READY)
    claim_id = int(rows[0][0])
    claims.add_event(store, claim_id, EventKind.SUBMITTED, text="Sent (test)")
    return claim_id


def test_secondary_claim_reports_the_primary_payment(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id = _sent_claim_with_secondary(demo_workspace)
    assert "not paid or denied" in secondary.why_not(store, claim_id)
    primary = claims.get_claim(store, claim_id)
    lines = []
    for line in primary.lines:
        charge = line.charge_amount
        paid = (charge * 6 / 10).quantize(charge)
        lines.append((line.procedure_code, f"{charge:.2f}", f"{paid:.2f}",
                      [("CO", "45", f"{charge * 3 / 10:.2f}"), ("PR", "2", f"{charge / 10:.2f}")]))
    total = primary.charge_amount
    paid_total = sum(
        (line.charge_amount * 6 / 10).quantize(line.charge_amount) for line in primary.lines
    )
    data = era_text([(primary.patient_control_number, "1", f"{total:.2f}", f"{paid_total:.2f}",
                      lines)])
    result = importing.import_bytes(demo_workspace, "primary.835", data)
    posting.post(store, result.remittance_ids[0])
    assert ClaimStatus(claims.get_claim(store, claim_id).status) in (
        ClaimStatus.PAID, ClaimStatus.PARTIALLY_PAID)
    assert secondary.why_not(store, claim_id) == ""

    new_id = secondary.create_secondary_claim(store, claim_id)
    made = claims.get_claim(store, new_id)
    assert made.status == "draft" and made.primary_claim_id == claim_id
    assert made.coverage_id == primary.secondary_coverage_id
    assert made.secondary_coverage_id == primary.coverage_id
    assert [e.text for e in claims.timeline(store, claim_id)][-1].startswith("Secondary claim")

    prior = secondary.prior_payment(store, made)
    assert prior is not None and prior.paid_amount == paid_total
    assert len(prior.lines) == len(made.lines)

    text, _ = export_837(store, [new_id])
    assert f"AMT*D*{money(paid_total)}~" in text  # 2320: what the primary paid
    assert "SVD*" in text and "DTP*573*D8*20261201" in text  # 2430 per line
    assert pyx12_problems(text) == []

    with pytest.raises(InputError, match="already is a secondary claim"):
        secondary.create_secondary_claim(store, new_id)
