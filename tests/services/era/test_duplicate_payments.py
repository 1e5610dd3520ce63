"""A payment is posted once, whatever envelope it comes in: a repeated claim payment is held
until the biller decides, a negative balance is reported by selfcheck."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.errors import KnownError
from oa_desktop.services.era import duplicates, posting
from oa_desktop.services.reports.status import selfcheck
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit, claims
from tests.services.era.helpers import era_text, import_era, open_claims
from tests.services.era.test_posting import _paying


def _paid(workspace: Workspace, claim_id: int) -> int:
    return int(workspace.store.read.execute(
        "SELECT paid_cents FROM claims WHERE id = ?", [claim_id]).fetchone()[0])


def test_the_same_claim_payment_under_a_new_check_is_held_until_decided(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    claim_id, pcn, lines = open_claims(demo_workspace, 1)[0]
    payment = _paying(pcn, lines, Decimal("0.8"))
    first = import_era(demo_workspace, tmp_path, "a.835", era_text([payment], trace="T1"))
    posting.post(store, first)
    once = _paid(demo_workspace, claim_id)
    again = import_era(demo_workspace, tmp_path, "b.835",
                       era_text([payment], trace="T2", day="20261208", control="0002"))
    plan = posting.preview(store, again)
    (row,) = plan.claims
    assert row.action == "held_duplicate" and not row.written and "T1" in row.warning
    assert plan.blockers  # nothing else to post: the biller decides first
    held = duplicates.side_by_side(store, row.rc.id)
    assert held is not None and held.earlier.trace_number == "T1"
    assert held.claim.paid == held.earlier.claim.paid  # both, side by side
    assert _paid(demo_workspace, claim_id) == once
    duplicates.decide(store, row.rc.id, is_duplicate=True)
    assert posting.preview(store, again).claims == []  # set aside: never posted
    duplicates.decide(store, row.rc.id, is_duplicate=False)
    assert posting.preview(store, again).claims[0].action == "paid"
    assert audit.entries(store, audit.AuditFilter(action=duplicates.DECIDE))
    with pytest.raises(KnownError, match="below zero"):  # paid twice: more than charged
        posting.post(store, again)
    assert _paid(demo_workspace, claim_id) == once
    plan = posting.preview(store, again)
    assert [c.rc.pcn for c in plan.below_zero] == [pcn]
    posting.post(store, again, below_zero_confirmed=True)
    assert _paid(demo_workspace, claim_id) == 2 * once
    lines_, healthy = selfcheck(demo_workspace)
    negative = dict(lines_)["Negative balances"]
    assert not healthy and pcn in negative, negative


def test_a_reversal_and_its_correction_are_not_held(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    claim_id, pcn, lines = open_claims(demo_workspace, 1)[0]
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    back = _paying(pcn, lines, Decimal("0.8"), status="22", sign=-1)
    second = import_era(demo_workspace, tmp_path, "b.835",
                        era_text([back, payment], trace="T2", day="20261208", control="0002"))
    assert [c.action for c in posting.preview(store, second).claims] == ["reversal", "paid"]
    posting.post(store, second)
    assert claims.negative_balances(store) == []
    assert selfcheck(demo_workspace)[1]
