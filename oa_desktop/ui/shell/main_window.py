"""The main window: it only assembles the queues, the claims view, menus and status bar."""

from __future__ import annotations

import base64

from PySide6.QtCore import QByteArray, QSize, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from oa_desktop import __version__
from oa_desktop.domain.models import Frequency
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import KnownError
from oa_desktop.services.claims import problems, rejections, secondary
from oa_desktop.services.safety import audit, users
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, era_queries, records, responses, settings
from oa_desktop.store.claims_list import status_counts
from oa_desktop.ui.claims.claim_editor.editor import ClaimEditor, claim_for_patient
from oa_desktop.ui.claims.claim_list import ClaimsView
from oa_desktop.ui.claims.claim_page import ClaimDialog
from oa_desktop.ui.claims.queues import Queue
from oa_desktop.ui.kit import fit
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.jobs import Job, JobRunner
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.office_ally.actions import OfficeAllyActions
from oa_desktop.ui.patients.actions import PatientAccountActions
from oa_desktop.ui.pdf.print_actions import PrintActions
from oa_desktop.ui.safety.backup_actions import BackupActions
from oa_desktop.ui.safety.lock import IdleLock
from oa_desktop.ui.shell.log_view import LogDialog
from oa_desktop.ui.shell.navigation import NavigationList
from oa_desktop.ui.shell.sections import sections
from oa_desktop.ui.shell.welcome import Welcome, WelcomeDialog
from oa_desktop.ui.submit.actions import SubmitActions

GEOMETRY = settings.Setting("ui.main_window.geometry", "", "Main window size and position")
CLAIMS_HEADER = settings.Setting("ui.claims.header", "", "Claims table column widths and order")


