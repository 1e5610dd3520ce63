"""Unexpected errors: log them, then show one dialog on the UI thread (Electrum's model).

``sys.excepthook`` and ``threading.excepthook`` may fire on any thread; the hook only
logs and emits a signal, and the dialog is built on the UI thread. The same error is
shown once. The dialog never shows a traceback by default: "Copy details" puts it on
the clipboard for support.
"""

from __future__ import annotations

import sys
import threading
import traceback
from html import escape
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.ui.kit.messages import known_error_box

log = get_logger("app")


_IN_WORDS: dict[str, str] = {
    "ZeroDivisionError": "A calculation could not be done (a division by zero).",
    "OverflowError": "A number grew too large to work with.",
    "ArithmeticError": "A calculation could not be done.",
    "InvalidOperation": "A calculation could not be done with an amount it was given.",
    "FileNotFoundError": "A file it needed is not there any more.",
    "PermissionError": "This computer did not allow it to read or write a file.",
    "TimeoutError": "Something it waited for took too long.",
    "ConnectionError": "The connection to another computer broke off.",
    "OSError": "This computer refused to read or write a file or the network.",
    "MemoryError": "The computer ran out of memory.",
    "DatabaseError": "The database refused a change.",
    "OperationalError": "The database refused a change.",
    "IntegrityError": "The database refused a change that would have mixed up records.",
    "UnicodeDecodeError": "A file or text was not in the expected character set.",
    "RecursionError": "A step kept repeating itself and was stopped.",
}


def in_words(summary: str) -> str:
    """What happened, for a biller: ``ZeroDivisionError: …`` → "A calculation could not be
    done (a division by zero).". The exception itself stays in the details."""
    name = summary.split(":", 1)[0].strip().rsplit(".", 1)[-1]
    return _IN_WORDS.get(name, "A step of the program stopped before it finished.")


class CrashDialog(QDialog):
    """"Something went wrong", in words, with the exception one click away."""

    def __init__(self, summary: str, details: str, log_dir: Path | None, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("OA Desktop — something went wrong")
        self.details = details if details.startswith(summary) else f"{summary}\n\n{details}"
        layout = QVBoxLayout(self)
        text = QLabel(
            f"<b>{escape(in_words(summary))}</b><br><br>"
            "What you were doing may not have finished. Your saved data is safe: every "
            "change is saved in one step or not at all. Check the last thing you did, then "
            "carry on. If this keeps happening, click <i>Copy details</i> and send them "
            "to support."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.details_view = QPlainTextEdit(self.details)
        self.details_view.setReadOnly(True)
        self.details_view.setVisible(False)
        self.details_view.setAccessibleName("Error details")
        layout.addWidget(self.details_view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        show = QPushButton("Show details")
        show.clicked.connect(lambda: self.details_view.setVisible(True))
        copy = QPushButton("Copy details")
        copy.clicked.connect(self.copy_details)
        buttons.addButton(show, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        if log_dir is not None:
            open_logs = QPushButton("Open log folder")
            open_logs.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir)))
            )
            buttons.addButton(open_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 240)

    def copy_details(self) -> None:
        """Put the traceback on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)


class CrashHandler(QObject):
    """Installs the hooks and shows each distinct error once."""

    error_caught = Signal(object, str, str)

    def __init__(self, log_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_dir = log_dir
        self.shown: set[str] = set()
        self.dialogs: list[QDialog] = []
        self.window: QWidget | None = None
        self.modal = True
        self.error_caught.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Route uncaught exceptions of every thread here."""
        sys.excepthook = self.handle
        threading.excepthook = lambda a: self.handle(a.exc_type, a.exc_value, a.exc_traceback)

    def uninstall(self) -> None:
        """Put the default hooks back."""
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Log the error and ask the UI thread to show it. Safe on any thread."""
        if exc is None:
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        if not isinstance(exc, KnownError):
            log.error("unexpected error:\n%s", details)
        self.error_caught.emit(exc, f"{exc_type.__name__}: {exc}", details)

    @Slot(object, str, str)
    def _show(self, exc: BaseException, summary: str, details: str) -> None:
        key = "".join(details.splitlines()[-3:])
        if key in self.shown:
            return
        self.shown.add(key)
        dialog: QDialog
        if isinstance(exc, KnownError):
            dialog = known_error_box(self.window, exc)
        else:
            dialog = CrashDialog(summary, details, self.log_dir, self.window)
        self.dialogs.append(dialog)
        if self.modal:
            dialog.exec()
        else:
            dialog.show()
