"""Encrypted backups: nothing readable at the destination, ever (also when killed or when
the disk fills up); restore with the passphrase, a plain refusal without it or when the
file was changed; old plaintext backups encrypted on request."""

from __future__ import annotations

import errno
import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.paths import DataFolder
from oa_desktop.services.safety import backup as backup_service
from oa_desktop.services.safety import backup_crypto, backup_passphrase
from oa_desktop.services.safety.backup import (
    PassphraseNeededError,
    automatic_backup,
    list_backups,
    make_backup,
    verify_backup,
)
from oa_desktop.services.safety.backup_crypto import BackupError, WrongPassphraseError
from oa_desktop.services.safety.reencrypt import encrypt_old_backups, plaintext_backups
from oa_desktop.services.safety.restore import restore_backup
from oa_desktop.services.workspace import Workspace, open_workspace
from tests.services.safety.conftest import PASSPHRASE

REPO = Path(__file__).resolve().parents[3]
PLAIN_SIGNS = (b"SQLite format 3", b"PK\x03\x04", b"CREATE TABLE")


def _patient_names(workspace: Workspace) -> list[bytes]:
    rows = workspace.store.read.execute(
        "SELECT DISTINCT last_name FROM patients WHERE length(last_name) >= 7 LIMIT 20")
    return [r[0].encode() for r in rows]


def assert_unreadable(directory: Path, names: list[bytes]) -> None:
    """No file under ``directory`` shows a database, a zip, or a patient's name."""
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for sign in [*PLAIN_SIGNS, *names]:
                assert sign not in data, (path.name, sign)


