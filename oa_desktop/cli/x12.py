"""``oa-desktop x12 parse FILE [--json]`` and ``oa-desktop x12 validate FILE`` (CLI.md).

Handlers return the exit status: 0 success, 1 findings, 2 input that cannot be read (with
its position).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from oa_desktop.cli import quick_exit
from oa_desktop.domain.display import plural
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.parse import ParseResult, parse_file
from oa_desktop.x12.to_json import json_chunks, json_text, result_json
from oa_desktop.x12.validate import validate


def _fail(exc: X12Error) -> int:
    print(f"error: {exc.message}", file=sys.stderr)
    if exc.next_step:
        print(exc.next_step, file=sys.stderr)
    return 2


def _summary(result: ParseResult) -> str:
    lines = []
    for item in result_json(result)["transactions"]:
        if item["type"] == "TA1":
            lines.append(f"TA1 for file {item['control_number']}: {item['status_text']}"
                         f" ({item['note_code']}: {item['text']})")
            continue
        if "unreadable" in item:
            lines.append(f"{item['type']} control number {item['control_number']}: not read "
                         f"({item['unreadable']})")
            continue
        count = len(item.get("claims", item.get("sets", [])))
        lines.append(f"{item['type']} control number {item['control_number']}: {count} "
                     f"{'sets' if 'sets' in item else 'claims'}")
    return "\n".join(lines)


def parse_command(args: argparse.Namespace) -> int:
    """``x12 parse FILE [--json]``: print what the file holds."""
    quick_exit.request()  # read-only: nothing to close, a large heap not worth freeing
    try:
        result = parse_file(args.file)
    except X12Error as exc:
        return _fail(exc)
    if args.json:
        document: dict[str, Any] = result_json(result, raw_claims=True)
        for chunk in json_chunks(document):  # large chunks; never the whole text twice
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
    else:
        print(_summary(result))
    for bad in result.bad_sets:  # the other sets are read and usable
        print(f"warning: {bad.line()}. {bad.next_step}", file=sys.stderr)
    if result.errors:
        print(f"warning: {plural(len(result.errors), 'problem')} found; "
              f"run `oa-desktop x12 validate {args.file}` for the list", file=sys.stderr)
    return 0


def validate_command(args: argparse.Namespace) -> int:
    """``x12 validate FILE``: one finding per line; exit 1 if any is an error."""
    path = Path(args.file)
    try:
        result = parse_file(path)
        data = path.read_bytes()
    except X12Error as exc:
        return _fail(exc)
    except OSError as exc:
        print(f"error: {path.name} cannot be read ({exc.strerror})", file=sys.stderr)
        return 2
    findings = validate(result, data)
    bad = result.bad_sets
    if getattr(args, "json", False):
        document = {"findings": [
            {"severity": f.severity, "segment": f.segment_number, "segment_id": f.segment_id,
             "element": f.element, "message": f.message} for f in findings],
            "bad_sets": [b.as_json() for b in bad]}
        sys.stdout.write(json_text(document, depth=2) + "\n")
    else:
        for finding in findings:
            prefix = "" if finding.severity == "error" else "warning: "
            print(f"{prefix}{finding.line()}")
        for set_ in bad:  # the set each error belongs to, and what to do
            print(f"bad set: {set_.line()}. {set_.next_step}")
    return 1 if any(f.severity == "error" for f in findings) else 0


def register(subparsers: Any) -> None:
    """Add the ``x12`` command group to the main parser's subparsers."""
    x12 = subparsers.add_parser("x12", help="read and check X12 files (835, 277, 999, 837)")
    commands = x12.add_subparsers(dest="x12_command", metavar="COMMAND")
    commands.required = True
    parse = commands.add_parser("parse", help="print what an X12 file holds")
    parse.add_argument("file", metavar="FILE")
    parse.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parse.set_defaults(func=parse_command)
    check = commands.add_parser("validate", help="check an X12 file; exit 1 on findings")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--json", action="store_true",
                       help="the findings and the bad sets as one JSON document")
    check.set_defaults(func=validate_command)


def main(argv: list[str] | None = None) -> int:
    """Run the x12 commands alone (for tests and support)."""
    parser = argparse.ArgumentParser(prog="oa-desktop")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status: int = args.func(args)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
