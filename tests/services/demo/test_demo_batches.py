"""The demo's batches are real: each one's 837P was built by the normal builder and kept in
the archive like a real sending, so the Batches page can show and open it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from oa_desktop.services.demo.practice import seed_demo
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import batches
from oa_desktop.x12.parse import parse_bytes


def test_every_demo_batch_keeps_its_837_in_the_archive(demo_workspace: Workspace) -> None:
    store, root = demo_workspace.store, demo_workspace.folder.root
    made = batches.list_batches(store)
    assert len(made) > 100
    for batch in made:
        assert batch.file_name and batch.local_path.startswith("archive/inbound/"), batch.name
        data = (root / batch.local_path).read_bytes()
        row = store.read.execute("SELECT file_sha256 FROM batches WHERE id = ?",
                                 [batch.id]).fetchone()
        assert row[0] == hashlib.sha256(data).hexdigest()
        text = data.decode("ascii")
        assert f"*{batch.interchange_control_number:09d}*" in text[:120]  # ISA13
        pcns = store.read.execute("SELECT pcn FROM batch_claims WHERE batch_id = ?",
                                  [batch.id]).fetchall()
        assert all(f"CLM*{pcn}*" in text for (pcn,) in pcns)
    parse_bytes((root / made[0].local_path).read_bytes())  # a file the app itself can read


def test_the_demo_files_are_the_same_every_time(demo_template: Path, tmp_path: Path) -> None:
    from tests.conftest import DEMO_DAY

    again = tmp_path / "again"
    workspace = open_workspace(again)
    try:
        seed_demo(workspace.store, today=DEMO_DAY)
    finally:
        workspace.close()
    first = sorted((demo_template / "archive" / "inbound").iterdir())
    second = sorted((again / "archive" / "inbound").iterdir())
    assert [p.name for p in first] == [p.name for p in second] and first
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    shutil.rmtree(again)


def test_demo_batches_carry_the_answers_their_claims_had(demo_workspace: Workspace) -> None:
    from oa_desktop.services.office_ally import alerts

    store = demo_workspace.store
    made = batches.list_batches(store)
    accepted = [b for b in made if b.status == "accepted"]
    assert accepted and all(b.ack_status == "A" and b.ack_at for b in accepted)
    assert any(b.first_277_at for b in accepted)
    assert alerts.current_alerts(store) == []  # the made-up history is not watched
