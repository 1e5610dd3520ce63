"""A money cell in a report is never blank: zero and missing read $0.00 (issue 17, item 7)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from oa_desktop.services.reports import costs
from oa_desktop.services.reports import practice as rp
from oa_desktop.services.reports.table import (
    Kind,
    ReportColumn,
    ReportTable,
    csv_rows,
    show,
    write_csv,
)
from oa_desktop.services.workspace import Workspace
from tests.conftest import DEMO_DAY


def test_zero_and_missing_money_read_zero_dollars() -> None:
    assert show(Decimal("0"), Kind.MONEY) == "$0.00"
    assert show(None, Kind.MONEY) == "$0.00"
    assert show("", Kind.MONEY) == "$0.00"
    assert show(Decimal("-0.00"), Kind.MONEY) == "$0.00"
    assert show(Decimal("12.5"), Kind.MONEY) == "$12.50"
    # other kinds keep a blank for "not applicable" (a total row's share or days)
    assert show(None, Kind.PERCENT) == "" and show("", Kind.DAYS) == ""


def test_csv_writes_zero_for_missing_money(tmp_path: Path) -> None:
    table = ReportTable(
        key="t", title="T", subtitle="",
        columns=[ReportColumn("Payer"), ReportColumn("Paid", Kind.MONEY),
                 ReportColumn("Share", Kind.PERCENT)],
        rows=[["Aetna", None, Decimal("50")], ["Cigna", Decimal("0"), None]],
        total=["Total", Decimal("0.00"), ""],
    )
    assert csv_rows(table)[1:] == [["Aetna", "0.00", "50.00"], ["Cigna", "0.00", ""],
                                   ["Total", "0.00", ""]]
    path = tmp_path / "t.csv"
    write_csv(table, path)
    with path.open(encoding="utf-8-sig") as f:
        assert [r[1] for r in csv.reader(f)] == ["Paid", "0.00", "0.00", "0.00"]


def test_no_report_shows_a_blank_money_cell(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    tables = [rp.build(store, key, DEMO_DAY) for key in rp.REPORTS]
    tables.append(costs.costs_table(store, DEMO_DAY.replace(day=1), DEMO_DAY)[0])
    zeros = 0
    for table in tables:
        for row in table.rows + ([table.total] if table.total else []):
            for value, column in zip(row, table.columns, strict=True):
                if column.kind is Kind.MONEY:
                    text = show(value, column.kind)
                    assert text.startswith(("$", "-$")), (table.key, row[0], column.title)
                    zeros += text == "$0.00"
    assert zeros > 0  # the demo has zero cells, and they read $0.00
