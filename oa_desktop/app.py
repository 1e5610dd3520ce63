"""The composition root: open the data folder, build the window, run Qt."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from oa_desktop import __version__
from oa_desktop.errors import KnownError
from oa_desktop.paths import app_icon_file
from oa_desktop.services.first_run import is_first_run
from oa_desktop.services.safety import folder_lock, integrity
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store.db import DamagedDatabaseError
from oa_desktop.ui.kit import collector, fit
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.shell.crash import CrashHandler
from oa_desktop.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from oa_desktop.services.demo.screen_states import ScreenStates


def application() -> QApplication:
    """The one QApplication, Fusion-styled (it follows the system's light or dark scheme)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("OA Desktop")
        app.setApplicationVersion(__version__)
        app.setStyle("Fusion")
        app.setWindowIcon(app_icon())
    assert isinstance(app, QApplication)
    fit.install(app)
    collector.install(app)
    return app


def app_icon() -> QIcon:
    """The OA Desktop icon, every size drawn by ``installer/make_icon.py``."""
    icon = QIcon()
    main = app_icon_file()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = main.with_name(f"oa_desktop_{size}.png")
        if path.exists():
            icon.addFile(str(path))
    if icon.isNull() and main.exists():
        icon.addFile(str(main))
    return icon


STARTUP_PROBE = "OA_DESKTOP_STARTUP_PROBE"


class FirstPaintProbe(QObject):
    """With ``$OA_DESKTOP_STARTUP_PROBE`` set: print when the window first paints, then quit.

    If the variable holds the launch time (seconds since the epoch, as ``date +%s.%N``
    prints), the time from launch to first paint is printed too.
    """

    def __init__(self, window: QWidget, launched_at: str) -> None:
        super().__init__(window)
        self.launched_at = launched_at
        self.painted = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Note the time of the first paint, for the start-up figure."""
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            now = time.time()
            line = f"first_paint_epoch={now:.3f}"
            try:
                launched = float(self.launched_at)
            except ValueError:
                launched = 0.0
            if launched > 1e9:
                line += f" first_paint_seconds={now - launched:.3f}"
            print(line, flush=True)
            QTimer.singleShot(0, QApplication.closeAllWindows)
        return False


def open_or_explain(root: Path) -> Workspace | None:
    """Open the data folder for the window (taking its lock), or show why it cannot be
    opened (nothing is overwritten; a second window says which one is open already)."""
    try:
        return open_workspace(root, lock=folder_lock.WINDOW)
    except folder_lock.FolderInUseError as exc:
        show_known_error(None, exc, "OA Desktop is already open")
        return None
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
        probe = os.environ.get(STARTUP_PROBE)
        if probe:
            FirstPaintProbe(window, probe)
        window.show()
        if not demo and not probe and is_first_run(workspace):
            QTimer.singleShot(0, window.show_welcome)
        if quit_after_ms is not None:
            QTimer.singleShot(quit_after_ms, app.closeAllWindows)
        return app.exec()
    finally:
        crash.uninstall()
        workspace.close()


def _save(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path


def take_screenshots(root: Path, out: Path, size: tuple[int, int] = (1366, 768),
                     states: ScreenStates | None = None) -> list[Path]:
    """Render every main screen of the data folder ``root`` to ``out/<screen>.png``, as on a
    screen of ``size`` (width, height); with ``states``: only the screens of the states
    made in ``root`` for them (``services.demo.screen_states``)."""
    from PySide6.QtCore import QSize

    from oa_desktop.ui.shell import screenshots

    application()
    out.mkdir(parents=True, exist_ok=True)
    workspace = open_workspace(root)
    try:
        if states is not None:
            from oa_desktop.ui.shell.state_screens import render_states

            return render_states(workspace, states, out, _save, QSize(*size))
        return screenshots.render_all(workspace, out, _save, QSize(*size))
    finally:
        workspace.close()
