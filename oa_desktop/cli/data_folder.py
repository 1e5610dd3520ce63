"""What every command shares: which data folder, opening it, the password and the actor.

One place decides where ``--data-dir`` points, so every command reads the same folder.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from oa_desktop.errors import InputError
from oa_desktop.paths import default_data_dir

if TYPE_CHECKING:
    from oa_desktop.services.workspace import Workspace


def data_dir(args: argparse.Namespace) -> Path:
    """The data folder: ``--data-dir`` when given, else the per-user default."""
    return Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()


@contextmanager
def opened(args: argparse.Namespace, root: Path | None = None) -> Iterator[Workspace]:
    """The data folder opened for the length of one command, closed however it ends."""
    from oa_desktop.services.workspace import open_workspace

    workspace = open_workspace(root or data_dir(args))
    try:
        yield workspace
    finally:
        workspace.close()


def stdin_password(args: argparse.Namespace) -> str | None:
    """The SFTP password from standard input with ``--password-stdin``, else None."""
    if not getattr(args, "password_stdin", False):
        return None
    password = sys.stdin.readline().strip()
    if not password:
        raise InputError("No password arrived on standard input.",
                         "Pipe the SFTP password in, e.g. `echo … | oa-desktop sync "
                         "--password-stdin`.")
    return password


def actor() -> str:
    """Who is acting, for the audit trail: the operating system's user name."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"
