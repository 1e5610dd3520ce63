"""Backups: the database (SQLite's online backup API) and the file archive in one file.

Inside, a backup is a zip holding ``manifest.json``, ``oa_desktop.sqlite3`` and
``archive/…``. With a backup passphrase (always, for a copy that leaves the data
folder) that zip is encrypted (``backup_crypto``: scrypt + AES-GCM) into one
``.oabackup`` file; only the daily backup inside the data folder of a practice that set
no passphrase yet is a plain ``.zip``, like the database beside it.

Nothing readable ever reaches the destination: the snapshot and the zip are made and
checked (every member's SHA-256, ``integrity_check`` and ``foreign_key_check``) in the
data folder's private temp area; they are encrypted into ``.NAME.part`` at the
destination, read back and checked, and only then renamed to the final name — so a
backup file with its final name is a verified one, and a killed backup leaves only
ciphertext (which the next backup removes). Old automatic backups are removed only
after a new one was verified.

Restore puts a verified backup into an empty data folder, or over the current data
after a backup of that data (a damaged database is moved aside, never overwritten).
The database must be closed while restoring.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oa_desktop import __version__
from oa_desktop.durable import fsync_dir
from oa_desktop.logs import get_logger
from oa_desktop.paths import DataFolder, private_file
from oa_desktop.services.progress import Progress
from oa_desktop.services.safety import backup_crypto, backup_passphrase
from oa_desktop.services.safety.backup_crypto import EXTENSION, BackupError
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
UPGRADE_PREFIX = "before-schema-"
_CHUNK = 1 << 20
TEMP = "tmp"  # the data folder's private temp area
_PART_SUFFIX = ".part"
__all__ = ["BackupError", "BackupInfo", "make_backup", "read_info", "verify_backup"]


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
    encrypted: bool = False

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


def _mb(size: int) -> str:
    return f"{max(size, 1) / 1e6:,.0f} MB" if size >= 1e6 else f"{max(size, 1) // 1000 + 1} KB"


def _no_space(exc: OSError, what: str, place: Path | None = None, needed: int = 0
              ) -> BackupError:
    if exc.errno == errno.ENOSPC:
        where = f" in {place}" if place else ""
        need = f" (about {_mb(needed)} are needed)" if needed else ""
        return BackupError(
            f"There is not enough free disk space{where} for {what}{need}. Nothing was "
            "changed and your earlier backups are kept.",
            "Free some space there (or choose another drive), then try again.",
            str(exc),
        )
    return BackupError(f"{what[0].upper()}{what[1:]} failed: {exc.strerror or exc}.",
                       "Check the folder is writable and try again.", str(exc))


def temp_area(folder: DataFolder) -> Path:
    """The data folder's private temp area (0700), where plaintext may briefly live."""
    path = folder.root / TEMP
    path.mkdir(mode=0o700, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def _needed(folder: DataFolder) -> int:
    """About how many bytes a backup of ``folder`` takes (database plus archive)."""
    total = folder.database.stat().st_size if folder.database.exists() else 0
    return total + sum(p.stat().st_size for p in _archive_files(folder.archive))


def _archive_files(archive: Path) -> list[Path]:
    if not archive.is_dir():
        return []
    return sorted(p for p in archive.rglob("*") if p.is_file() and not p.name.endswith(".part"))


def _snapshot(folder: DataFolder, target: Path) -> None:
    """The database's consistent snapshot; a full disk is an ``OSError(ENOSPC)``."""
    try:
        maintenance.snapshot(folder.database, target)
    except sqlite3.OperationalError as exc:
        if "full" in str(exc):
            raise OSError(errno.ENOSPC, str(exc)) from exc
        raise


def _write_zip(folder: DataFolder, work: Path, progress: Progress, actor: str) -> Path:
    """Snapshot and archive zipped in ``work`` (the private temp area); the zip's path."""
    snapshot = work / DB_MEMBER
    _snapshot(folder, snapshot)
    facts = maintenance.file_facts(snapshot)
    files = _archive_files(folder.archive)
    manifest: dict[str, Any] = {
        "format": FORMAT, "app_version": __version__,
        "created_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "made_by": actor, **facts,
        "members": {DB_MEMBER: _sha256(snapshot)},
    }
    progress.report(1, 4, f"Adding {len(files):,} archived files")
    plain = work / "backup.zip"
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.write(snapshot, DB_MEMBER)
        for path in files:
            name = "archive/" + path.relative_to(folder.archive).as_posix()
            manifest["members"][name] = _sha256(path)
            zf.write(path, name)
            progress.check()
        manifest["archive_files"] = len(files)
        zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    snapshot.unlink()
    return plain


_STALE_SECONDS = 600  # a leftover this old belongs to no running backup


def remove_leftovers(directory: Path, pattern: str) -> None:
    """Remove what a killed backup left in ``directory`` (ciphertext or temp folders)."""
    now = datetime.now().timestamp()
    for path in directory.glob(pattern):
        try:
            if now - path.stat().st_mtime < _STALE_SECONDS:
                continue
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _encrypt_into(plain: Path, part: Path, passphrase: str) -> None:
    """Encrypt the zip into ``part``, flush it to disk and read it back."""
    key = backup_crypto.new_key(passphrase, _facts(read_info(plain)))
    with plain.open("rb") as src, part.open("wb") as dst:
        digest = backup_crypto.encrypt_stream(src, dst, key)
        dst.flush()
        os.fsync(dst.fileno())
    if backup_crypto.decrypt_stream(part, key, None) != digest:
        raise BackupError("The backup did not read back the same; it was not kept.",
                          "Try again, or choose another drive.")


def _facts(info: BackupInfo) -> dict[str, Any]:
    return {"created_at": info.created_at, "schema_version": info.schema_version,
            "claims": info.claims, "archive_files": info.archive_files,
            "audit_head": info.audit_head, "app_version": __version__}


def make_backup(
    folder: DataFolder, out: Path, progress: Progress | None = None, actor: str = "system",
    *, passphrase: str | None = None, hooks: dict[str, Callable[[], None]] | None = None,
) -> BackupInfo:
    """Write a verified backup of ``folder`` (database and archive) to ``out``.

    Encrypted with ``passphrase``; without one only into the data folder's own
    ``backups/`` (a copy that leaves the folder is always encrypted). Safe while the app
    is writing: the database part is one consistent snapshot, and the archive only ever
    grows, so every file a snapshot row names is in the backup. ``hooks`` (tests) run at
    the named steps: ``zipped``, ``encrypted``.
    """
    progress = progress or Progress()
    hooks = hooks or {}
    out = out.resolve()
    if passphrase is None and out.suffix == EXTENSION:
        out = out.with_suffix(".zip")  # the name never claims an encryption it lacks
    if passphrase is None and out.parent != folder.backups.resolve():
        raise BackupError("A backup copy that leaves the data folder must be encrypted, and "
                          "no backup passphrase is set.",
                          "Set a backup passphrase first (Settings → Backups, or "
                          "--passphrase-stdin), then make the copy.")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.name}{_PART_SUFFIX}")
    needed, place = _needed(folder), folder.root
    remove_leftovers(temp_area(folder), "backup-*")
    remove_leftovers(out.parent, f".*{_PART_SUFFIX}")
    work = Path(tempfile.mkdtemp(prefix="backup-", dir=temp_area(folder)))
    try:
        progress.report(0, 4, "Copying the database")
        plain = _write_zip(folder, work, progress, actor)
        progress.report(2, 4, "Checking the backup")
        verify_backup(plain)
        hooks.get("zipped", lambda: None)()
        progress.report(3, 4, "Encrypting the backup" if passphrase else "Saving the backup")
        place = out.parent
        if passphrase is None:
            os.replace(plain, part)
        else:
            _encrypt_into(plain, part, passphrase)
        hooks.get("encrypted", lambda: None)()
        os.replace(part, out)
        private_file(out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise _no_space(exc, "the backup", place, needed) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
        part.unlink(missing_ok=True)
    progress.report(4, 4, "Backup made")
    log.info("backup written: %s (%d bytes)", out.name, out.stat().st_size)
    return read_info(out)


def read_info(path: Path) -> BackupInfo:
    """A backup's manifest, without checking its contents (see :func:`verify_backup`);
    an encrypted backup's facts come from its header, without the passphrase."""
    if backup_crypto.is_encrypted(path):
        facts = backup_crypto.read_facts(path)
        try:
            return BackupInfo(
                path=path, created_at=str(facts["created_at"]),
                schema_version=int(facts["schema_version"]), claims=int(facts["claims"]),
                archive_files=int(facts.get("archive_files", 0)),
                audit_head=int(facts.get("audit_head", 0)), size=path.stat().st_size,
                encrypted=True)
        except (KeyError, ValueError, TypeError) as exc:
            raise BackupError(f"{path.name} is not an OA Desktop backup or is damaged.",
                              "Choose another backup file.", str(exc)) from exc
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


class PassphraseNeededError(BackupError):
    """The backup is encrypted and no passphrase was given or kept for this folder."""


@contextmanager
def plain_zip(path: Path, work_dir: Path, passphrase: str | None) -> Iterator[Path]:
    """The backup's zip: the file itself when it is a plain one, else decrypted into
    ``work_dir`` (a private folder) for as long as the block runs. A wrong passphrase or
    a damaged file raises a plain error before anything is written."""
    if not backup_crypto.is_encrypted(path):
        if not path.is_file():
            raise BackupError(f"{path} cannot be found.", "Choose another backup file.")
        yield path
        return
    if not passphrase:
        raise PassphraseNeededError(f"{path.name} is encrypted; its backup passphrase is "
                                    "needed to open it.",
                                    "Type the passphrase that was written down when it was set.")
    key = backup_crypto.open_key(path, passphrase)
    work_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".zip", dir=work_dir)
    plain = Path(name)
    try:
        with os.fdopen(fd, "wb") as dst:
            backup_crypto.decrypt_stream(path, key, dst)
        yield plain
    finally:
        plain.unlink(missing_ok=True)


