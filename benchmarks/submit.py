"""Submit 5,000 claims to the in-process sandbox: scrub, build, upload, record.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/submit.py   (goal: ≤ 10 s)
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oa_desktop.domain.status import EventKind  # noqa: E402
from oa_desktop.services.demo.practice import seed_demo, start_demo_sandbox  # noqa: E402
from oa_desktop.services.submit import batches as submit  # noqa: E402
from oa_desktop.services.workspace import open_workspace  # noqa: E402
from oa_desktop.store import claims, settings  # noqa: E402

COUNT = 5000


def make_ready(workspace, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    store = workspace.store
    templates = submit.sendable_claim_ids(store)
    ids = list(templates)
    with store.write():
        n = 0
        while len(ids) < count:
            template = claims.get_claim(store, templates[n % len(templates)])
            copy = replace(template, id=None, patient_control_number=claims.new_pcn(store),
                           lines=[replace(line, id=None) for line in template.lines])
            claim_id = claims.save_claim(store, copy)
            claims.add_event(store, claim_id, EventKind.MARKED_READY)
            ids.append(claim_id)
            n += 1
    return ids[:count]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        workspace = open_workspace(root)
        seed_demo(workspace.store)
        workspace.close()
        sandbox = start_demo_sandbox(root, respond_after=3600)
        workspace = open_workspace(root)
        try:
            settings.BATCH_CLAIM_CAP.set(workspace.store, 5000)
            ids = make_ready(workspace, COUNT)
            start = time.perf_counter()
            result = submit.submit(workspace, ids, test_mode=True)
            took = time.perf_counter() - start
            assert result.sent_claims == COUNT, result.summary
            print(f"submit {COUNT} claims (scrub, build, upload, record): {took:.2f} s "
                  f"[goal ≤ 10 s] in {len(result.outcomes)} file(s)")
            settings.BATCH_CLAIM_CAP.set(workspace.store, 500)
        finally:
            workspace.close()
            sandbox.stop()


if __name__ == "__main__":
    main()
