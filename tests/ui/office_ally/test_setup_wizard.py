"""The setup wizard end to end with qtbot against the sandbox on loopback."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from oa_desktop.gateway.credentials import SERVICE, CredentialStore
from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.gateway.setup_flow import Page, SetupFlow
from oa_desktop.sandbox.server import RunningSandbox
from oa_desktop.ui.office_ally.setup_wizard import SetupWizard
from tests.conftest import PASSWORD, USERNAME, MemoryKeyring
from tests.ui.conftest import Shot


@pytest.fixture
def wizard(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring,
) -> tuple[SetupWizard, list[tuple[GatewaySettings, str]], KnownHostStore]:
    saved: list[tuple[GatewaySettings, str]] = []
    known = KnownHostStore(tmp_path / "data" / "known_hosts")
    flow = SetupFlow(lambda s, p: saved.append((s, p)), CredentialStore(), known,
                     # generous: on a loaded two-core machine the in-process sandbox's key
                     # exchange alone took seconds, and 2-3 s limits failed the happy path
                     timeouts=Timeouts(connect=10, banner=20, auth=20, channel=20, stall=10))
    widget = SetupWizard(flow)
    qtbot.addWidget(widget)
    widget.show()
    return widget, saved, known


def next_page(qtbot: QtBot, widget: SetupWizard) -> None:
    button = widget.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, widget: SetupWizard, page: Page, field: str, text: str) -> None:
    edit = widget.pages_by_name[page].fields[field]  # type: ignore[attr-defined]
    edit.clear()
    qtbot.keyClicks(edit, text)


def to_test_page(widget: SetupWizard, port: int, password: str = PASSWORD) -> Any:
    """Answer the first pages (the sandbox's login on loopback) and go to the Test page."""
    a = widget.flow.answers
    a.username, a.password, a.tax_id, a.submitter_id = USERNAME, password, "123456789", "S1"
    a.host, a.port = "127.0.0.1", str(port)
    for _ in range(4):
        widget.next()
    return widget.pages_by_name[Page.TEST]


def test_setup_end_to_end_writes_only_at_finish(
    qtbot: QtBot, sandbox: RunningSandbox, wizard: tuple[SetupWizard, list, KnownHostStore],
    memory_keyring: MemoryKeyring, shot: Shot,
) -> None:
    widget, saved, known = wizard
    shot(widget, "welcome")
    next_page(qtbot, widget)

    account = widget.pages_by_name[Page.ACCOUNT]
    assert not widget.button(QWizard.WizardButton.NextButton).isEnabled()
    type_into(qtbot, widget, Page.ACCOUNT, "username", USERNAME)
    type_into(qtbot, widget, Page.ACCOUNT, "password", "abc")
    assert "Too short" in account.messages["password"].text()  # type: ignore[attr-defined]
    assert not widget.button(QWizard.WizardButton.NextButton).isEnabled()
    shot(widget, "account_problem")
    type_into(qtbot, widget, Page.ACCOUNT, "password", PASSWORD)
    assert account.messages["password"].text() == ""  # type: ignore[attr-defined]
    shot(widget, "account")
    next_page(qtbot, widget)

    type_into(qtbot, widget, Page.PRACTICE, "tax_id", "12-3456789")
    type_into(qtbot, widget, Page.PRACTICE, "submitter_id", "SUB123")
    shot(widget, "practice")
    next_page(qtbot, widget)

    assert widget.pages_by_name[Page.SERVER].fields["host"].text() == "ftp10.officeally.com"  # type: ignore[attr-defined]
    shot(widget, "server_defaults")
    type_into(qtbot, widget, Page.SERVER, "host", "127.0.0.1")
    type_into(qtbot, widget, Page.SERVER, "port", str(sandbox.port))
    next_page(qtbot, widget)

    test = widget.pages_by_name[Page.TEST]
    assert not widget.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(test.test_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: test.fingerprint_box.isVisible(), timeout=60_000)  # type: ignore[attr-defined]
    assert sandbox.fingerprint in test.fingerprint_text.text()  # type: ignore[attr-defined]
    assert sandbox.stats.auth_attempts == 0
    shot(widget, "test_fingerprint")
    qtbot.mouseClick(test.trust_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    try:
        qtbot.waitUntil(lambda: widget.button(QWizard.WizardButton.NextButton).isEnabled(),
                        timeout=60_000)
    except WaitTimeout:
        pytest.fail(f"not connected: {test.status.text()}")  # type: ignore[attr-defined]
    assert "Connected" in test.status.text()  # type: ignore[attr-defined]
    shot(widget, "test_connected")
    assert saved == [] and memory_keyring.passwords == {} and not known.path.exists()
    next_page(qtbot, widget)

    shot(widget, "checklist")
    next_page(qtbot, widget)
    shot(widget, "finish")
    assert saved == [] and memory_keyring.passwords == {}
    qtbot.mouseClick(widget.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    assert widget.result() == QWizard.DialogCode.Accepted
    [(settings, password)] = saved
    assert (settings.username, settings.tax_id, settings.port) == (USERNAME, "123456789",
                                                                   sandbox.port)
    assert settings.test_mode and password == PASSWORD
    assert memory_keyring.passwords == {(SERVICE, f"{USERNAME}@127.0.0.1"): PASSWORD}
    assert known.pinned("127.0.0.1", sandbox.port) is not None


def test_wrong_password_and_cancel_write_nothing(
    qtbot: QtBot, sandbox: RunningSandbox, wizard: tuple[SetupWizard, list, KnownHostStore],
    memory_keyring: MemoryKeyring, shot: Shot,
) -> None:
    widget, saved, known = wizard
    test = to_test_page(widget, sandbox.port, password="Wrong12345")
    assert widget.currentPage() is test
    qtbot.mouseClick(test.test_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: test.fingerprint_box.isVisible(), timeout=60_000)  # type: ignore[attr-defined]
    qtbot.mouseClick(test.trust_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "did not accept" in test.error.text(), timeout=20_000)  # type: ignore[attr-defined]
    assert "does not retry" in test.error.text()  # type: ignore[attr-defined]
    shot(widget, "test_wrong_password")
    assert sandbox.stats.auth_attempts == 1
    assert not widget.button(QWizard.WizardButton.NextButton).isEnabled()

    widget.reject()
    assert widget.result() == QWizard.DialogCode.Rejected
    assert saved == [] and memory_keyring.passwords == {} and not known.path.exists()


def test_changed_host_key_shows_both_fingerprints(
    qtbot: QtBot, sandbox: RunningSandbox, wizard: tuple[SetupWizard, list, KnownHostStore],
    shot: Shot,
) -> None:
    widget, saved, known = wizard
    known.pin("127.0.0.1", sandbox.port, sandbox.host_key)
    old = sandbox.fingerprint
    new = sandbox.rotate_host_key()
    test = to_test_page(widget, sandbox.port)
    qtbot.mouseClick(test.test_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "changed" in test.error.text(), timeout=20_000)  # type: ignore[attr-defined]
    assert old in test.error.text() and new in test.error.text()  # type: ignore[attr-defined]
    shot(widget, "test_host_key_changed")
    assert sandbox.stats.auth_attempts == 0 and saved == []


class _ShownWith(QObject):
    """Records, at the moment a widget is shown, whether a button is pressable."""

    def __init__(self, button: QWidget) -> None:
        super().__init__()
        self.button = button
        self.enabled_when_shown: list[bool] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            self.enabled_when_shown.append(self.button.isEnabled())
        return False


def test_the_trust_button_can_be_pressed_the_moment_it_appears(
    qtbot: QtBot, sandbox: RunningSandbox, wizard: tuple[SetupWizard, list, KnownHostStore],
) -> None:
    # CI once clicked it as it appeared, while still greyed out, and the click was lost.
    widget, _, _ = wizard
    test = to_test_page(widget, sandbox.port)
    watch = _ShownWith(test.trust_button)  # type: ignore[attr-defined]
    test.fingerprint_box.installEventFilter(watch)  # type: ignore[attr-defined]
    qtbot.mouseClick(test.test_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(watch.enabled_when_shown), timeout=60_000)
    assert watch.enabled_when_shown == [True]


def test_a_server_trusted_before_logs_in_with_the_page_busy_until_done(
    qtbot: QtBot, sandbox: RunningSandbox, wizard: tuple[SetupWizard, list, KnownHostStore],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    widget, _, known = wizard
    known.pin("127.0.0.1", sandbox.port, sandbox.host_key)
    flow = widget.flow
    test = to_test_page(widget, sandbox.port)
    logging_in, release = threading.Event(), threading.Event()
    real_run_test = flow.run_test

    def slow_run_test(progress: Callable[[str], None]) -> object:
        logging_in.set()
        release.wait(30)
        return real_run_test(progress)

    monkeypatch.setattr(flow, "run_test", slow_run_test)
    qtbot.mouseClick(test.test_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(logging_in.is_set, timeout=60_000)
    qtbot.wait(200)  # let the first job's own end reach the page
    try:
        assert "trusted before" in test.status.text()  # type: ignore[attr-defined]
        assert not test.test_button.isEnabled()  # type: ignore[attr-defined]
        assert test.cancel_button.isEnabled()  # type: ignore[attr-defined]
        assert not test.progress.isHidden()  # type: ignore[attr-defined]
    finally:
        release.set()
    qtbot.waitUntil(lambda: "Logged in" in test.status.text(), timeout=60_000)  # type: ignore[attr-defined]
    assert test.test_button.isEnabled() and test.progress.isHidden()  # type: ignore[attr-defined]