class MainWindow(QMainWindow):
    """The main window: queues on the left, the page on the right."""
    def __init__(self, workspace: Workspace, *, demo: bool = False) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = workspace.store
        self.demo = demo or settings.DEMO.get(self.store)
        self.jobs = JobRunner(self)
        self._layout_saved = False
        practice = records.load_practice(self.store)
        practice_name = practice.name.title() if practice else "No practice set up yet"
        self.setWindowTitle(f"OA Desktop — {practice_name}" + (" (demo)" if self.demo else ""))

        self.sections = {section.key: section for section in sections()}
        self.section_views: dict[str, QWidget] = {}
        self.navigation = NavigationList(list(self.sections.values()))
        self.claims = ClaimsView(self.store)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.claims)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status_bar()
        self.office_ally = OfficeAllyActions(self)
        self.submit_actions = SubmitActions(self)
        self.toolbar.addAction(self.submit_actions.send_action)
        self.toolbar.addAction(self.office_ally.sync_action)
        self.office_ally.menu.insertAction(self.office_ally.sync_action,
                                           self.submit_actions.send_action)
        self.submit_actions.refresh_alerts()
        self._help_menu_last()
        self.navigation.queue_chosen.connect(self._on_navigation_queue_chosen)
        self.navigation.section_chosen.connect(self.show_section)
        self.claims.claim_opened.connect(self.open_claim)
        self.refresh_counts()
        self._restore_layout()
        self.data_released = False
        self.idle_lock = IdleLock(self, self.store)
        if users.lock_enabled(self.store):
            self.idle_lock.lock(first=True)
        elif self.store.actor == "system":  # no named users: the computer's user acts
            self.store.actor = users.computer_user()
        self.backup_actions.start()

    # -- building -------------------------------------------------------------------------

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self.backup_actions: BackupActions = BackupActions(self)
        self.backup_actions.install(file_menu, self.quit_action)
        self.lock_action = QAction("&Lock", self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.idle_lock.lock(reason="manual"))
        self.lock_action.setEnabled(users.lock_enabled(self.store))
        file_menu.insertAction(self.quit_action, self.lock_action)
        self.import_era_action = QAction("Import &ERA…", self)
        self.import_era_action.triggered.connect(self._on_import_era_action_triggered)
        file_menu.insertAction(self.lock_action, self.import_era_action)
        self.import_sessions_action = QAction("Import &sessions (timesheets)…", self)
        self.import_sessions_action.triggered.connect(self.import_sessions)
        file_menu.insertAction(self.lock_action, self.import_sessions_action)
        self.code_list_action = QAction("Load &code list (taxonomy, HCPCS)…", self)
        self.code_list_action.triggered.connect(self.load_code_list)
        file_menu.insertAction(self.lock_action, self.code_list_action)

        claims_menu = menu.addMenu("&Claims")
        self.open_action = QAction("&Open claim", self, shortcut=QKeySequence("Return"))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.claims.table.addAction(self.open_action)
        self.find_action = QAction("&Find…", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setToolTip("Find a patient by name, account # or date of birth and "
                                    "open their account (Ctrl+F)")
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.refresh_action = QAction("&Refresh", self, shortcut=QKeySequence("Ctrl+R"))
        self.refresh_action.triggered.connect(self.refresh)
        self.new_action = QAction("&New claim", self, shortcut=QKeySequence("Ctrl+N"))
        self.new_action.setToolTip("New claim (Ctrl+N). In Patients: a claim for the selected "
                                   "patient; in Payers, Providers, Fee schedule: a new record.")
        self.new_action.triggered.connect(self._on_new_action_triggered)
        self.copy_action = QAction("&Copy claim", self, shortcut=QKeySequence("Ctrl+D"))
        self.copy_action.setToolTip("Copy the selected claim to a new one; type the new dates")
        self.copy_action.triggered.connect(self._on_copy_action_triggered)
        self.secondary_action = QAction("Send to &secondary payer…", self)
        self.secondary_action.setToolTip(
            "Make a claim to the secondary payer that reports what the primary paid (its ERA)")
        self.secondary_action.triggered.connect(self._on_secondary_action_triggered)
        for action in (self.new_action, self.copy_action, self.secondary_action,
                       self.open_action, self.find_action, self.refresh_action):
            claims_menu.addAction(action)
        self.print_actions = PrintActions(self)
        self.print_actions.install(claims_menu)
        self.patient_accounts = PatientAccountActions(self)

        help_menu = self.help_menu = menu.addMenu("&Help")
        self.log_action = QAction("Show &log", self)
        self.log_action.triggered.connect(self.show_log)
        folder = QAction("Open &data folder", self)
        folder.triggered.connect(
            lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(self.workspace.folder.root))
            )
        )
        self.welcome = Welcome(self)
        self.welcome_action = QAction("&Welcome…", self)
        self.welcome_action.triggered.connect(self.show_welcome)
        self.about_action = QAction("&About OA Desktop", self)
        self.about_action.triggered.connect(self.show_about)
        for action in (self.welcome_action, self.log_action, folder, self.about_action):
            help_menu.addAction(action)

        toolbar = self.addToolBar("Main")
        self.toolbar: QToolBar = toolbar
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.copy_action)
        toolbar.addAction(self.open_action)
        toolbar.addAction(self.find_action)
        toolbar.addAction(self.refresh_action)
        self.patient_accounts.install(claims_menu, toolbar)

    def _help_menu_last(self) -> None:
        """Help stays the last menu, after the menus the features added."""
        bar = self.menuBar()
        bar.removeAction(self.help_menu.menuAction())
        bar.addAction(self.help_menu.menuAction())

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.job_label = QLabel()
        self.job_progress = QProgressBar()
        self.job_progress.setMaximumWidth(180)
        self.job_cancel = QPushButton("Cancel")
        self.current_job: Job | None = None
        self.job_cancel.clicked.connect(self._on_job_cancel_clicked)
        for widget in (self.job_label, self.job_progress, self.job_cancel):
            widget.setVisible(False)
            bar.addPermanentWidget(widget)
        self.alerts_label = QLabel()
        self.alerts_label.setAccessibleName("Alerts")
        self.alerts_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.alerts_label.setVisible(False)
        bar.addPermanentWidget(self.alerts_label)
        self.gateway_label = QLabel()
        self.gateway_label.setAccessibleName("Office Ally connection")
        bar.addPermanentWidget(self.gateway_label)
        bar.messageChanged.connect(self._on_status_message_changed)
        self.badges: list[QLabel] = []  # short while a long outcome is read (see job_finished)
        if settings.GATEWAY_USERNAME.get(self.store) and settings.TEST_MODE.get(self.store):
            self.badges.append(self._badge("TEST MODE (OATEST)", "#b06000", "TEST"))
        if self.demo:
            self.badges.append(self._badge("DEMO — not real patients", "#1a4f8b", "DEMO"))
        if self.store.read_only:
            self.badges.append(self._badge("READ-ONLY — the database is damaged", "#b3261e",
                                           "READ-ONLY"))
        for badge in self.badges:
            bar.addPermanentWidget(badge)

    def _on_status_message_changed(self, text: str) -> None:
        if not text:  # the outcome is gone: the connection label and the badges come back
            self.gateway_label.setVisible(True)
            for badge in self.badges:
                badge.setText(badge.toolTip())

    @staticmethod
    def _badge(text: str, color: str, short: str) -> QLabel:
        label = QLabel(text)
        label.setToolTip(text)
        label.setProperty("short", short)
        label.setStyleSheet(
            f"background: {color}; color: white; padding: 1px 8px; border-radius: 3px;"
        )
        return label

    # -- actions ----------------------------------------------------------------------------

    def refresh_counts(self) -> None:
        """Update the queue badges."""
        self.navigation.set_counts(status_counts(self.store))
        for section in self.sections.values():
            if section.count is not None:
                self.navigation.set_section_count(section.key, section.count(self))
        found = problems.count(self.store)
        self.navigation.set_section_count(
            "problems", found, f"{found:,} claims rejected, denied, pended or without an answer")
        eras, amount = era_queries.to_post(self.store)
        self.navigation.set_section_count(
            "eras", eras, f"{eras:,} ERA{'s' * (eras != 1)} to post ({fmt.money(amount)})")
        self.navigation.viewport().update()

    def refresh(self) -> None:
        """Reload counts, the list, the open sections and the alerts."""
        self.refresh_counts()
        self.claims.reload()
        for view in self.section_views.values():
            reload = getattr(view, "reload", None)
            if callable(reload):
                reload()
        self.submit_actions.refresh_alerts()

    def _on_navigation_queue_chosen(self, queue: Queue) -> None:
        self.pages.setCurrentWidget(self.claims)
        self.claims.show_queue(queue)
        self.navigation.follow(queue.key)

    def show_section(self, key: str) -> QWidget:
        """Show a section, building its view the first time."""
        view = self.section_views.get(key)
        if view is None:
            view = self.sections[key].build(self)
            self.section_views[key] = view
            self.pages.addWidget(view)
        self.pages.setCurrentWidget(view)
        self.navigation.follow(f"section:{key}")  # the sidebar shows where the biller is
        return view

    def _on_import_era_action_triggered(self) -> None:
        """File → Import ERA…: the ERA list opens with the imported ERA selected."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(
            self, "Import ERA", "", "ERA files (*.835 *.zip *.txt *.edi);;All files (*)")
        if name:
            view = self.show_section("eras")
            message = view.import_file(Path(name))  # type: ignore[attr-defined]
            self.statusBar().showMessage(message, 8000)
            self.refresh_counts()

    def import_sessions(self) -> QWidget:
        """File → Import sessions…: preview a timesheet file, then make draft claims."""
        from oa_desktop.ui.sessions.import_dialog import SessionsImportDialog

        dialog = SessionsImportDialog(self.store, parent=self, runner=self.jobs)
        dialog.accepted.connect(lambda: self._on_sessions_imported(dialog))
        dialog.open()
        return dialog

    def load_code_list(self) -> QWidget:
        """File → Load code list…: NUCC taxonomy names or CMS HCPCS descriptions."""
        from oa_desktop.ui.records.code_list_dialog import CodeListDialog

        dialog = CodeListDialog(self.store, parent=self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def _on_sessions_imported(self, dialog: QWidget) -> None:
        imported = getattr(dialog, "imported", None)
        self.refresh()
        if imported is not None:
            self.statusBar().showMessage(imported.summary, 8000)

    def open_claim(self, claim_id: int) -> None:
        """Open a claim: in the editor when it can still change, else read-only."""
        claim = claims.get_claim(self.store, claim_id)
        if ClaimStatus(claim.status) in claims.EDITABLE_STATUSES:
            audit.record_view(self.store, "claim", claim_id)
            self.edit_claim(ClaimEditor(self.store, claim, self))
        else:
            ClaimDialog(self.store, claim_id, self, commands=self).exec()

    # -- the claim page's commands (ClaimCommands) --------------------------------------------

    def edit_claim_id(self, claim_id: int) -> None:
        """Edit: the claim editor on a claim that can still change."""
        self.edit_claim(ClaimEditor(self.store, claims.get_claim(self.store, claim_id), self))

    def print_claim(self, claim_id: int) -> None:
        """Print CMS-1500… for one claim."""
        self.print_actions.print_claim(claim_id)

    def corrected_claim(self, claim_id: int) -> None:
        """Corrected claim…: make the claim a replacement (7) of the payer's claim, then edit
        it (it goes with the next batch once marked ready)."""
        number = responses.payer_claim_number(self.store, claim_id)
        if not number:
            number, ok = QInputDialog.getText(
                self, "Corrected claim", "The payer's claim number for this claim (on the "
                "ERA or the payer's portal):")
            if not ok or not number.strip():
                return
        try:
            rejections.start_correction(self.store, claim_id, Frequency.REPLACEMENT,
                                        number.strip())
        except KnownError as exc:
            show_known_error(self, exc, "Corrected claim")
            return
        self.refresh()
        self.statusBar().showMessage(
            f"The claim is now a corrected claim (replacement of payer claim {number.strip()})"
            "; change what was wrong and mark it ready.", 8000)
        self.open_claim(claim_id)

    def open_claim_account(self, claim_id: int) -> None:
        """Patient account: the account of the claim's patient, with the claim selected."""
        self.patient_accounts.open_claim_account(claim_id)

    def open_patient_account(self, patient_id: int) -> None:
        """Open a patient's account (payments, adjustments, refunds, balance, credit)."""
        self.patient_accounts.open_account(patient_id)

    def new_claim_for_patient(self, patient_id: int) -> None:
        """Open the claim editor on a new claim for a patient (primary coverage, last codes)."""
        self.edit_claim(ClaimEditor(self.store, claim_for_patient(self.store, patient_id), self))

    def edit_claim(self, editor: ClaimEditor) -> None:
        """Run a claim editor; refresh the lists when it saved."""
        if editor.exec() == ClaimEditor.DialogCode.Accepted:
            self.refresh()
            if editor.claim.id is not None:
                self.statusBar().showMessage(
                    f"Saved claim {editor.claim.patient_control_number} "
                    f"({editor.claim.status})", 8000,
                )

    def _on_new_action_triggered(self) -> None:
        page = self.pages.currentWidget()
        new_record = getattr(page, "new_record", None)
        if page is not self.claims and callable(new_record):
            new_record()  # Patients: a claim for the selected patient; others: a new record
            return
        self.edit_claim(ClaimEditor(self.store, None, self))

    def _on_copy_action_triggered(self) -> None:
        claim_id = self.claims.selected_claim_id()
        if claim_id is None or self.pages.currentWidget() is not self.claims:
            self.statusBar().showMessage("Select a claim in a claims list to copy it.", 6000)
            return
        copy = claims.copy_claim(self.store, claim_id)
        self.edit_claim(ClaimEditor(self.store, copy, self, keep_dates=False))

    def _on_secondary_action_triggered(self) -> None:
        claim_id = self.claims.selected_claim_id()
        if claim_id is None or self.pages.currentWidget() is not self.claims:
            self.statusBar().showMessage("Select a paid claim in a claims list first.", 6000)
            return
        self.send_to_secondary(claim_id)

    def send_to_secondary(self, claim_id: int) -> None:
        """Send to secondary payer…: a claim that reports what the primary paid."""
        reason = secondary.why_not(self.store, claim_id)
        if reason:
            QMessageBox.information(self, "Send to secondary payer", reason)
            return
        new_id = secondary.create_secondary_claim(self.store, claim_id)
        self.refresh()
        self.statusBar().showMessage(
            "Made a secondary claim from the primary's payment; check it and mark it ready.", 8000)
        self.open_claim(new_id)

    def _on_open_action_triggered(self) -> None:
        claim_id = self.claims.selected_claim_id()
        if claim_id is not None:
            self.open_claim(claim_id)

    def _on_find_action_triggered(self) -> None:
        focus_find = getattr(self.pages.currentWidget(), "focus_find", None)
        if callable(focus_find):
            focus_find()  # a records screen's own find box
            return
        self.patient_accounts.find_account()  # find a patient (name, account #, DOB)

    def show_log(self) -> None:
        """Help → Show log."""
        LogDialog(self.workspace.log_file, self).exec()

    def show_welcome(self) -> WelcomeDialog:
        """Help → Welcome…: the first-run screen, any time."""
        return self.welcome.show()

    def show_about(self) -> None:
        """Help → About."""
        QMessageBox.about(
            self, "About OA Desktop",
            f"<b>OA Desktop {__version__}</b><br>Free, offline-first billing for small practices "
            "that bill through Office Ally.<br><br>Your data stays on this computer, in "
            f"{self.workspace.folder.root}.<br><br>License: GNU GPL v3 or later.",
        )

    def track_job(self, job: Job, label: str) -> None:
        """Show a background job's progress and its Cancel in the status bar."""
        self.job_label.setText(label)
        for widget in (self.job_label, self.job_progress, self.job_cancel):
            widget.setVisible(True)
        self.job_progress.setRange(0, 0)
        self.current_job = job

    def _on_job_cancel_clicked(self) -> None:
        if self.current_job is not None:
            self.current_job.cancel()
            self.job_label.setText("Cancelling…")

    def job_finished(self, message: str) -> None:
        """Hide the progress and say what happened in one line."""
        self.current_job = None
        for widget in (self.job_label, self.job_progress, self.job_cancel):
            widget.setVisible(False)
        self._on_status_message_changed("")  # what a long outcome before moved comes back
        layout = self.statusBar().layout()
        if layout is not None:  # the badges' and the connection's places, before measuring
            layout.activate()
        self.statusBar().showMessage(message, max(8000, 80 * len(message)))  # time to read
        if self.statusBar().fontMetrics().horizontalAdvance(message) > fit.message_room(
                self.statusBar()):  # a long outcome is read whole: the connection steps aside
            self.gateway_label.setVisible(False)
            for badge in self.badges:  # and the badges say one word each
                badge.setText(str(badge.property("short")))

    # -- layout memory ------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = GEOMETRY.get(self.store)
        if geometry:
            self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
        else:
            self.resize(fit.default_size(self, QSize(1360, 820)))
        fit.fit(self)  # a remembered size from a bigger screen shrinks to this one
        header = CLAIMS_HEADER.get(self.store)
        if header:
            self.claims.table.horizontalHeader().restoreState(QByteArray(base64.b64decode(header)))

    def release_data(self, message: str) -> None:
        """Let go of the database (for a restore): finish work, cover the window, close it."""
        self.claims.stop_pending_work()
        self.jobs.stop_all()
        self.idle_lock.stop()
        self.takeCentralWidget()
        notice = QLabel(message)
        notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(notice)
        self.menuBar().setEnabled(False)
        self.data_released = True
        self.workspace.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop timers and save state before the window closes."""
        self.idle_lock.stop()
        if self._layout_saved or self.data_released or self.store.read_only:
            self.jobs.stop_all()
            super().closeEvent(event)
            return
        self._layout_saved = True
        self.claims.stop_pending_work()
        GEOMETRY.set(self.store, base64.b64encode(bytes(self.saveGeometry().data())).decode())
        state = self.claims.table.horizontalHeader().saveState()
        CLAIMS_HEADER.set(self.store, base64.b64encode(bytes(state.data())).decode())
        # A job still running (a daily backup, a sync) is cancelled and waited for: after
        # the window the database closes, and a job working on it then could crash the app.
        self.jobs.stop_all()
        super().closeEvent(event)
