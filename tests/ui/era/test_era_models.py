"""The ERA screens' table models on the demo's ERAs: qtmodeltester, and money and dates
that sort as numbers and as days."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.demo.practice import add_demo_eras
from oa_desktop.services.era import posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import remittances
from oa_desktop.ui.era.list_view import EraListView
from oa_desktop.ui.era.posting_preview import PostingPreviewDialog
from oa_desktop.ui.kit.roles import ItemRole
from tests.conftest import DEMO_DAY


def test_era_list_detail_and_preview_models_pass_qtmodeltester(
        keep_alive: list[object], qtbot: QtBot, qtmodeltester: ModelTester,
        demo_workspace: Workspace) -> None:
    assert add_demo_eras(demo_workspace, DEMO_DAY) > 0
    view = EraListView(demo_workspace)
    qtbot.addWidget(view)
    keep_alive.append(view)
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model, force_py=True)
    target = max(remittances.list_remittances(demo_workspace.store), key=lambda r: r.claim_count)
    assert view.select(target.id)
    qtmodeltester.check(view.detail.claims_model, force_py=True)
    qtmodeltester.check(view.detail.plb_model, force_py=True)
    assert view.detail.claims_model.rowCount() > 0
    dialog = PostingPreviewDialog(posting.preview(demo_workspace.store, target.id))
    qtbot.addWidget(dialog)
    keep_alive.append(dialog)
    qtmodeltester.check(dialog.model, force_py=True)


def test_era_list_sorts_amounts_as_numbers_and_dates_as_days(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    assert add_demo_eras(demo_workspace, DEMO_DAY) > 0
    view = EraListView(demo_workspace)
    qtbot.addWidget(view)
    rows = range(view.proxy.rowCount())
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    amounts = [view.proxy.index(r, 4).data(ItemRole.OBJECT).amount for r in rows]
    assert amounts == sorted(amounts)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    days = [view.proxy.index(r, 0).data(ItemRole.OBJECT).payment_date or "" for r in rows]
    assert days == sorted(days, reverse=True)
