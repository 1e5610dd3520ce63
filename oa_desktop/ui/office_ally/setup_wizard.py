"""The Office Ally setup wizard: renders :class:`~oa_desktop.gateway.setup_flow.SetupFlow`.

One question per page, Back works, the connection test runs on a worker thread, and
nothing is written until Finish (Cancel is always safe).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from oa_desktop.domain.display import plural
from oa_desktop.errors import KnownError
from oa_desktop.gateway.api import ConnectionReport
from oa_desktop.gateway.credentials import Storage
from oa_desktop.gateway.errors import HostKeyChanged, WrongPassword
from oa_desktop.gateway.setup_flow import Page, SetupFlow
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.jobs import JobRunner


def _label(text: str, *, hint: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if hint:
        label.setStyleSheet("color: #555555;")
    return label


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


class _FlowPage(QWizardPage):
    """A page whose completeness comes from the flow's checks."""

    page: Page

    def __init__(self, flow: SetupFlow, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.flow = flow
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.flow.can_leave(self.page)


class WelcomePage(_FlowPage):
    """First page: what the wizard does and what to have ready."""
    page = Page.WELCOME

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Connect to Office Ally")
        layout = QVBoxLayout(self)
        layout.addWidget(_label(
            "<p>Office Ally is the clearinghouse that passes your claims to insurance payers "
            "and brings back their answers: acknowledgements, rejections and payments (ERAs)."
            "</p><p>This app sends and fetches those files over a secure file connection "
            "(SFTP). You will need:</p><ul>"
            "<li>your Office Ally <b>SFTP username and password</b> (ask Office Ally for SFTP "
            "access if you do not have it; it takes 1–2 business days)</li>"
            "<li>the practice's <b>Tax ID</b> (EIN) and the <b>submitter id</b> Office Ally "
            "gave you</li></ul>"
            "<p>Nothing is saved until you press <b>Finish</b>.</p>"))
        layout.addStretch()


class _FieldsPage(_FlowPage):
    """Text fields bound to answers, each with its own plain-English check below it."""

    def __init__(self, flow: SetupFlow, title: str, subtitle: str) -> None:
        super().__init__(flow, title, subtitle)
        self.form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}

    def add_field(self, name: str, label: str, hint: str, *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(str(getattr(self.flow.answers, name)))
        edit.setAccessibleName(label)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textChanged.connect(lambda text, n=name: self._on_field_edited(n, text))
        message = _problem_label()
        column = QVBoxLayout()
        column.addWidget(edit)
        if hint:
            column.addWidget(_label(hint, hint=True))
        column.addWidget(message)
        self.form.addRow(label, column)
        self.fields[name], self.messages[name] = edit, message
        return edit

    def _on_field_edited(self, name: str, text: str) -> None:
        setattr(self.flow.answers, name, text)
        self.flow.invalidate_test()
        self.show_problems(typed=name)
        self.completeChanged.emit()

    def show_problems(self, typed: str = "") -> None:
        problems = self.flow.problems(self.page)
        for name, label in self.messages.items():
            text = self.fields[name].text()
            label.setText(problems.get(name, "") if text or name == typed else "")


class AccountPage(_FieldsPage):
    """The Office Ally SFTP user name and password."""
    page = Page.ACCOUNT

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Your Office Ally SFTP login",
                         "The login Office Ally gave you for file transfers.")
        self.add_field("username", "SFTP username",
                       "Usually the same as your Office Ally login.")
        self.add_field("password", "SFTP password",
                       "8 to 12 letters and digits. It is stored in this computer's keyring, "
                       "never in a plain file.", secret=True)


class PracticePage(_FieldsPage):
    """The practice's Tax ID and submitter ID."""
    page = Page.PRACTICE

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Your practice", "Office Ally links your account to these.")
        self.add_field("tax_id", "Tax ID (EIN)", "9 digits, for example 12-3456789.")
        self.add_field("submitter_id", "Submitter id",
                       "From Office Ally's welcome email; often your Office Ally account number.")


class ServerPage(_FieldsPage):
    """The server and its host key fingerprint to confirm."""
    page = Page.SERVER

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Office Ally's server",
                         "Keep these unless Office Ally told you otherwise.")
        self.add_field("host", "Server", "Most accounts use ftp10.officeally.com.")
        self.add_field("port", "Port", "Almost always 22.")
        self.add_field("upload_folder", "Upload folder",
                       "Advanced: change only if Office Ally told you to (usually /inbound).")
        self.add_field("download_folder", "Download folder",
                       "Advanced: change only if Office Ally told you to (usually /outbound).")


