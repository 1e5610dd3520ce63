"""The Reports and Costs screens: models checked, numbers as the services compute, exports."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.office_ally import oa_fees as fees
from oa_desktop.services.reports import practice
from oa_desktop.services.reports.costs import Level
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.reports.costs_view import LEVEL_COLORS, CostsView
from oa_desktop.ui.reports.reports_view import ReportsView, report_model, show_report_table
from tests.conftest import DEMO_DAY


def test_report_models_pass_qtmodeltester(qtmodeltester: ModelTester,
                                          demo_workspace: Workspace) -> None:
    for key in practice.REPORTS:
        model = report_model()
        show_report_table(model, practice.build(demo_workspace.store, key, DEMO_DAY))
        qtmodeltester.check(model, force_py=True)
    empty = report_model()
    show_report_table(empty, None)
    qtmodeltester.check(empty, force_py=True)


def test_costs_models_pass_qtmodeltester(qtbot: QtBot, qtmodeltester: ModelTester,
                                         demo_workspace: Workspace) -> None:
    view = CostsView(demo_workspace.store, DEMO_DAY)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model, force_py=True)
    qtmodeltester.check(view.next_model, force_py=True)


def _cells(view_table: object, model: object) -> list[list[str]]:
    from PySide6.QtCore import QAbstractItemModel

    assert isinstance(model, QAbstractItemModel)
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_reports_view_shows_each_report_and_keeps_total_last(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = ReportsView(demo_workspace.store, DEMO_DAY)
    qtbot.addWidget(view)
    assert view.title.text() == "A/R aging by payer"
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    rows = _cells(view.table, view.proxy)
    assert rows[-1][0] == "Total"
    assert rows[0][0] > rows[1][0]  # sorted by payer, descending
    view.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    rows = _cells(view.table, view.proxy)
    assert rows[-1][0] == "Total"
    totals = [Decimal(r[6].replace("$", "").replace(",", "")) for r in rows[:-1]]
    assert totals == sorted(totals)  # money sorts as numbers, not text
    for key in practice.REPORTS:
        view.show_report(key)
        assert view.title.text() == practice.REPORTS[key][0]
        assert view.chart.chart is not None


def test_reports_view_exports_csv_and_pdf(qtbot: QtBot, demo_workspace: Workspace,
                                          tmp_path: Path) -> None:
    asked: list[str] = []

    def ask(suggested: str, _pattern: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    view = ReportsView(demo_workspace.store, DEMO_DAY, ask_path=ask)
    qtbot.addWidget(view)
    view.show_report("payments")
    view.csv_button.click()
    view.pdf_button.click()
    assert asked == ["payments-2026-11-02.csv", "payments-2026-11-02.pdf"]
    assert "Saved" in view.status.text()
    with (tmp_path / asked[0]).open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[-1][0] == "Total" and Decimal(rows[-1][-1]) > 0
    assert (tmp_path / asked[1]).read_bytes().startswith(b"%PDF")


def test_reports_view_empty_state(qtbot: QtBot, store: object) -> None:
    from oa_desktop.store.db import Store

    assert isinstance(store, Store)
    view = ReportsView(store, date(2026, 11, 2))
    qtbot.addWidget(view)
    assert not view.empty.isHidden()
    assert "No open insurance balances" in view.empty.text()
    assert not view.csv_button.isEnabled()


def test_costs_view_matches_the_fee_rule_for_every_month(qtbot: QtBot,
                                                        demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    view = CostsView(store, DEMO_DAY)
    qtbot.addWidget(view)
    months = [view.month.itemText(i) for i in range(view.month.count())]
    assert months[0] == "11/2026" and "09/2026" in months
    for i in range(view.month.count()):
        view.month.setCurrentIndex(i)
        month = view.selected_month()
        expected = fees.fee_report(store, month)  # what `oa-desktop fees` prints
        shown = _cells(view.table, view.proxy)
        data = [r for r in shown if r[0] != "Total"]
        assert [(r[2], int(r[3]), int(r[4]), r[5], r[8]) for r in data] == [
            (e.npi, e.claims, e.non_par_claims, f"{e.share_percent:.1f}%",
             f"${e.fee_amount:,.2f}") for e in expected]
        assert view.total.text() == f"Total: ${fees.month_total(expected):,.2f}"
        for row, e in enumerate(expected):
            color = view.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
            if e.non_par_fee_amount:
                assert color.color().name() == LEVEL_COLORS[Level.OVER]


def test_costs_view_next_batch(qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = CostsView(demo_workspace.store, DEMO_DAY)
    qtbot.addWidget(view)
    assert view.next_verdict.text().startswith("Sending the 19 ready claims now")
    rows = _cells(view.next_table, view.next_proxy)
    assert rows[-1][0] == "Total"
    assert int(rows[-1][3]) - int(rows[-1][2]) == 19
