"""Every posting preview row adds up: balance before − payment − adjustments = after.

Checked on every ERA the sandbox answers the demo's claims with (under several seeds, so
over many verdicts, payments, denials and adjustments), and on a reversal and
correction of each claim they paid (the reported bug: a reversal row showed the payment
taken back but not the contractual adjustment taken back with it).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.services.era import importing, posting
from oa_desktop.services.era.plan import ClaimPlan, PostingPlan
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import remittances
from oa_desktop.store.remittances import RemittanceClaim
from tests.services.era.helpers import Line, era_text, import_era, sandbox_eras

GROUPS = ("CO", "OA", "PI", "CR")
CENT = Decimal("0.01")


def _adds_up(plan: PostingPlan) -> None:
    for row in plan.rows:
        if not row.written:
            continue
        adjustments = sum((row.adjustment(g) for g in GROUPS), Decimal(0))
        assert row.contractual == adjustments, row.rc.pcn
        assert row.balance_before - row.payment - adjustments == row.balance_after, (
            row.rc.pcn, row.action, row.balance_before, row.payment, adjustments,
            row.balance_after)
        written_pr = sum(e.cents for e in row.entries if e.kind == "patient_responsibility")
        assert row.patient_total == Decimal(written_pr) / 100


def _lines(rc: RemittanceClaim, sign: int, shift: Decimal = Decimal(0)) -> list[Line]:
    built: list[Line] = []
    for line in rc.detail.lines:
        paid = Decimal(line.paid)
        moved = shift if paid >= shift else Decimal(0)
        cas = [(a.group, a.reason, f"{sign * Decimal(a.amount):.2f}") for a in line.adjustments]
        if moved:
            cas.append(("CO", "45", f"{sign * moved:.2f}"))
        built.append((line.procedure, f"{sign * Decimal(line.charge):.2f}",
                      f"{sign * (paid - moved):.2f}", cas))
    return built


def _reversal_and_correction(rc: RemittanceClaim) -> list[tuple[str, str, str, str, list[Line]]]:
    back = _lines(rc, -1)
    again = _lines(rc, 1, CENT)
    paid_back = sum((Decimal(b[2]) for b in back), Decimal(0))
    paid_again = sum((Decimal(b[2]) for b in again), Decimal(0))
    return [(rc.pcn, "22", f"{-rc.charge:.2f}", f"{paid_back:.2f}", back),
            (rc.pcn, "1", f"{rc.charge:.2f}", f"{paid_again:.2f}", again)]


@pytest.mark.parametrize("seed", [7, 13, 29, 41, 97])  # each seed: other verdicts, payments
def test_every_preview_row_adds_up_for_sandbox_eras_reversals_and_corrections(
    demo_template: Path, tmp_path: Path, seed: int,
) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    workspace: Workspace = open_workspace(root)
    try:
        paid: list[RemittanceClaim] = []
        for name, data in sandbox_eras(workspace, tmp_path, seed=seed):
            for rid in importing.import_bytes(workspace, name, data).remittance_ids:
                _adds_up(posting.preview(workspace.store, rid))
                plan = posting.post(workspace.store, rid)
                paid += [c.rc for c in plan.claims if c.action == "paid" and c.rc.detail.lines]
        assert paid, "the sandbox pays some claims"
        reversals = 0
        for index, rc in enumerate(paid[:25]):
            rid = import_era(workspace, tmp_path, f"r{index}.835", era_text(
                _reversal_and_correction(rc), trace=f"REV{index}", control=f"{index + 2:04d}",
                day="20271231"))
            plan = posting.preview(workspace.store, rid)
            _adds_up(plan)
            rows: list[ClaimPlan] = plan.rows
            assert [r.action for r in rows] == ["reversal", "paid"]
            assert "in payments to 1 claim (1 paid, 1 reversal)" in plan.summary  # one claim
            reversal = rows[0]
            assert reversal.payment < 0 and reversal.contractual <= 0
            reversals += 1
            posting.post(workspace.store, rid)
        assert reversals
        assert remittances.status_counts(workspace.store)
    finally:
        workspace.close()
