"""File → Back up now, Save a backup copy to…, Restore backup…; the daily backup; the
start-up warning for a damaged database. The work itself is in
``services/safety/backup.py`` and ``services/safety/restore.py``; this module asks, shows
progress and says what happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.display import plural
from oa_desktop.errors import KnownError
from oa_desktop.services.safety import audit, backup_crypto, backup_passphrase
from oa_desktop.services.safety.backup import (
    AUTO_PREFIX,
    SAFETY_PREFIX,
    UPGRADE_PREFIX,
    BackupInfo,
    automatic_backup,
    list_backups,
    make_backup,
    new_backup_path,
    read_info,
)
from oa_desktop.services.safety.reencrypt import (
    ReencryptResult,
    encrypt_old_backups,
    plaintext_backups,
)
from oa_desktop.services.safety.restore import RestoreResult, restore_backup
from oa_desktop.store.claims import claim_count
from oa_desktop.ui.kit.messages import known_error_box
from oa_desktop.ui.safety.passphrase_dialog import PassphraseDialog

if TYPE_CHECKING:
    from oa_desktop.ui.shell.protocol import Shell

HOUR_MS = 60 * 60 * 1000


def _when(info: BackupInfo) -> str:
    return info.created_local.strftime("%m/%d/%Y %I:%M %p")


def _size(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB" if n >= 1_000_000 else f"{max(1, n // 1000):,} KB"


def _kind(info: BackupInfo) -> str:
    name = info.path.name
    lock = ", encrypted" if info.encrypted else ", not encrypted"
    if name.startswith(AUTO_PREFIX):
        return "Daily, automatic" + lock
    if name.startswith(SAFETY_PREFIX):
        return "Made before a restore" + lock
    if name.startswith(UPGRADE_PREFIX):
        return "Made before an upgrade" + lock
    return "Made by hand" + lock


class RestoreDialog(QDialog):
    """Choose which backup to put back: the ones in the backups folder, or another file."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.chosen: BackupInfo | None = None
        self.backups = backups
        intro = QLabel(
            "Choose the backup to put back. Your current data is backed up first, so a "
            "restore can itself be undone." if backups else
            "No backups were found in the data folder. Choose a backup file, for example "
            "from a USB stick."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), 4)
        self.table.setHorizontalHeaderLabels(["Made on", "Claims", "Size", "Kind"])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, info in enumerate(backups):
            cells = (_when(info), f"{info.claims:,}", _size(info.size), _kind(info))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if backups:
            self.table.selectRow(0)
        self.other = QPushButton("Choose another backup file…")
        self.other.clicked.connect(self._on_other_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        bottom = QHBoxLayout()
        bottom.addWidget(self.other)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.resize(620, 360)

    def _on_other_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a backup file", "",
                                              "OA Desktop backups (*.oabackup *.zip)")
        if not name:
            return
        try:
            self.chosen = read_info(Path(name))
        except KnownError as exc:
            known_error_box(self, exc, "Not a backup").exec()
            return
        self.accept()

    def _on_accepted(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen = self.backups[rows[0].row()]
            self.accept()


def confirm_box(parent: QWidget | None, info: BackupInfo, current_claims: int | None
                ) -> tuple[QMessageBox, QPushButton]:
    """The question before a restore, with what will happen in numbers."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Replace your data with this backup?")
    box.setText(f"Replace your current data with the backup from {_when(info)}?")
    now = (f"Your current data ({plural(current_claims, 'claim')})" if current_claims is not None
           else "Your current (damaged) data")
    box.setInformativeText(
        f"{now} will be replaced by the backup ({plural(info.claims, 'claim')}). Work done after "
        f"{_when(info)} will not be in it.\n\nA backup of your current data is made first, "
        "so you can go back. OA Desktop closes when the restore is done; open it again to "
        "carry on."
    )
    replace = box.addButton("Replace my data", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    return box, replace


class BackupActions(QObject):
    """The File menu's backup actions and the daily backup for one main window."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.window())
        self.shell = shell
        self.folder = shell.workspace.folder
        self.back_up_action = QAction("&Back up now", self)
        self.back_up_action.triggered.connect(self.back_up_now)
        self.save_copy_action = QAction("&Save a backup copy to…", self)
        self.save_copy_action.triggered.connect(self.save_copy)
        self.restore_action = QAction("&Restore backup…", self)
        self.restore_action.triggered.connect(self.choose_restore)
        self.passphrase_action = QAction("Backup &passphrase…", self)
        self.passphrase_action.triggered.connect(self.set_passphrase)
        self.daily = QTimer(self)
        self.daily.setInterval(HOUR_MS)
        self.daily.timeout.connect(self.backup_if_due)
        self.message: QMessageBox | None = None

    def install(self, menu: QMenu, before: QAction) -> None:
        """Put the actions in the File menu, above ``before``."""
        menu.insertActions(before, [self.back_up_action, self.save_copy_action,
                                    self.restore_action, self.passphrase_action])
        menu.insertSeparator(before)

    def start(self) -> None:
        """Warn about a damaged database; make the day's backup soon and check hourly."""
        damage = self.shell.workspace.damage
        if damage is not None:
            self.show_damage(damage)
            return
        QTimer.singleShot(5000, self.backup_if_due)
        self.daily.start()

    # -- backing up ----------------------------------------------------------------------

    # -- the passphrase ------------------------------------------------------------------

    def set_passphrase(self) -> bool:
        """Set (or change) the backup passphrase; then offer to encrypt old backups."""
        dialog = PassphraseDialog(self.folder, self.shell.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.shell.statusBar().showMessage(dialog.saved_note, 10000)
        self.offer_reencryption()
        return True

    def offer_reencryption(self) -> None:
        """Old backups in the data folder that are not encrypted: encrypt and delete them?"""
        old = plaintext_backups(self.folder)
        passphrase = backup_passphrase.load(self.folder)
        if not old or passphrase is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Encrypt your older backups?",
                          f"{len(old)} older backup{'s' if len(old) != 1 else ''} in the data "
                          "folder were made without a passphrase.", parent=self.shell.window())
        box.setInformativeText("Encrypt them with the new passphrase and delete the "
                               "unencrypted copies? Each one is checked first; one that "
                               "cannot be read is left as it is.")
        encrypt = box.addButton("Encrypt and delete the old copies",
                                QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not encrypt:
            return
        job = self.shell.jobs.run(
            "encrypt old backups",
            lambda progress: encrypt_old_backups(self.folder, passphrase, progress),
            on_success=self._reencrypted, on_failure=self._failed)
        self.shell.track_job(job, "Encrypting older backups…")

    def _reencrypted(self, result: ReencryptResult) -> None:
        line = f"{len(result.encrypted)} older backups encrypted"
        if result.skipped:
            line += f"; {len(result.skipped)} could not be read and were left as they were"
        self.shell.job_finished(line + ".")

    def _passphrase_for(self, backup: Path) -> str | None:
        """The passphrase that opens ``backup``: the kept one, else asked for (None: cancel)."""
        kept = backup_passphrase.load(self.folder)
        prompt = "Type the backup passphrase written down when the backup was made:"
        while True:
            if kept is None:
                typed, ok = QInputDialog.getText(
                    self.shell.window(), "Backup passphrase", prompt, QLineEdit.EchoMode.Password)
                if not ok:
                    return None
                kept = typed
            try:
                backup_crypto.open_key(backup, kept)
            except backup_crypto.WrongPassphraseError:
                prompt = ("That passphrase does not open this backup. Type it exactly as "
                          "written down (capitals and spaces count):")
                kept = None
                continue
            except KnownError as exc:
                known_error_box(self.shell.window(), exc, "Not a backup").exec()
                return None
            return kept

    # -- backing up ----------------------------------------------------------------------

    def _run_backup(self, out: Path, done: str, passphrase: str | None) -> None:
        store = self.shell.store

        def work(progress: object) -> BackupInfo:
            info = make_backup(self.folder, out, actor=store.actor, passphrase=passphrase)
            if not store.read_only:
                audit.record(store, audit.BACKUP, "backup", "", info.path.name)
            return info

        job = self.shell.jobs.run("backup", work, on_success=lambda info: self._backed_up(
            info, done), on_failure=self._failed)
        self.shell.track_job(job, "Backing up…")

    def back_up_now(self) -> None:
        """Back up into the data folder's backups folder (encrypted once a passphrase is set)."""
        passphrase = backup_passphrase.load(self.folder)
        out = new_backup_path(self.folder.backups, encrypted=passphrase is not None)
        self._run_backup(out, "in", passphrase)

    def save_copy(self) -> None:
        """Back up to a file the biller chooses (a USB stick): always encrypted."""
        passphrase = backup_passphrase.load(self.folder)
        if passphrase is None:
            if not self.set_passphrase():
                return
            passphrase = backup_passphrase.load(self.folder)
            if passphrase is None:
                return
        default = new_backup_path(Path.home())
        name, _ = QFileDialog.getSaveFileName(self.shell.window(), "Save a backup copy",
                                              str(default), "OA Desktop backups (*.oabackup)")
        if name:
            self._run_backup(Path(name), "to", passphrase)

    def _backed_up(self, info: BackupInfo, done: str) -> None:
        self.shell.job_finished(f"Backup made and checked: {info.path.name}")
        self.message = backup_done_box(self.shell.window(), info)
        self.message.open()

    def _failed(self, exc: BaseException) -> None:
        self.shell.job_finished("Backup failed")
        if isinstance(exc, KnownError):
            self.message = known_error_box(self.shell.window(), exc, "Backup failed")
            self.message.open()
        else:
            raise exc

    def backup_if_due(self) -> None:
        """The automatic daily backup (when data changed), in the background."""
        store = self.shell.store
        if store.read_only:
            return
        self.shell.jobs.run(
            "daily backup", lambda progress: automatic_backup(self.folder, store, progress),
            on_success=self._daily_done,
            on_failure=lambda exc: self.shell.statusBar().showMessage(
                f"The daily backup failed: {exc}. Use File → Back up now.", 0),
        )

    def _daily_done(self, info: BackupInfo | None) -> None:
        if info is not None:
            self.shell.statusBar().showMessage(f"Daily backup made: {info.path.name}", 8000)

    # -- restoring -----------------------------------------------------------------------

    def choose_restore(self) -> None:
        """Ask which backup, confirm with numbers, then restore and close."""
        dialog = RestoreDialog(list_backups(self.folder), self.shell.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        store = self.shell.store
        claims: int | None = None
        if not store.read_only:
            claims = claim_count(store)
        passphrase: str | None = None
        if dialog.chosen.encrypted:
            passphrase = self._passphrase_for(dialog.chosen.path)
            if passphrase is None:
                return
        box, replace = confirm_box(self.shell.window(), dialog.chosen, claims)
        box.exec()
        if box.clickedButton() is not replace:
            return
        self.restore(dialog.chosen.path, passphrase)

    def restore(self, backup: Path, passphrase: str | None = None) -> None:
        """Close the database, restore in the background, then close the window."""
        actor = self.shell.store.actor
        self.shell.release_data("Restoring your backup… Please wait.")
        job = self.shell.jobs.run(
            "restore", lambda progress: restore_backup(
                backup, self.folder, replace=True, progress=progress, actor=actor,
                passphrase=passphrase),
            on_success=self._restored, on_failure=self._restore_failed)
        self.shell.track_job(job, "Restoring…")

    def _restored(self, result: RestoreResult) -> None:
        extra = (f"\n\nThe damaged database was kept in {result.kept_damaged.parent}."
                 if result.kept_damaged else
                 f"\n\nYour data from before the restore is in {result.safety_backup}.")
        QMessageBox.information(
            self.shell.window(), "Restore finished",
            f"The backup from {_when(result.restored)} ({plural(result.restored.claims, 'claim')}) "
            f"was restored. OA Desktop will now close; open it again to carry on.{extra}")
        self.shell.close()

    def _restore_failed(self, exc: BaseException) -> None:
        error = exc if isinstance(exc, KnownError) else KnownError(
            "The restore failed.", "Your data was left as it was.", repr(exc))
        known_error_box(self.shell.window(), KnownError(
            error.message, f"{error.next_step} OA Desktop will now close; open it again.",
            error.details), "Restore failed").exec()
        self.shell.close()

    # -- damage ------------------------------------------------------------------------------

    def show_damage(self, damage: KnownError) -> None:
        """Tell the biller the database opened read-only, and offer the restore."""
        box = known_error_box(self.shell.window(), damage, "The database is damaged")
        restore = box.addButton("Restore a backup…", QMessageBox.ButtonRole.AcceptRole)
        box.button(QMessageBox.StandardButton.Ok).setText("Look at my data (read-only)")
        restore.clicked.connect(lambda: QTimer.singleShot(0, self.choose_restore))
        self.message = box
        box.open()


def backup_done_box(parent: QWidget, info: BackupInfo) -> QMessageBox:
    """What a finished backup says: when, how much, where, and what to do with it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Backup made")
    box.setText("Your data was backed up and the backup was checked: "
                f"{plural(info.claims, 'claim')} "
                f"and {info.archive_files:,} Office Ally files, {_size(info.size)}.")
    box.setInformativeText(
        f"It is saved as {info.path}.\n\nTo be safe from a broken or stolen computer, also "
        "keep a copy somewhere else: File → Save a backup copy to… (a USB stick).")
    show = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
    show.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(
        str(info.path.parent))))
    box.addButton(QMessageBox.StandardButton.Ok)
    return box
