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
from oa_desktop.gateway.hostkeys import fingerprint
from oa_desktop.gateway.ledger import RemoteFileRecord
from oa_desktop.gateway.session import (
    GatewaySession,
    check_host_key,
    probe_host_key,
    probe_host_keys,
)
from oa_desktop.gateway.settings import GatewaySettings
from oa_desktop.gateway.transfer import (
    DownloadedFile,
    DownloadReport,
    download_new,
    move_to_done,
)
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
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.responses.ingest import ingest_new
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.submit.batches import BatchOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches as submit_store
from oa_desktop.store import download_problems, files, settings
from oa_desktop.store.batches import UNCERTAIN
from oa_desktop.store.download_problems import DownloadProblem

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
            status="duplicate" if duplicate else "new", remote_raw=record.remote_raw or None,
        )


def probe(host: str, port: int) -> str:
    """The SHA256 fingerprint the server at ``host:port`` presents (nothing is logged in)."""
    return probe_host_key(host, port)[0]


@dataclass(frozen=True)
class SetupResult:
    """What setting up the connection found and where the password went."""
    report: ConnectionReport
    password: SaveResult
    pinned: tuple[str, ...] = ()  # "type fingerprint" of every key pinned


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
    offered = [k for k in probe_host_keys(gateway.host, gateway.port)
               if k.asbytes() != key.asbytes()]
    for other in offered:  # a key of a pinned type must stay the pinned one
        check_host_key(gateway, other, hosts, fingerprint(other))
    save_gateway_settings(workspace, gateway)
    hosts.pin_all(gateway.host, gateway.port, [key, *offered])
    saved = CREDENTIALS.save(gateway.host, gateway.username, password)
    log.info("Office Ally connection set up for %s:%d", gateway.host, gateway.port)
    pinned = tuple(f"{k.get_name()} {fingerprint(k)}" for k in [key, *offered])
    return SetupResult(report, saved, pinned)


@dataclass(frozen=True)
class SyncResult:
    """What one sync did: downloaded, read, sent."""
    downloaded: list[DownloadedFile]
    finished_at: str
    ingested: list[IngestOutcome] = field(default_factory=list)
    sent: list[BatchOutcome] = field(default_factory=list)  # waiting batches uploaded first
    not_downloaded: list[DownloadProblem] = field(default_factory=list)  # still waiting

    @property
    def needs_attention(self) -> bool:
        """True when some files could not be fetched or read, or a batch was not sent."""
        return bool(self.not_downloaded) or any(not o.sent for o in self.sent) or any(
            o.status == "failed" for o in self.ingested)
    outcome: SyncOutcome | None = None  # what the files did to claims and money (callers add)

    @property
    def summary(self) -> str:
        """One line for the status bar and the CLI: outcomes, not files."""
        count = len(self.downloaded)
        sent = " ".join(o.line for o in self.sent)
        outcome = self.outcome
        if not count:
            nothing = "Synced with Office Ally: nothing new."
            if self.not_downloaded:
                count_bad = len(self.not_downloaded)
                nothing = (f"Synced with Office Ally: {count_bad} "
                           f"{'file' if count_bad == 1 else 'files'} could not be downloaded: "
                           "see Office Ally.")
            elif outcome is not None and outcome.waiting_line:
                nothing = f"Synced: nothing new yet. {outcome.waiting_line}"
            return " ".join(p for p in (sent, nothing) if p)
        noun = "file" if count == 1 else "files"
        unmatched = sum(1 for o in self.ingested if o.status != "ingested")
        tail = f" ({unmatched} not matched: see Responses)" if unmatched else ""
        if outcome is not None and outcome.anything:
            line = f"Synced with Office Ally: {outcome.line}.{tail}"
        else:
            line = f"Synced with Office Ally: {count} new {noun} downloaded.{tail}"
        if self.not_downloaded:
            waiting = len(self.not_downloaded)
            line += f" {waiting} could not be downloaded: see Office Ally."
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
        if progress is not None and progress.cancelled:
            raise Cancelled() from exc  # Cancel closed the connection: not a failure
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
    # Cancel reaches the socket: closing the connection unblocks whatever waits on it.
    stop_watching = progress.on_cancel(session.cancel) if progress is not None else None
    sent: list[BatchOutcome] = []
    report = DownloadReport()
    outcomes: list[IngestOutcome] | None = None
    waiting = submit.waiting_batches(workspace.store)
    # An upload whose outcome is unknown is settled after Office Ally's answers are read:
    # an answer naming the file proves it arrived, even after OA emptied /inbound.
    uncertain = [b for b in waiting if b.status in UNCERTAIN]
    try:
        for batch in (b for b in waiting if b.status not in UNCERTAIN):
            if progress is not None:
                progress.report(0, 0, f"Sending batch {batch.name}…")
            sent.append(submit.upload_batch(workspace, session, batch))
        if progress is not None:
            progress.report(0, 0, "Downloading new files…")
        report = download_new(session, StoreFileLedger(workspace), workspace.folder.archive)
        outcomes = ingest_new(workspace)
        if session.settings.move_after_import and report.downloaded:
            _move_imported(session, report)
        for batch in uncertain:
            if progress is not None:
                progress.report(0, 0, f"Checking whether Office Ally has batch {batch.name}…")
            current = submit_store.get_batch(workspace.store, batch.id)
            if current.waiting:
                sent.append(submit.upload_batch(workspace, session, current))
    finally:
        if stop_watching is not None:
            stop_watching()
        session.close()
        if outcomes is None:  # the connection broke off: read in whatever arrived
            outcomes = ingest_new(workspace)
    finished = datetime.now(UTC).replace(microsecond=0).isoformat()
    download_problems.replace_problems(
        workspace.store,
        [(p.entry.raw_name, p.name, p.entry.size, p.reason) for p in report.problems], finished)
    settings.LAST_SYNC.set(workspace.store, finished)
    alerts.LAST_SYNC_ERROR.set(workspace.store, "")
    return SyncResult(report.downloaded, finished, outcomes, sent,
                      download_problems.list_problems(workspace.store))


def _move_imported(session: GatewaySession, report: DownloadReport) -> None:
    """Move what this sync archived to the remote done folder (the setting is on).

    A file that cannot be moved stays where it is (logged); the ledger keeps it from
    being downloaded twice.
    """
    by_name = {e.name: e for e in report.listed}
    entries = [by_name[d.record.remote_name] for d in report.downloaded
               if d.record.remote_name in by_name]
    for problem in move_to_done(session, entries):
        log.warning("could not move an imported file: %s", problem)


def settings_for(workspace: Workspace, **changes: object) -> GatewaySettings:
    """The stored settings with some values changed (for the CLI's options)."""
    return replace(load_gateway_settings(workspace), **changes)  # type: ignore[arg-type]
