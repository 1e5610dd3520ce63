"""The gateway's entry points for services, the CLI and the setup wizard (Qt-free)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from oa_desktop.gateway.credentials import CredentialStore
from oa_desktop.gateway.errors import PasswordNeededError
from oa_desktop.gateway.hostkeys import KnownHostStore
from oa_desktop.gateway.session import GatewaySession, probe_host_key
from oa_desktop.gateway.settings import GatewaySettings, Timeouts
from oa_desktop.gateway.transfer import download_new, move_to_done, upload_file

__all__ = [
    "ConnectionReport", "connect", "download_new", "move_to_done", "probe_host_key",
    "test_connection", "upload_file",
]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ConnectionReport:
    """What a successful connection test found."""

    fingerprint: str
    inbound_files: int
    outbound_files: int


def _quiet(_: str) -> None:
    return None


def test_connection(
    settings: GatewaySettings, password: str, known_hosts: KnownHostStore, *,
    accept_fingerprint: str | None = None, timeouts: Timeouts | None = None,
    progress: Progress = _quiet,
    on_session: Callable[[GatewaySession | None], None] | None = None,
) -> ConnectionReport:
    """Log in once and list both folders. ``on_session`` receives the session (for cancel)."""
    progress("Logging in to Office Ally…")
    session = GatewaySession.open(settings, password, known_hosts, timeouts=timeouts,
                                  accept_fingerprint=accept_fingerprint)
    if on_session:
        on_session(session)
    try:
        progress(f"Looking at {settings.upload_folder}…")
        inbound = session.listdir(settings.upload_folder)
        progress(f"Looking at {settings.download_folder}…")
        outbound = session.listdir(settings.download_folder)
    finally:
        if on_session:
            on_session(None)
        session.close()
    progress("Connected.")
    return ConnectionReport(session.fingerprint, len(inbound), len(outbound))


def connect(
    settings: GatewaySettings, credentials: CredentialStore, known_hosts: KnownHostStore, *,
    password: str | None = None, timeouts: Timeouts | None = None,
) -> GatewaySession:
    """Open a session for sync/submit with the stored (or given) password and the pinned key.

    ``password`` (``--password-stdin``) is used for this session only and never stored.
    """
    secret = password or credentials.load(settings.host, settings.username)
    if not secret:
        raise PasswordNeededError()
    return GatewaySession.open(settings, secret, known_hosts, timeouts=timeouts)