def verify_backup(path: Path, passphrase: str | None = None,
                  work_dir: Path | None = None) -> BackupInfo:
    """Read back every member of a backup and check its database; raise if anything is off.

    An encrypted backup needs its ``passphrase``; it is decrypted into ``work_dir``.
    """
    work = work_dir or path.parent
    with plain_zip(path, work, passphrase) as zipped, _extracted(zipped, work) as (info, _):
        return info if not backup_crypto.is_encrypted(path) else read_info(path)


# -- the backups folder -------------------------------------------------------------------


def list_backups(folder: DataFolder) -> list[BackupInfo]:
    """The verified backups in the data folder's backups folder, newest first."""
    found: list[BackupInfo] = []
    for path in [*folder.backups.glob("*.zip"), *folder.backups.glob(f"*{EXTENSION}")]:
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


def new_backup_path(
    directory: Path, prefix: str = "oa-desktop-backup-", *, encrypted: bool = True
) -> Path:
    """A new file name with the local date and time; never one that exists."""
    stamp = _stamp()
    ext = EXTENSION if encrypted else ".zip"
    name, n = f"{prefix}{stamp}", 2
    while any((directory / f"{name}{e}").exists() for e in (EXTENSION, ".zip")):
        name = f"{prefix}{stamp}-{n}"
        n += 1
    return directory / f"{name}{ext}"


