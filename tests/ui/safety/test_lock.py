import time

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from oa_desktop.services.progress import Progress
from oa_desktop.services.safety import users
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.ui.safety.lock import IdleLock, LockScreen
from oa_desktop.ui.shell.main_window import MainWindow


def _window(qtbot: QtBot, workspace: Workspace) -> MainWindow:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    return window


def _patient_names_visible(window: MainWindow) -> bool:
    return window.claims.isVisible() and window.claims.table.isVisible()


def test_window_starts_locked_and_unlocks_with_the_pin(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    users.add_user(demo_workspace.store, "Maria", "2468")
    window = _window(qtbot, demo_workspace)
    screen = window.centralWidget()
    assert isinstance(screen, LockScreen)
    assert not _patient_names_visible(window)
    assert not window.menuBar().isEnabled()
    screen.secret.setText("1111")
    screen.button.click()
    assert "not right" in screen.error.text()
    screen.secret.setText("2468")
    screen.button.click()
    assert _patient_names_visible(window)
    assert demo_workspace.store.actor == "Maria"
    assert audit_store.entries(demo_workspace.store)[0].action == "login"


def test_idle_lock_hides_patient_data_and_work_in_flight_finishes(
    qtbot: QtBot, demo_workspace: Workspace
) -> None:
    users.add_user(demo_workspace.store, "Maria", "2468")
    window = _window(qtbot, demo_workspace)
    window.idle_lock.unlock()
    window.idle_lock.stop()
    idle = IdleLock(window, demo_workspace.store, timeout_s=0.2, check_ms=20)
    window.idle_lock = idle
    assert _patient_names_visible(window)
    dialog = QDialog(window)
    dialog.show()
    results: list[object] = []

    def slow_posting(progress: Progress) -> str:
        time.sleep(0.6)
        return "posted"

    window.jobs.run("posting", slow_posting, on_success=results.append)
    qtbot.waitUntil(lambda: idle.is_locked, timeout=20_000)
    assert not _patient_names_visible(window)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: results == ["posted"], timeout=20_000)  # finished behind the lock
    assert audit_store.entries(demo_workspace.store)[0].action == "lock"
    assert idle.screen is not None
    idle.screen.secret.setText("2468")
    idle.screen.button.click()
    assert _patient_names_visible(window)
    idle.stop()


def test_no_users_means_no_lock(qtbot: QtBot, demo_workspace: Workspace) -> None:
    window = _window(qtbot, demo_workspace)
    assert not window.idle_lock.is_locked
    assert not window.lock_action.isEnabled()
