"""``oa-desktop auth list [--patient ID] [--json]`` (CLI.md).

A thin layer over ``services.auth.usage``: every authorization with what the claims use
of it (approved = scheduled + billed + remaining; paid is a part of billed).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from oa_desktop.cli.data_folder import opened


def auth_list_command(args: argparse.Namespace) -> int:
    """Print the authorizations (of one patient with ``--patient``) and their usage."""
    from oa_desktop.services.auth.usage import usage_rows

    with opened(args) as workspace:
        rows = usage_rows(workspace.store, args.patient)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], indent=2))
        return 0
    if not rows:
        print("No authorizations.")
    for row in rows:
        item = row.as_json()
        codes = row.usage.authorization.codes_text
        print(f"{item['patient']}  {item['payer']}  {item['number']}  {codes}"
              f"  {item['from']}..{item['to']}  approved {item['approved']} {item['unit']}: "
              f"scheduled {item['scheduled']}, billed {item['billed']} (paid {item['paid']}), "
              f"remaining {item['remaining']}")
    return 0


def register(sub: Any) -> None:
    """Add ``auth list``."""
    auth = sub.add_parser("auth", help="authorizations and what the claims use of them")
    auth_sub = auth.add_subparsers(title="auth commands", metavar="COMMAND", required=True)
    listing = auth_sub.add_parser("list", help="authorizations with their usage")
    listing.add_argument("--patient", type=int, help="only this patient's (patient id)")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=auth_list_command)
