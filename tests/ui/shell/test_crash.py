import sys
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from oa_desktop.errors import KnownError
from oa_desktop.ui.shell.crash import CrashDialog, CrashHandler


def _raise(exc: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise exc
    except BaseException:
        info = sys.exc_info()
    assert info[0] is not None and info[1] is not None
    return info[0], info[1], info[2]


def test_unexpected_error_shows_one_crash_dialog(qtbot: QtBot, tmp_path) -> None:
    handler = CrashHandler(tmp_path)
    handler.modal = False
    exc_type, exc, tb = _raise(ZeroDivisionError("division by zero"))
    handler.handle(exc_type, exc, tb)  # type: ignore[arg-type]
    handler.handle(exc_type, exc, tb)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(handler.dialogs), timeout=20_000)
    qtbot.wait(50)
    assert len(handler.dialogs) == 1
    dialog = handler.dialogs[0]
    assert isinstance(dialog, CrashDialog)
    qtbot.addWidget(dialog)
    assert "ZeroDivisionError" in dialog.details
    assert dialog.details_view.isHidden()  # no traceback unless asked
    dialog.copy_details()
    assert "Traceback" in QApplication.clipboard().text()


def test_known_error_shows_plain_message(qtbot: QtBot) -> None:
    handler = CrashHandler()
    handler.modal = False
    exc_type, exc, tb = _raise(KnownError("The disk is full.", "Free some space."))
    handler.handle(exc_type, exc, tb)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(handler.dialogs), timeout=20_000)
    box = handler.dialogs[0]
    qtbot.addWidget(box)
    assert box.text() == "The disk is full."  # type: ignore[attr-defined]
    assert box.informativeText() == "Free some space."  # type: ignore[attr-defined]


def test_error_in_a_worker_thread_reaches_the_ui_thread(qtbot: QtBot) -> None:
    handler = CrashHandler()
    handler.modal = False
    handler.install()
    try:
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(handler.dialogs), timeout=20_000)
    finally:
        handler.uninstall()
    qtbot.addWidget(handler.dialogs[0])
    assert isinstance(handler.dialogs[0], CrashDialog)


def test_the_crash_dialog_says_what_happened_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from oa_desktop.ui.shell.crash import in_words

    dialog = CrashDialog("ZeroDivisionError: division by zero",
                         "Traceback (most recent call last):\nZeroDivisionError: division by zero",
                         tmp_path, None)
    qtbot.addWidget(dialog)
    headline = dialog.findChildren(QLabel)[0].text()
    assert "A calculation could not be done" in headline
    assert "ZeroDivisionError" not in headline  # the exception stays in the details
    assert "ZeroDivisionError" in dialog.details_view.toPlainText()
    assert in_words("sqlite3.OperationalError: database is locked") == \
        "The database refused a change."
    assert in_words("KeyError: 'x'") == "A step of the program stopped before it finished."
