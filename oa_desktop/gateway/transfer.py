"""Upload and download that never leave a half-done file under a final name.

Upload: temporary remote name → size check → rename (never over an existing file).
Download: ``.part`` → size check → fsync → rename → unzip ERA packages → record.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import paramiko

from oa_desktop.durable import fsync_dir, write_atomically
from oa_desktop.errors import KnownError
from oa_desktop.gateway.classify import FileKind, classify
from oa_desktop.gateway.errors import (
    CancelledError,
    FolderMissing,
    LocalDiskFull,
    RemotePermissionDenied,
    RemoteWriteFailed,
    TimedOut,
    TransferFailed,
)
from oa_desktop.gateway.fetch import read_remote, read_size
from oa_desktop.gateway.ledger import FileLedger, RemoteFileRecord
from oa_desktop.gateway.names import display_name, inside, safe_name, unique_path
from oa_desktop.gateway.session import GatewaySession, RemoteEntry
from oa_desktop.gateway.sftp_status import named_refusal
from oa_desktop.gateway.unzip import ExtractedMember, extract_package
from oa_desktop.logs import get_logger

log = get_logger("gateway")
CHUNK = 1024 * 1024
# Written to disk 32 KB at a time: 50 MB written 64 KB at a time took 0.02 to 0.09 s, and
# 128 KB at a time 0.17 to 0.49 s, against 0.02 to 0.04 s (Linux 6.18, ext4, here).
WRITE_SLICE = 32768


@dataclass(frozen=True)
class UploadResult:
    """A confirmed upload: the file is in the remote folder under its final name."""

    remote_path: str
    size: int  # checked on the server (the batch's SHA-256 is recorded when it is built;
    local_path: Path  # hashing again while sending cost 40 % of the upload speed)
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


def reached(step: str) -> None:
    """A step of an upload is done (a no-op; the kill tests stop the process here)."""


class UploadUnconfirmed(KnownError):
    """The last step of an upload (the rename) was sent, but its answer never came back.

    Office Ally may or may not have the file: it must not be sent again before
    ``/inbound`` is checked for it.
    """

    exit_code = 3

    def __init__(self, name: str, details: str = "") -> None:
        super().__init__(
            f"The connection broke just as {name} was being handed to Office Ally, so it is "
            "not known whether Office Ally has it (upload unconfirmed).",
            "Sync again: the app first checks Office Ally's upload folder for the file and "
            "sends it again only if it is not there.",
            details,
        )


def find_uploaded(session: GatewaySession, name: str, size: int) -> bool | None:
    """Is ``name`` in the upload folder with ``size`` bytes? (one listing; None: a different
    file of that name is there)."""
    folder = session.settings.upload_folder
    for entry in session.listdir(folder):
        if entry.raw_name == name.encode("utf-8"):
            return True if entry.size == size else None
    return False


def upload_file(
    session: GatewaySession, local_path: Path, remote_name: str | None = None
) -> UploadResult:
    """Upload one file to the upload folder. Safe to retry: an identical file is not sent twice.

    Raises :class:`UploadUnconfirmed` when the rename was sent but the connection broke
    before its answer: the file may be on the server under its final name.
    """
    name = remote_name or local_path.name
    if safe_name(name) != name:
        raise KnownError(f"“{name}” cannot be used as an upload name.")
    size = local_path.stat().st_size
    folder = session.settings.upload_folder.rstrip("/")
    final, temp = f"{folder}/{name}", f"{folder}/.{name}.part"
    with session.operation(f"checking {folder}"):
        existing = _stat_size(session, final)
    if existing == size:
        log.info("upload %s: already in %s, not sent again", name, folder)
        return UploadResult(final, size, local_path, datetime.now(UTC), True)
    if existing is not None:
        raise KnownError(
            f"A different file named {name} is already in {folder}; nothing was sent.",
            "Send the batch again under a new name.",
        )
    try:
        _put(session, local_path, temp, size, name)
    except KnownError:
        if session.alive:  # the server answered: our part-file goes (else: at the next try)
            _remove_quietly(session, temp)
        raise
    reached("temp written")
    try:
        with session.operation(f"handing {name} over"):
            session.sftp.rename(temp, final)
    except (TransferFailed, KnownError) as exc:
        if not session.alive or isinstance(exc, TimedOut):
            log.warning("upload %s: rename sent, answer lost: unconfirmed", name)
            raise UploadUnconfirmed(name, str(exc)) from exc
        if not _unsupported(exc):
            _remove_quietly(session, temp)  # the answer came: the file is not under its name
            raise
        _upload_in_place(session, local_path, temp, final, size, name)
    reached("renamed")
    try:  # the rename's OK came back: the file is Office Ally's now, whatever follows
        with session.operation(f"checking {name}"):
            landed = _stat_size(session, final)
    except KnownError as exc:
        log.info("upload %s: renamed; the check after it failed (%s)", name, exc.message)
        landed = None
    if landed not in (None, size):  # None: Office Ally picked it up already
        raise TransferFailed(f"uploading {name}", f"final size {landed} != {size}")
    log.info("uploaded %s (%d bytes)", name, size)
    return UploadResult(final, size, local_path, datetime.now(UTC), False)


def _put(session: GatewaySession, local_path: Path, remote: str, size: int, name: str) -> None:
    """Send the file to ``remote`` and check its size there, and every write's answer."""
    folder = session.settings.upload_folder
    take_refusal = getattr(session.sftp, "take_refusal", lambda: None)
    take_write_failure = getattr(session.sftp, "take_write_failure", lambda: None)
    take_refusal()  # forget older ones
    take_write_failure()
    try:
        with session.operation(f"uploading {name}"):
            if _stat_size(session, remote) is not None:
                session.sftp.remove(remote)  # our own leftover from a broken attempt
            with open(local_path, "rb") as fh:
                session.sftp.putfo(fh, remote, size, session.progress, confirm=False)
            sent = _stat_size(session, remote)
    except FileNotFoundError as exc:
        raise FolderMissing(folder, str(exc)) from exc
    # A write answered with an error leaves a short file, or a hole of the right size.
    refused = take_refusal()  # quota or name, in the server's words
    if refused is not None:
        raise named_refusal(f"uploading {name}", refused)
    failed = take_write_failure()
    if failed is not None:
        raise RemoteWriteFailed(f"uploading {name}", str(failed) or "Failure",
                                f"{sent} of {size} bytes stored")
    if sent != size:
        raise TransferFailed(f"uploading {name}", f"size {sent} != {size}")


