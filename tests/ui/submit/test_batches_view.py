"""The Batches screen's table model, checked by qtmodeltester on the demo's batches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser
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


def test_a_demo_batch_shows_its_file_and_its_buttons_work(
        qtbot: QtBot, demo_workspace: Workspace) -> None:
    view = BatchesView(demo_workspace, retry=lambda _batch_id: None)
    qtbot.addWidget(view)
    batch = view.selected()
    assert batch is not None and batch.file_name.endswith(".txt")
    file_column = next(c for c in range(view.model.columnCount())
                       if view.model.headerData(c, Qt.Orientation.Horizontal) == "File")
    assert view.proxy.index(0, file_column).data() == batch.file_name
    assert view.open_button.isEnabled() and view.readable_button.isEnabled()
    dialog = view.readable_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "could not be read" not in dialog.findChild(QTextBrowser).toPlainText()
