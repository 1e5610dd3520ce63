from pathlib import Path

from pytestqt.qtbot import QtBot

from oa_desktop.sandbox.responder import SandboxLayout
from oa_desktop.services.demo.practice import DEMO_SANDBOX_USER, start_demo_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files
from oa_desktop.ui.shell.main_window import MainWindow


def test_sync_runs_in_the_background_and_records_new_files(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    root = demo_workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=60)
    try:
        (SandboxLayout(root / "sandbox").outbound / "1000001.999").write_text("ISA*00*")
        window = MainWindow(demo_workspace)
        qtbot.addWidget(window)
        window.show()
        assert DEMO_SANDBOX_USER in window.gateway_label.text()
        assert "never synced" in window.gateway_label.text()
        window.office_ally.sync_action.trigger()
        assert not window.office_ally.sync_action.isEnabled()  # one sync at a time
        qtbot.waitUntil(lambda: not window.office_ally.running, timeout=20_000)
        assert window.statusBar().currentMessage().startswith(
            "Synced with Office Ally: 1 new file downloaded."
        )
        assert "last sync" in window.gateway_label.text()
        assert [f.remote_name for f in files.list_received(demo_workspace.store)] == [
            "1000001.999"
        ]
    finally:
        sandbox.stop()


def test_not_set_up_says_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    from oa_desktop.services.workspace import open_workspace

    workspace = open_workspace(tmp_path / "data")
    try:
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        assert "not set up yet" in window.gateway_label.text()
        assert not window.office_ally.sync_action.isEnabled()
        assert not connection.is_set_up(workspace)
        window.close()
    finally:
        workspace.close()
