"""A kill at any point leaves the database consistent (a real SIGKILL, many times)."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oa_desktop.services.safety.backup import list_backups
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import claims

WORKER = """
import sys
from decimal import Decimal
from pathlib import Path
from oa_desktop.services.safety.backup import automatic_backup
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import claims
w = open_workspace(Path(sys.argv[1]))
ids = [r[0] for r in w.store.read.execute("SELECT id FROM claims LIMIT 40")]
print("ready", flush=True)
n = 0
while True:
    if n % 25 == 0:
        automatic_backup(w.folder, w.store, force=True)
    with w.store.write() as db:  # one posting: payment, adjustment, the event
        claims.add_ledger_entry(db, ids[n % 40], "payment", Decimal("2.00"), at="2026-11-02")
        claims.add_ledger_entry(db, ids[n % 40], "adjustment", Decimal("1.00"), at="2026-11-02")
    if n == 0:
        print("posted", flush=True)
    n += 1
"""


def _check(root: Path) -> tuple[int, int]:
    workspace: Workspace = open_workspace(root)
    try:
        store = workspace.store
        assert not store.read_only
        assert store.integrity_check() == "ok"
        assert claims.check_claim_caches(store) == []
        assert audit_store.verify_chain(store) is None
        payment, adjustment = store.read.execute(
            "SELECT SUM(CASE WHEN kind='payment' THEN amount_cents END), "
            "SUM(CASE WHEN kind='adjustment' THEN amount_cents END) FROM ledger"
        ).fetchone()
        list_backups(workspace.folder)  # every backup with its final name reads back
        return int(payment), int(adjustment)
    finally:
        workspace.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_at_random_points_leaves_the_database_consistent(demo_workspace: Workspace) -> None:
    root = demo_workspace.folder.root
    demo_workspace.close()
    base_payment, base_adjustment = _check(root)
    rng = random.Random(9)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    for round_ in range(6):
        child = subprocess.Popen([sys.executable, "-c", WORKER, str(root)],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        if round_ == 0:  # at least one round kills after a posting, however busy the machine
            assert child.stdout.readline().strip() == b"posted"
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        payment, adjustment = _check(root)
        # postings are whole: 2.00 paid for every 1.00 adjusted, never one without the other
        assert payment - base_payment == 2 * (adjustment - base_adjustment)
    assert payment > base_payment
