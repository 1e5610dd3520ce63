import pytest

from oa_desktop.store import claims
from oa_desktop.store.db import DiskFullError, Store


def _payers(store: Store) -> int:
    return int(store.read.execute("SELECT COUNT(*) FROM payers").fetchone()[0])


def test_disk_full_rolls_back_and_keeps_reading(store: Store) -> None:
    with store.write() as db:
        db.table("payers").insert({"name": "Before"})
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(DiskFullError) as caught, store.write() as db:
        db.table("payers").insert_all({"name": "P" * 500} for _ in range(2000))
    assert "disk is full" in caught.value.message
    assert "Free some space" in caught.value.next_step
    assert not store.db.conn.in_transaction
    assert _payers(store) == 1  # nothing half-saved
    assert store.integrity_check() == "ok"
    assert claims.posted_payments_total(store) == 0  # reading goes on
    store.db.execute("PRAGMA max_page_count = 1073741823")
    with store.write() as db:  # and writing works again once there is room
        db.table("payers").insert({"name": "After"})
    assert _payers(store) == 2
