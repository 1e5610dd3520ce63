"""What every command shares: which data folder, opening it, the password and the actor.

One place decides where ``--data-dir`` points, so every command reads the same folder.
"""

from __future__ import annotations

import argparse
import getpass
import os
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


def command_name(args: argparse.Namespace) -> str:
    """The running command's name (``sync``, ``post-eras``), from its handler."""
    func = getattr(args, "func", None)
    name = getattr(func, "__name__", "") or "command"
    return name.removesuffix("_command").replace("_", "-")


@contextmanager
def opened(
    args: argparse.Namespace, root: Path | None = None, *, writes: bool = True
) -> Iterator[Workspace]:
    """The data folder opened for the length of one command, closed however it ends.

    A command that ``writes`` (the default) first takes the data folder's lock, waiting
    up to ``$OA_DESKTOP_LOCK_WAIT`` seconds (60) while the window or another command
    holds it; then it exits 2 with "OA Desktop is already open on this computer" and
    who has it. Read-only commands (``status``, ``selfcheck``) pass ``writes=False``.
    """
    from oa_desktop.services.safety import folder_lock
    from oa_desktop.services.workspace import open_workspace

    lock = f"the command {command_name(args)}" if writes else None
    workspace = open_workspace(root or data_dir(args), lock=lock,
                               wait=folder_lock.command_wait())
    workspace.store.actor = actor(args)  # the audit trail names the person, not "system"
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


def sftp_password(args: argparse.Namespace, workspace: Workspace) -> str | None:
    """The SFTP password for this run: ``--password-stdin``; else None when the keyring
    (or this session) has it; else typed at a terminal prompt (never echoed, never kept)."""
    typed = stdin_password(args)
    if typed is not None:
        return typed
    from oa_desktop.services.office_ally import account

    gateway = account.load_gateway_settings(workspace)
    if not gateway.username or account.CREDENTIALS.load(gateway.host, gateway.username):
        return None
    if not sys.stdin.isatty():
        return None  # the connection then says the password is needed, and how to give it
    return getpass.getpass(f"Office Ally password for {gateway.username}: ") or None


ENV_USER = "OA_DESKTOP_USER"


def actor(args: argparse.Namespace | None = None) -> str:
    """Who is acting, for the audit trail: ``--user``, else ``$OA_DESKTOP_USER``, else the
    operating system's user name — marked as the command line."""
    name = (getattr(args, "user", None) or os.environ.get(ENV_USER, "")).strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            return "command line"
    return f"{name} (command line)"