def _remove_quietly(session: GatewaySession, temp: str) -> None:
    """Remove our temporary file after a refusal; a leftover is removed at the next try."""
    try:
        with session.operation("cleaning up"):
            session.sftp.remove(temp)
    except (KnownError, OSError) as exc:
        log.info("could not remove %s: %s", temp, exc)


def _unsupported(exc: KnownError) -> bool:
    text = f"{exc.message} {exc.details}".lower()
    return "unsupported" in text or "not supported" in text


def _upload_in_place(
    session: GatewaySession, local_path: Path, temp: str, final: str, size: int, name: str,
) -> None:
    """The server cannot rename: send the file under its final name, only if that is free."""
    log.warning("upload %s: the server cannot rename; sending under the final name", name)
    with session.operation(f"checking {name}"):
        session.sftp.remove(temp)
        if _stat_size(session, final) is not None:
            raise KnownError(f"{name} appeared in the upload folder while it was being sent; "
                             "nothing was overwritten.", "Sync to see whether it is yours.")
    try:
        _put(session, local_path, final, size, name)
    except KnownError:  # a short file under the final name must not be picked up
        if session.alive:
            _remove_quietly(session, final)
        raise


class TooLarge(KnownError):
    """A remote file is bigger than the download limit (a setting)."""

    def __init__(self, name: str, size: int, limit: int) -> None:
        super().__init__(
            f"{name} is {size / 1e6:,.1f} MB, more than the {limit / 1e6:,.0f} MB limit for one "
            "file, so it was not downloaded.",
            "If it is a real Office Ally file, raise the limit in the Office Ally settings "
            "and sync again.",
        )


