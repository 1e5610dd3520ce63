"""The Costs screen's numbers: the same as ``oa-desktop fees``, plus the next-batch preview."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from oa_desktop.cli.main import main
from oa_desktop.domain.fees import FeeRow, FeeRule
from oa_desktop.services.reports import costs as rc
from oa_desktop.services.workspace import Workspace
from tests.conftest import DEMO_DAY


def test_months_are_this_month_and_every_sent_month(demo_workspace: Workspace) -> None:
    months = rc.months(demo_workspace.store, DEMO_DAY)
    assert months[0] == date(2026, 11, 1)
    assert months == sorted(months, reverse=True)
    sent = {r[0] for r in demo_workspace.store.read.execute(
        "SELECT DISTINCT substr(sent_at, 1, 7) FROM batches WHERE sent_at IS NOT NULL")}
    assert {m.strftime("%Y-%m") for m in months} == sent | {"2026-11"}


def test_each_month_matches_the_fees_command(demo_workspace: Workspace,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    store = demo_workspace.store
    root = str(demo_workspace.folder.root)
    months = rc.months(store, DEMO_DAY)
    seen_fee = False
    for month in months:
        assert main(["--data-dir", root, "fees", "--month", f"{month:%Y-%m}", "--json"]) == 0
        expected = json.loads(capsys.readouterr().out)
        rows = rc.month_costs(store, month)
        got = [{"tax_id": r.fee.tax_id, "npi": r.fee.npi, "claims": r.fee.claims,
                "non_par_claims": r.fee.non_par_claims, "share": f"{r.fee.share_percent:.2f}",
                "fee": f"{r.fee.fee_amount:.2f}"} for r in rows]
        assert got == expected["rows"]
        total = sum((r.fee.fee_amount for r in rows), Decimal("0.00"))
        assert f"{total:.2f}" == expected["total"]
        seen_fee = seen_fee or total > 0
        assert all(r.provider_name and r.provider_name != "Unknown NPI" for r in rows)
    assert seen_fee  # the demo has a month over the threshold


def test_levels() -> None:
    rule = FeeRule()

    def row(claims: int, non_par: int) -> FeeRow:
        share = Decimal(non_par * 100) / claims
        return FeeRow("1", "2", claims, non_par, share.quantize(Decimal("0.01")),
                      Decimal(0), Decimal(0))

    assert rc.level(row(10, 5), rule) is rc.Level.OVER
    assert rc.level(row(10, 4), rule) is rc.Level.NEAR
    assert rc.level(row(100, 40), rule) is rc.Level.NEAR
    assert rc.level(row(100, 39), rule) is rc.Level.OK
    assert rc.level(row(10, 0), rule) is rc.Level.OK


def test_next_batch_adds_the_ready_claims(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    preview = rc.next_batch(store, DEMO_DAY)
    ready = store.read.execute(
        "SELECT COALESCE(rp.npi, (SELECT npi FROM practice)), py.non_par FROM claims c "
        "JOIN coverages cv ON cv.id = c.coverage_id JOIN payers py ON py.id = cv.payer_id "
        "LEFT JOIN rendering_providers rp ON rp.id = c.rendering_provider_id "
        "WHERE c.status = 'ready'").fetchall()
    assert preview.ready_claims == len(ready) > 0
    before = {r.fee.npi: r.fee for r in preview.before}
    for row in preview.after:
        mine = [non_par for npi, non_par in ready if npi == row.fee.npi]
        old = before.get(row.fee.npi)
        assert row.fee.claims == (old.claims if old else 0) + len(mine)
        assert row.fee.non_par_claims == (old.non_par_claims if old else 0) + sum(mine)
    assert preview.change_amount == (
        sum((r.fee.fee_amount for r in preview.after), Decimal(0))
        - sum((r.fee.fee_amount for r in preview.before), Decimal(0)))
