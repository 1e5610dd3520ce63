import errno
import io
import json
import os
import sqlite3
import threading
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.errors import KnownError
from oa_desktop.paths import DataFolder
from oa_desktop.services.safety import backup as backup_service
from oa_desktop.services.safety.backup import (
    BackupError,
    automatic_backup,
    list_backups,
    make_backup,
    prune,
    verify_backup,
)
from oa_desktop.services.safety.restore import restore_backup
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import claims
from tests.services.safety.conftest import PASSPHRASE


def _ledger_sums(root: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(root / "oa_desktop.sqlite3")
    try:
        return conn.execute(
            "SELECT kind, SUM(amount_cents) FROM ledger GROUP BY kind ORDER BY kind"
        ).fetchall()
    finally:
        conn.close()


def _status_json(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["--data-dir", str(root), "status", "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_backup_then_restore_gives_identical_status_and_ledger(
    demo_workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = demo_workspace.folder.root
    (demo_workspace.folder.archive / "2026").mkdir()
    (demo_workspace.folder.archive / "2026" / "era-1.835").write_bytes(b"ISA*00*...~")
    demo_workspace.close()
    before = _status_json(root, capsys)
    out = tmp_path / "usb" / "backup.oabackup"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["--data-dir", str(root), "backup", "--out", str(out),
                 "--passphrase-stdin"]) == 0
    assert "verified" in capsys.readouterr().out
    empty = tmp_path / "new-computer"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["--data-dir", str(empty), "restore", str(out), "--passphrase-stdin"]) == 0
    assert _status_json(empty, capsys) == before
    assert _ledger_sums(empty) == _ledger_sums(root) != []
    assert (empty / "archive" / "2026" / "era-1.835").read_bytes() == b"ISA*00*...~"
    restored = open_workspace(empty)
    try:
        assert audit_store.verify_chain(restored.store) is None
        assert audit_store.entries(restored.store)[0].action == "restore"
    finally:
        restored.close()


def test_restore_over_existing_data_asks_and_backs_up_first(
    demo_workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = demo_workspace.folder
    info = make_backup(folder, tmp_path / "b.oabackup", passphrase=PASSPHRASE)
    with demo_workspace.store.write() as db:
        db.table("payers").insert({"name": "ADDED AFTER THE BACKUP"})
    demo_workspace.close()
    with pytest.raises(KnownError, match="already holds data"):
        restore_backup(info.path, folder, passphrase=PASSPHRASE)
    assert main(["--data-dir", str(folder.root), "restore", str(info.path)]) == 2
    assert "Nothing was restored" in capsys.readouterr().err
    result = restore_backup(info.path, folder, replace=True, passphrase=PASSPHRASE)
    assert result.safety_backup is not None and result.kept_damaged is None
    safety = verify_backup(result.safety_backup)
    assert safety.claims == info.claims == 300
    again = open_workspace(folder.root)
    try:
        names = [r[0] for r in again.store.read.execute("SELECT name FROM payers")]
        assert "ADDED AFTER THE BACKUP" not in names
    finally:
        again.close()


def _post_continuously(root: Path, stop: threading.Event, posted: list[int]) -> None:
    workspace = open_workspace(root)
    try:
        claim_ids = [r[0] for r in workspace.store.read.execute("SELECT id FROM claims LIMIT 50")]
        n = 0
        while not stop.is_set():
            claim_id = claim_ids[n % len(claim_ids)]
            with workspace.store.write() as db:  # one posting: payment and adjustment
                claims.add_ledger_entry(db, claim_id, "payment", Decimal("1.00"), at="2026-11-02")
                claims.add_ledger_entry(db, claim_id, "adjustment", Decimal("0.50"),
                                        at="2026-11-02")
            n += 1
        posted.append(n)
    finally:
        workspace.close()


def test_backup_while_posting_is_consistent(demo_workspace: Workspace, tmp_path: Path) -> None:
    root = demo_workspace.folder.root
    stop = threading.Event()
    posted: list[int] = []
    worker = threading.Thread(target=_post_continuously, args=(root, stop, posted))
    worker.start()
    try:
        infos = [make_backup(demo_workspace.folder, tmp_path / f"b{i}.oabackup",
                             passphrase=PASSPHRASE) for i in range(3)]
    finally:
        stop.set()
        worker.join()
    assert posted[0] > 0
    for info in infos:
        restored = tmp_path / f"r-{info.path.stem}"
        restore_backup(info.path, DataFolder(restored), passphrase=PASSPHRASE)
        sums = dict(_ledger_sums(restored))
        # every posting is whole: payments added = 2 × adjustments added, from the demo's base
        base = dict(_ledger_sums(root))
        extra_payment = sums["payment"] - (base["payment"] - posted[0] * 100)
        extra_adjustment = sums["adjustment"] - (base["adjustment"] - posted[0] * 50)
        assert extra_payment == 2 * extra_adjustment
        workspace = open_workspace(restored)
        try:
            assert workspace.store.integrity_check() == "ok"
            assert claims.check_claim_caches(workspace.store) == []
            assert audit_store.verify_chain(workspace.store) is None
        finally:
            workspace.close()


def test_damaged_backup_is_refused(demo_workspace: Workspace, tmp_path: Path) -> None:
    folder = demo_workspace.folder
    info = make_backup(folder, folder.backups / "b.zip")  # a plain one (no passphrase set)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(info.path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "oa_desktop.sqlite3":
                data = data[:8192] + b"\x00" * 4096 + data[12288:]
            dst.writestr(item, data)
    with pytest.raises(BackupError, match="damaged"):
        verify_backup(broken)
    with pytest.raises(BackupError, match="not an OA Desktop backup"):
        verify_backup(Path(__file__))
    target = DataFolder(tmp_path / "empty")
    with pytest.raises(BackupError):
        restore_backup(broken, target)
    assert not target.database.exists()


def test_disk_full_during_backup_keeps_old_backups(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_workspace.folder
    first = automatic_backup(folder, demo_workspace.store, force=True)
    assert first is not None

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_service, "verify_backup", full)
    with pytest.raises(BackupError, match="not enough free disk space"):
        automatic_backup(folder, demo_workspace.store, force=True)
    assert [b.path for b in list_backups(folder)] == [first.path]
    assert not list(folder.backups.glob("*.part"))


def test_daily_backup_only_when_changed_and_keeps_the_last_n(demo_workspace: Workspace) -> None:
    folder, store = demo_workspace.folder, demo_workspace.store
    backup_service.KEEP.set(store, 2)
    assert automatic_backup(folder, store) is not None  # never backed up: due
    assert automatic_backup(folder, store) is None  # made today
    made = [automatic_backup(folder, store, force=True) for _ in range(3)]
    assert all(made)
    autos = sorted(folder.backups.glob("auto-*.zip"))
    assert len(autos) == 2
    for i, path in enumerate(autos):  # distinct names even within one second
        os.utime(path, (1000 + i, 1000 + i))
    (folder.backups / "auto-x.zip.part").write_bytes(b"half")
    prune(folder, 1)
    assert [p.name for p in folder.backups.glob("auto-*")] == [autos[-1].name]
