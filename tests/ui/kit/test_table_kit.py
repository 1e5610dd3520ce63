"""The table kit: one Column, one model, one proxy (native sort, totals last), one set of
roles, and one CSV/PDF export."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import oa_desktop
from oa_desktop.services.reports import practice as reports_practice
from oa_desktop.services.reports import table as report_table
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.kit.columns import Column
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_export import TableExport
from oa_desktop.ui.kit.table_model import TableModel, TableProxy, make_table
from tests.conftest import DEMO_DAY


@dataclass(frozen=True)
class Pay:
    who: str
    amount: Decimal
    day: date | None


PAYS = [Pay("bob", Decimal("9.00"), date(2026, 1, 5)),
        Pay("Alice", Decimal("10.00"), date(2025, 12, 31)),
        Pay("carol", Decimal("-2.50"), None),
        Pay("dave", Decimal("100.00"), date(2026, 11, 2))]
TOTAL = Pay("Total", sum((p.amount for p in PAYS), Decimal("0.00")), None)
COLUMNS: list[Column[Pay]] = [
    Column("Who", lambda p: p.who),
    Column("Amount", lambda p: p.amount, Kind.MONEY),
    Column("Day", lambda p: p.day, text=lambda p: p.day.strftime("%m/%d/%Y") if p.day else ""),
]


def _model() -> TableModel[Pay]:
    model: TableModel[Pay] = TableModel(COLUMNS)
    model.set_items(PAYS, TOTAL)
    return model


def _column(model: QAbstractItemModel, column: int, role: int = Qt.ItemDataRole.DisplayRole
            ) -> list[object]:
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def test_column_shows_by_kind_sorts_by_value_and_aligns_numbers() -> None:
    money, day = COLUMNS[1], COLUMNS[2]
    assert money.display(PAYS[3]) == "$100.00" and money.display(PAYS[2]) == "-$2.50"
    assert money.sort_value(PAYS[3]) == Decimal("100.00")
    assert money.aligned_right and not COLUMNS[0].aligned_right
    brush = money.foreground(PAYS[2])
    assert brush is not None and brush.color().name() == "#b3261e"
    assert money.foreground(PAYS[0]) is None
    assert day.display(PAYS[0]) == "01/05/2026" and day.sort_value(PAYS[0]) == date(2026, 1, 5)
    assert Column("Long", lambda p: "x" * 30).tooltip(PAYS[0]) == "x" * 30
    assert Column("Short", lambda p: "x").tooltip(PAYS[0]) is None


def test_model_answers_every_role_and_keeps_the_total_last(qtmodeltester: ModelTester) -> None:
    model = _model()
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(PAYS) + 1 and model.columnCount() == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Amount"
    first = model.index(0, 1)
    assert first.data() == "$9.00"
    assert first.data(ItemRole.SORT) == Decimal("9.00")
    assert first.data(ItemRole.OBJECT) is PAYS[0]
    assert first.data(ItemRole.TOTAL) is False
    total = model.index(len(PAYS), 1)
    assert total.data(ItemRole.OBJECT) is TOTAL and total.data(ItemRole.TOTAL) is True
    assert total.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(2, 2).data(ItemRole.SORT) is None  # no date sorts first
    model.set_items(PAYS[:1])  # the tester checks the reset too
    model.set_items([])
    assert model.rowCount() == 0


def test_muted_rows_and_backgrounds() -> None:
    model: TableModel[Pay] = TableModel(COLUMNS, muted=lambda p: p.amount < 0,
                                        background=lambda p: "#fff1c2" if p.who == "bob" else "")
    model.set_items(PAYS)
    assert model.index(2, 1).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#6b6b6b"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fff1c2"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_proxy_sorts_native_values_with_the_total_last(order: Qt.SortOrder) -> None:
    proxy = TableProxy()
    proxy.setSourceModel(_model())
    descending = order == Qt.SortOrder.DescendingOrder
    proxy.sort(1, order)  # money as numbers: text would put "$9.00" after "$100.00"
    amounts = _column(proxy, 1, ItemRole.SORT)
    assert amounts[-1] == TOTAL.amount
    assert amounts[:-1] == sorted(amounts[:-1], reverse=descending)  # type: ignore[type-var]
    proxy.sort(2, order)  # dates by the calendar: text would put 12/31/2025 after 01/05/2026
    days = [p.day for p in _column(proxy, 0, ItemRole.OBJECT)]  # type: ignore[union-attr]
    assert days[-1] is None and _column(proxy, 0)[-1] == "Total"
    known = [d for d in days[:-1] if d is not None]
    assert known == sorted(known, reverse=descending)
    proxy.sort(0, order)  # text without regard to case
    names = _column(proxy, 0)
    assert names[-1] == "Total"
    assert names[:-1] == sorted(names[:-1], key=str.casefold,  # type: ignore[arg-type]
                                reverse=descending)


def test_make_table_filters_by_typing_and_starts_in_model_order(qtbot: QtBot) -> None:
    model = _model()
    table, proxy = make_table(model, "Payments")
    qtbot.addWidget(table)
    assert table.accessibleName() == "Payments" and table.isSortingEnabled()
    assert _column(proxy, 0) == [p.who for p in PAYS] + ["Total"]
    proxy.setFilterFixedString("ALICE")
    assert _column(proxy, 0) == ["Alice"]


def test_roles_are_one_set() -> None:
    assert len({role.value for role in ItemRole}) == len(ItemRole)
    assert min(ItemRole) > Qt.ItemDataRole.UserRole


def test_export_writes_csv_through_the_one_writer_and_pdf(
        qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    table = reports_practice.build(demo_workspace.store, "payments", DEMO_DAY)
    status = QLabel()
    qtbot.addWidget(status)
    asked: list[str] = []

    def ask(suggested: str, _pattern: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    export = TableExport(status, demo_workspace.store, DEMO_DAY, lambda: table,
                         lambda: "payments", status, ask)
    calls: list[Path] = []
    writer = report_table.write_csv

    def spy(t: report_table.ReportTable, path: Path) -> int:
        calls.append(path)
        return writer(t, path)

    monkeypatch.setattr(report_table, "write_csv", spy)
    export.csv_button.click()
    export.pdf_button.click()
    assert asked == ["payments.csv", "payments.pdf"]
    assert calls == [tmp_path / "payments.csv"]  # the CSV cells go through services' writer
    with (tmp_path / "payments.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [c.title for c in table.columns] and rows[-1][0] == "Total"
    assert (tmp_path / "payments.pdf").read_bytes().startswith(b"%PDF")
    assert status.text().startswith("Saved “")


def test_csv_and_pdf_of_a_table_are_written_in_one_place() -> None:
    ui = Path(oa_desktop.__file__).parent / "ui"
    writers = {"csv.writer": set(), "write_csv(": set(), "write_report_pdf(": set()}
    for path in ui.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle, found in writers.items():
            if re.search(re.escape(needle), text):
                found.add(path.relative_to(ui).as_posix())
    assert writers["csv.writer"] == set()  # CSV cells are written by services.reports.table
    assert writers["write_csv("] == {"kit/table_export.py"}
    assert writers["write_report_pdf("] == {"kit/table_export.py", "pdf/report_pdf.py"}