class _HashingWriter:
    """Where a download goes: writes, hashes and counts; stops past ``limit``."""

    def __init__(self, target: BinaryIO, limit: int, name: str) -> None:
        self.target = target
        self.hasher = hashlib.sha256()
        self.count = 0
        self.limit = limit
        self.name = name

    def write(self, data: bytes) -> int:
        if self.count + len(data) > self.limit:  # more than listed, or than allowed
            raise TooLarge(self.name, self.count + len(data), self.limit)
        view = memoryview(data)
        for start in range(0, len(data), WRITE_SLICE):
            self.target.write(view[start:start + WRITE_SLICE])
        self.hasher.update(data)
        self.count += len(data)
        return len(data)


class OutsideArchive(KnownError):
    """A name would have put a file outside the archive (never written)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"The server sent a file name that points outside the archive "
                         f"({name}); it was not saved.")


def remote_path(folder: str, entry: RemoteEntry) -> bytes:
    """The remote file's path, built from the exact bytes the server listed."""
    return folder.rstrip("/").encode("utf-8") + b"/" + entry.raw_name


def max_bytes(session: GatewaySession) -> int:
    """The largest remote file downloaded (the ``max_file_mb`` setting)."""
    return max(int(session.settings.max_file_mb), 1) * 1_000_000


def _fetch(session: GatewaySession, entry: RemoteEntry, part: Path) -> str:
    remote = remote_path(session.settings.download_folder, entry)
    with open(part, "xb") as fh:
        sink = _HashingWriter(fh, max_bytes(session), entry.name)
        with session.operation(f"downloading {entry.name}"):
            read_remote(session.sftp, remote, None, sink.write, session.progress,
                        read_size(session.sftp))
        if sink.count != entry.size:
            raise TransferFailed(f"downloading {entry.name}",
                                 f"received {sink.count} of {entry.size} bytes")
        fh.flush()
        os.fsync(fh.fileno())
    return sink.hasher.hexdigest()


def _same_bytes(path: Path, digest: str) -> bool:
    hasher = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            hasher.update(block)
    return hasher.hexdigest() == digest


def _place(part: Path, folder: Path, name: str, digest: str) -> Path:
    """Move ``part`` to ``folder/name`` (or a free variant of it); never outside ``folder``."""
    final = folder / name
    if final.exists() and final.is_file() and _same_bytes(final, digest):
        part.unlink()
        return final
    final = unique_path(folder, name, digest[:12])
    if not inside(folder, final):
        raise OutsideArchive(name)
    os.replace(part, final)
    fsync_dir(folder)
    return final


def download_one(
    session: GatewaySession, entry: RemoteEntry, archive: Path, ledger: FileLedger
) -> DownloadedFile:
    """Fetch one remote file into ``archive/outbound`` and record it; nothing partial is kept.

    The local name is derived from the remote one (:func:`safe_name`), never copied.
    """
    folder = archive / "outbound"
    folder.mkdir(parents=True, exist_ok=True)
    local_name = safe_name(entry.raw_name)
    part = folder / f"{local_name}.{secrets.token_hex(4)}.part"
    if not inside(folder, part):
        raise OutsideArchive(entry.name)
    try:
        digest = _fetch(session, entry, part)
        final = _place(part, folder, local_name, digest)
    except LocalDiskFull as exc:
        part.unlink(missing_ok=True)
        raise LocalDiskFull(f"downloading {display_name(entry.raw_name)}", entry.size,
                            exc.details) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    with open(final, "rb") as fh:
        kind = classify(entry.name, fh.read(4096))
    members: tuple[ExtractedMember, ...] = ()
    problem = ""
    if kind in (FileKind.ERA_PACKAGE, FileKind.ZIP):
        members, problem = extract_package(final, folder / safe_name(final.stem))
    duplicate = ledger.seen_sha256(digest)
    record = RemoteFileRecord(entry.name, entry.size, entry.mtime, digest, final, kind.value,
                              datetime.now(UTC), entry.raw_name)
    ledger.record(record)
    log.info("downloaded %s (%s, %d bytes)", display_name(entry.raw_name), kind.value, entry.size)
    return DownloadedFile(record, members, duplicate, problem)


@dataclass(frozen=True)
class NotDownloaded:
    """A remote file that could not be fetched this time, and why (in plain words)."""

    entry: RemoteEntry
    reason: str

    @property
    def name(self) -> str:
        """The remote name, safe to show (control characters and odd bytes escaped)."""
        return display_name(self.entry.raw_name)


