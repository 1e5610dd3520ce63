"""``oa-desktop sessions import FILE [--preview] [--json]`` (CLI.md).

A thin layer over ``services.sessions.importing``. Exit status: 0 done; 1 done, but some
rows had problems (named on stderr); 2 the file could not be read (nothing changed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from oa_desktop.cli.data_folder import opened


def _claim_json(planned: Any) -> dict[str, object]:
    return {
        "patient_id": planned.patient_id, "patient": planned.patient_name,
        "payer": planned.payer_name, "provider": planned.provider_name,
        "period_start": planned.period_start.isoformat(),
        "place_of_service": planned.place_of_service, "authorization": planned.box23,
        "charge": f"{planned.charge:.2f}",
        "lines": [{
            "date": ln.session.service_date.isoformat(), "start": ln.session.start_time,
            "procedure": ln.session.procedure_code, "modifiers": list(ln.session.modifiers),
            "minutes": ln.session.minutes, "units": f"{ln.session.units:f}",
            "rule": ln.rule.value if ln.rule else None, "charge": f"{ln.charge:.2f}",
            "authorization": ln.authorization, "row": ln.row,
        } for ln in planned.lines],
    }


def sessions_import_command(args: argparse.Namespace) -> int:
    """Preview (and without ``--preview``, import) a sessions file as draft claims."""
    from oa_desktop.services.sessions import importing

    with opened(args) as workspace:
        checked = importing.preview(workspace.store, Path(args.file))
        result = None if args.preview else importing.commit(workspace.store, checked)
    notes = [*checked.problems, *checked.skipped, *checked.duplicates]
    if args.json:
        print(json.dumps({
            "file": checked.file_name, "preview": bool(args.preview),
            "claims": [_claim_json(c) for c in checked.claims],
            "created_claims": result.claims if result else 0,
            "duplicates": [str(n) for n in checked.duplicates],
            "skipped": [str(n) for n in checked.skipped],
            "problems": [str(n) for n in checked.problems],
        }, indent=2))
    else:
        print(checked.summary if args.preview or result is None else result.summary)
        for planned in checked.claims if args.preview else []:
            print(f"  {planned.patient_name}  {planned.payer_name}  {planned.provider_name}  "
                  f"from {planned.period_start:%m/%d/%Y}: {len(planned.lines)} lines, "
                  f"{planned.units:f} units, ${planned.charge:,.2f}, "
                  f"authorization {planned.box23 or 'none'}")
    for note in notes if not args.json else []:
        print(f"{checked.file_name}, {note}", file=sys.stderr)
    return 1 if checked.problems else 0


def register(sub: Any) -> None:
    """Add ``sessions import``."""
    sessions = sub.add_parser("sessions", help="sessions (timesheets) that become claims")
    sessions_sub = sessions.add_subparsers(title="sessions commands", metavar="COMMAND",
                                           required=True)
    imp = sessions_sub.add_parser("import", help="import sessions (CSV or XLSX) as draft claims")
    imp.add_argument("file", help="the timesheet export (.csv or .xlsx)")
    imp.add_argument("--preview", action="store_true", help="change nothing; show the claims")
    imp.add_argument("--json", action="store_true", help="print one JSON document")
    imp.set_defaults(func=sessions_import_command)
