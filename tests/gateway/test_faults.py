"""Faults from the reliability catalogue: each leaves nothing half-done and says what happened."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path

import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from oa_desktop.errors import KnownError
from oa_desktop.gateway.errors import (
    CancelledError,
    HostKeyChanged,
    HostKeyNotConfirmed,
    HostNotFound,
    NoRoute,
    TimedOut,
    TransferFailed,
    WrongPassword,
)
from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.ledger import InMemoryLedger
from oa_desktop.gateway.session import GatewaySession, RemoteEntry, probe_host_key
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.gateway.transfer import archive_for_upload, download_new, upload_file
from oa_desktop.sandbox.server import RunningSandbox
from tests.gateway.conftest import QUICK
from tests.gateway.servers import OAServer

Connect = Callable[..., GatewaySession]
BIG = bytes(range(256)) * 2048  # 512 KB


def test_disconnect_mid_upload_leaves_no_final_file_and_retry_succeeds_once(
    sandbox: RunningSandbox, connect: Connect, archive: Path,
) -> None:
    local = archive_for_upload(archive, "batch.txt", BIG)
    sandbox.faults.drop_upload_after = 100_000
    with connect() as session, pytest.raises((TransferFailed, TimedOut)) as info:
        upload_file(session, local)
    assert "Nothing half-done" in str(info.value)
    assert not (sandbox.layout.inbound / "batch.txt").exists()  # claims stay unsent
    with connect() as session:
        result = upload_file(session, local)
    assert not result.already_there
    assert sorted(p.name for p in sandbox.layout.inbound.iterdir()) == ["batch.txt"]
    assert (sandbox.layout.inbound / "batch.txt").read_bytes() == BIG


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_disconnect_mid_download_records_nothing_and_keeps_no_part(
    sandbox: RunningSandbox, connect: Connect, archive: Path,
) -> None:
    (sandbox.layout.outbound / "big_ERA_STATUS_5010_20260101.zip").write_bytes(BIG)
    sandbox.faults.drop_download_after = 100_000
    ledger = InMemoryLedger()
    with connect() as session, pytest.raises((TransferFailed, TimedOut)):
        download_new(session, ledger, archive)
    assert ledger.records == []
    assert list((archive / "outbound").iterdir()) == []
    with connect() as session:
        done = download_new(session, ledger, archive).downloaded
    assert [d.record.size for d in done] == [len(BIG)]
    assert done[0].record.kind == "unknown"  # classified by content: not really a zip


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_hang_up_counts_as_broken_before_the_connection_is_marked_inactive(
    sandbox: RunningSandbox, connect: Connect, archive: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # paramiko closes the channels first and marks the connection inactive a moment later;
    # a download that fails in between must stop the pass, not be listed as one bad file.
    (sandbox.layout.outbound / "big_ERA_STATUS_5010_20260101.zip").write_bytes(BIG)
    sandbox.faults.drop_download_after = 100_000
    ledger = InMemoryLedger()
    with connect() as session, pytest.raises((TransferFailed, TimedOut)):
        monkeypatch.setattr(session.transport, "is_active", lambda: True)  # the moment between
        download_new(session, ledger, archive)
    assert ledger.records == []


@pytest.mark.parametrize("failure", [
    EOFError(), paramiko.SSHException("Server connection dropped: "),
    ConnectionResetError(104, "Connection reset by peer"),
])
def test_a_request_that_cannot_be_sent_stops_the_pass_before_paramiko_notices(
    sandbox: RunningSandbox, connect: Connect, archive: Path, monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
) -> None:
    # A reset met by a request (paramiko raises EOFError when it cannot send) arrives
    # before paramiko's reader marks anything closed: the pass must stop all the same.
    for name in ("a_ERA_STATUS_5010_20260101.zip", "b_ERA_STATUS_5010_20260101.zip"):
        (sandbox.layout.outbound / name).write_bytes(BIG)
    ledger = InMemoryLedger()

    def cannot_send(*args: object, **kwargs: object) -> None:
        raise failure

    with connect() as session, pytest.raises(TransferFailed):
        listdir = session.listdir

        def listed_then_cut_off(folder: str) -> list[RemoteEntry]:
            entries = listdir(folder)
            monkeypatch.setattr(session.sftp, "_async_request", cannot_send)
            return entries

        monkeypatch.setattr(session.transport, "is_active", lambda: True)
        monkeypatch.setattr(session, "listdir", listed_then_cut_off)
        download_new(session, ledger, archive)
    assert ledger.records == []
    assert list((archive / "outbound").iterdir()) == []


@pytest.mark.parametrize("path", ["/outbound/denied.txt", "/outbound/missing.txt"])
def test_a_refused_request_leaves_the_line_usable(
    sandbox: RunningSandbox, connect: Connect, path: str,
) -> None:
    sandbox.faults.deny = {"/outbound/denied.txt"}
    (sandbox.layout.outbound / "denied.txt").write_bytes(b"x")
    with connect() as session:
        # a status answer: this request failed, not the connection
        with pytest.raises((OSError, KnownError)), session.operation("opening a file"):
            session.sftp.open(path, "rb")
        assert session.alive
        assert [e.name for e in session.listdir("/outbound")] == ["denied.txt"]


def test_stalled_server_is_cut_off_by_the_watchdog(
    sandbox: RunningSandbox, settings: GatewaySettings, known_hosts: KnownHostStore,
    password: str,
) -> None:
    with GatewaySession.open(settings, password, known_hosts, timeouts=QUICK) as session:
        sandbox.faults.stall = True
        with pytest.raises(TimedOut, match="did not respond"):  # the watchdog's words
            session.listdir("/outbound")
    sandbox.faults.stall = False


def test_silent_server_times_out_during_the_handshake() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    with pytest.raises(TimedOut):
        probe_host_key("127.0.0.1", port, QUICK)
    listener.close()
    for conn in accepted:
        conn.close()


def test_cancel_closes_the_connection_at_once(
    sandbox: RunningSandbox, settings: GatewaySettings, known_hosts: KnownHostStore,
    password: str,
) -> None:
    patient = Timeouts(connect=2, banner=3, auth=3, channel=30, keepalive=1, stall=30)
    session = GatewaySession.open(settings, password, known_hosts, timeouts=patient)
    sandbox.faults.stall = True
    threading.Timer(0.3, session.cancel).start()
    with pytest.raises(CancelledError):  # not the 30 s stall timeout: Cancel cut it short
        session.listdir("/outbound")
    session.close()
    sandbox.faults.stall = False


def test_wrong_password_is_tried_once_with_a_clear_message(
    server: OAServer, server_settings: GatewaySettings, server_known_hosts: KnownHostStore,
    timeouts: Timeouts,
) -> None:
    before = server.failed_logins()
    with pytest.raises(WrongPassword) as info:
        GatewaySession.open(server_settings, "Wrong12345", server_known_hosts, timeouts=timeouts)
    assert server.failed_logins() - before == 1
    assert "does not retry" in str(info.value)
    assert "Wrong12345" not in str(info.value) + info.value.details


def test_key_of_the_pinned_type_that_differs_is_refused_before_the_password(
    server: OAServer, server_settings: GatewaySettings, tmp_path: Path, timeouts: Timeouts,
) -> None:
    impostor = KnownHostStore(tmp_path / "impostor_known_hosts")
    other = _another_key_like(server.host_key)
    impostor.pin("127.0.0.1", server.port, other)
    before = server.failed_logins() + server.logins()
    with pytest.raises(HostKeyChanged) as info:
        GatewaySession.open(server_settings, server.password, impostor, timeouts=timeouts)
    assert server.fingerprint in str(info.value) and other.fingerprint in str(info.value)
    assert server.failed_logins() + server.logins() == before  # the password never left


def _another_key_like(key: paramiko.PKey) -> paramiko.PKey:
    """A fresh public key of the same type as ``key``."""
    if key.get_name() == "ssh-ed25519":
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        blob = paramiko.Message()
        blob.add_string("ssh-ed25519")
        blob.add_string(raw)
        return paramiko.PKey.from_type_string("ssh-ed25519", blob.asbytes())
    return paramiko.ECDSAKey.generate(bits=256)


def test_changed_host_key_is_refused_showing_both_fingerprints(
    sandbox: RunningSandbox, settings: GatewaySettings, known_hosts: KnownHostStore,
    timeouts: Timeouts, password: str,
) -> None:
    old = sandbox.fingerprint
    new = sandbox.rotate_host_key()
    with pytest.raises(HostKeyChanged) as info:
        GatewaySession.open(settings, password, known_hosts, timeouts=timeouts,
                            accept_fingerprint=new)
    assert old in str(info.value) and new in str(info.value)
    assert sandbox.stats.auth_attempts == 0  # the password never left
    assert known_hosts.pinned("127.0.0.1", sandbox.port).fingerprint == old  # type: ignore[union-attr]


def test_unconfirmed_host_key_needs_the_confirmed_fingerprint(
    sandbox: RunningSandbox, settings: GatewaySettings, timeouts: Timeouts, password: str,
    tmp_path: Path,
) -> None:
    empty = KnownHostStore(tmp_path / "empty_known_hosts")
    fingerprint, _ = probe_host_key("127.0.0.1", sandbox.port, timeouts)
    assert fingerprint == sandbox.fingerprint
    with pytest.raises(HostKeyNotConfirmed):
        GatewaySession.open(settings, password, empty, timeouts=timeouts)
    with pytest.raises(HostKeyNotConfirmed):
        GatewaySession.open(settings, password, empty, timeouts=timeouts,
                            accept_fingerprint="SHA256:somethingelse")
    assert sandbox.stats.auth_attempts == 0
    with GatewaySession.open(settings, password, empty, timeouts=timeouts,
                             accept_fingerprint=fingerprint) as session:
        assert session.fingerprint == fingerprint
    assert not empty.path.exists()  # confirming for one connection does not pin


def test_unknown_host_and_no_route(
    monkeypatch: pytest.MonkeyPatch, timeouts: Timeouts, known_hosts: KnownHostStore,
) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(NoRoute, match="could not reach"):
        GatewaySession.open(GatewaySettings(host="127.0.0.1", port=port, username="u"), "p",
                            known_hosts, timeouts=timeouts)

    def no_dns(*args: object, **kwargs: object) -> socket.socket:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "create_connection", no_dns)
    with pytest.raises(HostNotFound, match="could not be found"):
        GatewaySession.open(GatewaySettings(host="ftp99.example.invalid", username="u"), "p",
                            known_hosts, timeouts=timeouts)


def test_missing_folder_is_named(server_connect: Connect) -> None:
    from oa_desktop.gateway.errors import FolderMissing

    with server_connect() as session, pytest.raises(FolderMissing, match="/nowhere"):
        session.listdir("/nowhere")


def test_no_auto_accepting_host_key_policy_anywhere() -> None:
    root = Path(__file__).resolve().parents[2]
    banned = ["Auto" + "AddPolicy", "Warning" + "Policy"]
    offenders = []
    for folder in ("oa_desktop", "tests", "benchmarks"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path}: {word}" for word in banned if word in text]
    assert offenders == []


def test_paramiko_records_go_to_the_log_file_not_the_console(
    tmp_path: Path, capfd: pytest.CaptureFixture[str],
) -> None:
    import logging

    from oa_desktop.logs import setup_logging

    ssh = logging.getLogger("paramiko")
    saved = (list(ssh.handlers), ssh.propagate, ssh.level)
    try:
        path = setup_logging(tmp_path / "logs")
        logging.getLogger("paramiko.transport").error("Socket exception: reset by peer (104)")
        for handler in ssh.handlers:
            handler.flush()
        assert "Socket exception" in path.read_text(encoding="utf-8")
        assert "Socket exception" not in capfd.readouterr().err
    finally:
        for handler in ssh.handlers:
            if handler not in saved[0]:
                ssh.removeHandler(handler)
        ssh.propagate, ssh.level = saved[1], saved[2]


def test_no_goodbye_is_said_on_a_line_that_is_gone(
    sandbox: RunningSandbox, connect: Connect, monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = connect()
    sent: list[bytes] = []
    send = session.transport._send_message

    def recording(message: paramiko.Message) -> None:
        sent.append(message.asbytes())
        send(message)

    monkeypatch.setattr(session.transport, "_send_message", recording)
    with pytest.raises(TransferFailed), session.operation("listing /outbound"):
        raise EOFError  # what paramiko raises when a request cannot be sent
    session.close()
    # no goodbye (SSH_MSG_DISCONNECT, 1), and so no wait for a server that cannot hear it
    assert sent and not [m for m in sent if m[0] == 1]
    assert not session.transport.is_active()


def test_the_client_says_goodbye_when_it_disconnects(
    server: OAServer, server_connect: Connect,
) -> None:
    import re
    import time

    with server_connect() as session:
        session.listdir("/outbound")
        port = session.transport.sock.getsockname()[1]  # names this connection in sshd's log
    assert not session.transport.is_active()
    if server.sshd is None:
        return
    # "Received disconnect from 127.0.0.1 port <port>:11: OA Desktop is done": this
    # connection's line, not an earlier test's arriving late on a busy machine.
    said = re.compile(rf"port {port}:\s*11: OA Desktop is done")
    deadline = time.monotonic() + 30  # a guard: sshd writes its log line a moment later
    while time.monotonic() < deadline and not said.search(server.sshd.log_file.read_text(
            encoding="utf-8", errors="replace")):
        time.sleep(0.05)
    assert said.search(server.sshd.log_file.read_text(encoding="utf-8", errors="replace"))
