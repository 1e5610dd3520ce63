"""What a feature module may use of the main window: the ``Shell`` protocol.

Feature modules (the Office Ally, submit, print and backup actions, the welcome screen,
the sections of the navigation) are handed the window as a :class:`Shell`, never import
``MainWindow``: the window imports them, so importing it back would tie them in a cycle.
:class:`~oa_desktop.ui.shell.main_window.MainWindow` is the one implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QLabel, QMenuBar, QStatusBar, QWidget

from oa_desktop.services.workspace import Workspace
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.jobs import Job, JobRunner


class ClaimSelection(Protocol):
    """The claims list, as far as the window's actions need it."""

    def selected_claim_id(self) -> int | None:
        """The claim selected in the list, if any."""


class SubmitCommands(Protocol):
    """The submit actions other features call: the wizard, a retry, the alerts label."""

    def open_wizard(self, preselected: set[int] | None = None) -> object:
        """Open the Send batch wizard (with these claims chosen)."""

    def retry(self, batch_id: int) -> None:
        """Send a failed batch again."""

    def refresh_alerts(self) -> None:
        """Show the current alerts in the status bar."""


class OfficeAllyCommands(Protocol):
    """The Office Ally action the welcome screen calls."""

    def run_setup(self) -> None:
        """Run the Office Ally setup wizard."""


class BackupCommands(Protocol):
    """The backup action the welcome screen calls."""

    def set_passphrase(self) -> bool:
        """Set (or change) the backup passphrase; True when one was saved."""


class Shell(Protocol):
    """The main window as its feature modules see it."""

    @property
    def workspace(self) -> Workspace:
        """The open data folder."""

    @property
    def store(self) -> Store:
        """The open database."""

    @property
    def jobs(self) -> JobRunner:
        """The one runner of background jobs."""

    @property
    def claims(self) -> ClaimSelection:
        """The claims list."""

    @property
    def submit_actions(self) -> SubmitCommands:
        """Send batch, Retry and the alerts."""

    @property
    def office_ally(self) -> OfficeAllyCommands:
        """Office Ally setup and sync."""

    @property
    def backup_actions(self) -> BackupCommands:
        """Backups, restore and the backup passphrase."""

    @property
    def job_label(self) -> QLabel:
        """The status bar's label of the running job."""

    @property
    def gateway_label(self) -> QLabel:
        """The status bar's label of the Office Ally connection."""

    @property
    def alerts_label(self) -> QLabel:
        """The status bar's alerts indicator."""

    def window(self) -> QWidget:
        """The window itself: the parent of the features' dialogs, actions and timers."""

    def menuBar(self) -> QMenuBar:  # noqa: N802 (Qt's name)
        """The window's menu bar."""

    def statusBar(self) -> QStatusBar:  # noqa: N802 (Qt's name)
        """The window's status bar."""

    def close(self) -> bool:
        """Close the window."""

    def refresh(self) -> None:
        """Reload counts, the list, the open sections and the alerts."""

    def show_section(self, key: str) -> QWidget:
        """Show a section of the navigation, building its view the first time."""

    def open_claim(self, claim_id: int) -> None:
        """Open a claim in the editor or read-only."""

    def new_claim_for_patient(self, patient_id: int) -> None:
        """Open the claim editor on a new claim for a patient."""

    def open_patient_account(self, patient_id: int) -> None:
        """Open a patient's account (payments, adjustments, balance, credit)."""

    def track_job(self, job: Job, label: str) -> None:
        """Show a background job's progress and its Cancel in the status bar."""

    def job_finished(self, message: str) -> None:
        """Hide the progress and say what happened in one line."""

    def release_data(self, message: str) -> None:
        """Let go of the database (for a restore)."""


@dataclass(frozen=True)
class Section:
    """One entry of the navigation beside the claim queues, and how to build its view."""

    key: str
    title: str
    group: str
    build: Callable[[Shell], QWidget]
    count: Callable[[Shell], int] | None = None  # a worklist's badge
