"""Backups: the database (SQLite's online backup API) and the file archive in one file.

A backup file is a zip holding ``manifest.json``, ``oa_desktop.sqlite3`` and
``archive/…``. It is written to ``NAME.part``, flushed to disk, then checked (every
member's SHA-256, ``integrity_check`` and ``foreign_key_check`` of the database) and
only then renamed to its final name — so a backup file with its final name is a
verified one. Old automatic backups are removed only after a new one was verified.

Restore puts a verified backup into an empty data folder, or over the current data
after a backup of that data (a damaged database is moved aside, never overwritten).
The database must be closed while restoring.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oa_desktop import __version__
from oa_desktop.durable import fsync_dir
from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.paths import DataFolder, private_file
from oa_desktop.services.progress import Progress
from oa_desktop.store import maintenance
from oa_desktop.store.db import Store
from oa_desktop.store.migrations import LATEST
from oa_desktop.store.settings import Setting

log = get_logger("backup")

FORMAT = 1
DB_MEMBER = "oa_desktop.sqlite3"
MANIFEST = "manifest.json"
KEEP = Setting("backup.keep", 14, "How many automatic backups to keep")
AUTO_PREFIX = "auto-"
SAFETY_PREFIX = "before-restore-"
_CHUNK = 1 << 20


class BackupError(KnownError):
    """A backup could not be made, read or restored."""


@dataclass(frozen=True)
class BackupInfo:
    """What a verified backup holds, from its manifest."""

    path: Path
    created_at: str
    schema_version: int
    claims: int
    archive_files: int
    audit_head: int
    size: int

    @property
    def created_local(self) -> datetime:
        """When it was made, in local time."""
        return datetime.fromisoformat(self.created_at).astimezone()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _no_space(exc: OSError, what: str) -> BackupError:
    if exc.errno == errno.ENOSPC:
        return BackupError(
            f"There is not enough free disk space for {what}. Nothing was changed and "
            "your earlier backups are kept.",
            "Free some space (or choose another drive), then try again.",
            str(exc),
        )
    return BackupError(f"{what[0].upper()}{what[1:]} failed: {exc.strerror or exc}.",
                       "Check the folder is writable and try again.", str(exc))


def _archive_files(archive: Path) -> list[Path]:
    if not archive.is_dir():
        return []
    return sorted(p for p in archive.rglob("*") if p.is_file() and not p.name.endswith(".part"))


def make_backup(
    folder: DataFolder, out: Path, progress: Progress | None = None, actor: str = "system"
) -> BackupInfo:
    """Write a verified backup of ``folder`` (database and archive) to ``out``.

    Safe while the app is writing: the database part is one consistent snapshot, and the
    archive only ever grows, so every file a snapshot row names is in the backup.
    """
    progress = progress or Progress()
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    snapshot = out.with_name(f".{out.name}.sqlite3.part")
    try:
        progress.report(0, 3, "Copying the database")
        maintenance.snapshot(folder.database, snapshot)
        facts = maintenance.file_facts(snapshot)
        files = _archive_files(folder.archive)
        manifest: dict[str, Any] = {
            "format": FORMAT, "app_version": __version__,
            "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "made_by": actor, **facts,
            "members": {DB_MEMBER: _sha256(snapshot)},
        }
        progress.report(1, 3, f"Adding {len(files):,} archived files")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.write(snapshot, DB_MEMBER)
            for path in files:
                name = "archive/" + path.relative_to(folder.archive).as_posix()
                manifest["members"][name] = _sha256(path)
                zf.write(path, name)
                progress.check()
            manifest["archive_files"] = len(files)
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        with part.open("rb+") as f:
            os.fsync(f.fileno())
        progress.report(2, 3, "Checking the backup")
        verify_backup(part)
        os.replace(part, out)
        private_file(out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise _no_space(exc, "the backup") from exc
    finally:
        snapshot.unlink(missing_ok=True)
        part.unlink(missing_ok=True)
    progress.report(3, 3, "Backup made")
    log.info("backup written: %s (%d bytes)", out.name, out.stat().st_size)
    return read_info(out)


def read_info(path: Path) -> BackupInfo:
    """A backup's manifest, without checking its contents (see :func:`verify_backup`)."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path.name} is not an OA Desktop backup or is damaged.",
                          "Choose another backup file.", str(exc)) from exc
    return BackupInfo(
        path=path, created_at=str(manifest["created_at"]),
        schema_version=int(manifest["schema_version"]), claims=int(manifest["claims"]),
        archive_files=int(manifest.get("archive_files", 0)),
        audit_head=int(manifest.get("audit_head", 0)), size=path.stat().st_size,
    )


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not name.startswith(("/", "\\")) and ".." not in parts and (
        name in (MANIFEST, DB_MEMBER) or (parts[0] == "archive" and len(parts) > 1)
    )