@dataclass
class DownloadReport:
    """One pass over the download folder: what arrived, what could not, what was listed."""

    downloaded: list[DownloadedFile] = field(default_factory=list)
    problems: list[NotDownloaded] = field(default_factory=list)
    listed: list[RemoteEntry] = field(default_factory=list)


def _name_problem(raw: bytes) -> str:
    if not raw.strip(b". "):
        return "The server listed it without a usable name, so it cannot be fetched."
    if b"/" in raw or b"\0" in raw:
        return ("Its name holds a “/” or a NUL character, which no file name can hold, so "
                "it cannot be fetched. Ask Office Ally to look at the file.")
    return ""


def _why(exc: BaseException) -> str:
    """The reason a single file failed, in words for the list."""
    if isinstance(exc, FileNotFoundError):
        return ("It was listed but could not be opened: it disappeared, or it is a link to a "
                "file that is not there. It will be tried again at the next sync.")
    if isinstance(exc, RemotePermissionDenied):
        return ("Office Ally's server does not let this account read it (permission denied). "
                "Ask Office Ally to fix the file's permissions; it will be tried again.")
    if isinstance(exc, TransferFailed):
        return f"It did not arrive whole ({exc.details}). It will be tried again."
    if isinstance(exc, KnownError):
        return str(exc)
    return f"It could not be fetched ({type(exc).__name__}: {exc}). It will be tried again."


def _follow(session: GatewaySession, entry: RemoteEntry) -> RemoteEntry | None:
    """A listed link stands for its target (size and time); None for a link to a folder."""
    if not entry.is_link:
        return entry
    path = remote_path(session.settings.download_folder, entry)
    with session.operation(f"looking at {entry.name}"):
        attr = session.sftp.stat(path)
    if ((attr.st_mode or 0) & 0o170000) == 0o040000:
        return None
    return RemoteEntry(entry.name, int(attr.st_size or 0), int(attr.st_mtime or 0), False,
                       entry.raw_name, True)


def download_new(
    session: GatewaySession, ledger: FileLedger, archive: Path
) -> DownloadReport:
    """Download every file in the download folder that the ledger has not seen.

    Each file on its own: one that cannot be named, fetched, verified or saved goes to
    ``problems`` with the reason and the others carry on. Only a broken connection (or a
    cancel, or a full local disk) stops the pass, by raising.
    """
    entries = session.listdir(session.settings.download_folder)
    report = DownloadReport(listed=entries)
    for listed in entries:
        if listed.is_dir:
            continue
        reason = _name_problem(listed.raw_name)
        if reason:
            report.problems.append(NotDownloaded(listed, reason))
            continue
        try:
            entry = _follow(session, listed)
            if entry is None or ledger.seen(entry.name, entry.size, entry.mtime):
                continue
            if entry.size > max_bytes(session):
                raise TooLarge(display_name(entry.raw_name), entry.size, max_bytes(session))
            report.downloaded.append(download_one(session, entry, archive, ledger))
        except (CancelledError, LocalDiskFull):
            raise
        except (KnownError, OSError, EOFError, UnicodeError, paramiko.SSHException) as exc:
            if not session.alive:
                raise
            log.warning("could not download %s: %s", display_name(listed.raw_name), exc)
            report.problems.append(NotDownloaded(listed, _why(exc)))
    return report


def move_to_done(session: GatewaySession, entries: list[RemoteEntry]) -> list[str]:
    """Move imported files to the remote done folder (only if the user turned that on).

    Each file on its own, by the exact bytes of its name; returns what could not be moved,
    in words (the file then stays in the download folder).
    """
    if not session.settings.move_after_import:
        return []
    source = session.settings.download_folder
    target = session.settings.remote_done_folder.rstrip("/")
    problems = []
    for entry in entries:
        try:
            with session.operation(f"moving {entry.name} to {target}"):
                session.sftp.rename(remote_path(source, entry), remote_path(target, entry))
        except (KnownError, OSError) as exc:
            if not session.alive:
                raise
            problems.append(f"{display_name(entry.raw_name)}: {exc}")
    return problems
