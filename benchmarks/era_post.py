"""ERA posting benchmark: a 5,000-claim 835 (shared/bench/gen_x12.py) against a data folder
holding the matching claims. Targets: import + match + post ≤ 3 s; ERA detail opens in
≤ 300 ms.

    QT_QPA_PLATFORM=offscreen python benchmarks/era_post.py [--claims 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oa_desktop.domain.money import to_cents  # noqa: E402
from oa_desktop.services.demo.practice import seed_demo  # noqa: E402
from oa_desktop.services.era import importing as ingest_835  # noqa: E402
from oa_desktop.services.era import posting  # noqa: E402
from oa_desktop.services.workspace import Workspace, open_workspace  # noqa: E402
from oa_desktop.x12.model_835 import Remittance835  # noqa: E402
from oa_desktop.x12.parse import parse_bytes  # noqa: E402

GEN = ROOT.parent / "shared" / "bench" / "gen_x12.py"


def make_claims(workspace: Workspace, era: bytes) -> int:
    """One claim of ours per CLP01 (lines with the REF*6R control numbers)."""
    db_read = workspace.store.read
    patient_id, coverage_id = db_read.execute(
        "SELECT patient_id, id FROM coverages ORDER BY id LIMIT 1").fetchone()
    seen: dict[str, list[tuple[str, str, int]]] = {}
    for item in parse_bytes(era).transactions:
        assert isinstance(item, Remittance835)
        for claim in item.claims:
            if claim.patient_control_number in seen:
                continue
            seen[claim.patient_control_number] = [
                (ln.procedure, ln.control_number, abs(to_cents(ln.charge))) for ln in claim.lines]
    now = "2026-11-01T12:00:00+00:00"
    with workspace.store.write() as db:
        first = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM claims").fetchone()[0]) + 1
        rows, lines, events = [], [], []
        for n, (pcn, claim_lines) in enumerate(seen.items()):
            claim_id = first + n
            charge = sum(c for _, _, c in claim_lines)
            rows.append((claim_id, pcn, patient_id, coverage_id, charge, charge, now, now))
            lines += [(claim_id, i + 1, "2026-10-01", code, charge_cents, control)
                      for i, (code, control, charge_cents) in enumerate(claim_lines)]
            events += [(claim_id, "created", "draft", now),
                       (claim_id, "marked_ready", "ready", now),
                       (claim_id, "submitted", "submitted", now),
                       (claim_id, "payer_acknowledged", "accepted_by_payer", now)]
        db.conn.executemany(
            "INSERT INTO claims (id, pcn, patient_id, coverage_id, charge_cents, balance_cents, "
            "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'accepted_by_payer', ?, ?)",
            rows)
        db.conn.executemany(
            "INSERT INTO service_lines (claim_id, line_number, service_date, procedure_code, "
            "charge_cents, control_number) VALUES (?, ?, ?, ?, ?, ?)", lines)
        db.conn.executemany(
            "INSERT INTO claim_events (claim_id, kind, status_after, at) VALUES (?, ?, ?, ?)",
            events)
    return len(seen)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=5000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="era-bench-"))
    era_path = tmp / "era.835"
    subprocess.run([sys.executable, str(GEN), "835", "--claims", str(args.claims), "--out",
                    str(era_path)], check=True)
    workspace = open_workspace(tmp / "data")
    seed_demo(workspace.store, today=date(2026, 11, 2))
    made = make_claims(workspace, era_path.read_bytes())

    start = time.perf_counter()
    result = ingest_835.import_era_file(workspace, era_path)
    imported = time.perf_counter()
    if os.environ.get("ERA_PROFILE"):
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    posted, skipped = posting.post_all(workspace.store)
    if os.environ.get("ERA_PROFILE"):
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    done = time.perf_counter()

    from PySide6.QtWidgets import QApplication

    from oa_desktop.ui.era.detail_view import EraDetailView

    app = QApplication.instance() or QApplication([])
    view = EraDetailView(workspace)
    view.resize(1300, 700)
    view.show()
    app.processEvents()
    rid = max(result.remittance_ids,
              key=lambda r: len(ingest_835.remittances.remittance_claims(workspace.store, r)))
    opened = time.perf_counter()
    view.show_era(rid)
    app.processEvents()
    open_ms = (time.perf_counter() - opened) * 1000
    figures = {
        "claims_in_era": args.claims, "our_claims": made,
        "remittances": len(result.remittance_ids), "posted": len(posted),
        "skipped": len(skipped), "unmatched_claims": result.unmatched_claims,
        "import_and_match_s": round(imported - start, 3),
        "post_s": round(done - imported, 3),
        "import_match_post_s": round(done - start, 3),
        "detail_open_ms": round(open_ms, 1),
        "integrity": workspace.store.integrity_check(),
    }
    print(json.dumps(figures, indent=2))
    view.close()
    workspace.close()
    ok = figures["import_match_post_s"] <= 3.0 and open_ms <= 300
    print("PASS" if ok else "SLOWER THAN THE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
