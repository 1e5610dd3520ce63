from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.domain.status import ClaimStatus
from oa_desktop.services.workspace import Workspace
from oa_desktop.store.claims_list import ClaimListRow, ClaimQuery
from oa_desktop.ui.claims.list_model import COLUMNS, PAGE, ClaimsTableModel
from oa_desktop.ui.kit.roles import ItemRole


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, demo_workspace: Workspace) -> None:
    model = ClaimsTableModel(demo_workspace.store)
    model.set_query(ClaimQuery())
    qtmodeltester.check(model, force_py=True)
    # the tester stays connected and checks every reset that follows
    model.set_query(ClaimQuery(search="smith"))
    model.sort(4, Qt.SortOrder.AscendingOrder)
    model.set_query(ClaimQuery(search="no such claim"))
    assert model.rowCount() == 0


def test_rows_load_lazily_a_page_at_a_time(demo_workspace: Workspace) -> None:
    model = ClaimsTableModel(demo_workspace.store)
    model.set_query(ClaimQuery())
    assert model.rowCount() == 300
    assert model._rows == {}
    model.data(model.index(250, 0))
    assert len(model._rows) == 300 - PAGE  # the page holding row 250: rows 200..299


def test_money_display_alignment_and_roles(demo_workspace: Workspace) -> None:
    model = ClaimsTableModel(demo_workspace.store)
    model.set_query(ClaimQuery())
    charge = model.index(0, 4)
    assert str(model.data(charge)).startswith("$")
    assert model.data(charge, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert isinstance(model.data(charge, ItemRole.SORT), Decimal)
    assert isinstance(model.data(charge, ItemRole.OBJECT), ClaimListRow)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Charge"
    assert model.data(QModelIndex()) is None
    assert model.columnCount() == len(COLUMNS)


def test_sort_runs_in_sql(demo_workspace: Workspace) -> None:
    model = ClaimsTableModel(demo_workspace.store)
    model.set_query(ClaimQuery())
    model.sort(4, Qt.SortOrder.DescendingOrder)
    charges = [model.data(model.index(r, 4), ItemRole.SORT) for r in range(model.rowCount())]
    assert charges == sorted(charges, reverse=True)


def test_status_colours(qtbot: QtBot, demo_workspace: Workspace) -> None:
    model = ClaimsTableModel(demo_workspace.store)
    model.set_query(ClaimQuery(statuses=frozenset({ClaimStatus.REJECTED})))
    brush = model.data(model.index(0, 6), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#b3261e"
