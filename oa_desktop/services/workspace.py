"""Opening a data folder: the folder itself, its logs and its database."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from oa_desktop.errors import KnownError
from oa_desktop.logs import set_sensitive_words, setup_logging
from oa_desktop.paths import DataFolder
from oa_desktop.services.safety import backup, folder_lock, integrity
from oa_desktop.store.db import DamagedDatabaseError, Store
from oa_desktop.store.phi_sample import PhiSample


@dataclass
class Workspace:
    """An open data folder with its database."""

    folder: DataFolder
    store: Store
    log_file: Path
    lock: folder_lock.FolderLock | None = None  # held by the window and writing commands

    @property
    def damage(self) -> KnownError | None:
        """Why the database opened read-only (it failed quick_check), or None."""
        if not self.store.read_only:
            return None
        return integrity.damaged_read_only(self.folder, self.store)

    def close(self) -> None:
        """Close the database, then free the data folder's lock."""
        try:
            self.store.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def open_workspace(
    root: Path, *, log_level: int = logging.INFO, lock: str | None = None, wait: float = 0.0
) -> Workspace:
    """Prepare ``root`` (private, writable), start its log and open (or create) its database.

    With ``lock`` (who is asking: ``folder_lock.WINDOW`` or ``"the command sync"``) the
    data folder's lock is taken first, waiting up to ``wait`` seconds; a folder another
    OA Desktop holds raises ``FolderInUseError`` naming it, before anything is opened.

    Raises ``DataFolderError`` or ``DatabaseError`` with a plain message; never
    overwrites an existing file. A folder on a network share is refused; a database
    that fails ``quick_check`` opens read-only (see ``Workspace.damage``).
    """
    integrity.refuse_network_share(root)
    if os.name == "posix":
        os.umask(0o077)  # every file the app creates (database, WAL, logs) is private
    folder = DataFolder(root).prepare()
    held = folder_lock.acquire(folder.root, lock, wait=wait) if lock else None
    try:
        log_file = setup_logging(folder.logs, log_level)
        try:
            store = Store(folder.database,
                          before_migration=lambda version: backup.before_migration(folder, version))
        except DamagedDatabaseError as exc:
            raise integrity.damaged_unreadable(folder, exc) from exc
    except BaseException:
        if held is not None:
            held.release()
        raise
    set_sensitive_words(PhiSample(store).words)  # the log never shows these patients' names
    logging.getLogger("oa_desktop.app").info("opened data folder (schema %d)", store.schema_version)
    return Workspace(folder=folder, store=store, log_file=log_file, lock=held)
