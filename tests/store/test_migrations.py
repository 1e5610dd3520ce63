import os
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from oa_desktop.errors import DatabaseError, DataFolderError
from oa_desktop.paths import DataFolder
from oa_desktop.store import migrations
from oa_desktop.store.db import Store
from oa_desktop.store.migrations import MIGRATIONS


def _add_column(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE payers ADD COLUMN notes TEXT NOT NULL DEFAULT ''")


def _fails_half_way(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE payers ADD COLUMN half TEXT")
    db.execute("UPDATE payers SET name = 'CHANGED'")
    raise RuntimeError("disk said no")


def _payer(store: Store) -> None:
    with store.write() as db:
        db.execute("INSERT INTO payers (name) VALUES ('Aetna')")


def test_new_database_is_at_latest(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite3")
    assert store.schema_version == migrations.LATEST
    assert store.read.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.read.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_schema_n_opens_under_n_plus_one(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    store = Store(path)
    _payer(store)
    store.close()
    upgraded = Store(path, migrations=(*MIGRATIONS, _add_column))
    assert upgraded.schema_version == len(MIGRATIONS) + 1
    rows = list(upgraded.read.table("payers").rows)
    assert rows[0]["name"] == "Aetna" and rows[0]["notes"] == ""
    backups = list((tmp_path / "backups").glob("before-schema-*.sqlite3"))
    assert len(backups) == 1
    upgraded.close()


def test_failed_migration_leaves_old_schema_and_data(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    store = Store(path)
    _payer(store)
    store.close()
    with pytest.raises(DatabaseError, match="Your data was left as it was"):
        Store(path, migrations=(*MIGRATIONS, _fails_half_way))
    again = Store(path)
    assert again.schema_version == len(MIGRATIONS)
    assert "half" not in again.read.table("payers").columns_dict
    assert [r["name"] for r in again.read.table("payers").rows] == ["Aetna"]
    again.close()


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    store = Store(path)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of OA Desktop"):
        Store(path)
    assert path.read_bytes() == before


def test_corrupt_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 200)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="damaged") as info:
        Store(path)
    assert "backup" in info.value.next_step
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_is_explained(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(DataFolderError, match="cannot be used"):
            DataFolder(locked / "data").prepare()
    finally:
        locked.chmod(0o700)


def test_unwritable_folder_is_explained_even_as_root(tmp_path: Path) -> None:
    # A path under a regular file can never be a folder, whoever we are.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataFolderError) as info:
        DataFolder(blocker / "data").prepare()
    assert "Choose a folder you can write to" in info.value.next_step
    assert blocker.read_text() == "x"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_is_private(tmp_path: Path) -> None:
    folder = DataFolder(tmp_path / "data").prepare()
    store = Store(folder.database)
    assert folder.root.stat().st_mode & 0o777 == 0o700
    assert folder.database.stat().st_mode & 0o777 == 0o600
    store.close()


def test_schema_20_sets_aside_payments_decided_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    old = Store(path, migrations=MIGRATIONS[:19])
    with old.write() as db:
        db.execute("INSERT INTO remittances (id, source_name, source_sha256, amount_cents, "
                   "status, imported_at) VALUES (1, 'b.835', 'x', 100, 'partly_posted', 't')")
        for rc_id, state in ((1, "posted"), (2, "unposted")):
            db.execute("INSERT INTO remittance_claims (id, remittance_id, seq, pcn, "
                       "status_code, charge_cents, paid_cents, post_state) VALUES "
                       "(?, 1, ?, 'C1', '1', 100, 50, ?)", [rc_id, rc_id, state])
        db.execute("INSERT INTO claim_payment_decisions VALUES (2, 'duplicate', 1, 't', '')")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute("UPDATE remittance_claims SET post_state = 'duplicate' WHERE id = 2")
    old.close()
    store = Store(path)
    assert store.schema_version == migrations.LATEST >= 20
    read = store.read
    assert [r[0] for r in read.execute(
        "SELECT post_state FROM remittance_claims ORDER BY id")] == ["posted", "duplicate"]
    assert read.execute("SELECT status FROM remittances").fetchone()[0] == "posted"
    assert read.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), store.write() as db:
        db.execute("UPDATE remittance_claims SET post_state = 'lost' WHERE id = 2")
    store.close()