def _check_database(path: Path) -> None:
    conn = maintenance.open_read_only(path)
    try:
        problems = maintenance.integrity_problems(conn)
        if problems != ["ok"]:
            raise BackupError("The database inside the backup is damaged.",
                              "Choose an older backup.", "; ".join(problems[:5]))
        if maintenance.has_broken_links(conn):
            raise BackupError("The database inside the backup has broken links between records.",
                              "Choose an older backup.")
        version = maintenance.user_version(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupError("The database inside the backup cannot be read.",
                          "Choose an older backup.", str(exc)) from exc
    finally:
        conn.close()
    if version > LATEST:
        raise BackupError(
            f"This backup was made by a newer version of OA Desktop (schema {version}).",
            "Install the newer version of OA Desktop, then restore it.",
        )


@contextmanager
def _extracted(path: Path, work_dir: Path) -> Iterator[tuple[BackupInfo, Path]]:
    """Check every member of a backup, and yield its info and the database extracted."""
    info = read_info(path)
    work_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".sqlite3", dir=work_dir)
    os.close(fd)
    database = Path(name)
    try:
        with zipfile.ZipFile(path) as zf:
            expected = json.loads(zf.read(MANIFEST))["members"]
            names = set(zf.namelist()) - {MANIFEST}
            if names != set(expected) or not all(_safe_member(n) for n in names):
                raise BackupError(f"{path.name} is incomplete or was changed.",
                                  "Choose another backup file.")
            for member in sorted(names):
                digest = hashlib.sha256()
                with zf.open(member) as src:
                    sink = database.open("wb") if member == DB_MEMBER else None
                    try:
                        for chunk in iter(lambda: src.read(_CHUNK), b""):  # noqa: B023
                            digest.update(chunk)
                            if sink is not None:
                                sink.write(chunk)
                    finally:
                        if sink is not None:
                            sink.close()
                if digest.hexdigest() != expected[member]:
                    raise BackupError(f"{path.name} is damaged ({member} differs).",
                                      "Choose another backup file.")
        _check_database(database)
        yield info, database
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError(f"{path.name} is not an OA Desktop backup or is damaged.",
                          "Choose another backup file.", str(exc)) from exc
    finally:
        database.unlink(missing_ok=True)


def verify_backup(path: Path) -> BackupInfo:
    """Read back every member of a backup and check its database; raise if anything is off."""
    with _extracted(path, path.parent) as (info, _):
        return info


# -- the backups folder -------------------------------------------------------------------


def list_backups(folder: DataFolder) -> list[BackupInfo]:
    """The verified backups in the data folder's backups folder, newest first."""
    found: list[BackupInfo] = []
    for path in folder.backups.glob("*.zip"):
        try:
            found.append(read_info(path))
        except BackupError:
            log.warning("unreadable backup ignored: %s", path.name)
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def latest_backup(folder: DataFolder) -> BackupInfo | None:
    """The newest verified backup, or None."""
    backups = list_backups(folder)
    return backups[0] if backups else None


def _stamp() -> str:
    return datetime.now().strftime("%Y-%m-%d-%H%M%S")


def new_backup_path(directory: Path, prefix: str = "oa-desktop-backup-") -> Path:
    """A new file name with the local date and time; never one that exists."""
    stamp = _stamp()
    path = directory / f"{prefix}{stamp}.zip"
    n = 2
    while path.exists():
        path = directory / f"{prefix}{stamp}-{n}.zip"
        n += 1
    return path


def prune(folder: DataFolder, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest automatic (and pre-migration) backups."""
    removed: list[Path] = []
    for pattern in (f"{AUTO_PREFIX}*.zip", "before-schema-*.sqlite3"):
        paths = sorted(folder.backups.glob(pattern), key=lambda p: p.stat().st_mtime)
        for path in paths[: max(0, len(paths) - max(1, keep))]:
            path.unlink()
            removed.append(path)
    for stale in folder.backups.glob("*.part"):  # left by a backup that was killed
        stale.unlink(missing_ok=True)
    return removed


def backup_due(folder: DataFolder, store: Store) -> bool:
    """True when no automatic backup was made today and the data changed since the last."""
    autos = [b for b in list_backups(folder) if b.path.name.startswith(AUTO_PREFIX)]
    head = maintenance.audit_head_id(store)
    if not autos:
        return int(head) > 0
    last = autos[0]
    today = datetime.now().astimezone().date()
    return last.created_local.date() < today and last.audit_head != int(head)


def automatic_backup(
    folder: DataFolder, store: Store, progress: Progress | None = None, *, force: bool = False
) -> BackupInfo | None:
    """Make the day's backup if due (or ``force``), then remove the oldest beyond the limit."""
    if store.read_only or not (force or backup_due(folder, store)):
        return None
    info = make_backup(folder, new_backup_path(folder.backups, AUTO_PREFIX), progress, store.actor)
    prune(folder, int(KEEP.get(store)))
    return info