class TestPage(_FlowPage):
    """Reads the server's fingerprint, asks to confirm it, then logs in and lists folders."""

    page = Page.TEST

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Test the connection",
                         "This checks the server's identity, logs in once and looks at your "
                         "folders. Nothing is sent.")
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("Test connection")
        self.test_button.setAccessibleName("Test connection")
        self.cancel_button = QPushButton("Stop")
        self.cancel_button.setEnabled(False)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = _label("")
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.fingerprint_box = QWidget()
        box = QVBoxLayout(self.fingerprint_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.fingerprint_text = _label("")
        self.fingerprint_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trust_button = QPushButton("It matches: trust this server and log in")
        box.addWidget(self.fingerprint_text)
        box.addWidget(self.trust_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.fingerprint_box.hide()
        layout.addWidget(self.fingerprint_box)
        self.error = _problem_label()
        self.error.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.error)
        layout.addStretch()
        self.test_button.clicked.connect(self._on_test_clicked)
        self.trust_button.clicked.connect(self._on_trust_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.jobs = JobRunner(self, max_threads=1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Fill the page from the flow each time the wizard shows it."""
        if self.flow.answers.report is None:
            self._reset("Press <b>Test connection</b>.")

    def _reset(self, status: str) -> None:
        self.status.setText(status)
        self.error.setText("")
        self.fingerprint_box.hide()

    def _start(self, work: Callable[[Callable[[str], None]], object],
               done: Callable[[Any], None]) -> None:
        self.error.setText("")
        self.progress.show()
        self.test_button.setEnabled(False)
        self.trust_button.setEnabled(False)
        self.cancel_button.setEnabled(True)

        def succeeded(result: object) -> None:
            # Buttons first: what ``done`` shows (the trust button) is ready to press the
            # moment it appears, and a job ``done`` starts keeps its own progress and buttons.
            self._on_job_ended()
            done(result)

        self.jobs.run("connection test", lambda p: work(lambda text: p.report(0, 0, text)),
                      on_success=succeeded, on_failure=self._on_job_failed,
                      on_progress=lambda _done, _total, text: self.status.setText(text))

    def _on_job_ended(self) -> None:
        self.progress.hide()
        self.test_button.setEnabled(True)
        self.trust_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def _on_test_clicked(self) -> None:
        self.flow.invalidate_test()
        self.fingerprint_box.hide()
        self.completeChanged.emit()

        def read(progress: Callable[[str], None]) -> object:
            progress("Asking the server who it is…")
            return self.flow.read_fingerprint()

        self._start(read, self._on_fingerprint_read)

    def _on_fingerprint_read(self, fingerprint: object) -> None:
        if self.flow.already_trusted():
            self.status.setText("This is the server you trusted before.")
            self._on_trust_clicked()
            return
        self.status.setText("")
        self.fingerprint_text.setText(
            "<p>The server identifies itself with this fingerprint:</p>"
            f"<p style='font-family: monospace; font-size: 12pt'><b>{fingerprint}</b></p>"
            "<p>Compare it with the one Office Ally gives you (by phone or in their SFTP "
            "instructions). If it does not match, press Cancel: someone may be in the way.</p>"
            + self._other_keys(str(fingerprint)))
        self.fingerprint_box.show()

    def _other_keys(self, shown: str) -> str:
        """The server's other keys (of other types): pinned too, at Finish."""
        others = [f for f in self.flow.offered_fingerprints() if not f.endswith(shown)]
        if not others:
            return ""
        rows = "<br>".join(f"<span style='font-family: monospace'>{o}</span>" for o in others)
        return (f"<p>The server also holds keys of other types; they are remembered with it, "
                f"so a later change of any of them is noticed:<br>{rows}</p>")

    def _on_trust_clicked(self) -> None:
        self.flow.confirm_fingerprint()
        self.fingerprint_box.hide()
        self._start(self.flow.run_test, self._on_test_passed)

    def _on_test_passed(self, report: object) -> None:
        assert isinstance(report, ConnectionReport)
        self.status.setText(
            f"<b>Connected.</b> Logged in and found the upload folder ({report.inbound_files} "
            f"files) and the download folder ({plural(report.outbound_files, 'file')}).<br>"
            f"Server fingerprint: {report.fingerprint}")

    def _on_job_failed(self, exc: object) -> None:
        self._on_job_ended()
        self.status.setText("")
        if isinstance(exc, HostKeyChanged):
            self.error.setText(
                f"<b>Stop: the server's identity has changed.</b><br>Expected: {exc.pinned}<br>"
                f"Presented: {exc.presented}<br>{exc.next_step}")
        elif isinstance(exc, WrongPassword):
            self.error.setText(f"<b>{exc.message}</b><br>{exc.next_step}<br>"
                               "Press Back to correct the username or password.")
        elif isinstance(exc, KnownError):
            self.error.setText(f"<b>{exc.message}</b><br>{exc.next_step}")
        else:
            self.error.setText(f"<b>Something went wrong: {type(exc).__name__}.</b><br>"
                               "Try again; if it keeps happening, send the log to support.")

    def _on_cancel_clicked(self) -> None:
        self.flow.cancel_test()


class ChecklistPage(_FlowPage):
    """What to ask Office Ally for (277/999 files, the agreement)."""
    page = Page.CHECKLIST

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Before you send claims",
                         "Office Ally needs these once. You can finish now and do them later.")
        layout = QVBoxLayout(self)
        a = flow.answers
        self.responses = self._box(layout, "I asked Office Ally to turn on 999 and 277 files",
                                   a.responses_requested, "responses_requested")
        layout.addWidget(_label("Without them, no acknowledgements or rejections arrive.",
                                hint=True))
        self.agreement = self._box(layout, "I signed the Office Ally agreement",
                                   a.agreement_signed, "agreement_signed")
        self.test_mode = self._box(layout, "Test mode (file names marked OATEST)", a.test_mode,
                                   "test_mode")
        layout.addWidget(_label("Office Ally checks test files but does not send them to "
                                "payers. Turn test mode off once your test files are accepted.",
                                hint=True))
        layout.addStretch()

    def _box(self, layout: QVBoxLayout, text: str, checked: bool, name: str) -> QCheckBox:
        box = QCheckBox(text)
        box.setChecked(checked)
        box.toggled.connect(lambda on, n=name: setattr(self.flow.answers, n, on))
        layout.addWidget(box)
        return box


class FinishPage(_FlowPage):
    """What will be saved when the biller presses Finish."""
    page = Page.FINISH

    def __init__(self, flow: SetupFlow) -> None:
        super().__init__(flow, "Ready to save", "Nothing has been saved yet. Press Finish to save.")
        layout = QVBoxLayout(self)
        self.summary = _label("")
        layout.addWidget(self.summary)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Fill the page from the flow each time the wizard shows it."""
        s = self.flow.settings()
        mode = "on (files marked OATEST)" if s.test_mode else "off (claims go to payers)"
        self.summary.setText(
            f"<table cellspacing=6><tr><td>Server</td><td><b>{s.host}</b>, port {s.port}</td></tr>"
            f"<tr><td>SFTP username</td><td><b>{s.username}</b></td></tr>"
            f"<tr><td>Tax ID</td><td><b>{fmt.tax_id(s.tax_id)}</b></td></tr>"
            f"<tr><td>Submitter id</td><td><b>{s.submitter_id}</b></td></tr>"
            f"<tr><td>Folders</td><td>{s.upload_folder} / {s.download_folder}</td></tr>"
            f"<tr><td>Test mode</td><td>{mode}</td></tr></table>"
            "<p>The password goes to this computer's keyring; if there is none, it is kept "
            "only until the app closes.</p>")


class SetupWizard(QWizard):
    """The setup wizard. ``accepted`` only after the flow has written everything."""

    def __init__(self, flow: SetupFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setWindowTitle("Office Ally setup")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.pages_by_name: dict[Page, _FlowPage] = {}
        for page in (WelcomePage(flow), AccountPage(flow), PracticePage(flow), ServerPage(flow),
                     TestPage(flow), ChecklistPage(flow), FinishPage(flow)):
            self.pages_by_name[page.page] = page
            self.addPage(page)
        self.resize(640, 500)
        self.save_message = ""
        self.password_in_keyring = False

    def accept(self) -> None:
        """Finish: write settings, pinned key and password, then close."""
        try:
            result = self.flow.finish()
        except KnownError as exc:
            QMessageBox.warning(self, "Not saved", f"{exc.message}\n\n{exc.next_step}")
            return
        # Where the password went (keyring, or this session only): the caller shows it.
        self.save_message = result.explanation
        self.password_in_keyring = result.storage is Storage.KEYRING
        super().accept()

    def reject(self) -> None:
        """Cancel: stop any test; nothing was written."""
        self.flow.cancel_test()
        super().reject()
