from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from oa_desktop import app
from oa_desktop.services import first_run
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.ui.shell import main_window
from oa_desktop.ui.shell.main_window import MainWindow
from oa_desktop.ui.shell.welcome import WelcomeDialog


@pytest.fixture
def new_workspace(tmp_path: Path) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "new practice")
    yield workspace
    workspace.close()


def _window(qtbot: QtBot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    return window


def _welcome(qtbot: QtBot, window: MainWindow) -> WelcomeDialog:
    dialog = window.show_welcome()
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    return dialog


def test_first_run_means_no_practice_yet(new_workspace: Workspace,
                                         demo_workspace: Workspace) -> None:
    assert first_run.is_first_run(new_workspace)
    assert not first_run.is_first_run(demo_workspace)


def test_says_where_the_data_lives_and_how_to_back_it_up(
    qtbot: QtBot, new_workspace: Workspace, tmp_path: Path
) -> None:
    window = _window(qtbot, new_workspace)
    dialog = _welcome(qtbot, window)
    assert dialog.windowTitle() == "Welcome to OA Desktop"
    assert str(new_workspace.folder.root) in dialog.where_label.text()
    assert "Save a backup copy to" in dialog.backup_label.text()
    assert "once a day" in dialog.backup_label.text()
    titles = [b.text() for b in (dialog.practice_button, dialog.office_ally_button,
                                 dialog.demo_button)]
    assert titles == ["Set up my practice", "Connect Office Ally", "Explore the demo"]
    assert all(b.accessibleName() for b in (dialog.practice_button, dialog.demo_button))
    shot = tmp_path / "welcome.png"
    assert dialog.grab().save(str(shot))
    assert shot.stat().st_size > 5000


def test_set_up_my_practice_opens_the_practice_section(
    qtbot: QtBot, new_workspace: Workspace
) -> None:
    window = _window(qtbot, new_workspace)
    dialog = _welcome(qtbot, window)
    qtbot.mouseClick(dialog.practice_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.pages.currentWidget() is window.section_views["practice"]


def test_connect_office_ally_runs_the_wizard(
    qtbot: QtBot, new_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, new_workspace)
    ran: list[bool] = []
    monkeypatch.setattr(window.office_ally, "run_setup", lambda: ran.append(True))
    dialog = _welcome(qtbot, window)
    qtbot.mouseClick(dialog.office_ally_button, Qt.MouseButton.LeftButton)
    assert ran == [True]


def test_explore_the_demo_starts_the_demo_as_its_own_program(
    qtbot: QtBot, new_workspace: Workspace
) -> None:
    window = _window(qtbot, new_workspace)
    launched: list[list[str]] = []
    window.welcome.launch = lambda command: launched.append(command) or True
    dialog = _welcome(qtbot, window)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert launched == [first_run.demo_command()]
    assert launched[0][-1] == "demo"
    assert "demo practice" in window.statusBar().currentMessage()


def test_a_demo_that_cannot_start_says_what_to_do(
    qtbot: QtBot, new_workspace: Workspace
) -> None:
    window = _window(qtbot, new_workspace)
    window.welcome.launch = lambda command: False
    dialog = _welcome(qtbot, window)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert "oa-desktop demo" in window.statusBar().currentMessage()


def test_look_around_first_just_closes(qtbot: QtBot, new_workspace: Workspace) -> None:
    window = _window(qtbot, new_workspace)
    dialog = _welcome(qtbot, window)
    before = window.pages.currentWidget()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.pages.currentWidget() is before


def test_help_welcome_reopens_it(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert help_menu.actions()[0] is window.welcome_action
    window.welcome_action.trigger()
    dialog = window.welcome.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=20_000)
    assert window.show_welcome() is dialog  # a second request raises the same one


def test_demo_command_from_source_and_from_the_bundle() -> None:
    assert first_run.demo_command("/x/python", frozen=False) == [
        "/x/python", "-m", "oa_desktop", "demo"]
    assert first_run.demo_command("C:/OA/OADesktop.exe", frozen=True) == [
        "C:/OA/OADesktop.exe", "demo"]


def _count_welcomes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    shown: list[bool] = []
    original = MainWindow.show_welcome

    def spy(self: MainWindow) -> WelcomeDialog:
        shown.append(True)
        return original(self)

    monkeypatch.setattr(main_window.MainWindow, "show_welcome", spy)
    return shown


def test_first_run_opens_the_welcome_screen(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _count_welcomes(monkeypatch)
    assert app.run_app(tmp_path / "data", quit_after_ms=400) == 0
    assert shown == [True]


def test_a_practice_that_is_set_up_opens_without_it(
    qtbot: QtBot, demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shown = _count_welcomes(monkeypatch)
    shutil.copytree(demo_template, tmp_path / "demo")
    assert app.run_app(tmp_path / "demo", quit_after_ms=300) == 0
    assert shown == []


def test_startup_probe_prints_the_time_to_first_paint(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import time

    monkeypatch.setenv(app.STARTUP_PROBE, f"{time.time():.3f}")
    assert app.run_app(tmp_path / "data", quit_after_ms=20_000) == 0
    out = capsys.readouterr().out
    assert "first_paint_epoch=" in out
    assert "first_paint_seconds=" in out


def test_the_window_has_the_app_icon(qtbot: QtBot) -> None:
    app.application()
    icon = app.app_icon()
    assert not icon.isNull()
    assert 256 in {size.width() for size in icon.availableSizes()}
    assert QApplication.instance() is not None
