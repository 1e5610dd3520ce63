"""Upload and download that never leave a half-done file under a final name.

Upload: temporary remote name → size check → rename (never over an existing file).
Download: ``.part`` → size check → fsync → rename → unzip ERA packages → record.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from oa_desktop.durable import fsync_dir, write_atomically
from oa_desktop.errors import KnownError
from oa_desktop.gateway.classify import FileKind, classify
from oa_desktop.gateway.errors import TransferFailed
from oa_desktop.gateway.ledger import FileLedger, RemoteFileRecord
from oa_desktop.gateway.session import GatewaySession, RemoteEntry
from oa_desktop.gateway.unzip import ExtractedMember, extract_package
from oa_desktop.logs import get_logger

log = get_logger("gateway")
PREFETCH_REQUESTS = 64
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class UploadResult:
    """A confirmed upload: the file is in the remote folder under its final name."""

    remote_path: str
    size: int
    sha256: str
    local_path: Path
    uploaded_at: datetime
    already_there: bool  # a retry found the same file already uploaded


@dataclass(frozen=True)
class DownloadedFile:
    """A downloaded file, safely in the archive and recorded in the ledger."""

    record: RemoteFileRecord
    members: tuple[ExtractedMember, ...] = ()
    duplicate: bool = False  # the same bytes were recorded before under another name
    problem: str = ""  # e.g. an ERA package that could not be opened


def archive_for_upload(archive: Path, remote_name: str, data: bytes) -> Path:
    """Keep the bytes to be sent in ``archive/inbound/<name>`` before they leave."""
    path = archive / "inbound" / remote_name
    write_atomically(path, data)
    return path


def _stat_size(session: GatewaySession, path: str) -> int | None:
    try:
        return int(session.sftp.stat(path).st_size or 0)
    except FileNotFoundError:
        return None


def upload_file(
    session: GatewaySession, local_path: Path, remote_name: str | None = None
) -> UploadResult:
    """Upload one file to the upload folder. Safe to retry: an identical file is not sent twice."""
    name = remote_name or local_path.name
    if "/" in name or name.startswith("."):
        raise KnownError(f"“{name}” cannot be used as an upload name.")
    data = local_path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    folder = session.settings.upload_folder.rstrip("/")
    final, temp = f"{folder}/{name}", f"{folder}/.{name}.part"
    with session.operation(f"checking {folder}"):
        existing = _stat_size(session, final)
    if existing == len(data):
        log.info("upload %s: already in %s, not sent again", name, folder)
        return UploadResult(final, len(data), digest, local_path, datetime.now(UTC), True)
    if existing is not None:
        raise KnownError(
            f"A different file named {name} is already in {folder}; nothing was sent.",
            "Send the batch again under a new name.",
        )
    with session.operation(f"uploading {name}"):
        if _stat_size(session, temp) is not None:
            session.sftp.remove(temp)  # our own leftover from a broken attempt
        session.sftp.putfo(io.BytesIO(data), temp, len(data), session.progress, confirm=False)
        sent = _stat_size(session, temp)
        if sent != len(data):
            raise TransferFailed(f"uploading {name}", f"size {sent} != {len(data)}")
        session.sftp.rename(temp, final)
        landed = _stat_size(session, final)
    if landed not in (None, len(data)):  # None: Office Ally picked it up already
        raise TransferFailed(f"uploading {name}", f"final size {landed} != {len(data)}")
    log.info("uploaded %s (%d bytes)", name, len(data))
    return UploadResult(final, len(data), digest, local_path, datetime.now(UTC), False)


class _HashingWriter(io.RawIOBase):
    """File-like sink for ``getfo``: writes, hashes and counts."""

    def __init__(self, target: BinaryIO) -> None:
        super().__init__()
        self.target = target
        self.hasher = hashlib.sha256()
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.target.write(data)
        self.hasher.update(data)
        self.count += len(data)
        return len(data)


def _fetch(session: GatewaySession, entry: RemoteEntry, part: Path) -> str:
    remote = f"{session.settings.download_folder.rstrip('/')}/{entry.name}"
    with open(part, "wb") as fh:
        sink = _HashingWriter(fh)
        with session.operation(f"downloading {entry.name}"):
            session.sftp.getfo(remote, sink, callback=session.progress, prefetch=True,
                               max_concurrent_prefetch_requests=PREFETCH_REQUESTS)
        if sink.count != entry.size:
            raise TransferFailed(f"downloading {entry.name}",
                                 f"received {sink.count} of {entry.size} bytes")
        fh.flush()
        os.fsync(fh.fileno())
    return sink.hasher.hexdigest()


def _place(part: Path, folder: Path, name: str, digest: str) -> Path:
    final = folder / name
    if final.exists():
        if hashlib.sha256(final.read_bytes()).hexdigest() == digest:
            part.unlink()
            return final
        final = folder / f"{final.stem}.{digest[:12]}{final.suffix}"
    os.replace(part, final)
    fsync_dir(folder)
    return final


def download_one(
    session: GatewaySession, entry: RemoteEntry, archive: Path, ledger: FileLedger
) -> DownloadedFile:
    """Fetch one remote file into ``archive/outbound`` and record it; nothing partial is kept."""
    folder = archive / "outbound"
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{entry.name}.part"
    try:
        digest = _fetch(session, entry, part)
        final = _place(part, folder, entry.name, digest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    with open(final, "rb") as fh:
        kind = classify(entry.name, fh.read(4096))
    members: tuple[ExtractedMember, ...] = ()
    problem = ""
    if kind in (FileKind.ERA_PACKAGE, FileKind.ZIP):
        members, problem = extract_package(final, folder / final.stem)
    duplicate = ledger.seen_sha256(digest)
    record = RemoteFileRecord(entry.name, entry.size, entry.mtime, digest, final, kind.value,
                              datetime.now(UTC))
    ledger.record(record)
    log.info("downloaded %s (%s, %d bytes)", entry.name, kind.value, entry.size)
    return DownloadedFile(record, members, duplicate, problem)


def download_new(
    session: GatewaySession, ledger: FileLedger, archive: Path
) -> list[DownloadedFile]:
    """Download every file in the download folder that the ledger has not seen."""
    entries = session.listdir(session.settings.download_folder)
    fresh = [
        e for e in entries
        if not e.is_dir and not e.name.startswith(".") and not ledger.seen(e.name, e.size, e.mtime)
    ]
    return [download_one(session, entry, archive, ledger) for entry in fresh]


def move_to_done(session: GatewaySession, names: list[str]) -> None:
    """Move imported files to the remote done folder (only if the user turned that on)."""
    if not session.settings.move_after_import:
        return
    source = session.settings.download_folder.rstrip("/")
    target = session.settings.remote_done_folder.rstrip("/")
    for name in names:
        with session.operation(f"moving {name} to {target}"):
            session.sftp.rename(f"{source}/{name}", f"{target}/{name}")
