"""Health checks of a data folder: where it lives, its database, its audit trail.

WAL (which lets the window read while a worker writes) needs every process on one
computer with working shared memory and locks, so a data folder on a network share is
refused: SQLite's own documentation names network file systems as a way to corrupt a
database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from oa_desktop.domain.display import plural
from oa_desktop.errors import DataFolderError, KnownError
from oa_desktop.paths import DataFolder
from oa_desktop.services.safety.backup import latest_backup
from oa_desktop.store import audit as audit_store
from oa_desktop.store import maintenance
from oa_desktop.store.db import DamagedDatabaseError, Store

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afpfs", "ncpfs", "9p",
    "davfs", "fuse.sshfs", "sshfs", "fuse.rclone", "fuse.davfs2", "webdav", "glusterfs",
    "ceph", "fuse.glusterfs", "lustre", "afs",
})


def _linux_mounts() -> str:
    try:
        return Path("/proc/self/mounts").read_text("utf-8", errors="replace")
    except OSError:
        return ""


def _mac_mounts() -> str:
    try:
        result = subprocess.run(["mount"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    # "//user@server/share on /Volumes/share (smbfs, nodev, ...)" → "src mnt fstype"
    lines = []
    for line in result.stdout.splitlines():
        if " on " in line and " (" in line:
            source, rest = line.split(" on ", 1)
            mount, options = rest.rsplit(" (", 1)
            escaped = mount.replace(" ", "\\040")
            lines.append(f"{source} {escaped} {options.split(',')[0]}")
    return "\n".join(lines)


def filesystem_of(path: Path, mounts: str) -> str:
    """The file system type of the mount that holds ``path`` (``/proc/mounts`` format)."""
    best, kind = "", ""
    target = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = fields[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, kind = mount, fields[2]
    return kind


def _windows_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True  # \\server\share
    try:
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        return int(ctypes.windll.kernel32.GetDriveTypeW(drive)) == 4  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


def network_share(path: Path, mounts: str | None = None) -> str:
    """The network file system ``path`` is on (``"smbfs"``, ``"\\\\server"``), or ``""``."""
    path = path.expanduser().absolute()
    if mounts is None:
        if sys.platform == "win32":
            return "a network drive" if _windows_remote(path) else ""
        mounts = _mac_mounts() if sys.platform == "darwin" else _linux_mounts()
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    kind = filesystem_of(existing.resolve() / path.relative_to(existing), mounts)
    return kind if kind in NETWORK_FILESYSTEMS else ""


def refuse_network_share(root: Path, mounts: str | None = None) -> None:
    """Raise ``DataFolderError`` when ``root`` is on a network share."""
    kind = network_share(root, mounts)
    if kind:
        raise DataFolderError(
            f"The data folder {root} is on a network share ({kind}). OA Desktop keeps its "
            "database only on this computer's own disk: over a network, the database can "
            "be damaged when the connection drops or two computers write at once.",
            "Choose a folder on this computer (for example Documents), or start with "
            "--data-dir. To share the work, make backups (File → Back up now) and copy "
            "them to the share.",
        )


def foreign_key_problems(store: Store) -> list[str]:
    """Rows that point at a row that does not exist (``PRAGMA foreign_key_check``)."""
    rows = maintenance.foreign_key_violations(store)
    return [f"{table} row {rowid} points at a missing {parent}" for table, rowid, parent, _ in rows]


def audit_problem(store: Store) -> str | None:
    """The first broken link of the audit trail, or None."""
    if "audit_log" not in store.read.table_names():
        return None
    return audit_store.verify_chain(store)


def _restore_hint(folder: DataFolder, *, app_opens: bool = True) -> str:
    latest = latest_backup(folder)
    kept = "The damaged file is kept as it is."
    if latest is None:
        return (f"No backup was found in {folder.backups}. If you keep backups elsewhere "
                f"(a USB stick), restore one with File → Restore backup…. {kept}")
    when = latest.created_local.strftime("%m/%d/%Y %I:%M %p")
    how = ("Restore it with File → Restore backup…." if app_opens else
           f'Restore it by running: oa-desktop restore "{latest.path}" --replace '
           "(or ask whoever helps with this computer).")
    return (f"Your last verified backup is from {when} ({plural(latest.claims, 'claim')}): "
            f"{latest.path}. {how} {kept}")


def damaged_read_only(folder: DataFolder, store: Store) -> KnownError:
    """The message for a database that failed quick_check and was opened read-only."""
    return KnownError(
        "The database is damaged, so OA Desktop opened it read-only: you can look at your "
        "data, but nothing can be changed.",
        _restore_hint(folder), store.damaged,
    )


def damaged_unreadable(folder: DataFolder, exc: DamagedDatabaseError) -> DamagedDatabaseError:
    """The message for a database that cannot be opened at all."""
    return DamagedDatabaseError(
        f"The database file {folder.database} is damaged and cannot be opened.",
        _restore_hint(folder, app_opens=False), exc.details,
    )
