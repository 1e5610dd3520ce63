"""The ``oa-desktop`` command (CLI.md): a thin layer over the services.

Exit status: 0 success; 1 done but found problems; 2 bad usage or unreadable input;
3 a connection or authentication failure. Errors are one or two plain lines on
stderr, never a traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from oa_desktop import __version__
from oa_desktop.errors import KnownError
from oa_desktop.paths import default_data_dir, demo_data_dir

Handler = Callable[[argparse.Namespace], int]


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()


def cmd_open(args: argparse.Namespace) -> int:
    """Open the application window on the data folder."""
    from oa_desktop.app import run_app  # Qt is loaded only when a window is wanted

    return run_app(_data_dir(args))


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Create the demo practice in the data folder (``--data-dir``, else the demo folder)."""
    from oa_desktop.services.demo.practice import add_demo_eras, seed_demo
    from oa_desktop.services.workspace import open_workspace

    root = Path(args.data_dir).expanduser() if args.data_dir else demo_data_dir()
    workspace = open_workspace(root)
    try:
        summary = seed_demo(workspace.store)
        eras = add_demo_eras(workspace)
    finally:
        workspace.close()
    print(
        f"Demo practice created in {root}: {summary.providers} rendering providers, "
        f"{summary.payers} payers, {summary.patients} patients, {summary.claims} claims, "
        f"{eras} ERAs to post."
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Open the window on the demo practice, in its own folder (never the user's)."""
    from oa_desktop.app import run_app
    from oa_desktop.services.demo.practice import ensure_demo, start_demo_sandbox

    root = demo_data_dir()
    ensure_demo(root)
    sandbox = start_demo_sandbox(root)
    try:
        return run_app(root, demo=True)
    finally:
        sandbox.stop()


def cmd_screenshot(args: argparse.Namespace) -> int:
    """Render every main screen offscreen to ``DIR/<screen>.png``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from oa_desktop.app import take_screenshots
    from oa_desktop.services.demo.practice import ensure_demo

    out = Path(args.out)
    if args.demo:
        with tempfile.TemporaryDirectory(prefix="oa-demo-") as tmp:
            ensure_demo(Path(tmp))
            written = take_screenshots(Path(tmp), out)
    else:
        written = take_screenshots(_data_dir(args), out)
    for path in written:
        print(path)
    return 0


def cmd_selfcheck(args: argparse.Namespace) -> int:
    """Print versions, the data folder, database health and gateway settings."""
    from oa_desktop.services.reports.status import selfcheck
    from oa_desktop.services.workspace import open_workspace

    workspace = open_workspace(_data_dir(args))
    try:
        lines, healthy = selfcheck(workspace)
    finally:
        workspace.close()
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label.ljust(width)}  {value}")
    return 0 if healthy else 1


def cmd_status(args: argparse.Namespace) -> int:
    """Counts of claims, batches and remittances."""
    from oa_desktop.services.reports.status import status_summary
    from oa_desktop.services.workspace import open_workspace

    workspace = open_workspace(_data_dir(args))
    try:
        summary = status_summary(workspace)
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for status, count in summary["claims"].items():
            print(f"{status:28} {count}")
        print(f"{'posted total':28} {summary['posted_total']}")
    return 0


def cmd_export_837(args: argparse.Namespace) -> int:
    """Write the 837P for ready claims (or the given ones) without changing any status."""
    from oa_desktop.errors import InputError
    from oa_desktop.services.claims.bundles import export_837
    from oa_desktop.services.workspace import open_workspace
    from oa_desktop.store.claims import claim_id_for_pcn

    workspace = open_workspace(_data_dir(args))
    try:
        ids: list[int] | None = None
        if args.claims:
            ids = []
            for item in args.claims.split(","):
                item = item.strip()
                found = int(item) if item.isdigit() else claim_id_for_pcn(workspace.store, item)
                if found is None:
                    raise InputError(f"There is no claim {item}.", "Give claim ids or numbers.")
                ids.append(found)
        text, count = export_837(workspace.store, ids)
    finally:
        workspace.close()
    Path(args.out).write_text(text, encoding="ascii")
    print(f"Wrote {count} claims to {args.out}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="oa-desktop", description="Billing for small practices that use Office Ally."
    )
    parser.add_argument("--version", action="version", version=f"OA Desktop {__version__}")
    parser.add_argument("--data-dir", help="data folder (default: the per-user folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.set_defaults(func=cmd_open)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    sub.add_parser("seed-demo", help="create the demo practice").set_defaults(func=cmd_seed_demo)
    sub.add_parser("demo", help="open the window on the demo practice").set_defaults(
        func=cmd_demo
    )
    shot = sub.add_parser("screenshot", help="render every screen to PNG files")
    shot.add_argument("--out", required=True, help="folder for the PNG files")
    shot.add_argument("--demo", action="store_true", help="use a fresh demo practice")
    shot.set_defaults(func=cmd_screenshot)
    sub.add_parser("selfcheck", help="print facts for support").set_defaults(func=cmd_selfcheck)
    status = sub.add_parser("status", help="counts of claims, batches and remittances")
    status.add_argument("--json", action="store_true", help="print one JSON document")
    status.set_defaults(func=cmd_status)
    export = sub.add_parser("export-837", help="build the 837P file without sending it")
    export.add_argument("--out", required=True, help="file to write")
    export.add_argument("--claims", help="claim ids or numbers, comma-separated (default: ready)")
    export.set_defaults(func=cmd_export_837)
    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Sub-command groups that live beside their subsystems."""
    from oa_desktop.cli import era as cli_era
    from oa_desktop.cli import oa_fees as cli_workspace
    from oa_desktop.cli import office_ally as cli_connection
    from oa_desktop.cli import safety as cli_safety
    from oa_desktop.cli import sandbox as cli_gateway
    from oa_desktop.cli import submit as cli_submit
    from oa_desktop.cli import x12 as cli_x12

    return [
        cli_connection.register, cli_gateway.register, cli_safety.register,
        cli_workspace.register, cli_x12.register, cli_submit.register, cli_era.register,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except KnownError as exc:
        if args.debug:
            raise
        print(f"oa-desktop: {exc.message}", file=sys.stderr)
        if exc.next_step:
            print(f"  {exc.next_step}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
