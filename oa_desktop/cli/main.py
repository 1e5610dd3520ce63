"""The ``oa-desktop`` command (CLI.md): the parser, and the one place errors become lines.

Each command family lives in its own module beside this one and adds its sub-commands
with ``register``. Exit status: 0 success; 1 done but found problems; 2 bad usage or
unreadable input; 3 a connection or authentication failure. Errors are one or two plain
lines on stderr, never a traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from oa_desktop import __version__
from oa_desktop.cli import (
    auth,
    codes,
    era,
    imports,
    oa_fees,
    office_ally,
    patients,
    payers,
    safety,
    sandbox,
    sessions,
    status,
    submit,
    window,
    x12,
)
from oa_desktop.errors import KnownError

FAMILIES = (window, status, submit, office_ally, sandbox, safety, oa_fees, imports, x12, era,
            payers, patients, auth, sessions, codes)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with every command family registered."""
    parser = argparse.ArgumentParser(
        prog="oa-desktop", description="Billing for small practices that use Office Ally."
    )
    parser.add_argument("--version", action="version", version=f"OA Desktop {__version__}")
    parser.add_argument("--data-dir", help="data folder (default: the per-user folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--user", help="who is acting, for the audit trail (default: "
                        "$OA_DESKTOP_USER, else the computer's user name)")
    parser.set_defaults(func=window.open_command)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for family in FAMILIES:
        family.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not as a traceback at exit
        return result
    except BrokenPipeError:  # `| head` stopped reading: the reader has what it wanted
        _silence_stdout()
        return 0
    except KnownError as exc:
        if args.debug:
            raise
        print(f"oa-desktop: {exc.message}", file=sys.stderr)
        if exc.next_step:
            print(f"  {exc.next_step}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point stdout at the null device so that the exit-time flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a file (a test's capture)
        pass
