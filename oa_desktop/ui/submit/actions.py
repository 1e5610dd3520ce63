"""The window's Send batch action: the wizard, then the upload in the background."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from oa_desktop.errors import KnownError
from oa_desktop.services.office_ally import alerts
from oa_desktop.services.office_ally.sync_report import WHEN_ANSWERS_COME
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.submit.flow import SubmitFlow
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.submit.wizard import SubmitWizard

if TYPE_CHECKING:
    from oa_desktop.ui.shell.protocol import Shell


class SubmitActions:
    """Send batch (Ctrl+Shift+S), Retry, and the alerts indicator in the status bar."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        window = shell.window()
        self.workspace = shell.workspace
        self.send_action = QAction("Send &batch…", window)
        self.send_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.send_action.setToolTip("Send ready claims to Office Ally (Ctrl+Shift+S)")
        self.send_action.triggered.connect(lambda: self.open_wizard())
        self.running = False
        self.wizard: SubmitWizard | None = None
        self.last_result: submit.SubmitResult | submit.BatchOutcome | None = None

    def open_wizard(self, preselected: set[int] | None = None,
                    today: date | None = None) -> SubmitWizard:
        """Show the wizard (not modal to the event loop, so tests can drive it)."""
        flow = SubmitFlow(self.workspace.store, today or date.today(), preselected)
        wizard = SubmitWizard(flow, self.shell.window())
        wizard.claim_link_clicked.connect(self.shell.open_claim)
        wizard.accepted.connect(lambda: self._on_wizard_accepted(wizard))
        self.wizard = wizard
        wizard.open()
        return wizard

    def _on_wizard_accepted(self, wizard: SubmitWizard) -> None:
        ids, test_mode = wizard.flow.finish()
        self.send_claims(ids, test_mode)

    def send_claims(self, claim_ids: list[int], test_mode: bool) -> None:
        """Build and upload in the background; the status bar shows progress and Cancel."""
        self.running = True
        self.send_action.setEnabled(False)

        def work(progress: Progress) -> submit.SubmitResult:
            return submit.submit(self.workspace, claim_ids, test_mode=test_mode,
                                 progress=progress)

        job = self.shell.jobs.run(
            "submit", work, on_success=self._on_sent, on_failure=self._on_failed,
            on_progress=lambda _d, _t, text: self.shell.job_label.setText(text),
        )
        self.shell.track_job(job, "Sending to Office Ally…")

    def retry(self, batch_id: int) -> None:
        """Send a failed batch again in the background."""
        self.running = True

        def work(progress: Progress) -> submit.BatchOutcome:
            return submit.retry_batch(self.workspace, batch_id, progress=progress)

        job = self.shell.jobs.run("retry", work, on_success=self._on_sent,
                                   on_failure=self._on_failed)
        self.shell.track_job(job, "Sending the batch again…")

    def _on_sent(self, result: submit.SubmitResult | submit.BatchOutcome) -> None:
        self.running = False
        self.last_result = result
        self.send_action.setEnabled(True)
        summary = result.summary if isinstance(result, submit.SubmitResult) else result.line
        sent = result.sent_claims if isinstance(result, submit.SubmitResult) else (
            result.batch.claim_count if result.sent else 0)
        if sent:
            summary = f"{summary} {WHEN_ANSWERS_COME}"
        self.shell.job_finished(summary)
        self.shell.refresh()
        failed = result.failed if isinstance(result, submit.SubmitResult) else (
            [] if result.sent else [result])
        if failed:
            not_sent_box(self.shell.window(), failed[0].line).open()

    def _on_failed(self, error: BaseException) -> None:
        self.running = False
        self.send_action.setEnabled(True)
        self.shell.refresh()
        if isinstance(error, Cancelled):
            self.shell.job_finished("Sending cancelled; the claims are still ready.")
            return
        self.shell.job_finished("Sending failed; the claims are still ready.")
        if isinstance(error, KnownError):
            show_known_error(self.shell.window(), error, "Send batch")
        else:
            raise error

    def refresh_alerts(self) -> None:
        """``⚠ 2 alerts`` in the status bar, the texts on hover; hidden when there are none."""
        found = alerts.current_alerts(self.workspace.store)
        label = self.shell.alerts_label
        label.setVisible(bool(found))
        label.setText(f"⚠ {len(found)} alert{'s' if len(found) != 1 else ''} (see Batches)")
        label.setToolTip("\n".join(a.text for a in found))


def not_sent_box(parent: QWidget, line: str) -> QMessageBox:
    """The warning a batch that was not sent gets: what happened, then what to do."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Batch not sent", line, parent=parent)
    box.setInformativeText("The claims are still ready. Open Batches and choose "
                           "Retry upload when the connection works again.")
    return box
