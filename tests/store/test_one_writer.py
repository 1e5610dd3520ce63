"""Two connections writing one file wait for each other (BEGIN IMMEDIATE), and a claim
sits in at most one unsent batch (schema 13)."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.errors import InputError
from oa_desktop.store import batches
from oa_desktop.store.batches import BatchClaim
from oa_desktop.store.db import Store
from tests.store.factories import make_claim


def test_a_write_that_reads_first_waits_for_the_other_writer(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    window, command = Store(path), Store(path)
    try:
        with window.write() as db:
            db.execute("CREATE TABLE t (n INTEGER)")
        started, wrote = threading.Event(), threading.Event()
        errors: list[BaseException] = []

        def other_process() -> None:
            started.wait()
            try:
                with command.write() as db:
                    db.execute("INSERT INTO t VALUES (2)")
            except BaseException as exc:  # noqa: BLE001 - reported by the assert below
                errors.append(exc)
            wrote.set()

        thread = threading.Thread(target=other_process)
        thread.start()
        with window.write() as db:
            total = db.execute("SELECT COUNT(*) FROM t").fetchone()[0]  # reads first
            started.set()
            wrote.wait(0.5)  # a deferred BEGIN lets the other commit here
            db.execute("INSERT INTO t VALUES (?)", [total + 1])
        thread.join()
        assert errors == []
        assert sorted(r[0] for r in window.read.execute("SELECT n FROM t")) == [1, 2]
    finally:
        window.close()
        command.close()


def _batch_claim(store: Store) -> BatchClaim:
    claim = make_claim(store)
    assert claim.id is not None
    return BatchClaim(claim.id, claim.patient_control_number, Decimal("100.00"))


def test_a_claim_is_in_one_unsent_batch_at_most(store: Store) -> None:
    one = _batch_claim(store)
    first = batches.create_batch(store, [one])
    with pytest.raises(InputError, match="already in a batch waiting to be sent"):
        batches.create_batch(store, [one, _batch_claim(store)])
    assert batches.batch_status_counts(store) == {"built": 1}
    batches.fail_batch(store, first.id, "no network")
    with pytest.raises(InputError):
        batches.create_batch(store, [one])
    batches.mark_batch(store, first.id, "sent")
    again = batches.create_batch(store, [one])  # resent after the first went out
    assert batches.batch_claim_ids(store, again.id) == [one.claim_id]
