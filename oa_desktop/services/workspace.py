"""Opening a data folder: the folder itself, its logs and its database."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from oa_desktop.logs import setup_logging
from oa_desktop.paths import DataFolder
from oa_desktop.store.db import Store


@dataclass
class Workspace:
    """An open data folder with its database."""

    folder: DataFolder
    store: Store
    log_file: Path

    def close(self) -> None:
        """Close the database."""
        self.store.close()


def open_workspace(root: Path, *, log_level: int = logging.INFO) -> Workspace:
    """Prepare ``root`` (private, writable), start its log and open (or create) its database.

    Raises ``DataFolderError`` or ``DatabaseError`` with a plain message; never
    overwrites an existing file.
    """
    if os.name == "posix":
        os.umask(0o077)  # every file the app creates (database, WAL, logs) is private
    folder = DataFolder(root).prepare()
    log_file = setup_logging(folder.logs, log_level)
    store = Store(folder.database)
    logging.getLogger("oa_desktop.app").info("opened data folder (schema %d)", store.schema_version)
    return Workspace(folder=folder, store=store, log_file=log_file)
