"""Fixtures for gateway tests: a fake keyring, a sandbox on loopback, short timeouts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.sandbox.server import RunningSandbox, start_sandbox
from tests.gateway.helpers import PASSWORD, USERNAME, MemoryKeyring  # noqa: E402


@pytest.fixture(autouse=True)
def fake_keyring() -> Iterator[MemoryKeyring]:
    """Every gateway test runs against an in-memory keyring, never the real one."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def timeouts() -> Timeouts:
    return Timeouts(connect=2, banner=3, auth=3, channel=3, keepalive=1, stall=1.0)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    running = start_sandbox(tmp_path / "oa", username=USERNAME, password=PASSWORD,
                            respond_after=None, seed=7)
    yield running
    running.stop()


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
