"""Fixtures for gateway tests: short timeouts, the sandbox's settings and pinned key, an
archive folder (the keyring and the sandbox come from ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.sandbox.server import RunningSandbox
from tests.conftest import PASSWORD, USERNAME


@pytest.fixture
def timeouts() -> Timeouts:
    return Timeouts(connect=2, banner=3, auth=3, channel=3, keepalive=1, stall=1.0)


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
