"""The backup passphrase, set once: suggested, shown to be written down, typed twice.

Opened from the welcome screen, from File → Backup passphrase…, and before the first
backup copy that leaves the data folder. Nothing is stored before Save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.paths import DataFolder
from oa_desktop.services.safety import backup_passphrase

INTRO = (
    "Backups are locked with a passphrase, so a lost USB stick or a stolen copy shows "
    "nothing about your patients. OA Desktop keeps the passphrase in this computer's "
    "keyring and uses it for every backup."
)
WRITE_DOWN = (
    "<b>Write it down now</b> and keep the paper apart from the backups (not in the USB "
    "stick's bag), for example in the office safe. To restore a backup on a new computer "
    "you must type it; without it nobody, not even OA Desktop's makers, can open the "
    "backups."
)


class PassphraseDialog(QDialog):
    """Suggest a passphrase, have it written down and typed again, then keep it."""

    def __init__(self, folder: DataFolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup-passphrase")
        self.setWindowTitle("Backup passphrase")
        self.folder = folder
        self.saved_note = ""
        replacing = backup_passphrase.is_set(folder)
        intro = QLabel(INTRO + (" A new passphrase is used for backups made from now on; "
                                "older backups still open with the old one." if replacing
                                else ""))
        intro.setWordWrap(True)
        self.suggested = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.5)
        mono.setWeight(QFont.Weight.Bold)
        self.suggested.setFont(mono)
        self.suggested.setAccessibleName("Suggested passphrase")
        self.suggested.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.another = QPushButton("Suggest another")
        self.another.setAutoDefault(False)
        self.another.clicked.connect(self._on_another_clicked)
        self.use = QPushButton("Use this one")
        self.use.setAutoDefault(False)
        self.use.clicked.connect(self._on_use_clicked)
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.suggested, 1)
        suggestion.addWidget(self.use)
        suggestion.addWidget(self.another)
        write = QLabel(WRITE_DOWN)
        write.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Backup passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Backup passphrase again")
        self.show_typed = QCheckBox("Show what I type")
        self.show_typed.toggled.connect(self._on_show_typed_toggled)
        form = QFormLayout()
        form.addRow("Passphrase:", self.passphrase)
        form.addRow("Type it again:", self.repeat)
        form.addRow("", self.show_typed)
        self.written = QCheckBox("I have written the passphrase down and keep it safe")
        self.error = QLabel()
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton("Save passphrase",
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setEnabled(False)
        self.written.toggled.connect(self.save_button.setEnabled)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("<b>A passphrase for you</b> (or type your own below):"))
        layout.addLayout(suggestion)
        layout.addWidget(write)
        layout.addLayout(form)
        layout.addWidget(self.written)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._on_another_clicked()

    def _on_another_clicked(self) -> None:
        self.suggested.setText(backup_passphrase.suggest())

    def _on_use_clicked(self) -> None:
        self.passphrase.setText(self.suggested.text())
        self.repeat.setText(self.suggested.text())

    def _on_show_typed_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _on_save(self) -> None:
        try:
            backup_passphrase.check(self.passphrase.text(), self.repeat.text())
            self.saved_note = backup_passphrase.save(self.folder, self.passphrase.text())
        except KnownError as exc:
            self.error.setText(f"{exc.message} {exc.next_step}")
            return
        self.accept()
