"""Old plaintext backups (``.zip``, made before backups were encrypted, or while no
passphrase was set): found, then encrypted into ``.oabackup`` files and deleted.

Each one is checked first (a damaged one is left alone and named), encrypted into a
temp file beside it, read back, renamed, and only then is the plaintext deleted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from oa_desktop.logs import get_logger
from oa_desktop.paths import DataFolder, private_file
from oa_desktop.services.progress import Progress
from oa_desktop.services.safety.backup import (
    _encrypt_into,
    _no_space,
    read_info,
    temp_area,
    verify_backup,
)
from oa_desktop.services.safety.backup_crypto import EXTENSION, BackupError

log = get_logger("backup")


def plaintext_backups(folder: DataFolder) -> list[Path]:
    """The unencrypted backups in the data folder's backups folder, oldest first."""
    found = []
    for path in folder.backups.glob("*.zip"):
        try:
            read_info(path)
        except BackupError:
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime)


@dataclass
class ReencryptResult:
    """What :func:`encrypt_old_backups` did."""

    encrypted: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # with the reason


def encrypt_old_backups(
    folder: DataFolder, passphrase: str, progress: Progress | None = None
) -> ReencryptResult:
    """Encrypt every plaintext backup of ``folder`` with ``passphrase`` and delete it."""
    progress = progress or Progress()
    result = ReencryptResult()
    paths = plaintext_backups(folder)
    for number, path in enumerate(paths):
        progress.report(number, len(paths), f"Encrypting {path.name}")
        out, n = path.with_suffix(EXTENSION), 2
        while out.exists():
            out = path.with_name(f"{path.stem}-{n}{EXTENSION}")
            n += 1
        part = out.with_name(f".{out.name}.part")
        try:
            verify_backup(path, work_dir=temp_area(folder))
            _encrypt_into(path, part, passphrase)
            stat = path.stat()
            os.replace(part, out)
            os.utime(out, (stat.st_atime, stat.st_mtime))  # keeps its place among the dailies
            private_file(out)
            path.unlink()
        except BackupError as exc:
            log.warning("old backup left as it was: %s", path.name)
            result.skipped.append((path, exc.message))
            continue
        except OSError as exc:
            raise _no_space(exc, "encrypting the old backups", folder.backups) from exc
        finally:
            part.unlink(missing_ok=True)
        result.encrypted.append(out)
    progress.report(len(paths), len(paths), "Old backups encrypted")
    return result
