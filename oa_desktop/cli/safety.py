"""``oa-desktop backup``, ``restore`` and ``users`` (CLI.md): thin layers over the services."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from oa_desktop.cli.data_folder import actor, data_dir, opened
from oa_desktop.domain.display import plural
from oa_desktop.errors import InputError, KnownError
from oa_desktop.paths import DataFolder


def passphrase(args: argparse.Namespace, folder: DataFolder, *, ask: bool) -> str | None:
    """The backup passphrase: from standard input with ``--passphrase-stdin``, else the
    one kept in the keyring for ``folder``, else (``ask``, on a terminal) typed."""
    from oa_desktop.services.safety import backup_passphrase

    if args.passphrase_stdin:
        typed = sys.stdin.readline().rstrip("\r\n")
        if not typed:
            raise InputError("No passphrase arrived on standard input.",
                             "Pipe the backup passphrase in, e.g. `oa-desktop backup --out "
                             "FILE --passphrase-stdin < passphrase.txt`.")
        return typed
    kept = backup_passphrase.load(folder)
    if kept is None and ask and sys.stdin.isatty():
        return getpass.getpass("Backup passphrase: ") or None
    return kept


def backup_command(args: argparse.Namespace) -> int:
    """Write a verified, encrypted backup of the database and the archive to ``--out``."""
    from oa_desktop.services.safety import audit
    from oa_desktop.services.safety.backup import make_backup

    with opened(args) as workspace:
        secret = passphrase(args, workspace.folder, ask=False)
        if secret is None:
            raise InputError("No backup passphrase is set for this data folder, and a backup "
                             "is always encrypted.",
                             "Set one in the app (Settings → Backups), or give one with "
                             "--passphrase-stdin.")
        info = make_backup(workspace.folder, Path(args.out), actor=actor(args), passphrase=secret)
        if not workspace.store.read_only:
            workspace.store.actor = actor(args)
            audit.record(workspace.store, audit.BACKUP, "backup", "", info.path.name)
    print(f"Backup written and verified: {info.path} ({info.size:,} bytes, "
          f"{plural(info.claims, 'claim')}, {info.archive_files:,} archived files)")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    """Restore a backup into the data folder (asking first when it holds data); the data
    folder's lock is held throughout, so no window or command works on it meanwhile."""
    from oa_desktop.services.safety import folder_lock
    from oa_desktop.services.safety.integrity import refuse_network_share

    root = data_dir(args)
    refuse_network_share(root)
    lock = folder_lock.acquire(root, "the command restore", wait=folder_lock.command_wait())
    try:
        return _restore(args, root)
    finally:
        lock.release()


def _restore(args: argparse.Namespace, root: Path) -> int:
    from oa_desktop.services.safety.backup import read_info
    from oa_desktop.services.safety.backup_crypto import is_encrypted
    from oa_desktop.services.safety.restore import has_data, restore_backup

    folder = DataFolder(root)
    backup = Path(args.file)
    secret = passphrase(args, folder, ask=is_encrypted(backup))
    replace = False
    if has_data(folder):
        info = read_info(backup)
        if not args.yes:
            print(f"{root} already holds data. Restoring replaces it with the backup from "
                  f"{info.created_local:%m/%d/%Y %H:%M} ({plural(info.claims, 'claim')}); "
                  "a backup of "
                  "the current data is made first.", file=sys.stderr)
            if not sys.stdin.isatty() or input("Type yes to go on: ").strip().lower() != "yes":
                raise KnownError("Nothing was restored.",
                                 "Run again and type yes, or add --yes.")
        replace = True
    result = restore_backup(backup, folder, replace=replace, actor=actor(args), passphrase=secret)
    print(f"Restored {backup} ({plural(result.restored.claims, 'claim')}, "
          f"{result.archive_files:,} archived files) into {root}")
    if result.safety_backup:
        print(f"The data it replaced was backed up to {result.safety_backup}")
    if result.kept_damaged:
        print(f"The damaged database was kept in {result.kept_damaged}")
    return 0


def users_add_command(args: argparse.Namespace) -> int:
    """Add a named user; the password or PIN is read from stdin (one line)."""
    from oa_desktop.services.safety import users

    secret = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass(
        "Password or PIN: ")
    with opened(args) as workspace:
        workspace.store.actor = actor(args)
        users.add_user(workspace.store, args.name, secret)
    print(f"User {args.name} added. OA Desktop now starts locked and asks for a password or PIN.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the data-safety commands to the ``oa-desktop`` parser."""
    backup = sub.add_parser("backup", help="write a verified, encrypted backup of the data")
    backup.add_argument("--out", required=True, help="the backup file to write (.oabackup)")
    backup.add_argument("--passphrase-stdin", action="store_true",
                        help="read the backup passphrase from standard input (else the keyring)")
    backup.set_defaults(func=backup_command)
    restore = sub.add_parser("restore", help="put a backup back")
    restore.add_argument("file", help="a backup file made by OA Desktop")
    restore.add_argument("--passphrase-stdin", action="store_true",
                         help="read the backup passphrase from standard input")
    restore.add_argument("--yes", "--replace", action="store_true", dest="yes",
                         help="replace existing data without asking (it is backed up first)")
    restore.set_defaults(func=restore_command)
    users_cmd = sub.add_parser("users", help="named users with a password or PIN")
    users_sub = users_cmd.add_subparsers(title="users commands", metavar="COMMAND")
    add = users_sub.add_parser("add", help="add a user (the app then starts locked)")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the secret from stdin")
    add.set_defaults(func=users_add_command)
