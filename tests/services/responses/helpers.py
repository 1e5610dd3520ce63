"""Put a file in a workspace's archive as if downloaded, and make claims that were sent."""

from __future__ import annotations

import shutil
from pathlib import Path

from oa_desktop.domain.status import EventKind
from oa_desktop.gateway.classify import classify
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, files
from oa_desktop.store.files import ReceivedFile
from tests.store.factories import make_claim


def receive(workspace: Workspace, name: str, data: bytes) -> ReceivedFile:
    """Record ``data`` as a downloaded file named ``name``."""
    folder = workspace.folder.archive / "outbound"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    file_id = files.record_received(
        workspace.store, remote_name=name, size=len(data), mtime=0, sha256=name,
        local_path=(folder / name).relative_to(workspace.folder.root).as_posix(),
        kind=classify(name, data[:4096]).value, downloaded_at="2026-11-02T10:00:00+00:00",
    )
    return next(f for f in files.list_received(workspace.store) if f.id == file_id)


def receive_path(workspace: Workspace, path: Path) -> ReceivedFile:
    """A corpus file, received under its own name."""
    copy = workspace.folder.root / "incoming" / path.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(path, copy)
    return receive(workspace, path.name, copy.read_bytes())


def sent_batch(workspace: Workspace, pcns: list[str], *, group: int | None = None,
               st02: str | None = None, file_name: str = "") -> batches.Batch:
    """A sent batch holding one claim per CLM01 (control numbers as given)."""
    store = workspace.store
    made = []
    for pcn in pcns:
        claim = make_claim(store, last=f"P{len(made)}", member_id=f"M{len(made)}")
        assert claim.id is not None
        with store.write() as db:
            db.execute("UPDATE claims SET pcn = ? WHERE id = ?", [pcn.upper(), claim.id])
        claims.add_event(store, claim.id, EventKind.MARKED_READY)
        made.append(batches.BatchClaim(claim.id, pcn.upper(), claim.charge_amount))
    batch = batches.create_batch(store, made)
    fields: dict[str, object] = {"file_name": file_name or f"{batch.name}.txt"}
    if group is not None:
        fields["group_control_number"] = group
    if st02 is not None:
        fields["transaction_control_number"] = st02
    with store.write() as db:
        db.table("batches").update(batch.id, fields)
    submit.record_sent(store, batches.get_batch(store, batch.id))
    return batches.get_batch(store, batch.id)
