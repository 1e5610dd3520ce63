"""The backup passphrase in the windows: set once (suggested, written down, typed twice),
used for every backup copy, asked for when a restore needs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from oa_desktop.services.safety import backup_crypto, backup_passphrase
from oa_desktop.services.safety.backup import list_backups, make_backup
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.safety import backup_actions
from oa_desktop.ui.safety.passphrase_dialog import PassphraseDialog
from oa_desktop.ui.shell.main_window import MainWindow

PASSPHRASE = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_crypto, "SCRYPT_N", 1 << 12)


def test_the_dialog_keeps_nothing_until_written_down_and_typed_twice(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    folder = demo_workspace.folder
    dialog = PassphraseDialog(folder)
    qtbot.addWidget(dialog)
    suggestion = dialog.suggested.text()
    assert len(suggestion) == 19 and suggestion.count("-") == 3
    assert not dialog.save_button.isEnabled()
    dialog.passphrase.setText("short")
    dialog.repeat.setText("short")
    dialog.written.setChecked(True)
    dialog.save_button.click()
    assert "at least 10 characters" in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "!")
    dialog.save_button.click()
    assert "not the same" in dialog.error.text()
    assert backup_passphrase.load(folder) is None
    dialog.use.click()
    dialog.save_button.click()
    assert backup_passphrase.load(folder) == suggestion
    assert "keyring" in dialog.saved_note


def test_back_up_now_is_encrypted_once_set(qtbot: QtBot, demo_workspace: Workspace) -> None:
    backup_passphrase.save(demo_workspace.folder, PASSPHRASE)
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.backup_actions.back_up_now()
    qtbot.waitUntil(lambda: window.backup_actions.message is not None, timeout=10_000)
    [info] = list_backups(demo_workspace.folder)
    assert info.encrypted and info.path.suffix == ".oabackup"
    assert window.backup_actions.message is not None
    window.backup_actions.message.close()


def test_a_restore_asks_until_the_passphrase_opens_the_backup(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = make_backup(demo_workspace.folder, tmp_path / "usb" / "b.oabackup",
                       passphrase=PASSPHRASE)
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    answers = [("a wrong guess", True), (PASSPHRASE, True)]
    prompts: list[str] = []

    def get_text(parent: object, title: str, prompt: str, echo: object) -> tuple[str, bool]:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(backup_actions.QInputDialog, "getText", get_text)
    assert window.backup_actions._passphrase_for(info.path) == PASSPHRASE
    assert "does not open this backup" in prompts[1]
    answers[:] = [("", False)]
    assert window.backup_actions._passphrase_for(info.path) is None  # Cancel: nothing happens


def test_the_welcome_screen_leads_to_the_passphrase(
    qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oa_desktop.ui.shell.welcome import PASSPHRASE as CHOICE

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    dialog = window.show_welcome()
    assert "locked with a passphrase" in dialog.backup_label.text()
    opened: list[bool] = []
    monkeypatch.setattr(window.backup_actions, "set_passphrase", lambda: opened.append(True))
    dialog.passphrase_button.click()
    assert dialog.choice == CHOICE and opened == [True]
