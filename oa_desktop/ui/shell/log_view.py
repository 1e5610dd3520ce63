"""Help → Show log: the end of the application log, for support."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_LINES = 1000


def tail(path: Path, lines: int = MAX_LINES) -> str:
    """The last ``lines`` lines of a text file (empty when it does not exist yet)."""
    if not path.exists():
        return ""
    text = path.read_text("utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


class LogDialog(QDialog):
    """Help → Show log: the end of the log file, read-only."""
    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Application log")
        layout = QVBoxLayout(self)
        note = QLabel(
            f"The log holds ids and technical events, never patient names or birth dates. "
            f"File: {log_file}"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.text = QPlainTextEdit(tail(log_file) or "The log is empty.")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Log lines")
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy all")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        folder = QPushButton("Open log folder")
        folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent)))
        )
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 520)
