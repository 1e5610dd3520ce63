"""Make ERAs for the demo practice's own claims with the Office Ally sandbox's responder."""

from __future__ import annotations

import time
from pathlib import Path

from oa_desktop.domain.status import EventKind
from oa_desktop.sandbox.responder import Responder, SandboxLayout
from oa_desktop.services.claim_bundles import export_837, ready_claim_ids
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims


def sandbox_eras(workspace: Workspace, tmp: Path, seed: int = 7) -> list[tuple[str, bytes]]:
    """Send every ready demo claim to the sandbox and return the ERA zips it answers with."""
    ids = ready_claim_ids(workspace.store)
    text, _ = export_837(workspace.store, ids)
    for claim_id in ids:
        claims.add_event(workspace.store, claim_id, EventKind.SUBMITTED, text="Sent (test)")
    layout = SandboxLayout(tmp / f"oa{seed}").prepare()
    (layout.inbound / "batch.837").write_text(text)
    Responder(layout, seed=seed, respond_after=0).poll(time.monotonic())
    found = [(p.name.split("__")[-1], p.read_bytes())
             for p in [*layout.outbound.iterdir(), *layout.scheduled.iterdir()]]
    return sorted((n, b) for n, b in found if "_ERA_STATUS_" in n and n.endswith(".zip"))
