"""A claim the posting writes nothing for (a parked reversal, a held duplicate) shows in the
preview as it stands: balance and status before and after are the claim's own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from oa_desktop.services.era import posting
from oa_desktop.services.era.plan import ClaimPlan
from oa_desktop.services.workspace import Workspace
from tests.services.era.helpers import era_text, import_era, open_claims
from tests.services.era.test_posting import _paying


def _stored(workspace: Workspace, claim_id: int) -> tuple[str, int]:
    row = workspace.store.read.execute(
        "SELECT status, balance_cents FROM claims WHERE id = ?", [claim_id]).fetchone()
    return row[0], row[1]


def _shown(row: ClaimPlan) -> tuple[tuple[str | None, Decimal], tuple[str | None, Decimal]]:
    before = (row.status_before.value if row.status_before else None, row.balance_before)
    after = (row.status_after.value if row.status_after else None, row.balance_after)
    return before, after


def test_a_parked_reversal_leaves_the_claim_as_it_stands(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    claim_id, pcn, lines = open_claims(demo_workspace, 1)[0]
    status, balance = _stored(demo_workspace, claim_id)
    assert balance > 0
    rid = import_era(demo_workspace, tmp_path, "r.835", era_text(
        [_paying(pcn, lines, Decimal("0.8"), status="22", sign=-1)], trace="T9"))
    (row,) = posting.preview(demo_workspace.store, rid).claims
    assert row.action == "parked" and row.entries == [] and row.events == []
    expected = (status, Decimal(balance) / 100)
    assert _shown(row) == (expected, expected)


def test_a_held_duplicate_leaves_the_claim_as_it_stands(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    store = demo_workspace.store
    claim_id, pcn, lines = open_claims(demo_workspace, 1)[0]
    payment = _paying(pcn, lines, Decimal("0.8"))
    posting.post(store, import_era(demo_workspace, tmp_path, "a.835",
                                   era_text([payment], trace="T1")))
    status, balance = _stored(demo_workspace, claim_id)
    again = import_era(demo_workspace, tmp_path, "b.835",
                       era_text([payment], trace="T2", day="20261208", control="0002"))
    (row,) = posting.preview(store, again).claims
    assert row.action == "held_duplicate" and row.entries == [] and row.events == []
    expected = (status, Decimal(balance) / 100)
    assert _shown(row) == (expected, expected)