def prune(folder: DataFolder, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest automatic (and pre-migration) backups."""
    removed: list[Path] = []
    autos = [f"{AUTO_PREFIX}*.zip", f"{AUTO_PREFIX}*{EXTENSION}"]
    upgrades = [f"{UPGRADE_PREFIX}*{ext}" for ext in (".sqlite3", ".zip", EXTENSION)]
    for patterns in (autos, upgrades):
        found = [p for pattern in patterns for p in folder.backups.glob(pattern)]
        paths = sorted(found, key=lambda p: p.stat().st_mtime)
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
    passphrase = backup_passphrase.load(folder)
    out = new_backup_path(folder.backups, AUTO_PREFIX, encrypted=passphrase is not None)
    info = make_backup(folder, out, progress, store.actor, passphrase=passphrase)
    prune(folder, int(KEEP.get(store)))
    return info


def before_migration(folder: DataFolder, version: int) -> None:
    """The backup taken before the database's schema is upgraded from ``version``:
    encrypted when the folder has a passphrase, like the daily ones."""
    passphrase = backup_passphrase.load(folder)
    out = new_backup_path(folder.backups, f"{UPGRADE_PREFIX}{version + 1}-",
                          encrypted=passphrase is not None)
    make_backup(folder, out, passphrase=passphrase)
