"""``oa-desktop fees --month YYYY-MM [--json]``: the Office Ally Non-Par fee estimate (CLI.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from oa_desktop.cli.data_folder import opened


def fees_command(args: argparse.Namespace) -> int:
    """Office Ally fee estimate: one row per Tax ID + rendering NPI."""
    from oa_desktop.domain.money import format_money
    from oa_desktop.services.office_ally import oa_fees

    month = oa_fees.parse_month(args.month)
    with opened(args) as workspace:
        rows = oa_fees.fee_report(workspace.store, month)
    if args.json:
        print(json.dumps({"month": month.strftime("%Y-%m"), "rows": oa_fees.rows_as_json(rows),
                          "total": f"{oa_fees.month_total(rows):.2f}"}, indent=2))
        return 0
    if not rows:
        print(f"No claims were sent in {month:%m/%Y}.")
        return 0
    print(f"{'Tax ID':10} {'NPI':10} {'Claims':>7} {'Non-Par':>8} {'Share':>8} {'Fee':>10}")
    for r in rows:
        print(f"{r.tax_id:10} {r.npi or '(all)':10} {r.claims:7} {r.non_par_claims:8} "
              f"{r.share_percent:7.2f}% {format_money(r.fee_amount):>10}")
    print(f"Total for {month:%m/%Y}: {format_money(oa_fees.month_total(rows))}")
    return 0


def register(sub: Any) -> None:
    """Add ``fees``."""
    fees = sub.add_parser("fees", help="Office Ally fee estimate for a month")
    fees.add_argument("--month", required=True, help="the month, YYYY-MM")
    fees.add_argument("--json", action="store_true",
                      help="print one JSON document (share is a percentage)")
    fees.set_defaults(func=fees_command)
