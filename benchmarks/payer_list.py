"""Generate a realistic 11,000-row Office Ally payer list and time its import.

    python benchmarks/payer_list.py [--rows 11000] [--xlsx] [--keep FILE]

Prints ``rows=… payers=… read_and_store_s=…`` (target: under 2 s). The list has the
export's shape: one row per payer × transaction (every TRANSACTION kind), Yes/No flags,
about 25% Non-Par payers, every WC / AUTO value (Work Comp, Auto, Work Comp & Auto,
empty), an extra column, notes with quoted newlines and doubled quotes, and a few broken
rows (a flag that is not Yes/No, an empty payer ID), which the import names. The import
runs twice to show the re-import with practice payers linked. Run by hand; the tests
assert nothing about timing.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oa_desktop.domain.models import Payer  # noqa: E402
from oa_desktop.services.imports.payer_list import import_payer_list  # noqa: E402
from oa_desktop.store import records  # noqa: E402
from oa_desktop.store.db import Store  # noqa: E402

HEADER = ["PAYER NAME", "PAYER ID", "TRANSACTION", "AVAILABLE", "NON PAR", "ENROLLMENT",
          "SECONDARY", "ATTACHMENT", "WC / AUTO", "NOTES", "LAST UPDATED"]
WC_AUTO = ["", "", "", "Work Comp", "Auto", "Work Comp & Auto"]
BROKEN_EVERY = 2500  # one broken row in this many
TRANSACTIONS = ["Professional Claims 837P", "Institutional Claims 837I", "Remits 835",
                "Claim Status 276 / 277", "Eligibility 270 / 271", "Dental Claims 837D"]
WORDS = ["BLUE", "CROSS", "HEALTH", "PLAN", "CARE", "MEDICAL", "MUTUAL", "UNITED", "STATE",
         "COMMUNITY", "FIRST", "CHOICE", "BENEFIT", "ADMINISTRATORS", "INSURANCE", "TRUST"]
NOTES = ['Enrollment required.\nUse the "{name}" EDI form; allow 30-45 days.',
         "Send secondary claims on paper.", "", "", "", 'Payer says: ""no attachments""']


def rows(count: int, seed: int = 11) -> list[list[str]]:
    rng = random.Random(seed)
    out: list[list[str]] = []
    n = 0
    while len(out) < count:
        n += 1
        name = " ".join(rng.sample(WORDS, 3)) + f" {n}"
        payer_id = f"{rng.randrange(10000, 99999)}" if rng.random() < .7 else f"X{n:05d}"
        non_par = "Yes" if rng.random() < .25 else "No"
        for transaction in rng.sample(TRANSACTIONS, rng.randrange(2, 6)):
            flags = ["Yes" if rng.random() < p else "No" for p in (.95, .3, .6, .1)]
            note = rng.choice(NOTES).format(name=name)
            row = [name, payer_id, transaction, flags[0], non_par, flags[1], flags[2],
                   flags[3], rng.choice(WC_AUTO), note, "09/05/2025"]
            if len(out) % BROKEN_EVERY == BROKEN_EVERY - 1:
                odd = (len(out) // BROKEN_EVERY) % 2
                row[4 if odd else 1] = "Maybe" if odd else ""  # a bad flag or no payer ID
            out.append(row)
    return out[:count]


def write(path: Path, data: list[list[str]], xlsx: bool) -> Path:
    if xlsx:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for row in data:
            sheet.append(row)
        book.save(path)
    else:
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            writer.writerows(data)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=11_000)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--keep", help="also save the generated list here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = rows(args.rows)
        suffix = ".xlsx" if args.xlsx else ".csv"
        path = write(Path(tmp) / f"payers{suffix}", data, args.xlsx)
        if args.keep:
            write(Path(args.keep), data, args.xlsx)
        store = Store(Path(tmp) / "bench.sqlite3")
        for i in range(0, 200, 10):  # practice payers linked by 837P id
            records.save_payer(store, Payer(data[i][0].title(), {"837P": data[i][1]}))
        for attempt in ("first", "again"):
            start = time.perf_counter()
            result = import_payer_list(store, path)
            seconds = time.perf_counter() - start
            print(f"{attempt}: rows={result.counts.rows} payers={result.counts.payers} "
                  f"non_par={result.counts.non_par_payers} linked={result.counts.sync.linked} "
                  f"skipped={len(result.skipped)} format={suffix[1:]} "
                  f"read_and_store_s={seconds:.2f}")
        for line in result.skipped_lines:
            print(f"  skipped {line}")
        print(f"  changes for the practice's payers: {len(result.change_lines)}")
        store.close()


if __name__ == "__main__":
    main()
