"""Fill a data folder with many claims, then time the claims list: open, search, sort.

    python benchmarks/claims_list.py --claims 100000 [--data-dir DIR]

Prints one line: ``open_ms=… search_ms=… sort_ms=…`` (target: each under 300 ms).
Opening means what the window does: run the list's SQL for the id list and load the
first page of rows. Run by hand; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oa_desktop.store.claims_list import ClaimColumn, ClaimQuery, claim_ids, claim_rows  # noqa: E402
from oa_desktop.store.db import Store  # noqa: E402

STATUSES = ("draft", "ready", "submitted", "accepted_by_clearinghouse", "rejected",
            "accepted_by_payer", "paid", "partially_paid", "denied", "closed")
LAST = ("SMITH", "JOHNSON", "GARCIA", "NGUYEN", "PATEL", "BROWN", "MARTINEZ", "DAVIS", "LOPEZ",
        "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "LEE", "HARRIS", "CLARK")
FIRST = ("LIAM", "NOAH", "EMMA", "OLIVIA", "MATEO", "AVA", "JAMES", "MARY", "ROBERT", "LINDA")


def fill(store: Store, count: int, seed: int = 7) -> None:
    """Bulk-insert patients, payers, coverages and ``count`` claims with their lines."""
    rng = random.Random(seed)
    patients = max(1, count // 20)
    today = date(2026, 11, 1)
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    with store.write() as db:
        db.table("payers").insert_all(
            {"id": i + 1, "name": f"PAYER {i:02d}",
             "payer_ids": json.dumps({"837P": f"P{i:04d}"})}
            for i in range(40)
        )
        db.table("patients").insert_all(
            {"id": i + 1, "last_name": f"{rng.choice(LAST)}{i % 97}",
             "first_name": rng.choice(FIRST)}
            for i in range(patients)
        )
        db.table("coverages").insert_all(
            {"id": i + 1, "patient_id": i + 1, "payer_id": rng.randrange(1, 41), "rank": 1,
             "member_id": f"M{rng.randrange(10**8, 10**9)}"}
            for i in range(patients)
        )
        rows = []
        for n in range(count):
            patient = rng.randrange(1, patients + 1)
            day = today - timedelta(days=rng.randrange(365))
            charge = rng.randrange(5000, 150000)
            rows.append({
                "id": n + 1, "pcn": f"C{n + 1:07d}", "patient_id": patient, "coverage_id": patient,
                "diagnoses": '["F840"]', "charge_cents": charge, "first_date": day.isoformat(),
                "last_date": day.isoformat(), "status": rng.choice(STATUSES),
                "last_event_at": (day + timedelta(days=3)).isoformat(),
                "last_event_text": "Claim created",
                "balance_cents": charge // rng.choice((1, 2, 5)),
                "created_at": now, "updated_at": now,
            })
        db.table("claims").insert_all(rows, batch_size=5000)
        db.table("service_lines").insert_all(
            ({"claim_id": r["id"], "line_number": 1, "service_date": r["first_date"],
              "procedure_code": "97153", "charge_cents": r["charge_cents"]} for r in rows),
            batch_size=5000,
        )


def timed(fn: object) -> float:
    """Milliseconds for one call of ``fn``, best of three."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--data-dir", help="folder to fill (default: a temporary folder)")
    args = parser.parse_args()
    root = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="oa-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    path = root / "oa_desktop.sqlite3"
    if path.exists():
        os.remove(path)
    store = Store(path)
    start = time.perf_counter()
    fill(store, args.claims)
    fill_s = time.perf_counter() - start

    def open_list(query: ClaimQuery | None = None) -> None:
        ids = claim_ids(store, query or ClaimQuery())
        claim_rows(store, ids[:200])

    open_ms = timed(open_list)
    search_ms = timed(lambda: open_list(ClaimQuery(search="smith")))
    sort_ms = timed(lambda: open_list(ClaimQuery(sort=ClaimColumn.PATIENT, descending=False)))
    print(f"# {args.claims:,} claims in {root} (filled in {fill_s:.1f} s)")
    print(f"open_ms={open_ms:.0f} search_ms={search_ms:.0f} sort_ms={sort_ms:.0f}")
    store.close()


if __name__ == "__main__":
    main()
