"""``oa-desktop auth list [--patient ID] [--json]`` and ``oa-desktop claim proof CLAIM#
--out FILE.pdf`` (CLI.md).

Thin layers over ``services.auth``: every authorization with what the claims use of it
(approved = scheduled + billed + remaining; paid is a part of billed); the proof of
timely filing packet of one claim, drawn offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
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


def claim_proof_command(args: argparse.Namespace) -> int:
    """Write the proof-of-timely-filing packet of one claim (by claim number or id)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from oa_desktop.errors import InputError
    from oa_desktop.services.auth.proof import build_packet
    from oa_desktop.store.claims import claim_id_for_pcn
    from oa_desktop.ui.pdf.proof_pdf import write_proof_offscreen

    with opened(args) as workspace:
        found = claim_id_for_pcn(workspace.store, args.claim.strip().upper())
        if found is None and args.claim.strip().isdigit():
            found = int(args.claim)
        if found is None:
            raise InputError(f"There is no claim {args.claim}.", "Give the claim number (box 26).")
        packet = build_packet(workspace, found)
    pages = write_proof_offscreen(packet, Path(args.out))
    print(f"Wrote the proof of timely filing for claim {packet.pcn} ({pages} pages) to "
          f"{args.out}.")
    if not packet.all_files_match:
        print("Some archived files no longer match the fingerprints recorded when they were "
              "sent or received; the packet says which.", file=sys.stderr)
        return 1
    return 0


def register(sub: Any) -> None:
    """Add ``auth list`` and ``claim proof``."""
    claim = sub.add_parser("claim", help="one claim's documents")
    claim_sub = claim.add_subparsers(title="claim commands", metavar="COMMAND", required=True)
    proof = claim_sub.add_parser("proof", help="the proof-of-timely-filing packet (PDF)")
    proof.add_argument("claim", help="the claim number (box 26), e.g. C0000123")
    proof.add_argument("--out", required=True, help="the PDF file to write")
    proof.set_defaults(func=claim_proof_command)
    auth = sub.add_parser("auth", help="authorizations and what the claims use of them")
    auth_sub = auth.add_subparsers(title="auth commands", metavar="COMMAND", required=True)
    listing = auth_sub.add_parser("list", help="authorizations with their usage")
    listing.add_argument("--patient", type=int, help="only this patient's (patient id)")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=auth_list_command)
