"""CLI commands that use the practice's Office Ally connection: ``gateway setup``, ``sync``.

``--password-stdin`` reads the SFTP password from standard input for this run only (for
machines without a keyring, and for scheduled jobs); it is never stored by ``sync``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from oa_desktop.cli.data_folder import opened, sftp_password, stdin_password
from oa_desktop.domain.display import plural
from oa_desktop.errors import InputError

if TYPE_CHECKING:
    from oa_desktop.services.workspace import Workspace


def register(subparsers: Any) -> None:
    """Add ``gateway setup`` and ``sync``."""
    gateway = subparsers.add_parser("gateway", help="the Office Ally connection")
    commands = gateway.add_subparsers(dest="gateway_command", required=True)
    setup = commands.add_parser("setup", help="what the setup wizard does")
    setup.add_argument("--host", default="ftp10.officeally.com")
    setup.add_argument("--port", type=int, default=22)
    setup.add_argument("--username", required=True)
    setup.add_argument("--tax-id", required=True, help="the practice's Tax ID (EIN)")
    setup.add_argument("--submitter-id", default="", help="ISA06/GS02 (default: the username)")
    setup.add_argument("--password-stdin", action="store_true", required=True,
                       help="read the SFTP password from standard input")
    setup.add_argument("--accept-host-key", metavar="SHA256:…",
                       help="the fingerprint you confirmed; without it, print it and stop")
    setup.add_argument("--inbound", default="/inbound",
                       help="Office Ally's upload folder (default /inbound)")
    setup.add_argument("--outbound", default="/outbound",
                       help="Office Ally's download folder (default /outbound)")
    setup.add_argument("--live", action="store_true",
                       help="send real claims (default: test mode, OATEST file names)")
    setup.set_defaults(func=setup_command)
    sync = subparsers.add_parser("sync", help="download new files from Office Ally")
    sync.add_argument("--password-stdin", action="store_true",
                      help="read the SFTP password from standard input, for this run only")
    sync.set_defaults(func=sync_command)


def setup_command(args: argparse.Namespace) -> int:
    """Probe the host key; with ``--accept-host-key``, test and store the connection."""
    from oa_desktop.gateway.settings import GatewaySettings, tax_id_problem
    from oa_desktop.services.office_ally import connection

    problem = tax_id_problem(args.tax_id)
    if problem:
        raise InputError(problem)
    password = stdin_password(args) or ""
    if not args.accept_host_key:
        print(f"fingerprint={connection.probe(args.host, args.port)}")
        print("Confirm this fingerprint with Office Ally, then run again with "
              "--accept-host-key FINGERPRINT.", file=sys.stderr)
        return 0
    with opened(args) as workspace:
        gateway = GatewaySettings(
            host=args.host, port=args.port, username=args.username,
            tax_id=args.tax_id.replace("-", ""), submitter_id=args.submitter_id or args.username,
            test_mode=not args.live, upload_folder=args.inbound,
            download_folder=args.outbound,
        )
        result = connection.set_up(workspace, gateway, password,
                                   accept_fingerprint=args.accept_host_key)
    report = result.report
    print(f"Connected to {args.host}:{args.port} as {args.username} ({report.fingerprint}).")
    print(f"{plural(report.inbound_files, 'file')} in the upload folder, "
          f"{report.outbound_files} in the download folder.")
    for pinned in result.pinned:
        print(f"Pinned host key {pinned}.")
    print(result.password.explanation)
    return 0


def require_set_up(workspace: Workspace) -> None:
    """Stop with a plain message when this data folder has no Office Ally connection."""
    from oa_desktop.services.office_ally import connection

    if not connection.is_set_up(workspace):
        raise InputError("Office Ally is not set up in this data folder.",
                         "Run the setup wizard, or `oa-desktop gateway setup`.")


def sync_command(args: argparse.Namespace) -> int:
    """Download new files from Office Ally into the archive."""
    from dataclasses import replace

    from oa_desktop.services.office_ally import connection, sync_report

    with opened(args) as workspace:
        require_set_up(workspace)
        password = sftp_password(args, workspace)
        before = sync_report.mark(workspace.store)
        result = connection.sync(workspace, password)
        result = replace(result, outcome=sync_report.since(workspace.store, before))
    print(result.summary)
    for item in result.downloaded:
        print(f"  {item.record.remote_name} ({item.record.kind})")
    for outcome in result.ingested:
        if outcome.status == "not_ours":
            print(f"  set aside as not for this practice: {outcome.summary}")
        elif outcome.status != "ingested":
            print(f"  not matched: {outcome.summary}")
    for problem in result.not_downloaded:
        print(f"  could not download {problem.remote_name}: {problem.reason}")
    set_aside = any(o.status == "not_ours" for o in result.ingested)
    return 1 if set_aside or result.needs_attention else 0
