"""How errors reach the user: a KnownError as a plain message, anything else as a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from oa_desktop.errors import KnownError


def known_error_box(parent: QWidget | None, error: KnownError, title: str = "") -> QMessageBox:
    """Build the message box for a KnownError: what happened, what to do, details behind."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "OA Desktop")
    box.setText(error.message)
    if error.next_step:
        box.setInformativeText(error.next_step)
    if error.details:
        box.setDetailedText(error.details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName("Error message")
    return box


def show_known_error(parent: QWidget | None, error: KnownError, title: str = "") -> None:
    """Show a KnownError and wait for OK."""
    known_error_box(parent, error, title).exec()
