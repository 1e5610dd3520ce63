"""``oa-desktop selfcheck`` and ``oa-desktop status [--json]`` (CLI.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from oa_desktop.cli.data_folder import opened


def selfcheck_command(args: argparse.Namespace) -> int:
    """Print versions, the data folder, database health and gateway settings."""
    from oa_desktop.services.reports.status import selfcheck

    with opened(args) as workspace:
        lines, healthy = selfcheck(workspace)
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label.ljust(width)}  {value}")
    return 0 if healthy else 1


def status_command(args: argparse.Namespace) -> int:
    """Counts of claims, batches and ERAs."""
    from oa_desktop.services.reports.status import status_summary

    with opened(args) as workspace:
        summary = status_summary(workspace)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for status, count in summary["claims"].items():
            print(f"{status:28} {count}")
        print(f"{'posted total':28} {summary['posted_total']}")
    return 0


def register(sub: Any) -> None:
    """Add ``selfcheck`` and ``status``."""
    sub.add_parser("selfcheck", help="print facts for support").set_defaults(
        func=selfcheck_command)
    status = sub.add_parser("status", help="counts of claims, batches and ERAs")
    status.add_argument("--json", action="store_true", help="print one JSON document")
    status.set_defaults(func=status_command)
