import sqlite3

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.safety.audit_view import AuditView
from oa_desktop.ui.shell.main_window import MainWindow


def test_audit_screen_lists_and_filters(qtbot: QtBot, qtmodeltester: ModelTester,
                                        demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    view = window.show_section("audit")
    assert isinstance(view, AuditView)
    qtmodeltester.check(view.model, force_py=True)
    assert "Showing the newest 2,000" in view.count.text()
    qtbot.waitUntil(lambda: "intact" in view.chain.text())
    view.what.setCurrentIndex(view.what.findData("submitted"))
    assert view.model.rowCount() > 0
    assert {view.model.data(view.model.index(r, 2)) for r in range(view.model.rowCount())} == {
        "Sent to Office Ally"}
    view.record_id.setText("300")
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 3)) == "Claim 300"


def test_audit_screen_shows_tampering(qtbot: QtBot, demo_workspace: Workspace) -> None:
    conn = sqlite3.connect(demo_workspace.folder.database)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 5")
    conn.commit()
    conn.close()
    view = AuditView(demo_workspace.store)
    qtbot.addWidget(view)
    assert "tampered" in view.chain.text() and "entry 5" in view.chain.text()
