"""``oa-desktop sandbox serve``: a local stand-in for Office Ally (SFTP), for demos and tests.

Also runs alone as ``python -m oa_desktop.cli.sandbox`` (the tests' second process).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from oa_desktop.errors import InputError
from oa_desktop.gateway.settings import password_problem


def register(subparsers: Any) -> None:
    """Add ``sandbox serve`` to the top-level ``argparse`` subparsers."""
    sandbox = subparsers.add_parser("sandbox", help="a local stand-in for Office Ally")
    commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = commands.add_parser(
        "serve", help="run the Office Ally stand-in on 127.0.0.1 until stopped")
    serve.add_argument("--root", required=True, type=Path,
                       help="folder holding the sandbox's files and host key")
    serve.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    serve.add_argument("--username", default="sandbox", help="SFTP username (default: sandbox)")
    serve.add_argument("--password-stdin", action="store_true",
                       help="read the SFTP password from standard input "
                            "(default password: Sandbox123)")
    serve.add_argument("--respond-after", type=float, default=5.0, metavar="SECONDS",
                       help="seconds before answers appear in /outbound (default 5)")
    serve.add_argument("--seed", type=int, default=1, help="seed for the answers (default 1)")
    serve.set_defaults(func=serve_command)


def _read_password(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        return "Sandbox123"
    password = sys.stdin.readline().strip()
    problem = password_problem(password)
    if problem:
        raise InputError(f"The sandbox password is not usable: {problem}")
    return password


def serve_command(args: argparse.Namespace) -> int:
    """Start the sandbox, print ``port=N`` and ``fingerprint=SHA256:…``, serve until a signal."""
    from oa_desktop.sandbox.server import start_sandbox

    try:
        password = _read_password(args)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        running = start_sandbox(args.root, port=args.port, username=args.username,
                                password=password, respond_after=args.respond_after,
                                seed=args.seed)
    except OSError as exc:
        print(f"The sandbox could not start on port {args.port}: {exc.strerror or exc}.",
              file=sys.stderr)
        return 2
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_signal)
    print(f"port={running.port}", flush=True)
    print(f"fingerprint={running.fingerprint}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        running.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry for tests and two-process use: ``python -m oa_desktop.cli.sandbox``."""
    parser = argparse.ArgumentParser(prog="oa-desktop")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
