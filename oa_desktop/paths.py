"""Every path the app uses, in one place (Vorta's config module is the model).

The data folder comes from platformdirs, or ``$OA_DESKTOP_HOME``, or ``--data-dir``.
It is private to the user: 0700 folders and 0600 files on POSIX.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from oa_desktop.errors import DataFolderError

APP_NAME = "OA Desktop"
ENV_HOME = "OA_DESKTOP_HOME"


def default_data_dir() -> Path:
    """``$OA_DESKTOP_HOME`` if set, else the per-user data folder of the platform."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The read-only ``resources/`` folder (icons, CSV templates, demo data).

    Inside a PyInstaller bundle it sits under ``sys._MEIPASS``; when running from the
    source tree (or an editable install) it is the repository's ``resources/``; a wheel
    installs it under ``<prefix>/share/oa-desktop/resources``.
    """
    candidates: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if isinstance(bundle, str):
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    candidates.append(Path(sys.prefix) / "share" / "oa-desktop" / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def app_icon_file() -> Path:
    """The application icon as a PNG (the window icon; installers use the .ico/.icns)."""
    return resources_dir() / "icons" / "oa_desktop.png"


def demo_data_dir() -> Path:
    """The demo practice's own folder, never the user's."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).parent / "OA Desktop Demo"


@dataclass(frozen=True)
class DataFolder:
    """The layout of one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        """The SQLite database file."""
        return self.root / "oa_desktop.sqlite3"

    @property
    def archive(self) -> Path:
        """Every file sent or received, byte for byte."""
        return self.root / "archive"

    @property
    def logs(self) -> Path:
        """The folder of rotated log files."""
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        """The folder of automatic backups."""
        return self.root / "backups"

    @property
    def known_hosts(self) -> Path:
        """The pinned Office Ally host key."""
        return self.root / "known_hosts"

    def prepare(self) -> DataFolder:
        """Create the folder and its parts, private to the user, and check it is writable."""
        old_umask = os.umask(0o077)
        try:
            for path in (self.root, self.archive, self.logs, self.backups):
                path.mkdir(parents=True, exist_ok=True)
                if os.name == "posix":
                    path.chmod(0o700)
            self._check_writable()
        except OSError as exc:
            raise DataFolderError(
                f"The data folder {self.root} cannot be used: {exc.strerror or exc}.",
                "Choose a folder you can write to (Settings, or --data-dir), "
                "or ask whoever manages this computer to give you access.",
            ) from exc
        finally:
            os.umask(old_umask)
        return self

    def _check_writable(self) -> None:
        with tempfile.NamedTemporaryFile(dir=self.root, prefix=".write-test-"):
            pass


def private_file(path: Path) -> None:
    """Make ``path`` readable and writable by the user only (POSIX)."""
    if os.name == "posix" and path.exists():
        path.chmod(0o600)
