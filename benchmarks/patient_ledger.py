"""Time the patient account of a patient with many claims, and the month-end summary over
a practice with many claims (each with a payer payment, a contractual adjustment and a
patient share on the ledger).

    python benchmarks/patient_ledger.py --claims 100000 --patient-claims 2000

Prints ``fill_s=… account_ms=… entries=… account_screen_ms=… month_end_ms=… reconciles=…``
(``account_screen_ms``: the account screen built, filled and shown, offscreen). Targets (issue
18): the account of a 2,000-claim patient in ≤ 300 ms; the month-end over 100,000 claims
in ≤ 2 s. Run by hand; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_list import fill, timed  # noqa: E402

from oa_desktop.services.patients import actions  # noqa: E402
from oa_desktop.services.patients.account import patient_account  # noqa: E402
from oa_desktop.services.reports.month_end import month_end  # noqa: E402
from oa_desktop.store.db import Store, insert_many  # noqa: E402

LEDGER_COLUMNS = ("claim_id", "kind", "amount_cents", "group_code", "reason_code", "posted_at",
                  "posting_id")


def add_ledger(store: Store, patient_claims: int) -> None:
    """Give every claim an ERA's rows, and patient 1 the first ``patient_claims`` claims."""
    with store.write() as db:
        db.execute("INSERT INTO remittances (source_name, source_sha256, amount_cents, "
                   "imported_at) VALUES ('bench.835', 'x', 0, '2026-11-01T00:00:00+00:00')")
        db.execute("INSERT INTO postings (remittance_id, kind, at) VALUES (1, 'post', "
                   "'2026-11-01T00:00:00+00:00')")
        rows = []
        for claim_id, charge, day in db.execute(
                "SELECT id, charge_cents, first_date FROM claims").fetchall():
            paid, patient = charge * 6 // 10, charge // 10
            at = f"{day}T12:00:00+00:00"
            rows += [(claim_id, "payment", paid, "", "", at, 1),
                     (claim_id, "adjustment", charge - paid - patient, "CO", "45", at, 1),
                     (claim_id, "patient_responsibility", patient, "PR", "2", at, 1)]
        insert_many(db, "ledger", LEDGER_COLUMNS, rows)
        db.execute("UPDATE claims SET patient_id = 1 WHERE id <= ?", [patient_claims])
    for n in range(40):
        actions.take_payment(store, 1, Decimal("25.00"), "cash", on=date(2026, 11, 1 + n % 28))


def dialog_ms(store: Store) -> float:
    """The account screen opening (the account read, both tables filled, shown), offscreen."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from oa_desktop.ui.patients.account_dialog import PatientAccountDialog

    app = QApplication.instance() or QApplication([])

    def open_it() -> None:
        dialog = PatientAccountDialog(store, 1)
        dialog.show()
        app.processEvents()
        dialog.close()
        dialog.deleteLater()

    return timed(open_it)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--patient-claims", type=int, default=2_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="oa-bench-"))
    store = Store(root / "bench.sqlite3")
    start = time.perf_counter()
    fill(store, args.claims)
    add_ledger(store, args.patient_claims)
    fill_s = time.perf_counter() - start
    account = patient_account(store, 1)
    account_ms = timed(lambda: patient_account(store, 1))
    month = month_end(store, date(2026, 11, 1), date(2026, 11, 30))
    month_ms = timed(lambda: month_end(store, date(2026, 11, 1), date(2026, 11, 30)))
    print(f"# {args.claims:,} claims, patient 1 with {len(account.claims):,} claims, in {root}")
    screen_ms = dialog_ms(store)
    print(f"fill_s={fill_s:.1f} account_ms={account_ms:.0f} entries={len(account.entries):,} "
          f"account_screen_ms={screen_ms:.0f} month_end_ms={month_ms:.0f} "
          f"reconciles={month.reconciles}")
    store.close()


if __name__ == "__main__":
    main()
