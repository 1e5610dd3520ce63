"""Read NUCC's taxonomy file and CMS's HCPCS Level II file into codes with words.

NUCC taxonomy CSV (``nucc_taxonomy_NNN.csv``): ``Code, Grouping, Classification,
Specialization, Definition, Notes, Display Name, Section``. The name a biller reads is
the Display Name, else "Classification, Specialization".

CMS HCPCS annual file, as CSV or XLSX with the columns ``HCPC``, ``SEQNUM``, ``RECID``,
``LONG DESCRIPTION``, ``SHORT DESCRIPTION`` (others ignored), or as the fixed-width text
file (HCPC 1-5, sequence 6-10, record id 11, long description 12-91, short description
92-119). A long description runs over several rows of the same code; they are joined in
file order. Modifier rows (two-character codes) are not procedure codes and are left out.

A row that cannot be read is reported (row, column) and left out; the others load. A file
with no recognisable header (or, for HCPCS, no fixed-width layout) raises ``InputError``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from oa_desktop.domain import identifiers as ids
from oa_desktop.errors import InputError
from oa_desktop.services.codes.words import is_hcpcs_level_ii
from oa_desktop.services.imports import xlsx_reader
from oa_desktop.store.code_words import CodeWord

_HEADER_SEARCH_ROWS = 10
_FIXED = re.compile(r"^([A-Z0-9 ]{5})(\d{5})([1-9])")
Cells = list[str]
NEXT_STEP = {
    "taxonomy": "Download the taxonomy CSV from NUCC (taxonomy.nucc.org) and load that file.",
    "hcpcs": "Download the HCPCS annual file from CMS (cms.gov, HCPCS quarterly update) and "
             "load its CSV, XLSX or text file.",
}


@dataclass(frozen=True, slots=True)
class BadRow:
    """A row left out, with where and why."""

    row: int
    column: str
    reason: str

    def line(self) -> str:
        """``row 12, column Code: '10X' is not a taxonomy code``."""
        return f"row {self.row}, column {self.column}: {self.reason}"


@dataclass(frozen=True)
class ParsedCodes:
    """What a file holds: the codes to load, the rows left out and why."""

    kind: str
    file_name: str
    codes: list[CodeWord]
    bad: list[BadRow] = field(default_factory=list)
    modifiers_skipped: int = 0


def _normal(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").replace("_", " ").upper().split())


def _refuse(kind: str, message: str) -> InputError:
    return InputError(message + " Nothing was changed.", NEXT_STEP[kind])


def _xlsx(path: Path, kind: str) -> list[Cells]:
    try:
        return [[c.strip() for c in row] for row in xlsx_reader.iter_rows(path)]
    except (zipfile.BadZipFile, expat.ExpatError, xlsx_reader.XlsxStructureError,
            OSError) as exc:
        raise _refuse(kind, f"{path.name} is not a readable Excel (XLSX) file ({exc}).") from exc


def _text(path: Path, kind: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc}).",
                         "Check the file name and that the file is not open elsewhere.") from exc
    if not data.strip():
        raise _refuse(kind, f"{path.name} is empty.")
    if b"\x00" in data[:4096]:
        raise _refuse(kind, f"{path.name} is not a CSV, XLSX or text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # NUCC's and CMS's files on Windows


def _csv(path: Path, kind: str, text: str) -> list[Cells]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [[c.strip() for c in cells] for cells in reader]
    except csv.Error as exc:
        raise _refuse(kind, f"{path.name}, row {reader.line_num}: the CSV is malformed "
                            f"({exc}).") from exc


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm")


def _find_header(rows: list[Cells], wanted: Callable[[dict[str, int]], bool]
                 ) -> tuple[int, dict[str, int]] | None:
    for index, cells in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for number, cell in enumerate(cells):
            columns.setdefault(_normal(cell), number)
        if wanted(columns):
            return index, columns
    return None


def _get(cells: Cells, columns: dict[str, int], name: str) -> str:
    number = columns.get(name)
    return cells[number].strip() if number is not None and number < len(cells) else ""


# -- taxonomy ------------------------------------------------------------------------------


def _taxonomy_header(columns: dict[str, int]) -> bool:
    return "CODE" in columns and ("DISPLAY NAME" in columns or "CLASSIFICATION" in columns)


def read_taxonomy(path: Path) -> ParsedCodes:
    """The codes of NUCC's taxonomy CSV (or an XLSX with the same columns)."""
    rows = _xlsx(path, "taxonomy") if _is_xlsx(path) else _csv(
        path, "taxonomy", _text(path, "taxonomy"))
    found = _find_header(rows, _taxonomy_header)
    if found is None:
        raise _refuse("taxonomy", f"{path.name} has no column headings this app recognises "
                                  "(it needs Code and Display Name or Classification).")
    start, columns = found
    codes: dict[str, CodeWord] = {}
    bad: list[BadRow] = []
    for number, cells in enumerate(rows[start + 1:], start=start + 2):
        if not any(cells):
            continue
        code = _get(cells, columns, "CODE").upper()
        name = _get(cells, columns, "DISPLAY NAME") or ", ".join(
            part for part in (_get(cells, columns, "CLASSIFICATION"),
                              _get(cells, columns, "SPECIALIZATION")) if part)
        if not ids.is_taxonomy_shape(code):
            bad.append(BadRow(number, "Code", f"{code or 'an empty cell'!r} is not a "
                                              "taxonomy code (like 103K00000X)"))
        elif not name:
            bad.append(BadRow(number, "Display Name", f"{code} has no name (Display Name "
                                                      "or Classification)"))
        elif code in codes:
            bad.append(BadRow(number, "Code", f"{code} is listed twice; the first is kept"))
        else:
            codes[code] = CodeWord(code, name, _get(cells, columns, "DEFINITION"))
    return ParsedCodes("taxonomy", path.name, list(codes.values()), bad)


