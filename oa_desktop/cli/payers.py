"""``oa-desktop payers find TEXT [--json]``: search Office Ally's imported payer list (CLI.md).

By name (contains) or payer ID (starts with, any transaction): each transaction with its
payer ID, Par/Non-Par, enrollment and notes.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from oa_desktop.cli.data_folder import opened


def _json(payer: Any) -> dict[str, Any]:
    return {
        "name": payer.name, "claim_payer_id": payer.claim_payer_id,
        "non_par": payer.non_par, "practice_payer_id": payer.practice_payer_id,
        "transactions": [
            {"transaction": t.transaction_type, "label": t.label, "payer_id": t.payer_id,
             "available": t.available, "par": "Non-Par" if t.non_par else "Par",
             "enrollment_required": t.enrollment, "secondary": t.secondary,
             "attachment": t.attachment, "wc_auto": t.wc_auto, "notes": t.notes}
            for t in payer.transactions],
    }


def find_command(args: argparse.Namespace) -> int:
    """Print the list payers that match; exit 1 when none does (or no list is imported)."""
    from oa_desktop.store import payer_list

    with opened(args) as workspace:
        size = payer_list.list_size(workspace.store)
        found = payer_list.search_payer_list(workspace.store, args.text, limit=args.limit)
    if args.json:
        print(json.dumps({"query": args.text, "list_rows": size,
                          "payers": [_json(p) for p in found]}, indent=2))
    elif not size:
        print("No payer list is imported yet. Run `oa-desktop import-payers FILE` first.")
    elif not found:
        print(f"No payer on Office Ally's list matches {args.text!r}.")
    for payer in [] if args.json else found:
        print(f"{payer.name}  ({'Non-Par' if payer.non_par else 'Par'} for claims; "
              f"{payer.enrollment_text})")
        for t in payer.transactions:
            flags = ", ".join(x for x in ("Non-Par" if t.non_par else "Par",
                                          "enrollment required" if t.enrollment else "",
                                          "" if t.available else "not available", t.wc_auto)
                              if x)
            print(f"  {t.label:<28} {t.payer_id:<10} {flags}")
            if t.notes:
                print("    " + t.notes.replace("\n", "\n    "))
    return 0 if found else 1


def register(sub: Any) -> None:
    """Add ``payers find``."""
    payers = sub.add_parser("payers", help="search Office Ally's payer list")
    commands = payers.add_subparsers(dest="payers_command", metavar="COMMAND")
    commands.required = True
    find = commands.add_parser("find", help="find a payer by name or payer ID")
    find.add_argument("text", metavar="TEXT", help="part of the name, or the start of an ID")
    find.add_argument("--json", action="store_true", help="one JSON document on stdout")
    find.add_argument("--limit", type=int, default=100, help="at most this many payers")
    find.set_defaults(func=find_command)
