"""Time a 10,000-session import and authorization usage for a patient with 1,000 claims.

    python benchmarks/sessions_auth.py [--sessions 10000] [--claims 1000]

Prints ``preview_s=… commit_s=… claims=…`` and ``usage_ms=…``. Targets (issue 19): the
import, preview and commit together, in at most 5 s; usage in at most 100 ms. Run by
hand; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oa_desktop.domain.models import Claim, ServiceLine  # noqa: E402
from oa_desktop.services.auth.usage import patient_usage  # noqa: E402
from oa_desktop.services.sessions import importing  # noqa: E402
from oa_desktop.store import claims  # noqa: E402
from oa_desktop.store.db import Store  # noqa: E402
from tests.services.sessions.helpers import practice, timesheet_rows, write_csv  # noqa: E402


def bench_import(work: Path, sessions: int) -> None:
    store = Store(work / "import.sqlite3")
    patients = 50
    practice(store, patients=patients)
    rows = timesheet_rows(sessions // patients, start=date(2026, 1, 5), patients=patients)
    path = write_csv(work / "timesheets.csv", rows)
    start = time.perf_counter()
    checked = importing.preview(store, path)
    preview_s = time.perf_counter() - start
    start = time.perf_counter()
    result = importing.commit(store, checked)
    commit_s = time.perf_counter() - start
    print(f"# {len(rows):,} sessions, {patients} patients")
    print(f"preview_s={preview_s:.2f} commit_s={commit_s:.2f} total_s={preview_s + commit_s:.2f} "
          f"claims={result.claims}")
    store.close()


def bench_usage(work: Path, count: int) -> None:
    store = Store(work / "usage.sqlite3")
    ids = practice(store)
    day = date(2026, 10, 1)
    with store.write() as db:
        for n in range(count):
            claim = Claim(ids.patient_ids[0], ids.coverage_ids[0], claims.next_pcn(db), ["F840"],
                          lines=[ServiceLine(day + timedelta(days=n % 180), "97153",
                                             Decimal("80"), Decimal("4"))])
            claims.save_claim(store, claim)
    patient_usage(store, ids.patient_ids[0])  # warm the reader
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        patient_usage(store, ids.patient_ids[0])
        runs.append(time.perf_counter() - start)
    print(f"# usage of a patient with {count:,} claims (best of 5)")
    print(f"usage_ms={min(runs) * 1000:.1f}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=1_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="oa-bench-"))
    bench_import(work, args.sessions)
    bench_usage(work, args.claims)


if __name__ == "__main__":
    main()
