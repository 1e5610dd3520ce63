from pytestqt.qtbot import QtBot

from oa_desktop.services.safety.backup import list_backups, make_backup, new_backup_path
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.safety.backup_actions import RestoreDialog, confirm_box
from oa_desktop.ui.shell.main_window import MainWindow


def test_back_up_now_makes_a_verified_backup(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.backup_actions.back_up_now()
    qtbot.waitUntil(lambda: window.backup_actions.message is not None, timeout=10_000)
    message = window.backup_actions.message
    assert message is not None and "300 claims" in message.text()
    [info] = list_backups(demo_workspace.folder)
    assert info.claims == 300
    message.close()


def test_restore_dialog_and_confirmation_say_what_happens(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    folder = demo_workspace.folder
    make_backup(folder, new_backup_path(folder.backups, "auto-"))
    dialog = RestoreDialog(list_backups(folder))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3).text() == "Daily, automatic, not encrypted"
    assert dialog.restore_button.isEnabled()
    box, replace = confirm_box(None, list_backups(folder)[0], 312)
    assert "312 claims" in box.informativeText() and "300 claims" in box.informativeText()
    assert "backup of your current data is made first" in box.informativeText()
    assert replace.text() == "Replace my data"
    box.deleteLater()