def _folder_has(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_round_trip_on_a_new_computer_and_a_wrong_passphrase(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    names = _patient_names(demo_workspace)
    usb = tmp_path / "usb"
    info = make_backup(demo_workspace.folder, usb / "copy.oabackup", passphrase=PASSPHRASE)
    assert info.encrypted and info.claims == 300
    assert_unreadable(usb, names)
    assert [p.name for p in usb.iterdir()] == ["copy.oabackup"]
    new = DataFolder(tmp_path / "new-computer")
    with pytest.raises(PassphraseNeededError):
        restore_backup(info.path, new)
    with pytest.raises(WrongPassphraseError, match="does not open this backup"):
        restore_backup(info.path, new, passphrase="not-the-passphrase")
    assert not new.database.exists()
    result = restore_backup(info.path, new, passphrase=PASSPHRASE)
    assert result.restored.claims == 300
    assert backup_passphrase.load(new) == PASSPHRASE  # its next backups use it too
    restored = open_workspace(new.root)
    try:
        assert restored.store.integrity_check() == "ok"
        assert restored.store.read.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 300
    finally:
        restored.close()


def test_a_wrong_passphrase_over_existing_data_changes_nothing(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    folder = demo_workspace.folder
    info = make_backup(folder, tmp_path / "b.oabackup", passphrase=PASSPHRASE)
    demo_workspace.close()
    before = (folder.database.read_bytes(), _folder_has(folder.root))
    with pytest.raises(WrongPassphraseError):
        restore_backup(info.path, folder, replace=True, passphrase="wrong passphrase!")
    assert (folder.database.read_bytes(), _folder_has(folder.root)) == before


@pytest.mark.parametrize("damage", ["flip", "cut", "cut-at-chunk", "facts"])
def test_a_damaged_encrypted_backup_is_refused(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.setattr(backup_crypto, "CHUNK", 64 * 1024)
    info = make_backup(demo_workspace.folder, tmp_path / "b.oabackup", passphrase=PASSPHRASE)
    data = bytearray(info.path.read_bytes())
    header_end = len(backup_crypto.MAGIC) + 4 + int.from_bytes(
        data[len(backup_crypto.MAGIC):len(backup_crypto.MAGIC) + 4], "big")
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "cut":
        del data[len(data) - 100:]
    elif damage == "cut-at-chunk":
        del data[header_end + 4 + 64 * 1024 + 16:]  # exactly one whole chunk left
    else:
        data[:header_end] = data[:header_end].replace(b'"claims": 300', b'"claims": 301')
    broken = tmp_path / "broken.oabackup"
    broken.write_bytes(bytes(data))
    target = DataFolder(tmp_path / "target")
    with pytest.raises(BackupError, match="damaged") as caught:
        restore_backup(broken, target, passphrase=PASSPHRASE)
    assert "Nothing was changed" in caught.value.next_step
    assert caught.type is not WrongPassphraseError
    assert not target.database.exists()


KILLER = """
import os, signal, sys
from pathlib import Path
from oa_desktop.paths import DataFolder
from oa_desktop.services.safety import backup, backup_crypto
from oa_desktop.store import maintenance

root, out, step = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
backup_crypto.SCRYPT_N = 1 << 12
backup_crypto.CHUNK = 16 * 1024


def die():
    os.kill(os.getpid(), signal.SIGKILL)


if step == "snapshot":
    original = maintenance.snapshot
    def snapshot(database, target):
        original(database, target)
        die()
    maintenance.snapshot = snapshot
if step == "encrypting":
    original_encrypt = backup_crypto.encrypt_stream
    class Dying:
        def __init__(self, f):
            self.f, self.n = f, 0
        def write(self, data):
            self.n += 1
            written = self.f.write(data)
            if self.n == 5:
                self.f.flush()
                die()
            return written
    backup_crypto.encrypt_stream = lambda src, dest, key: original_encrypt(src, Dying(dest), key)
hooks = {"zipped": die} if step == "zipped" else {"encrypted": die} if step == "encrypted" else {}
backup.make_backup(DataFolder(root), out, passphrase="correct-horse-battery", hooks=hooks)
print("finished", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("step", ["snapshot", "zipped", "encrypting", "encrypted"])
def test_a_killed_backup_leaves_nothing_readable(
    demo_workspace: Workspace, tmp_path: Path, step: str
) -> None:
    names = _patient_names(demo_workspace)
    folder = demo_workspace.folder
    usb = tmp_path / "usb"
    out = usb / "copy.oabackup"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", KILLER, str(folder.root), str(out), step],
                          env=env, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert not out.exists()
    if usb.exists():
        assert_unreadable(usb, names)
    for leftover in [*usb.glob(".*"), *(folder.root / "tmp").glob("*")]:
        os.utime(leftover, (1000, 1000))  # long ago: no backup is running any more
    info = make_backup(folder, out, passphrase=PASSPHRASE)
    assert [p.name for p in usb.iterdir()] == ["copy.oabackup"]  # leftovers removed
    assert list((folder.root / "tmp").iterdir()) == []
    assert verify_backup(info.path, PASSPHRASE, tmp_path / "check").claims == 300


def test_disk_full_at_the_snapshot_is_a_plain_message(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(database: Path, target: Path) -> None:
        target.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_service.maintenance, "snapshot", full)
    folder = demo_workspace.folder
    with pytest.raises(BackupError) as caught:
        make_backup(folder, tmp_path / "usb" / "b.oabackup", passphrase=PASSPHRASE)
    message = caught.value.message
    assert message.startswith(f"There is not enough free disk space in {folder.root}")
    assert "MB are needed" in message or "KB are needed" in message
    assert list((folder.root / "tmp").iterdir()) == []
    assert list((tmp_path / "usb").iterdir()) == []
    assert not list(folder.backups.glob("*-journal"))


def test_disk_full_at_the_destination_names_it(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: object, dest: object, key: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_crypto, "encrypt_stream", full)
    usb = tmp_path / "usb"
    with pytest.raises(BackupError, match=f"not enough free disk space in {usb}"):
        make_backup(demo_workspace.folder, usb / "b.oabackup", passphrase=PASSPHRASE)
    assert list(usb.iterdir()) == []


def test_a_plain_copy_never_leaves_the_data_folder(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(BackupError, match="must be encrypted"):
        make_backup(demo_workspace.folder, tmp_path / "usb" / "b.zip")
    assert not (tmp_path / "usb").exists()


def test_daily_backups_are_encrypted_once_a_passphrase_is_set_and_old_ones_follow(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    folder, store = demo_workspace.folder, demo_workspace.store
    old = automatic_backup(folder, store, force=True)
    assert old is not None and not old.encrypted  # no passphrase yet: a plain one, inside
    assert plaintext_backups(folder) == [old.path]
    backup_passphrase.save(folder, PASSPHRASE)
    new = automatic_backup(folder, store, force=True)
    assert new is not None and new.encrypted and new.path.suffix == ".oabackup"
    result = encrypt_old_backups(folder, PASSPHRASE)
    assert result.skipped == [] and not old.path.exists()
    assert plaintext_backups(folder) == []
    assert all(b.encrypted for b in list_backups(folder)) and len(list_backups(folder)) == 2
    assert_unreadable(folder.backups, _patient_names(demo_workspace))
    assert verify_backup(result.encrypted[0], PASSPHRASE, tmp_path / "w").claims == 300


def test_cli_backup_needs_a_passphrase_and_restore_refuses_a_wrong_one(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = str(demo_workspace.folder.root)
    out = tmp_path / "usb" / "b.oabackup"
    assert main(["--data-dir", root, "backup", "--out", str(out)]) == 2
    assert "No backup passphrase is set" in capsys.readouterr().err
    backup_passphrase.save(demo_workspace.folder, PASSPHRASE)  # as Settings would
    assert main(["--data-dir", root, "backup", "--out", str(out)]) == 0
    new = tmp_path / "new"
    monkeypatch.setattr("sys.stdin", io.StringIO("guess-guess-guess\n"))
    assert main(["--data-dir", str(new), "restore", str(out), "--passphrase-stdin"]) == 2
    err = capsys.readouterr().err
    assert "does not open this backup" in err and "Traceback" not in err
    assert not (new / "oa_desktop.sqlite3").exists()


def test_the_backup_before_a_schema_upgrade_is_encrypted(tmp_path: Path) -> None:
    from oa_desktop.services.safety.backup import read_info
    from oa_desktop.store.db import Store
    from oa_desktop.store.migrations import MIGRATIONS

    folder = DataFolder(tmp_path / "data").prepare()
    older = Store(folder.database, MIGRATIONS[:-1])
    with older.write() as db:
        db.execute("INSERT INTO patients (last_name, first_name) VALUES ('WOLFESCHLEGEL', 'A')")
    older.close()
    backup_passphrase.save(folder, PASSPHRASE)
    open_workspace(folder.root).close()
    [made] = folder.backups.glob("before-schema-*")
    assert made.suffix == ".oabackup"
    assert read_info(made).schema_version == len(MIGRATIONS) - 1
    assert_unreadable(folder.backups, [b"WOLFESCHLEGEL"])
    assert verify_backup(made, PASSPHRASE, tmp_path / "w").schema_version == len(MIGRATIONS) - 1
