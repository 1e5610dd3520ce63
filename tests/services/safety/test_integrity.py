import hashlib
import sqlite3
from pathlib import Path

import pytest

from oa_desktop.errors import DatabaseError, DataFolderError
from oa_desktop.paths import DataFolder
from oa_desktop.services.reports.status import selfcheck
from oa_desktop.services.safety.backup import make_backup, new_backup_path
from oa_desktop.services.safety.integrity import filesystem_of, network_share, refuse_network_share
from oa_desktop.services.safety.restore import restore_backup
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import records


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corrupt_claims_page(database: Path) -> None:
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root_page = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'claims_status'"
    ).fetchone()[0]
    conn.close()
    with database.open("r+b") as f:  # scribble over an index page, as a failing disk would
        f.seek((root_page - 1) * page_size + 8)
        f.write(b"\xff" * 64)


def _damaged_demo(demo_workspace: Workspace) -> DataFolder:
    folder = demo_workspace.folder
    make_backup(folder, new_backup_path(folder.backups, "auto-"))
    demo_workspace.close()
    _corrupt_claims_page(folder.database)
    return folder


def test_corrupted_page_opens_read_only_and_nothing_is_overwritten(
    demo_workspace: Workspace,
) -> None:
    folder = _damaged_demo(demo_workspace)
    before = _digest(folder.database)
    workspace = open_workspace(folder.root)
    try:
        assert workspace.store.read_only
        damage = workspace.damage
        assert damage is not None
        assert "opened it read-only" in damage.message
        assert "last verified backup" in damage.next_step and "300 claims" in damage.next_step
        assert "damaged file is kept" in damage.next_step
        assert "File → Restore backup" in damage.next_step
        assert records.load_practice(workspace.store) is not None  # reading works
        with pytest.raises(DatabaseError, match="read-only"), workspace.store.write():
            pass
        lines, healthy = selfcheck(workspace)
        assert not healthy and dict(lines)["Database integrity"] != "ok"
    finally:
        workspace.close()
    assert _digest(folder.database) == before


def test_restore_over_damaged_data_keeps_the_damaged_file(demo_workspace: Workspace) -> None:
    folder = _damaged_demo(demo_workspace)
    before = _digest(folder.database)
    [backup] = folder.backups.glob("auto-*.zip")
    result = restore_backup(backup, folder, replace=True)
    assert result.kept_damaged is not None and result.safety_backup is None
    assert _digest(result.kept_damaged) == before
    workspace = open_workspace(folder.root)
    try:
        assert not workspace.store.read_only
        assert workspace.store.integrity_check() == "ok"
    finally:
        workspace.close()


def test_unreadable_database_names_the_backup(demo_workspace: Workspace) -> None:
    folder = _damaged_demo(demo_workspace)
    with folder.database.open("r+b") as f:
        f.write(b"this is not sqlite at all")
    with pytest.raises(DatabaseError) as caught:
        open_workspace(folder.root)
    assert "damaged and cannot be opened" in caught.value.message
    assert "oa-desktop restore" in caught.value.next_step
    assert folder.database.read_bytes().startswith(b"this is not sqlite")


MOUNTS = """/dev/sda1 / ext4 rw 0 0
//server/office /mnt/office cifs rw 0 0
server:/export /home/ann/nfs\\040share nfs4 rw 0 0
"""


def test_network_share_is_refused() -> None:
    assert filesystem_of(Path("/mnt/office/billing"), MOUNTS) == "cifs"
    assert network_share(Path("/mnt/office/billing/new"), MOUNTS) == "cifs"
    assert network_share(Path("/home/ann/nfs share/x"), MOUNTS) == "nfs4"
    assert network_share(Path("/home/ann/Documents"), MOUNTS) == ""
    with pytest.raises(DataFolderError, match="network share") as caught:
        refuse_network_share(Path("/mnt/office/billing"), MOUNTS)
    assert "WAL" not in caught.value.message  # plain words for a biller
    assert "this computer" in caught.value.next_step


def test_selfcheck_reports_broken_links(demo_workspace: Workspace) -> None:
    conn = sqlite3.connect(demo_workspace.folder.database)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TRIGGER ledger_no_update")
    conn.execute("UPDATE ledger SET claim_id = 99999 WHERE id = 1")
    conn.commit()
    conn.close()
    lines, healthy = selfcheck(demo_workspace)
    assert not healthy
    assert "ledger row 1 points at a missing claims" in dict(lines)["Database links"]
