"""``oa-desktop submit`` (scrub, build and upload a batch) and ``export-837`` (CLI.md).

``submit`` exits 1 when the work was done but claims were left out or a batch failed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oa_desktop.cli.data_folder import opened, stdin_password
from oa_desktop.cli.office_ally import require_set_up
from oa_desktop.errors import InputError


def _claim_ids(store: Any, text: str) -> list[int]:
    from oa_desktop.store.claims import claim_id_for_pcn

    ids = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        found = int(item) if item.isdigit() else claim_id_for_pcn(store, item)
        if found is None:
            raise InputError(f"There is no claim {item}.", "Give claim ids or claim numbers.")
        ids.append(found)
    return ids


def submit_command(args: argparse.Namespace) -> int:
    """Send the claims; print one line per batch and one per claim left out."""
    from oa_desktop.services.submit import batches
    from oa_desktop.store.claims import pcn_of

    password = stdin_password(args)
    with opened(args) as workspace:
        require_set_up(workspace)
        ids = None if args.all_ready else _claim_ids(workspace.store, args.claims)
        result = batches.submit(workspace, ids, test_mode=args.test, password=password)
        for outcome in result.outcomes:
            print(outcome.line)
        for claim_id, findings in result.left_out.items():
            first = next(f for f in findings if f.severity == "error")
            print(f"  left out {pcn_of(workspace.store.read, claim_id)}: "
                  f"{first.message} ({first.place})")
    return 1 if result.left_out or result.failed else 0


def export_837_command(args: argparse.Namespace) -> int:
    """Write the 837P for ready claims (or the given ones) without changing any status."""
    from oa_desktop.services.claims.bundles import export_837

    with opened(args) as workspace:
        ids = _claim_ids(workspace.store, args.claims) if args.claims else None
        text, count = export_837(workspace.store, ids)
    Path(args.out).write_text(text, encoding="ascii")
    print(f"Wrote {count} claims to {args.out}.")
    return 0


def register(subparsers: Any) -> None:
    """Add ``submit`` and ``export-837``."""
    submit = subparsers.add_parser("submit", help="scrub, build and upload one batch")
    which = submit.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-ready", action="store_true", help="every ready claim")
    which.add_argument("--claims", help="claim ids or numbers, comma-separated")
    submit.add_argument("--test", action="store_true",
                        help="mark the file OATEST: Office Ally processes it, payers never see it")
    submit.add_argument("--password-stdin", action="store_true",
                        help="read the SFTP password from standard input, for this run only")
    submit.set_defaults(func=submit_command)
    export = subparsers.add_parser("export-837", help="build the 837P file without sending it")
    export.add_argument("--out", required=True, help="file to write")
    export.add_argument("--claims", help="claim ids or numbers, comma-separated (default: ready)")
    export.set_defaults(func=export_837_command)
