"""The Responses screen's table model, checked by qtmodeltester on the demo's files."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files
from oa_desktop.ui.responses.responses_view import ResponsesView


def test_responses_model_passes_qtmodeltester(
        keep_alive: list[object], qtbot: QtBot, qtmodeltester: ModelTester,
        demo_workspace: Workspace) -> None:
    for number, (kind, status) in enumerate((("999", "ingested"), ("277", "unmatched"),
                                             ("unknown", "failed"))):
        files.record_received(demo_workspace.store, remote_name=f"file{number}.txt", size=10,
                              mtime=0, sha256=f"{number:064d}", local_path="", kind=kind,
                              downloaded_at=f"2026-11-0{number + 1}T10:00:00+00:00",
                              status=status, problem="Could not read it" * (status == "failed"))
    view = ResponsesView(demo_workspace)
    qtbot.addWidget(view)
    keep_alive.append(view)
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model, force_py=True)
    view.only_unmatched.setChecked(True)  # the tester checks the reset too
