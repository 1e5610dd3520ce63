"""The Batches screen's table model, checked by qtmodeltester on the demo's batches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.submit.batches_view import BatchesView


def test_batches_model_passes_qtmodeltester_and_sorts_money(
        keep_alive: list[object], qtbot: QtBot, qtmodeltester: ModelTester,
        demo_workspace: Workspace) -> None:
    view = BatchesView(demo_workspace, retry=lambda _batch_id: None)
    qtbot.addWidget(view)
    keep_alive.append(view)
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model, force_py=True)
    view.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    totals = [view.proxy.index(r, 3).data(ItemRole.SORT) for r in range(view.proxy.rowCount())]
    assert totals == sorted(totals)
