"""The "Not for this practice" list: answers set aside, opened readable, dismissed.

What sets an answer aside is :mod:`addressee` (called by each reader); this module is
what the biller does with the list. Dismissing changes nothing but the list (audited).
"""

from __future__ import annotations

from oa_desktop.errors import KnownError
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import set_aside
from oa_desktop.store.set_aside import SetAsideRow

MAX_LINES = 5000  # a readable view, not the whole of a 50 MB ERA


def listed(workspace: Workspace, *, dismissed: bool = False) -> list[SetAsideRow]:
    """The set-aside answers, newest first (dismissed ones too when asked)."""
    return set_aside.listed(workspace.store, dismissed=dismissed)


def readable(workspace: Workspace, row: SetAsideRow) -> str:
    """The archived file as text, one X12 segment per line."""
    path = workspace.folder.root / row.answer.local_path
    if not row.answer.local_path or not path.is_file():
        raise KnownError(f"{row.answer.file_name} is no longer in the archive.",
                         "Restore the data folder from a backup to see it again.")
    text = path.read_bytes().decode("latin-1")
    stripped = text.lstrip("\ufeff \r\n\t")
    if stripped.startswith("ISA") and len(stripped) > 105:
        terminator = stripped[105]
        text = "\n".join(s.strip() + terminator for s in stripped.split(terminator) if s.strip())
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… {len(lines) - MAX_LINES:,} more lines in the file"]
    return "\n".join(lines)


def dismiss(workspace: Workspace, row_id: int) -> bool:
    """Take one answer off the list (audited); False if it was already dismissed."""
    return set_aside.dismiss(workspace.store, row_id)
