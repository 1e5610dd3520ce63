"""A process killed at random points while posting ERAs leaves every remittance either
fully posted or not posted at all (a real SIGKILL; ``ERA_KILL_RUNS=50`` by hand)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oa_desktop.services import ingest_835
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import audit as audit_store
from oa_desktop.store import claims, remittances
from tests.services.test_era_posting import assert_consistent, sandbox_files  # noqa: F401

WORKER = """
import sys
from pathlib import Path
from oa_desktop.services import posting
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import remittances
w = open_workspace(Path(sys.argv[1]))
print("ready", flush=True)
while True:
    for s in remittances.list_remittances(w.store):
        if s.status in ("posted", "partly_posted"):
            posting.undo(w.store, s.id)
        else:
            posting.post(w.store, s.id)
"""

RUNS = int(os.environ.get("ERA_KILL_RUNS", "10"))


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_while_posting_leaves_each_remittance_all_or_nothing(
    sandbox_files: tuple[Path, list[Path]], tmp_path: Path  # noqa: F811
) -> None:
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(sandbox_files[0], root)
    workspace = open_workspace(root)
    for path in sandbox_files[1]:
        ingest_835.import_era_file(workspace, path)
    workspace.close()
    rng = random.Random(835)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    statuses: set[str] = set()
    for _ in range(RUNS):
        proc = subprocess.Popen([sys.executable, "-c", WORKER, str(root)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready", proc.stderr.read() if proc.stderr \
            else b""
        time.sleep(rng.uniform(0.01, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
        workspace = open_workspace(root)
        try:
            assert_consistent(workspace)  # integrity_check ok; ledger sums = ERA sums
            assert audit_store.verify_chain(workspace.store) is None
            assert claims.check_claim_caches(workspace.store) == []
            statuses |= {s.status for s in remittances.list_remittances(workspace.store)}
        finally:
            workspace.close()
    assert statuses >= {"posted"}
