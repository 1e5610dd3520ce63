"""Host keys as OpenSSH users expect: every offered key pinned; a pinned type preferred."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from oa_desktop.gateway.hostkeys import KnownHostStore, fingerprint
from oa_desktop.gateway.session import GatewaySession, probe_host_keys
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.services.office_ally import connection
from oa_desktop.services.workspace import open_workspace
from tests.gateway.servers import OAServer


def _offered(server: OAServer) -> set[str]:
    if server.sshd is not None:
        return {fingerprint(k) for k in server.sshd.host_keys.values()}
    return {server.fingerprint}


def test_probing_reads_every_key_the_server_offers(server: OAServer, timeouts: Timeouts) -> None:
    keys = probe_host_keys("127.0.0.1", server.port, timeouts)
    assert {fingerprint(k) for k in keys} == _offered(server)
    if server.sshd is not None:
        assert {k.get_name() for k in keys} == {"ssh-rsa", "ecdsa-sha2-nistp256", "ssh-ed25519"}


def test_a_data_folder_that_pinned_any_one_of_the_keys_connects_with_that_key(
    server: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
) -> None:
    keys = probe_host_keys("127.0.0.1", server.port, timeouts)
    for number, key in enumerate(keys):  # e.g. pinned RSA while paramiko prefers Ed25519
        store = KnownHostStore(tmp_path / f"known_hosts_{number}")
        store.pin("127.0.0.1", server.port, key)
        with GatewaySession.open(server_settings, server.password, store,
                                 timeouts=timeouts) as session:
            assert session.fingerprint == fingerprint(key)


def test_setup_pins_every_key_the_server_offers(
    server: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
) -> None:
    (default,) = [k for k in probe_host_keys("127.0.0.1", server.port, timeouts)
                  if fingerprint(k) == server.fingerprint]
    workspace = open_workspace(tmp_path / "practice")
    try:
        result = connection.set_up(workspace, server_settings, server.password,
                                   accept_fingerprint=fingerprint(default))
        pinned = connection.known_hosts(workspace).pinned_keys("127.0.0.1", server.port)
    finally:
        workspace.close()
    assert {fingerprint(k) for k in pinned} == _offered(server)
    assert len(result.pinned) == len(_offered(server))


class _Caller:
    """Stands for what called the probe: the setup wizard's page, in the app."""


def _probe_from(caller: _Caller, port: int, timeouts: Timeouts) -> int:
    return len(probe_host_keys("127.0.0.1", port, timeouts))


def test_refused_probes_leave_no_cycle_holding_the_caller(
    server: OAServer, timeouts: Timeouts,
) -> None:
    # paramiko raises a refused handshake as "e = …; raise e", a cycle through every frame
    # up to the caller: only the collector freed the caller then, on whatever thread ran
    # it next (a worker's, where freeing the wizard's Qt objects can crash the app).
    caller = _Caller()
    gone = weakref.ref(caller)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        assert _probe_from(caller, server.port, timeouts) >= 1
        del caller
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()
