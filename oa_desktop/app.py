"""The composition root: open the data folder, build the window, run Qt."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from oa_desktop import __version__
from oa_desktop.errors import KnownError
from oa_desktop.services import integrity
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store.db import DamagedDatabaseError
from oa_desktop.ui.crash import CrashHandler
from oa_desktop.ui.main_window import MainWindow
from oa_desktop.ui.messages import show_known_error


def application() -> QApplication:
    """The one QApplication, Fusion-styled (it follows the system's light or dark scheme)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("OA Desktop")
        app.setApplicationVersion(__version__)
        app.setStyle("Fusion")
    assert isinstance(app, QApplication)
    return app


def open_or_explain(root: Path) -> Workspace | None:
    """Open the data folder, or show why it cannot be opened (nothing is overwritten)."""
    try:
        return open_workspace(root)
    except KnownError as exc:
        show_known_error(None, exc, "OA Desktop cannot start")
        return None


def run_app(root: Path, *, demo: bool = False, quit_after_ms: int | None = None) -> int:
    """Open the main window on ``root`` and run until it closes."""
    app = application()
    workspace = open_or_explain(root)
    if workspace is None:
        return 2
    crash = CrashHandler(workspace.folder.logs)
    crash.install()
    try:
        try:
            window = MainWindow(workspace, demo=demo)
        except sqlite3.DatabaseError as exc:  # damage in a page the window reads on start
            message = integrity.damaged_unreadable(
                workspace.folder, DamagedDatabaseError(str(exc), details=str(exc))
            )
            show_known_error(None, message, "OA Desktop cannot start")
            return 2
        crash.window = window
        window.show()
        if quit_after_ms is not None:
            QTimer.singleShot(quit_after_ms, window.close)
        return app.exec()
    finally:
        crash.uninstall()
        workspace.close()


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def take_screenshots(root: Path, out: Path) -> list[Path]:
    """Render every main screen of the data folder ``root`` to ``out/<screen>.png``."""
    from oa_desktop.ui import screenshots

    application()
    out.mkdir(parents=True, exist_ok=True)
    workspace = open_workspace(root)
    try:
        return screenshots.render_all(workspace, out, _save)
    finally:
        workspace.close()
