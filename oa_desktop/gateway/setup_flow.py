"""The Office Ally setup, Qt-free: pages, checks as typed, connection test, commit at Finish.

The ``QWizard`` in ``ui/setup_wizard.py`` only renders this. Nothing is written (settings,
keyring, pinned host key) before :meth:`SetupFlow.finish`; Cancel writes nothing.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

import paramiko

from oa_desktop.errors import KnownError
from oa_desktop.gateway.api import ConnectionReport, test_connection
from oa_desktop.gateway.credentials import CredentialStore, SaveResult
from oa_desktop.gateway.errors import HostKeyChanged, WrongPassword
from oa_desktop.gateway.hostkeys import KnownHostStore, fingerprint
from oa_desktop.gateway.session import GatewaySession, probe_host_key
from oa_desktop.gateway.settings import (
    GatewaySettings,
    Timeouts,
    host_problem,
    password_problem,
    port_problem,
    submitter_problem,
    tax_id_problem,
    username_problem,
)

SaveSettings = Callable[[GatewaySettings, str], None]
Progress = Callable[[str], None]


class Page(StrEnum):
    """The setup wizard's pages, in order."""
    WELCOME = "welcome"
    ACCOUNT = "account"
    PRACTICE = "practice"
    SERVER = "server"
    TEST = "test"
    CHECKLIST = "checklist"
    FINISH = "finish"


PAGES = list(Page)


@dataclass
class Answers:
    """What the user typed and chose so far (in memory only)."""

    username: str = ""
    password: str = ""
    tax_id: str = ""
    submitter_id: str = ""
    host: str = GatewaySettings.host
    port: str = str(GatewaySettings.port)
    test_mode: bool = True
    responses_requested: bool = False
    agreement_signed: bool = False
    presented_key: paramiko.PKey | None = field(default=None, repr=False)
    confirmed_fingerprint: str = ""
    report: ConnectionReport | None = None


def _secret_tag(username: str, password: str) -> str:
    return hashlib.sha256(f"{username}\0{password}".encode()).hexdigest()


class SetupFlow:
    """The setup's state and rules. The UI calls these methods; workers call the slow ones."""

    def __init__(
        self, save: SaveSettings, credentials: CredentialStore, known_hosts: KnownHostStore, *,
        base: GatewaySettings | None = None, timeouts: Timeouts | None = None,
    ) -> None:
        self._save = save
        self._credentials = credentials
        self._known_hosts = known_hosts
        self._base = base or GatewaySettings()
        self.timeouts = timeouts or Timeouts()
        self.answers = Answers(host=self._base.host, port=str(self._base.port),
                               username=self._base.username, tax_id=self._base.tax_id,
                               submitter_id=self._base.submitter_id,
                               test_mode=self._base.test_mode)
        self._refused: str = ""  # the username+password Office Ally refused (never retried)
        self._session: GatewaySession | None = None
        self._lock = threading.Lock()
        self.finished: SaveResult | None = None

    # --- checks as typed ----------------------------------------------------------------
    def problems(self, page: Page) -> dict[str, str]:
        """Field → message for what blocks ``page``; empty when Next may be pressed."""
        a = self.answers
        found: dict[str, str] = {}
        if page is Page.ACCOUNT:
            found = {"username": username_problem(a.username),
                     "password": password_problem(a.password)}
            if not found["password"] and self.password_was_refused():
                found["password"] = ("Office Ally refused this password. Type the correct one; "
                                     "the app will not try the same one again.")
        elif page is Page.PRACTICE:
            found = {"tax_id": tax_id_problem(a.tax_id),
                     "submitter_id": submitter_problem(a.submitter_id)}
        elif page is Page.SERVER:
            found = {"host": host_problem(a.host), "port": port_problem(a.port)}
        elif page is Page.TEST and a.report is None:
            found = {"test": "Test the connection first."}
        return {key: text for key, text in found.items() if text}

    def can_leave(self, page: Page) -> bool:
        """True when ``page`` is complete."""
        return not self.problems(page)

    def password_was_refused(self) -> bool:
        """True if Office Ally already refused exactly this username and password."""
        return self._refused == _secret_tag(self.answers.username, self.answers.password)

    def settings(self) -> GatewaySettings:
        """The settings the answers describe."""
        a = self.answers
        return replace(
            self._base, host=a.host.strip(), port=int(a.port), username=a.username.strip(),
            tax_id=a.tax_id.replace("-", "").strip(), submitter_id=a.submitter_id.strip(),
            test_mode=a.test_mode, responses_requested=a.responses_requested,
            agreement_signed=a.agreement_signed,
        )

    def invalidate_test(self) -> None:
        """Answers that affect the connection changed: the test must run again."""
        self.answers.report = None
        self.answers.presented_key = None
        self.answers.confirmed_fingerprint = ""

    # --- the connection test (call from a worker thread) ----------------------------------
    def read_fingerprint(self) -> str:
        """Step 1: fetch the server's key; one differing from a pinned key raises HostKeyChanged."""
        settings = self.settings()
        seen, key = probe_host_key(settings.host, settings.port, self.timeouts)
        pinned = self._known_hosts.pinned(settings.host, settings.port)
        if pinned is not None and fingerprint(pinned) != seen:
            raise HostKeyChanged(settings.host, fingerprint(pinned), seen)
        self.answers.presented_key = key
        return seen

    def already_trusted(self) -> bool:
        """True when the presented key is the one pinned before (no need to ask again)."""
        key = self.answers.presented_key
        settings = self.settings()
        pinned = self._known_hosts.pinned(settings.host, settings.port)
        return key is not None and pinned is not None and fingerprint(pinned) == fingerprint(key)

    def confirm_fingerprint(self) -> None:
        """The user compared the fingerprint and trusts it (kept in memory until Finish)."""
        if self.answers.presented_key is None:
            raise KnownError("Read the server's fingerprint first.")
        self.answers.confirmed_fingerprint = fingerprint(self.answers.presented_key)

    def run_test(self, progress: Progress) -> ConnectionReport:
        """Step 2: log in once and list both folders. Refuses to resend a refused password."""
        if self.password_was_refused():
            raise WrongPassword(self.answers.username, "not tried again")
        if not self.answers.confirmed_fingerprint:
            raise KnownError("Confirm the server's fingerprint first.")
        try:
            report = test_connection(
                self.settings(), self.answers.password, self._known_hosts,
                accept_fingerprint=self.answers.confirmed_fingerprint, timeouts=self.timeouts,
                progress=progress, on_session=self._set_session,
            )
        except WrongPassword:
            self._refused = _secret_tag(self.answers.username, self.answers.password)
            raise
        self.answers.report = report
        return report

    def _set_session(self, session: GatewaySession | None) -> None:
        with self._lock:
            self._session = session

    def cancel_test(self) -> None:
        """Stop a running test (closes its connection)."""
        with self._lock:
            session = self._session
        if session is not None:
            session.cancel()

    # --- Finish ------------------------------------------------------------------------
    def finish(self) -> SaveResult:
        """Write everything, only now: settings (via ``save``), the pinned key, the password."""
        for page in PAGES:
            if not self.can_leave(page):
                raise KnownError(f"The {page.value} page is not complete.")
        key = self.answers.presented_key
        if key is None or fingerprint(key) != self.answers.confirmed_fingerprint:
            raise KnownError("The server's fingerprint was not confirmed.")
        settings = self.settings()
        self._save(settings, self.answers.password)
        self._known_hosts.pin(settings.host, settings.port, key)
        self.finished = self._credentials.save(settings.host, settings.username,
                                               self.answers.password)
        return self.finished
