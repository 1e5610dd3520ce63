"""The Qt-free setup flow against the sandbox: nothing is written before Finish."""

from __future__ import annotations

from pathlib import Path

import pytest

from oa_desktop.errors import KnownError
from oa_desktop.gateway.credentials import SERVICE, CredentialStore, Storage
from oa_desktop.gateway.errors import HostKeyChanged, WrongPassword
from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.gateway.setup_flow import Page, SetupFlow
from oa_desktop.sandbox.server import RunningSandbox
from tests.conftest import PASSWORD, USERNAME, MemoryKeyring


def make_flow(tmp_path: Path, saved: list[tuple[GatewaySettings, str]],
              timeouts: Timeouts) -> tuple[SetupFlow, KnownHostStore]:
    known = KnownHostStore(tmp_path / "data" / "known_hosts")
    flow = SetupFlow(lambda s, p: saved.append((s, p)), CredentialStore(), known,
                     timeouts=timeouts)
    return flow, known


def fill(flow: SetupFlow, port: int, password: str = PASSWORD) -> None:
    a = flow.answers
    a.username, a.password, a.tax_id, a.submitter_id = USERNAME, password, "12-3456789", "SUB123"
    a.host, a.port = "127.0.0.1", str(port)


def test_checks_as_typed(tmp_path: Path, timeouts: Timeouts) -> None:
    flow, _ = make_flow(tmp_path, [], timeouts)
    assert "username" in flow.problems(Page.ACCOUNT)
    flow.answers.username, flow.answers.password = "doc", "short1"
    assert "Too short" in flow.problems(Page.ACCOUNT)["password"]
    flow.answers.password = "has space1"
    assert "letters and digits" in flow.problems(Page.ACCOUNT)["password"]
    flow.answers.password = "Abcdefgh1234"
    assert flow.can_leave(Page.ACCOUNT)
    flow.answers.tax_id = "12345"
    assert "9 digits" in flow.problems(Page.PRACTICE)["tax_id"]
    assert flow.answers.host == "ftp10.officeally.com" and flow.answers.port == "22"
    assert not flow.can_leave(Page.TEST)


def test_full_setup_writes_only_at_finish(
    tmp_path: Path, sandbox: RunningSandbox, timeouts: Timeouts, memory_keyring: MemoryKeyring,
) -> None:
    saved: list[tuple[GatewaySettings, str]] = []
    flow, known = make_flow(tmp_path, saved, timeouts)
    fill(flow, sandbox.port)
    assert flow.read_fingerprint() == sandbox.fingerprint
    with pytest.raises(KnownError):
        flow.run_test(lambda _: None)  # not confirmed yet: no password sent
    assert sandbox.stats.auth_attempts == 0
    flow.confirm_fingerprint()
    steps: list[str] = []
    report = flow.run_test(steps.append)
    assert report.fingerprint == sandbox.fingerprint and steps[-1] == "Connected."
    assert saved == [] and memory_keyring.passwords == {} and not known.path.exists()
    result = flow.finish()
    assert result.storage is Storage.KEYRING
    [(settings, password)] = saved
    assert (settings.host, settings.port, settings.tax_id) == ("127.0.0.1", sandbox.port,
                                                              "123456789")
    assert password == PASSWORD
    assert memory_keyring.passwords[(SERVICE, f"{USERNAME}@127.0.0.1")] == PASSWORD
    assert known.pinned("127.0.0.1", sandbox.port).fingerprint == sandbox.fingerprint  # type: ignore[union-attr]


def test_refused_password_is_not_sent_again(
    tmp_path: Path, sandbox: RunningSandbox, timeouts: Timeouts,
) -> None:
    flow, _ = make_flow(tmp_path, [], timeouts)
    fill(flow, sandbox.port, password="Wrong12345")
    flow.read_fingerprint()
    flow.confirm_fingerprint()
    with pytest.raises(WrongPassword):
        flow.run_test(lambda _: None)
    assert "will not try" in flow.problems(Page.ACCOUNT)["password"]
    with pytest.raises(WrongPassword):
        flow.run_test(lambda _: None)
    assert sandbox.stats.auth_attempts == 1
    flow.answers.password = PASSWORD
    flow.run_test(lambda _: None)
    assert sandbox.stats.auth_attempts == 2


def test_changed_key_stops_setup(
    tmp_path: Path, sandbox: RunningSandbox, timeouts: Timeouts,
) -> None:
    flow, known = make_flow(tmp_path, [], timeouts)
    known.pin("127.0.0.1", sandbox.port, sandbox.host_key)
    fill(flow, sandbox.port)
    old = sandbox.fingerprint
    new = sandbox.rotate_host_key()
    with pytest.raises(HostKeyChanged) as info:
        flow.read_fingerprint()
    assert old in str(info.value) and new in str(info.value)
