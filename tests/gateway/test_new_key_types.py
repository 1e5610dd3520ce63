"""A host-key type the server newly offers is pinned only when a pinned key vouches for it
in the same connection (and the audit trail says so); a changed key of a pinned type is
still refused with both fingerprints, and then nothing new is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from oa_desktop.gateway.errors import HostKeyChanged
from oa_desktop.gateway.hostkeys import KnownHostStore, fingerprint
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.services.office_ally import connection
from oa_desktop.services.safety import audit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store.audit import AuditFilter
from tests.gateway.servers import OAServer
from tests.gateway.sshd import KEY_TYPES


@pytest.fixture
def restored(server: OAServer) -> Iterator[OAServer]:
    """The server; a reconfigured sshd gets its original three host keys back afterwards."""
    yield server
    if server.sshd is not None:
        server.sshd.offer_host_keys(*KEY_TYPES)


def _pinned_then_new_type(server: OAServer) -> tuple[list[paramiko.PKey], paramiko.PKey]:
    """Set the server up as the data folder knew it, then make it offer one type more:
    returns (the keys pinned earlier, the key of the new type)."""
    if server.sandbox is not None:  # pinned ECDSA; Office Ally adds an RSA key
        new = paramiko.RSAKey.generate(2048)
        server.sandbox.other_host_keys.append(new)
        return [server.host_key], new
    assert server.sshd is not None  # pinned RSA and Ed25519; the server now also has ECDSA
    old = server.sshd.offer_host_keys("rsa", "ed25519")
    server.sshd.offer_host_keys(*KEY_TYPES)
    return [old["rsa"], old["ed25519"]], server.sshd.host_keys["ecdsa"]


def _store(tmp_path: Path, server: OAServer, keys: list[paramiko.PKey]) -> KnownHostStore:
    store = KnownHostStore(tmp_path / "known_hosts_new_type")
    store.pin_all("127.0.0.1", server.port, keys)
    return store


def test_a_new_key_type_is_pinned_when_a_pinned_key_verifies_in_the_same_connection(
    restored: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
) -> None:
    server = restored
    pinned, new = _pinned_then_new_type(server)
    store = _store(tmp_path, server, pinned)
    with GatewaySession.open(server_settings, server.password, store,
                             timeouts=timeouts) as session:
        assert [fingerprint(k) for k in session.adopted] == [fingerprint(new)]
        assert session.fingerprint in {fingerprint(k) for k in pinned}  # the one that vouched
        assert session.listdir("/inbound") == []  # the connection goes on as usual
    now = store.pinned_keys("127.0.0.1", server.port)
    assert {fingerprint(k) for k in now} == {fingerprint(k) for k in [*pinned, new]}
    with GatewaySession.open(server_settings, server.password, store,
                             timeouts=timeouts) as again:
        assert again.adopted == ()  # pinned once, not again


def test_a_changed_key_of_a_pinned_type_is_refused_and_no_new_type_is_pinned(
    restored: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
) -> None:
    server = restored
    if server.sandbox is not None:  # pinned ECDSA; now another ECDSA key, and an RSA one
        pinned = server.host_key
        presented = server.sandbox.rotate_host_key()
        server.sandbox.other_host_keys.append(paramiko.RSAKey.generate(2048))
    else:  # pinned Ed25519; now another Ed25519 key, and ECDSA
        assert server.sshd is not None
        pinned = server.sshd.host_keys["ed25519"]
        presented = fingerprint(server.sshd.offer_host_keys(
            "ed25519", "ecdsa", fresh=("ed25519",))["ed25519"])
    store = _store(tmp_path, server, [pinned])
    before, logins = store.path.read_bytes(), server.logins()
    with pytest.raises(HostKeyChanged) as info:
        GatewaySession.open(server_settings, server.password, store, timeouts=timeouts)
    assert info.value.pinned == fingerprint(pinned) and info.value.presented == presented
    assert fingerprint(pinned) in info.value.message and presented in info.value.message
    assert store.path.read_bytes() == before
    assert server.logins() == logins  # no password was sent


def test_a_server_offering_only_a_new_type_is_refused(
    restored: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
) -> None:
    server = restored
    if server.sandbox is not None:  # nothing pinned matches: pinned is an RSA key it never had
        pinned = paramiko.RSAKey.generate(2048)
    else:
        assert server.sshd is not None
        pinned = server.sshd.host_keys["rsa"]
        server.sshd.offer_host_keys("ecdsa")
    store = _store(tmp_path, server, [pinned])
    before = store.path.read_bytes()
    with pytest.raises(HostKeyChanged):
        GatewaySession.open(server_settings, server.password, store, timeouts=timeouts)
    assert store.path.read_bytes() == before


def test_the_audit_trail_says_who_pinned_which_key_and_what_vouched_for_it(
    restored: OAServer, practice: Workspace,
) -> None:
    server = restored
    pinned, new = _pinned_then_new_type(server)
    connection.known_hosts(practice).pin_all("127.0.0.1", server.port, pinned)
    practice.store.actor = "ana"
    with connection.open_session(practice, server.password) as session:
        vouched = session.fingerprint
    [entry] = audit_store.entries(practice.store, AuditFilter(
        action=audit.OFFICE_ALLY_HOST_KEY_ADDED))
    assert entry.actor == "ana" and entry.object_type == "office_ally" and entry.at
    assert fingerprint(new) in entry.detail and new.get_name() in entry.detail
    assert vouched in entry.detail


def test_a_server_that_cannot_re_key_is_still_used_with_the_pinned_key(
    restored: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oa_desktop.gateway import session as gateway_session

    server = restored
    pinned, _ = _pinned_then_new_type(server)
    store = _store(tmp_path, server, pinned)
    before = store.path.read_bytes()
    tries: list[int] = []

    def refuse(transport: paramiko.Transport) -> None:
        tries.append(1)
        transport.close()
        raise paramiko.SSHException("Negotiation failed.")

    monkeypatch.setattr(paramiko.Transport, "renegotiate_keys", refuse)
    monkeypatch.setattr(gateway_session, "_NO_REKEY", set())
    for _ in range(2):
        with GatewaySession.open(server_settings, server.password, store,
                                 timeouts=timeouts) as session:
            assert session.adopted == ()
            assert session.listdir("/inbound") == []
    assert tries == [1]  # asked once, then not again
    assert store.path.read_bytes() == before
