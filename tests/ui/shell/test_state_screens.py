"""``screenshot --demo`` also shows states a fresh demo lacks, made through the services
against the demo's Office Ally stand-in: each is real, and each screen fits the laptop."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from oa_desktop import app
from oa_desktop.services.demo.screen_states import make_screen_states
from oa_desktop.services.era import posting
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import batches, payer_list, set_aside
from oa_desktop.store.download_problems import list_problems
from oa_desktop.ui.kit import fit
from oa_desktop.ui.shell.state_screens import render_states
from tests.conftest import DEMO_DAY

NAMES = {"not_for_this_practice", "not_for_this_practice_open", "responses_could_not_download",
         "find_payer", "posting_preview_reversal", "batches_upload_unconfirmed",
         "error_permission_denied"}


def test_the_states_are_made_by_the_services_and_every_screen_fits(
    qtbot: QtBot, demo_template: Path, tmp_path: Path,
) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    states = make_screen_states(root, today=DEMO_DAY)
    workspace = open_workspace(root)
    try:
        store = workspace.store
        assert sorted(a.answer.kind for a in set_aside.listed(store)) == ["835", "999"]
        reasons = " ".join(p.reason for p in list_problems(store))
        assert len(list_problems(store)) == 3 and "permission denied" in reasons
        assert batches.get_batch(store, states.unconfirmed_batch or 0).status == "unconfirmed"
        assert "permission denied" in states.not_sent_line
        assert payer_list.list_size(store) > 0
        assert states.reversal_era is not None
        plan = posting.preview(store, states.reversal_era)
        assert [c.action for c in plan.rows] == ["reversal", "paid"] and not plan.blockers

        problems: list[str] = []
        size = QSize(1280, 720)

        def check(widget: QWidget, path: Path) -> Path:
            window = widget.window()
            if window.width() > size.width() or window.height() > size.height():
                problems.append(f"{path.stem}: window {window.width()}×{window.height()}")
            problems.extend(f"{path.stem}: button {b} outside" for b in fit.outside(window))
            return path

        seen = render_states(workspace, states, tmp_path / "checked", check, size)
        assert {p.stem for p in seen} == NAMES
        assert problems == [], "\n".join(problems)
    finally:
        workspace.close()
    written = app.take_screenshots(root, tmp_path / "shots", states=states)
    assert {p.stem for p in written} == NAMES
    assert all(p.stat().st_size > 5000 for p in written)
