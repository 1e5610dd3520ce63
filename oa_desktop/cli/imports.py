"""``oa-desktop import-payers FILE``: Office Ally's payer list, CSV or XLSX (CLI.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oa_desktop.cli.data_folder import opened


def import_payers_command(args: argparse.Namespace) -> int:
    """Import an Office Ally payer list export (CSV or XLSX)."""
    from oa_desktop.services.imports.payer_list import import_payer_list

    with opened(args) as workspace:
        result = import_payer_list(workspace.store, Path(args.file))
    print(result.summary)
    print(result.practice_note)
    return 0


def register(sub: Any) -> None:
    """Add ``import-payers``."""
    payers = sub.add_parser("import-payers", help="import Office Ally's payer list (CSV/XLSX)")
    payers.add_argument("file", help="the payer list file")
    payers.set_defaults(func=import_payers_command)
