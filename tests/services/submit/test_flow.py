"""The wizard's flow without Qt: choose, scrub, summary with the fee, send."""

from __future__ import annotations

from decimal import Decimal

import pytest

from oa_desktop.domain.models import Frequency
from oa_desktop.domain.next_steps import ProblemKind, Step
from oa_desktop.domain.scrub_findings import has_errors
from oa_desktop.services.claims import problems, rejections
from oa_desktop.services.submit.flow import Filters, SubmitFlow, non_par_fee
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from tests.conftest import DEMO_DAY


def test_choose_filters_scrub_and_summary(demo_workspace: Workspace) -> None:
    flow = SubmitFlow(demo_workspace.store, DEMO_DAY)
    assert flow.candidates and len(flow.selected) == len(flow.candidates)
    payer = flow.candidates[0].payer_id
    flow.set_filters(Filters(payer_id=payer))
    assert {c.payer_id for c in flow.chosen()} == {payer}
    flow.set_filters(Filters())
    with demo_workspace.store.write() as db:  # one claim's rendering NPI is mistyped
        bad = flow.candidates[0]
        db.execute("UPDATE rendering_providers SET npi = '1234567890' WHERE id = ?",
                   [bad.provider_id])
    problems = flow.run_scrub()
    assert problems and all("NPI" in p.finding.message for p in problems)
    assert bad.claim_id in flow.left_out()
    summary = flow.summary()
    assert summary.claims == len(flow.to_send()) and summary.claims < len(flow.chosen())
    assert summary.charge_amount == sum(c.charge_amount for c in flow.to_send())
    assert sum(k for _, k, _ in summary.payers) == summary.claims
    assert sum(f.par + f.non_par for f in summary.fees) == summary.claims
    for row in summary.fees:
        expected = Decimal("35.00") if row.month_non_par * 2 >= row.month_claims else 0
        assert row.fee_amount == expected
    assert not flow.can_finish()
    flow.confirmed = True
    ids, test_mode = flow.finish()
    assert test_mode and set(ids) == {c.claim_id for c in flow.to_send()}


def test_the_fee_rule() -> None:
    fee = Decimal("35.00")
    assert non_par_fee(10, 5, 50, fee) == fee
    assert non_par_fee(10, 4, 50, fee) == 0
    assert non_par_fee(0, 0, 50, fee) == 0


def test_rejections_resend_and_denials_correct(demo_workspace: Workspace) -> None:
    items = problems.worklist(demo_workspace.store, DEMO_DAY)
    rejected = [i for i in items if i.kind is ProblemKind.REJECTED]
    denied = [i for i in items if i.kind is ProblemKind.DENIED]
    assert rejected and denied
    assert rejected[0].steps == (Step.FIX_AND_RESEND,)
    assert "new claim number" in rejected[0].advice.advice
    assert all(i.reason and i.days >= 0 for i in items)
    findings = rejections.reopen_for_resend(demo_workspace.store, rejected[0].claim_id, DEMO_DAY)
    # nothing blocks; the oldest rejection is near its filing deadline, which only warns
    assert {f.code for f in findings} <= {"filing.soon"} and not has_errors(findings)
    assert claims.get_claim(demo_workspace.store, rejected[0].claim_id).status == "ready"
    with pytest.raises(Exception, match="claim number is not known"):
        rejections.start_correction(demo_workspace.store, denied[0].claim_id, Frequency.VOID)
    rejections.start_correction(demo_workspace.store, denied[0].claim_id,
                                Frequency.REPLACEMENT, "PAYER123")
    claim = claims.get_claim(demo_workspace.store, denied[0].claim_id)
    assert (claim.status, claim.frequency, claim.original_claim_number) == (
        "draft", Frequency.REPLACEMENT, "PAYER123")
