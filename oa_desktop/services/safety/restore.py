"""Putting a verified backup back (CLI ``restore FILE``; File → Restore backup…).

Into an empty data folder it just happens. Over existing data it needs ``replace=True``
(the caller asked the biller first), and it makes a backup of the current data before
anything changes; a damaged database cannot be backed up, so it is moved aside and
kept. The database must be closed (no Store open on it) while this runs.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from oa_desktop.durable import fsync_dir
from oa_desktop.errors import KnownError
from oa_desktop.logs import get_logger
from oa_desktop.paths import DataFolder, private_file
from oa_desktop.services.progress import Progress
from oa_desktop.services.safety import audit
from oa_desktop.services.safety.backup import (
    SAFETY_PREFIX,
    BackupInfo,
    _extracted,
    _no_space,
    _safe_member,
    make_backup,
    new_backup_path,
)
from oa_desktop.store import maintenance
from oa_desktop.store.db import Store

log = get_logger("backup")

_SIDE_FILES = ("", "-wal", "-shm")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    restored: BackupInfo
    safety_backup: Path | None  # the backup of the data that was replaced
    kept_damaged: Path | None  # where a damaged database was moved, untouched
    archive_files: int


def has_data(folder: DataFolder) -> bool:
    """True when the folder holds a database with anything in it."""
    db = folder.database
    return db.exists() and db.stat().st_size > 0


def _healthy(database: Path) -> bool:
    return maintenance.quick_check_ok(database)


def _move_aside(database: Path, target_dir: Path) -> Path:
    """Move the database with its -wal and -shm, together, keeping them as they are."""
    target_dir.mkdir(parents=True, exist_ok=True)
    for suffix in _SIDE_FILES:
        source = Path(f"{database}{suffix}")
        if source.exists():
            os.replace(source, target_dir / f"{database.name}{suffix}")
    return target_dir / database.name


def _put_archive(backup: Path, folder: DataFolder) -> int:
    """Add the backup's archived files the folder lacks; never overwrite one it has."""
    written = 0
    with zipfile.ZipFile(backup) as zf:
        for member in zf.namelist():
            if not member.startswith("archive/") or not _safe_member(member):
                continue
            target = folder.archive / member.removeprefix("archive/")
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(target.name + ".part")
            with zf.open(member) as src, part.open("wb") as dst:
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(part, target)
            private_file(target)
            written += 1
    return written


def restore_backup(
    backup: Path, folder: DataFolder, *, replace: bool = False, progress: Progress | None = None,
    actor: str = "system",
) -> RestoreResult:
    """Restore ``backup`` into ``folder`` (see the module's rules)."""
    progress = progress or Progress()
    folder.prepare()
    if has_data(folder) and not replace:
        raise KnownError(
            f"The data folder {folder.root} already holds data.",
            "Confirm that the backup should replace it (a backup of the current data is "
            "made first): use --replace on the command line.",
        )
    progress.report(0, 4, "Checking the backup")
    safety: Path | None = None
    damaged: Path | None = None
    try:
        with _extracted(backup, folder.root) as (info, database):
            progress.report(1, 4, "Backing up the current data")
            if has_data(folder):
                if _healthy(folder.database):
                    safety = make_backup(
                        folder, new_backup_path(folder.backups, SAFETY_PREFIX), actor=actor
                    ).path
                    _move_aside(folder.database, folder.backups / ".replaced")
                    shutil.rmtree(folder.backups / ".replaced")
                else:
                    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
                    damaged = _move_aside(folder.database, folder.root / f"damaged-{stamp}")
                    log.warning("damaged database kept in %s", damaged.parent.name)
            progress.report(2, 4, "Putting the backup in place")
            os.replace(database, folder.database)
            private_file(folder.database)
            fsync_dir(folder.root)
        progress.report(3, 4, "Restoring archived files")
        files = _put_archive(backup, folder)
    except OSError as exc:
        raise _no_space(exc, "the restore") from exc
    store = Store(folder.database)  # brings an older backup up to the current schema
    try:
        store.actor = actor
        audit.record(store, audit.RESTORE, "backup", "", f"{backup.name} from {info.created_at}")
    finally:
        store.close()
    progress.report(4, 4, "Restore finished")
    log.info("restored %s (schema %d)", backup.name, info.schema_version)
    return RestoreResult(info, safety, damaged, files)
