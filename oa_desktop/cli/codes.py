"""``oa-desktop codes import taxonomy|hcpcs FILE [--json]``: load a full code list (CLI.md).

NUCC's taxonomy CSV or CMS's HCPCS Level II file (CSV, XLSX or fixed-width text). The
codes replace the practice's earlier load of the same list; the built-in short lists stay
as the fallback. Exit 0 when every row loaded, 1 when some rows were left out (each named
by row and column), 2 when the file cannot be read or has no recognisable header (and
nothing was changed).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from oa_desktop.cli.data_folder import opened


def import_command(args: argparse.Namespace) -> int:
    """Load the file; print what was loaded and which rows were left out."""
    from oa_desktop.services.codes import importing

    with opened(args) as workspace:
        parsed = importing.import_codes(workspace.store, args.kind, Path(args.file))
    if args.json:
        print(json.dumps({
            "kind": parsed.kind, "file": parsed.file_name, "codes": len(parsed.codes),
            "modifier_rows_skipped": parsed.modifiers_skipped,
            "bad_rows": [{"row": b.row, "column": b.column, "reason": b.reason}
                         for b in parsed.bad],
        }, indent=2))
    else:
        print(importing.summary(parsed))
        for line in importing.bad_row_lines(parsed):
            print(f"left out: {line}")
    return 1 if parsed.bad else 0


def register(sub: Any) -> None:
    """Add ``codes import``."""
    codes = sub.add_parser("codes", help="code lists: taxonomy names, HCPCS descriptions")
    commands = codes.add_subparsers(dest="codes_command", metavar="COMMAND")
    commands.required = True
    load = commands.add_parser(
        "import", help="load NUCC's taxonomy CSV or CMS's HCPCS Level II file")
    load.add_argument("kind", choices=("taxonomy", "hcpcs"), help="which list the file is")
    load.add_argument("file", metavar="FILE", help="the CSV, XLSX (or HCPCS text) file")
    load.add_argument("--json", action="store_true", help="one JSON document on stdout")
    load.set_defaults(func=import_command)