# -- HCPCS Level II -------------------------------------------------------------------------


@dataclass
class _Hcpcs:
    long: list[str] = field(default_factory=list)
    short: str = ""


def _hcpcs_header(columns: dict[str, int]) -> bool:
    has_code = "HCPC" in columns or "HCPCS" in columns or "HCPCS CODE" in columns
    return has_code and ("LONG DESCRIPTION" in columns or "SHORT DESCRIPTION" in columns)


def _code_column(columns: dict[str, int]) -> str:
    return next(name for name in ("HCPC", "HCPCS", "HCPCS CODE") if name in columns)


class _HcpcsRows:
    """Rows of one code joined; bad rows and modifier rows counted."""

    def __init__(self) -> None:
        self.codes: dict[str, _Hcpcs] = {}
        self.bad: list[BadRow] = []
        self.modifiers = 0

    def add(self, number: int, code: str, long: str, short: str) -> None:
        code = code.strip().upper()
        if len(code) == 2 and code.isalnum():
            self.modifiers += 1
        elif code.isdigit() or (len(code) == 5 and code[:4].isdigit()):
            self.bad.append(BadRow(number, "HCPC", f"{code} is a CPT code; CPT words come "
                                                   "only from your fee schedule"))
        elif not is_hcpcs_level_ii(code):
            self.bad.append(BadRow(number, "HCPC", f"{code or 'an empty cell'!r} is not a "
                                                   "HCPCS Level II code (like H2019)"))
        elif not (long or short or code in self.codes):
            self.bad.append(BadRow(number, "LONG DESCRIPTION", f"{code} has no description"))
        else:
            entry = self.codes.setdefault(code, _Hcpcs())
            if long:
                entry.long.append(long)
            entry.short = entry.short or short

    def parsed(self, file_name: str) -> ParsedCodes:
        words = []
        for code, entry in self.codes.items():
            long = " ".join(" ".join(entry.long).split())
            words.append(CodeWord(code, long or entry.short.strip(), long))
        return ParsedCodes("hcpcs", file_name, words, self.bad, self.modifiers)


def _fixed_width(path: Path, text: str) -> ParsedCodes:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not _FIXED.match(first):
        raise _refuse("hcpcs", f"{path.name} has no column headings this app recognises "
                               "(it needs HCPC and LONG DESCRIPTION or SHORT DESCRIPTION) and "
                               "is not CMS's fixed-width HCPCS text file.")
    rows = _HcpcsRows()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not _FIXED.match(line):
            rows.bad.append(BadRow(number, "HCPC", "the line does not follow the HCPCS "
                                                   "record layout"))
            continue
        rows.add(number, line[:5], line[11:91].strip(), line[91:119].strip())
    return rows.parsed(path.name)


def read_hcpcs(path: Path) -> ParsedCodes:
    """The Level II codes of CMS's HCPCS file (CSV, XLSX or fixed-width text)."""
    if _is_xlsx(path):
        table = _xlsx(path, "hcpcs")
    else:
        text = _text(path, "hcpcs")
        try:
            table = _csv(path, "hcpcs", text)
        except InputError:  # not a CSV: perhaps the fixed-width text file
            table = []
        if _find_header(table, _hcpcs_header) is None:
            return _fixed_width(path, text)
    found = _find_header(table, _hcpcs_header)
    if found is None:
        raise _refuse("hcpcs", f"{path.name} has no column headings this app recognises "
                               "(it needs HCPC and LONG DESCRIPTION or SHORT DESCRIPTION).")
    start, columns = found
    code_column = _code_column(columns)
    rows = _HcpcsRows()
    for number, cells in enumerate(table[start + 1:], start=start + 2):
        if any(cells):
            rows.add(number, _get(cells, columns, code_column),
                     _get(cells, columns, "LONG DESCRIPTION"),
                     _get(cells, columns, "SHORT DESCRIPTION"))
    return rows.parsed(path.name)


READERS: dict[str, Callable[[Path], ParsedCodes]] = {
    "taxonomy": read_taxonomy, "hcpcs": read_hcpcs,
}
