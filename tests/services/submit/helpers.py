"""Builders for submission tests: more ready claims, waiting for the sandbox's answers."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from oa_desktop.domain.status import EventKind
from oa_desktop.sandbox.responder import SandboxLayout
from oa_desktop.services.demo.practice import start_demo_sandbox
from oa_desktop.services.office_ally import connection
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.submit.batches import BatchOutcome, sendable_claim_ids
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims


def ready_claims(workspace: Workspace, count: int) -> list[int]:
    """At least ``count`` sendable claims: the demo's ready ones, then copies of them."""
    store = workspace.store
    ids = sendable_claim_ids(store)
    templates = list(ids)
    n = 0
    while len(ids) < count:
        template = claims.get_claim(store, templates[n % len(templates)])
        copy = replace(template, id=None, patient_control_number=claims.new_pcn(store),
                       status="draft", lines=[replace(line, id=None) for line in template.lines])
        claim_id = claims.save_claim(store, copy)
        claims.add_event(store, claim_id, EventKind.MARKED_READY, text="Scrub passed")
        ids.append(claim_id)
        n += 1
    return ids[:count]


def wait_for_answers(root: Path, names: list[str], timeout: float = 60.0) -> None:
    """Wait until the sandbox picked up every upload and wrote all its answers.

    The sandbox answers an upload with its 999, then either the error report (a rejected
    file) or the File Summary and the 277CA, in that order: the last one ends the wait.
    ``timeout`` only guards against a sandbox that never answers.
    """
    layout = SandboxLayout(root / "sandbox")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outbound = {p.name for p in layout.outbound.iterdir()}
        if all(_answered(layout, name, outbound) for name in names):
            return
        time.sleep(0.05)
    raise AssertionError(f"the sandbox did not answer {names}")


def _answered(layout: SandboxLayout, name: str, outbound: set[str]) -> bool:
    picked = [p.name for p in layout.picked_up.iterdir() if p.name.endswith("_" + name)]
    if not picked:
        return False
    file_id = picked[0].removesuffix("_" + name)
    has_999 = any(o.startswith(f"{file_id}_999_") for o in outbound)
    last = (f"FS_HCFA_{file_id}_ErrorReport.txt" in outbound
            or any(o.startswith(f"{file_id}_277CA_") for o in outbound))
    return has_999 and last


def send_and_answer(workspace: Workspace, count: int) -> tuple[list[int], BatchOutcome]:
    """Send ``count`` ready claims in one batch to the demo's sandbox, wait for its 999 and
    277CA, and sync them in: the claims and the batch's outcome."""
    root = workspace.folder.root
    sandbox = start_demo_sandbox(root, respond_after=0.2)
    try:
        ids = ready_claims(workspace, count)
        (outcome,) = submit.submit(workspace, ids, test_mode=True).outcomes
        wait_for_answers(root, [outcome.batch.file_name])
        connection.sync(workspace)
    finally:
        sandbox.stop()
    return ids, outcome
