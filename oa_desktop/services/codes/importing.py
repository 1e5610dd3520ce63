"""Load a full code list into the practice's database (CLI ``codes import``, the menu)."""

from __future__ import annotations

from pathlib import Path

from oa_desktop.domain.display import plural
from oa_desktop.errors import InputError
from oa_desktop.services.codes.reading import NEXT_STEP, READERS, ParsedCodes
from oa_desktop.store import code_words
from oa_desktop.store.db import Store

KIND_NAMES = {"taxonomy": "taxonomy code", "hcpcs": "HCPCS Level II code"}
_SHOWN_BAD_ROWS = 20


def import_codes(store: Store, kind: str, path: Path) -> ParsedCodes:
    """Read ``path`` and replace the practice's ``kind`` list with its codes.

    Raises ``InputError`` (and changes nothing) when the file cannot be read, has no
    recognisable header, or holds no code that can be read.
    """
    if kind not in READERS:
        raise InputError(f"There is no code list called {kind!r}.",
                         "Use taxonomy or hcpcs.")
    parsed = READERS[kind](path)
    if not parsed.codes:
        problems = "; ".join(b.line() for b in parsed.bad[:3])
        raise InputError(f"{path.name} holds no {KIND_NAMES[kind]} this app can read"
                         + (f" ({problems})" if problems else "") + ". Nothing was changed.",
                         NEXT_STEP[kind])
    code_words.replace_codes(store, kind, path.name, parsed.codes)
    return parsed


def summary(parsed: ParsedCodes) -> str:
    """``Loaded 873 taxonomy codes from nucc.csv; 2 rows were left out (below).``"""
    text = (f"Loaded {plural(len(parsed.codes), KIND_NAMES[parsed.kind])} from "
            f"{parsed.file_name}")
    if parsed.modifiers_skipped:
        text += f" ({plural(parsed.modifiers_skipped, 'modifier row')} not needed)"
    if parsed.bad:
        text += f"; {plural(len(parsed.bad), 'row')} left out (below)"
    return text + "."


def bad_row_lines(parsed: ParsedCodes, limit: int = _SHOWN_BAD_ROWS) -> list[str]:
    """One line per row left out (at most ``limit``, then how many more)."""
    lines = [b.line() for b in parsed.bad[:limit]]
    if len(parsed.bad) > limit:
        lines.append(f"… and {plural(len(parsed.bad) - limit, 'more row')}")
    return lines
