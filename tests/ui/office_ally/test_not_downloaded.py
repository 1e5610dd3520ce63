"""The "Could not download" box in Responses: shown only while something did not arrive."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.store.download_problems import replace_problems
from oa_desktop.ui.responses.responses_view import ResponsesView


def test_the_list_shows_each_file_with_its_reason_and_goes_when_empty(
    qtbot: QtBot, demo_workspace: Workspace,
) -> None:
    view = ResponsesView(demo_workspace)
    qtbot.addWidget(view)
    view.show()
    box = view.not_downloaded
    assert box.isHidden()
    store = demo_workspace.store
    replace_problems(store, [(b"denied.txt", "denied.txt", 7, "permission denied"),
                             (b"R\xe9\x1b.txt", "R\\xe9\\x1b.txt", 3, "gone")],
                     "2026-11-02T10:00:00")
    replace_problems(store, [(b"denied.txt", "denied.txt", 7, "permission denied")],
                     "2026-11-02T11:00:00")
    view.reload()
    assert box.isVisible()
    assert [p.remote_name for p in box.model.items] == ["denied.txt"]
    (problem,) = box.model.items
    assert (problem.attempts, problem.first_seen, problem.last_seen) == (
        2, "2026-11-02T10:00:00", "2026-11-02T11:00:00")
    replace_problems(store, [], "2026-11-02T12:00:00")
    view.reload()
    assert box.isHidden()
