"""First run: is this data folder new, what should the welcome screen say, how to open the demo.

Qt-free; the welcome screen itself is ``ui/welcome.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from oa_desktop.services.workspace import Workspace
from oa_desktop.store import records, settings


def is_first_run(workspace: Workspace) -> bool:
    """True while the data folder has no practice yet (and is not the demo)."""
    if settings.DEMO.get(workspace.store):
        return False
    return records.load_practice(workspace.store) is None


def demo_command(
    executable: str | None = None, frozen: bool | None = None
) -> list[str]:
    """The command that opens the demo practice in its own folder, as ``oa-desktop demo`` does.

    In an installed bundle the executable is the app itself; from source it is Python, which
    runs the package.
    """
    exe = executable or sys.executable
    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if is_frozen:
        return [exe, "demo"]
    return [exe, "-m", "oa_desktop", "demo"]


@dataclass(frozen=True)
class DataFacts:
    """What the welcome screen tells the user about their data."""

    folder: Path
    backups: Path

    @property
    def where(self) -> str:
        """Where the data lives, in a sentence for the welcome screen."""
        return (
            f"Everything you enter stays on this computer, in {self.folder}. "
            "Nothing is sent anywhere until you send claims to Office Ally."
        )

    @property
    def backup(self) -> str:
        """How the data is backed up, in a sentence for the welcome screen."""
        return (
            "OA Desktop copies your data once a day into the backups folder inside it. "
            "To be safe if this computer is lost, use File → Save a backup copy to… and keep "
            "the copy on a USB drive or another computer. File → Restore backup… puts one back."
        )


def data_facts(workspace: Workspace) -> DataFacts:
    """Where the data lives and where the automatic backups go."""
    return DataFacts(folder=workspace.folder.root, backups=workspace.folder.backups)
