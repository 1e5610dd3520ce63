"""The sessions import preview: columns found, claims shown, Import creates them once."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.demo.auth_demo import write_demo_timesheets
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
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
    assert dialog.checked is not None and dialog.checked.session_count == rows - 1
    dialog.do_import()
    assert dialog.imported is not None
    assert claims.claim_count(store) == before + len(checked.claims)

    again = SessionsImportDialog(store, sheet)
    qtbot.addWidget(again)
    assert again.checked is not None and again.checked.claims == []
    assert not again.import_button.isEnabled()
    assert "imported before" in again.notes.toPlainText()
