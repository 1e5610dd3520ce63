"""Fixtures for gateway tests: short timeouts, the sandbox's settings and pinned key, an
archive folder (the keyring and the sandbox come from ``tests/conftest.py``)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.sandbox.server import RunningSandbox, start_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import Workspace
from tests.conftest import PASSWORD, USERNAME
from tests.gateway.servers import SERVER_KINDS, OAServer, from_sandbox, from_sshd
from tests.gateway.sshd import RunningSshd, start_sshd, why_not_available

QUICK = Timeouts(connect=2, banner=3, auth=3, channel=3, keepalive=1, stall=1.0)


@pytest.fixture
def timeouts() -> Timeouts:
    """Patient limits: a loaded machine is slow, not broken. A test that wants a limit
    to be reached uses ``QUICK``."""
    return Timeouts(connect=10, banner=20, auth=20, channel=20, keepalive=5, stall=20)


@pytest.fixture
def settings(sandbox: RunningSandbox) -> GatewaySettings:
    return GatewaySettings(host="127.0.0.1", port=sandbox.port, username=USERNAME,
                           submitter_id="SUB123", tax_id="123456789")


@pytest.fixture
def known_hosts(tmp_path: Path, sandbox: RunningSandbox) -> KnownHostStore:
    store = KnownHostStore(tmp_path / "data" / "known_hosts")
    store.pin("127.0.0.1", sandbox.port, sandbox.host_key)
    return store


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "archive"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def connect(
    settings: GatewaySettings, known_hosts: KnownHostStore, timeouts: Timeouts
) -> Callable[..., GatewaySession]:
    """Open a session to the sandbox (optionally with other settings)."""

    def _connect(other: GatewaySettings | None = None) -> GatewaySession:
        return GatewaySession.open(other or settings, PASSWORD, known_hosts, timeouts=timeouts)

    return _connect


# --- the two servers: every test asking for ``server`` runs against both -----------------


@pytest.fixture(scope="session")
def sshd_server() -> Iterator[RunningSshd]:
    """A real OpenSSH sshd for the whole run (see tests/gateway/sshd.py).

    Under CI=true it must run: a machine without sshd fails these tests instead of
    skipping them. Elsewhere they skip, saying how to install it.
    """
    reason = why_not_available()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the real-sshd tests cannot run: {reason}")
        pytest.skip(reason)
    running = start_sshd()
    yield running
    running.stop()


@pytest.fixture(params=SERVER_KINDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OAServer]:
    """The app's sandbox, then a real OpenSSH sshd: the same test against each."""
    if request.param == "sandbox":
        running = start_sandbox(tmp_path / "oa-server", username=USERNAME, password=PASSWORD,
                                respond_after=None, seed=7)
        yield from_sandbox(running, USERNAME, PASSWORD)
        running.stop()
        return
    sshd: RunningSshd = request.getfixturevalue("sshd_server")
    sshd.reset()
    yield from_sshd(sshd)
    sshd.reset()


@pytest.fixture
def server_settings(server: OAServer) -> GatewaySettings:
    return GatewaySettings(host="127.0.0.1", port=server.port, username=server.username,
                           submitter_id="SUB123", tax_id="123456789")


@pytest.fixture
def server_known_hosts(tmp_path: Path, server: OAServer) -> KnownHostStore:
    store = KnownHostStore(tmp_path / "data" / "server_known_hosts")
    store.pin("127.0.0.1", server.port, server.host_key)
    return store


@pytest.fixture
def server_connect(
    server: OAServer, server_settings: GatewaySettings, server_known_hosts: KnownHostStore,
    timeouts: Timeouts,
) -> Callable[..., GatewaySession]:
    """Open a session to ``server`` (optionally with other settings)."""

    def _connect(other: GatewaySettings | None = None) -> GatewaySession:
        return GatewaySession.open(other or server_settings, server.password, server_known_hosts,
                                   timeouts=timeouts)

    return _connect


@pytest.fixture
def practice(demo_workspace: Workspace, server: OAServer) -> Iterator[Workspace]:
    """The demo practice, set up for ``server`` (settings and pinned key; no stored password)."""
    connection.save_gateway_settings(demo_workspace, GatewaySettings(
        host="127.0.0.1", port=server.port, username=server.username, submitter_id="SUB123",
        tax_id="123456789"))
    connection.known_hosts(demo_workspace).pin("127.0.0.1", server.port, server.host_key)
    yield demo_workspace
