"""The "Not for this practice" list: what was set aside and why, readable, dismissable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.responses.ingest import ingest_file
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import set_aside
from oa_desktop.ui.responses.not_ours_view import NotOursView
from tests.services.responses.helpers import receive, sent_batch
from tests.services.responses.test_addressee import foreign_277, foreign_835, foreign_999
from tests.ui.conftest import Shot


def test_the_list_says_what_each_file_claims_and_why_and_dismisses(
        keep_alive: list[object], qtbot: QtBot, qtmodeltester: ModelTester,
        demo_workspace: Workspace, shot: Shot, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = sent_batch(demo_workspace, ["NO1"], group=41, st02="0001")
    for name, data in (("other_999.999", foreign_999(batch)),
                       ("other_277.277", foreign_277("NO1")),
                       ("other_era.835", foreign_835("NO1"))):
        ingest_file(demo_workspace, receive(demo_workspace, name, data))
    view = NotOursView(demo_workspace)
    qtbot.addWidget(view)
    keep_alive.append(view)
    view.resize(1280, 600)
    qtmodeltester.check(view.model, force_py=True)
    assert view.model.rowCount() == 3 and not view.empty.isVisibleTo(view)
    texts = [view.model.index(r, c).data() for r in range(3) for c in range(5)]
    assert "other_era.835" in texts and "835 payment (ERA)" in texts
    assert any("OTHER CLINIC" in t for t in texts)
    assert any("addressed to submitter OTHERSUB01" in t for t in texts)
    shot(view, "not_for_this_practice")
    view.table.selectRow(0)
    view.open_selected()
    assert "CLP*NO1*" in view.dialog.text.toPlainText()  # newest first: the ERA
    assert view.dialog.text.toPlainText().count("\n") > 5  # one segment per line
    shot(view.dialog, "not_for_this_practice_open")
    view.dialog.close()

    def yes(*_args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    view.dismiss_selected()
    assert view.model.rowCount() == 2 and set_aside.open_count(demo_workspace.store) == 2
