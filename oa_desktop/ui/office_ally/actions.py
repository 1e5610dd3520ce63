"""The window's Office Ally actions: set up the connection (the wizard) and sync (F5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from oa_desktop.errors import KnownError
from oa_desktop.gateway.setup_flow import SetupFlow
from oa_desktop.services.office_ally import account, alerts, connection, sync_report
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.store import settings
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.office_ally.setup_wizard import SetupWizard

if TYPE_CHECKING:
    from oa_desktop.ui.shell.protocol import Shell


class OfficeAllyActions:
    """Builds the Office Ally menu and keeps the status bar's connection label current."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        window = shell.window()
        self.workspace = shell.workspace
        self.setup_action = QAction("&Set up Office Ally connection…", window)
        self.setup_action.triggered.connect(self.run_setup)
        self.sync_action = QAction("S&ync with Office Ally", window)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.setToolTip("Download new answers from Office Ally (F5)")
        self.sync_action.triggered.connect(self.sync)
        self.schedule_action = QAction("Sync &automatically…", window)
        self.schedule_action.triggered.connect(self.ask_schedule)
        menu = shell.menuBar().addMenu("&Office Ally")
        self.menu = menu
        menu.addAction(self.sync_action)
        menu.addAction(self.schedule_action)
        menu.addSeparator()
        menu.addAction(self.setup_action)
        self.running = False
        self.last_result: connection.SyncResult | None = None
        self.timer = QTimer(window)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.next_sync: datetime | None = None
        self.apply_schedule()
        self.refresh_label()

    # -- schedule -------------------------------------------------------------------------

    def apply_schedule(self) -> None:
        """Start or stop the timer from the ``sync.every_minutes`` setting."""
        minutes = int(alerts.SYNC_EVERY_MINUTES.get(self.workspace.store))
        gateway_ready = bool(account.load_gateway_settings(self.workspace).username)
        if minutes > 0 and gateway_ready:
            self.timer.start(minutes * 60_000)
            self.next_sync = datetime.now() + timedelta(minutes=minutes)
        else:
            self.timer.stop()
            self.next_sync = None

    def set_schedule(self, minutes: int) -> None:
        """Sync every ``minutes`` while the app is open (0 turns it off)."""
        alerts.SYNC_EVERY_MINUTES.set(self.workspace.store, max(minutes, 0))
        self.apply_schedule()
        self.refresh_label()

    def ask_schedule(self) -> None:
        """Office Ally → Sync automatically…"""
        current = int(alerts.SYNC_EVERY_MINUTES.get(self.workspace.store))
        minutes, ok = QInputDialog.getInt(
            self.shell.window(), "Sync automatically",
            "Sync with Office Ally every how many minutes while OA Desktop is open?\n"
            "0 turns automatic sync off.", current, 0, 24 * 60, 5)
        if ok:
            self.set_schedule(minutes)

    def _on_timer_timeout(self) -> None:
        minutes = int(alerts.SYNC_EVERY_MINUTES.get(self.workspace.store))
        self.next_sync = datetime.now() + timedelta(minutes=max(minutes, 1))
        self.sync()

    def refresh_label(self) -> None:
        """``Office Ally: user@host · last sync 11/26/2026 9:05 AM`` or what to do first."""
        gateway = account.load_gateway_settings(self.workspace)
        if not gateway.username:
            text = "Office Ally: not set up yet (Office Ally → Set up…)"
        else:
            last = settings.LAST_SYNC.get(self.workspace.store)
            when = f" · last sync {fmt.timestamp(last)}" if last else " · never synced"
            if self.next_sync is not None:
                when += f" · next {self.next_sync:%I:%M %p}".replace(" 0", " ")
            error = alerts.LAST_SYNC_ERROR.get(self.workspace.store)
            if error:
                when += " · last sync FAILED"
            text = f"Office Ally: {gateway.username}@{gateway.host}{when}"
        self.shell.gateway_label.setText(text)
        self.shell.gateway_label.setToolTip(
            alerts.LAST_SYNC_ERROR.get(self.workspace.store) or "Office Ally connection")
        self.sync_action.setEnabled(bool(gateway.username) and not self.running)

    def make_wizard(self) -> SetupWizard:
        """The setup wizard, prefilled with the stored settings (to change password or host)."""
        flow = SetupFlow(
            lambda gateway, _password: account.save_gateway_settings(self.workspace, gateway),
            account.CREDENTIALS, account.known_hosts(self.workspace),
            base=account.load_gateway_settings(self.workspace),
        )
        return SetupWizard(flow, self.shell.window())

    def run_setup(self) -> None:
        """Office Ally → Set up…: the wizard; settings are written only at Finish."""
        wizard = self.make_wizard()
        if wizard.exec():
            self.refresh_label()
            if wizard.save_message:
                QMessageBox.information(self.shell.window(), "Office Ally connection",
                                        wizard.save_message)

    def sync(self) -> None:
        """Download new files in the background, with progress and Cancel in the status bar."""
        if self.running:
            return
        self.running = True
        self.sync_action.setEnabled(False)

        def work(progress: Progress) -> connection.SyncResult:
            before = sync_report.mark(self.workspace.store)
            result = connection.sync(self.workspace, progress=progress)
            return replace(result, outcome=sync_report.since(self.workspace.store, before))

        job = self.shell.jobs.run(
            "sync", work, on_success=self._on_sync_succeeded, on_failure=self._on_sync_failed,
            on_progress=lambda _d, _t, text: self.shell.job_label.setText(text),
        )
        self.shell.track_job(job, "Syncing with Office Ally…")

    def _on_sync_succeeded(self, result: connection.SyncResult) -> None:
        self.running = False
        self.last_result = result
        self.shell.job_finished(result.summary)
        self.refresh_label()
        self.shell.refresh()

    def _on_sync_failed(self, error: BaseException) -> None:
        self.running = False
        self.refresh_label()
        self.shell.submit_actions.refresh_alerts()
        if self.timer.isActive() and not isinstance(error, Cancelled):
            self.shell.job_finished("Automatic sync failed; see the status bar.")
            return  # a scheduled sync never pops up a dialog
        if isinstance(error, Cancelled):
            self.shell.job_finished("Sync cancelled; nothing half-done was kept.")
            return
        self.shell.job_finished("Sync failed.")
        if isinstance(error, KnownError):
            show_known_error(self.shell.window(), error, "Sync with Office Ally")
        else:
            raise error
