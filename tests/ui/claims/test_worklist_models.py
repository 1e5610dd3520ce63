"""The Problems worklist's table model, checked by qtmodeltester (demo data, ERAs posted)."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.demo.practice import add_demo_eras
from oa_desktop.services.era import posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.claims.problems_view import ProblemsView
from tests.conftest import DEMO_DAY


def test_problems_model_passes_qtmodeltester(
        keep_alive: list[object], qtbot: QtBot, qtmodeltester: ModelTester,
        demo_workspace: Workspace) -> None:
    add_demo_eras(demo_workspace, DEMO_DAY)
    posting.post_all(demo_workspace.store)  # the demo's payers deny a few claims
    view = ProblemsView(demo_workspace, open_claim=lambda _c: None,
                        resend=lambda _ids: None, today=DEMO_DAY)
    qtbot.addWidget(view)
    keep_alive.append(view)
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model, force_py=True)
    view.waiting_box.setChecked(True)
    view.reload()
