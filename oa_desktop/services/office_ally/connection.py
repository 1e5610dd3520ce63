"""The practice's Office Ally connection: the download ledger, setup and sync.

Thin glue between the store (settings, ``received_files``) and the gateway (SFTP,
keyring, pinned host key). The UI and the CLI both call these; logging in and the
stored settings are in :mod:`oa_desktop.services.office_ally.account`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from oa_desktop.gateway.api import ConnectionReport, test_connection
from oa_desktop.gateway.credentials import SaveResult
from oa_desktop.gateway.errors import HostKeyChanged
from oa_desktop.gateway.ledger import RemoteFileRecord
from oa_desktop.gateway.session import GatewaySession, probe_host_key
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import DownloadedFile, download_new
from oa_desktop.logs import get_logger
from oa_desktop.services.office_ally import alerts
from oa_desktop.services.office_ally.account import (
    CREDENTIALS,
    known_hosts,
    load_gateway_settings,
    open_session,
    save_gateway_settings,
)
from oa_desktop.services.office_ally.sync_report import SyncOutcome
from oa_desktop.services.progress import Progress
from oa_desktop.services.responses.ingest import ingest_new
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.submit.batches import BatchOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import files, settings

log = get_logger("services")

def is_set_up(workspace: Workspace) -> bool:
    """True once a username is stored (the wizard or ``gateway setup`` ran)."""
    return bool(load_gateway_settings(workspace).username)


class StoreFileLedger:
    """The gateway's :class:`FileLedger`, kept in the ``received_files`` table."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def seen(self, name: str, size: int, mtime: int) -> bool:
        """True if (name, size, mtime) was downloaded before."""
        return files.file_seen(self.workspace.store, name, size, mtime)

    def seen_sha256(self, sha256: str) -> bool:
        """True if these bytes were downloaded before."""
        return files.sha256_seen(self.workspace.store, sha256)

    def record(self, record: RemoteFileRecord) -> None:
        """Remember a file now safely in the archive."""
        root = self.workspace.folder.root
        local = record.local_path
        relative = local.relative_to(root) if local.is_relative_to(root) else local
        duplicate = files.sha256_seen(self.workspace.store, record.sha256)
        files.record_received(
            self.workspace.store, remote_name=record.remote_name, size=record.size,
            mtime=record.mtime, sha256=record.sha256, local_path=Path(relative).as_posix(),
            kind=record.kind, downloaded_at=record.downloaded_at.isoformat(timespec="seconds"),
            status="duplicate" if duplicate else "new",
        )


def probe(host: str, port: int) -> str:
    """The SHA256 fingerprint the server at ``host:port`` presents (nothing is logged in)."""
    return probe_host_key(host, port)[0]


@dataclass(frozen=True)
class SetupResult:
    report: ConnectionReport
    password: SaveResult


def set_up(
    workspace: Workspace, gateway: GatewaySettings, password: str, *, accept_fingerprint: str
) -> SetupResult:
    """What the setup wizard does, for the CLI: test, then pin the key and store everything.

    Nothing is stored unless the connection test succeeds with the confirmed fingerprint.
    """
    hosts = known_hosts(workspace)
    report = test_connection(gateway, password, hosts, accept_fingerprint=accept_fingerprint)
    found, key = probe_host_key(gateway.host, gateway.port)
    if found != report.fingerprint:
        raise HostKeyChanged(gateway.host, report.fingerprint, found)
    save_gateway_settings(workspace, gateway)
    hosts.pin(gateway.host, gateway.port, key)
    saved = CREDENTIALS.save(gateway.host, gateway.username, password)
    log.info("Office Ally connection set up for %s:%d", gateway.host, gateway.port)
    return SetupResult(report, saved)


@dataclass(frozen=True)
class SyncResult:
    downloaded: list[DownloadedFile]
    finished_at: str
    ingested: list[IngestOutcome] = field(default_factory=list)
    sent: list[BatchOutcome] = field(default_factory=list)  # waiting batches uploaded first
    outcome: SyncOutcome | None = None  # what the files did to claims and money (callers add)

    @property
    def summary(self) -> str:
        """One line for the status bar and the CLI: outcomes, not files."""
        count = len(self.downloaded)
        sent = " ".join(o.line for o in self.sent)
        outcome = self.outcome
        if not count:
            nothing = "Synced with Office Ally: nothing new."
            if outcome is not None and outcome.waiting_line:
                nothing = f"Synced with Office Ally: nothing new yet. {outcome.waiting_line}"
            return " ".join(p for p in (sent, nothing) if p)
        noun = "file" if count == 1 else "files"
        unmatched = sum(1 for o in self.ingested if o.status != "ingested")
        tail = f" ({unmatched} not matched: see Responses)" if unmatched else ""
        if outcome is not None and outcome.anything:
            line = f"Synced with Office Ally: {outcome.line}.{tail}"
        else:
            line = f"Synced with Office Ally: {count} new {noun} downloaded.{tail}"
        return f"{sent} {line}" if sent else line


def sync(
    workspace: Workspace,
    password: str | None = None,
    progress: Progress | None = None,
    session_factory: Callable[[Workspace, str | None], GatewaySession] = open_session,
) -> SyncResult:
    """Send batches waiting to go, then download every new file and ingest it.

    A failure is remembered for the status bar (``LAST_SYNC_ERROR``) and raised.
    """
    try:
        return _sync(workspace, password, progress, session_factory)
    except Exception as exc:
        alerts.remember_sync_error(workspace.store, exc)
        raise


def _sync(
    workspace: Workspace,
    password: str | None,
    progress: Progress | None,
    session_factory: Callable[[Workspace, str | None], GatewaySession],
) -> SyncResult:
    if progress is not None:
        progress.report(0, 0, "Connecting to Office Ally…")
    session = session_factory(workspace, password)
    sent: list[BatchOutcome] = []
    try:
        for batch in submit.waiting_batches(workspace.store):
            if progress is not None:
                progress.report(0, 0, f"Sending batch {batch.name}…")
            sent.append(submit.upload_batch(workspace, session, batch))
        if progress is not None:
            progress.report(0, 0, "Downloading new files…")
        downloaded = download_new(session, StoreFileLedger(workspace), workspace.folder.archive)
    finally:
        session.close()
    if progress is not None:
        progress.report(0, 0, "Reading what arrived…")
    outcomes = ingest_new(workspace)
    finished = datetime.now(UTC).replace(microsecond=0).isoformat()
    settings.LAST_SYNC.set(workspace.store, finished)
    alerts.LAST_SYNC_ERROR.set(workspace.store, "")
    return SyncResult(downloaded, finished, outcomes, sent)


def settings_for(workspace: Workspace, **changes: object) -> GatewaySettings:
    """The stored settings with some values changed (for the CLI's options)."""
    return replace(load_gateway_settings(workspace), **changes)  # type: ignore[arg-type]
