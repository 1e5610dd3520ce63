"""The sessions import preview: columns found, claims shown, Import creates them once."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.demo.auth_demo import write_demo_timesheets
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from oa_desktop.ui.kit.jobs import JobRunner
from oa_desktop.ui.kit.table_model import TableModel
from oa_desktop.ui.sessions.import_dialog import SessionsImportDialog
from tests.conftest import DEMO_DAY


def test_preview_import_and_again(qtbot: QtBot, qtmodeltester: ModelTester,
                                  demo_workspace: Workspace, tmp_path: Path) -> None:
    store = demo_workspace.store
    sheet = tmp_path / "timesheets.csv"
    rows = write_demo_timesheets(store, sheet, DEMO_DAY)
    before = claims.claim_count(store)
    dialog = SessionsImportDialog(store, sheet)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.checked is not None)
    checked = dialog.checked
    assert checked is not None and checked.session_count == rows - 1  # one 7-minute session
    assert dialog.combos["minutes"].currentData() == "TimeWorkedInMins"
    assert dialog.model.rowCount() == checked.session_count
    copy = TableModel(dialog.model.columns)  # the dialog's model goes with it
    copy.set_items(dialog.model.items)
    qtmodeltester.check(copy, force_py=True)
    assert "too short" in dialog.notes.toPlainText().lower()
    assert claims.claim_count(store) == before  # the preview stores nothing
    assert dialog.import_button.text() == (f"Import {checked.session_count} sessions as "
                                           f"{len(checked.claims)} draft claims")

    dialog.combos["minutes"].setCurrentIndex(0)  # "not in the file": times give the minutes
    qtbot.waitUntil(lambda: dialog.job is None and dialog.checked is not None)
    assert dialog.checked is not None and dialog.checked.session_count == rows - 1
    dialog.do_import()
    qtbot.waitUntil(lambda: dialog.job is None)
    assert dialog.imported is not None
    assert claims.claim_count(store) == before + len(checked.claims)

    again = SessionsImportDialog(store, sheet)
    qtbot.addWidget(again)
    again.settle()
    assert again.checked is not None and again.checked.claims == []
    assert not again.import_button.isEnabled()
    assert "imported before" in again.notes.toPlainText()


def test_preview_and_import_run_in_the_background_and_cancel_leaves_nothing(
        qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path) -> None:
    store = demo_workspace.store
    sheet = tmp_path / "timesheets.csv"
    write_demo_timesheets(store, sheet, DEMO_DAY)
    before = claims.claim_count(store)
    runner = JobRunner(max_threads=1)
    release = threading.Event()
    # the one worker is busy, so the dialog's jobs wait in the queue: no timing involved
    blocker = runner.run("busy", lambda _p: release.wait(30))
    dialog = SessionsImportDialog(store, sheet, runner=runner)
    qtbot.addWidget(dialog)
    assert dialog.job is not None and dialog.checked is None  # the window did not wait
    assert not dialog.progress.isHidden() and not dialog.mapping_box.isEnabled()
    assert not dialog.import_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None and blocker.finished)
    assert dialog.checked is not None and dialog.checked.session_count > 0
    assert dialog.progress.isHidden() and dialog.import_button.isEnabled()

    release.clear()
    blocker = runner.run("busy", lambda _p: release.wait(30))
    dialog.do_import()
    assert dialog.job is not None
    dialog.reject()  # Cancel while the import waits: it stops, the dialog stays
    assert dialog.summary.text() == "Cancelling…"
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None)
    assert dialog.imported is None and "Nothing was created" in dialog.summary.text()
    assert claims.claim_count(store) == before
    assert dialog.import_button.isEnabled()  # the preview is still there
    dialog.do_import()
    qtbot.waitUntil(lambda: dialog.job is None)
    assert dialog.imported is not None
    assert claims.claim_count(store) == before + dialog.imported.claims
    runner.wait()
