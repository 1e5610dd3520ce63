"""``oa-desktop submit``: scrub, build and upload a batch (CLI.md).

Exit status 1 when the work was done but claims were left out or a batch failed.
"""

from __future__ import annotations

import argparse
from typing import Any

from oa_desktop.errors import InputError


def register(subparsers: Any) -> None:
    """Add ``submit``."""
    submit = subparsers.add_parser("submit", help="scrub, build and upload one batch")
    which = submit.add_mutually_exclusive_group(required=True)
    which.add_argument("--all-ready", action="store_true", help="every ready claim")
    which.add_argument("--claims", help="claim ids or numbers, comma-separated")
    submit.add_argument("--test", action="store_true",
                        help="mark the file OATEST: Office Ally processes it, payers never see it")
    submit.add_argument("--password-stdin", action="store_true",
                        help="read the SFTP password from standard input, for this run only")
    submit.set_defaults(func=submit_handler)


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


def submit_handler(args: argparse.Namespace) -> int:
    """Send the claims; print one line per batch and one per claim left out."""
    from oa_desktop.cli.office_ally import _password, _root
    from oa_desktop.services.office_ally import connection
    from oa_desktop.services.submit import batches as submit
    from oa_desktop.services.workspace import open_workspace

    password = _password(args)
    workspace = open_workspace(_root(args))
    try:
        if not connection.is_set_up(workspace):
            raise InputError("Office Ally is not set up in this data folder.",
                             "Run the setup wizard, or `oa-desktop gateway setup`.")
        ids = None if args.all_ready else _claim_ids(workspace.store, args.claims)
        result = submit.submit(workspace, ids, test_mode=args.test, password=password)
        for outcome in result.outcomes:
            print(outcome.line)
        for claim_id, findings in result.left_out.items():
            pcn = workspace.store.read.execute(
                "SELECT pcn FROM claims WHERE id = ?", [claim_id]).fetchone()[0]
            first = next(f for f in findings if f.severity == "error")
            print(f"  left out {pcn}: {first.message} ({first.place})")
    finally:
        workspace.close()
    return 1 if result.left_out or result.failed else 0
