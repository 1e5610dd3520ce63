"""Claim-workspace commands: ``fees`` and ``import-payers`` (CLI.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from oa_desktop.paths import default_data_dir


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()


def cmd_fees(args: argparse.Namespace) -> int:
    """Office Ally fee estimate: one row per Tax ID + rendering NPI."""
    from oa_desktop.domain.money import format_money
    from oa_desktop.services.office_ally import oa_fees as fees
    from oa_desktop.services.workspace import open_workspace

    month = fees.parse_month(args.month)
    workspace = open_workspace(_data_dir(args))
    try:
        rows = fees.fee_report(workspace.store, month)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps({"month": month.strftime("%Y-%m"), "rows": fees.rows_as_json(rows),
                          "total": f"{fees.month_total(rows):.2f}"}, indent=2))
        return 0
    if not rows:
        print(f"No claims were sent in {month:%m/%Y}.")
        return 0
    print(f"{'Tax ID':10} {'NPI':10} {'Claims':>7} {'Non-Par':>8} {'Share':>8} {'Fee':>10}")
    for r in rows:
        print(f"{r.tax_id:10} {r.npi or '(all)':10} {r.claims:7} {r.non_par_claims:8} "
              f"{r.share_percent:7.2f}% {format_money(r.fee_amount):>10}")
    print(f"Total for {month:%m/%Y}: {format_money(fees.month_total(rows))}")
    return 0


def cmd_import_payers(args: argparse.Namespace) -> int:
    """Import an Office Ally payer list export (CSV or XLSX)."""
    from oa_desktop.services.imports.payer_list import import_payer_list
    from oa_desktop.services.workspace import open_workspace

    workspace = open_workspace(_data_dir(args))
    try:
        result = import_payer_list(workspace.store, Path(args.file))
    finally:
        workspace.close()
    print(result.summary)
    print(result.practice_note)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the commands to the ``oa-desktop`` parser."""
    fees = sub.add_parser("fees", help="Office Ally fee estimate for a month")
    fees.add_argument("--month", required=True, help="the month, YYYY-MM")
    fees.add_argument("--json", action="store_true",
                      help="print one JSON document (share is a percentage)")
    fees.set_defaults(func=cmd_fees)
    payers = sub.add_parser("import-payers", help="import Office Ally's payer list (CSV/XLSX)")
    payers.add_argument("file", help="the payer list file")
    payers.set_defaults(func=cmd_import_payers)
