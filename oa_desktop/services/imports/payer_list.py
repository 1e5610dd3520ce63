"""Import Office Ally's payer list (CSV or XLSX, current or older format).

Current format (one row per payer × transaction, flags ``Yes``/``No``)::

    PAYER NAME, PAYER ID, TRANSACTION, AVAILABLE, NON PAR, ENROLLMENT, SECONDARY,
    ATTACHMENT, WC / AUTO, NOTES

Older format (one row per payer): ``PAYER ID``, ``PAYER NAME``, ``TYP`` (``P`` Par,
``NP`` Non-Par), ``ENR`` (claims need enrollment, ``Y``/``N``), ``ERA`` (remits need
enrollment), optionally ``SEC`` and ``NOTES``. It becomes an 837P row and an 835 row.

The format is told by the header row (searched for in the first rows, so a title line
above it does no harm); columns the importer does not know are ignored. ``WC / AUTO`` is
text (``Work Comp``, ``Auto``, ``Work Comp & Auto`` or empty). A row with a cell that
cannot be read is skipped and reported (row, column, value); the others are imported. A
file that cannot be read at all (no recognisable header, no readable row) raises
``InputError`` naming the file, and nothing is stored: the list is replaced in one
transaction.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.parsers import expat

from oa_desktop.domain.display import plural
from oa_desktop.domain.fees import monthly_fees, total_fee
from oa_desktop.domain.money import format_money
from oa_desktop.errors import InputError
from oa_desktop.services.imports import xlsx_reader
from oa_desktop.services.office_ally import oa_fees
from oa_desktop.services.progress import Progress
from oa_desktop.store import payer_list
from oa_desktop.store.db import Store
from oa_desktop.store.payer_list import ImportCounts, PayerListEntry

CURRENT, OLDER = "current", "older"
_CURRENT_REQUIRED = ("PAYER NAME", "PAYER ID", "TRANSACTION", "NON PAR", "ENROLLMENT")
_OLDER_REQUIRED = ("PAYER ID", "PAYER NAME", "TYP")
_HEADER_SEARCH_ROWS = 10
_YES = frozenset({"YES", "Y", "TRUE", "1", "X"})
_NO = frozenset({"NO", "N", "FALSE", "0", ""})
_TRANSACTION = re.compile(r"\b(837[PID]|835|27[0-8])\b")

Cells = list[str]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row left out because one of its cells cannot be read."""

    row: int  # as the file counts its records (the header is row 1 or below)
    column: str
    value: str
    reason: str

    def line(self) -> str:
        """``row 12, column NON PAR: 'Maybe' is not Yes or No``."""
        return f"row {self.row}, column {self.column}: {self.reason}"


class _BadCell(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


@dataclass(frozen=True)
class FeeEffect:
    """This month's Office Ally fee for the claims sent so far, priced with the payers'
    Par/Non-Par before and after the import (claims keep their send-time status, so this
    says what the new list means for the rest of the month)."""

    month: date
    before: Decimal
    after: Decimal


@dataclass(frozen=True)
class PayerImportResult:
    """What importing Office Ally's payer list did."""
    file_name: str
    file_format: str
    counts: ImportCounts
    skipped: tuple[SkippedRow, ...] = ()
    fee: FeeEffect | None = None

    @property
    def summary(self) -> str:
        """``Imported 11,204 payer rows (3,101 payers; 812 Non-Par)``."""
        c = self.counts
        text = (f"Imported {plural(c.rows, 'payer row')} ({plural(c.payers, 'payer')}; "
                f"{c.non_par_payers:,} Non-Par)")
        if self.skipped:
            rows = "row" if len(self.skipped) == 1 else "rows"
            text += f"; skipped {len(self.skipped):,} {rows} that could not be read"
        return text

    @property
    def skipped_lines(self) -> list[str]:
        """One line per skipped row: row, column, value and why."""
        return [s.line() for s in self.skipped]

    @property
    def change_lines(self) -> list[str]:
        """What changed for the practice's own payers, one line each, and the fee."""
        lines = [f"{c.payer_name}: {c.change}" for c in self.counts.changes]
        fee = self.fee
        if fee is not None and fee.before != fee.after:
            lines.append(f"Office Ally fee for {fee.month:%m/%Y} (claims sent so far, priced "
                         f"with your payers' Par/Non-Par): {format_money(fee.before)} before "
                         f"this list, {format_money(fee.after)} with it.")
        return lines

    @property
    def practice_note(self) -> str:
        """What happened to the practice's own payers."""
        s = self.counts.sync
        if not s.linked:
            return "None of your payers matched the list by 837P payer ID."
        were = "was" if s.refreshed == 1 else "were"
        text = f"{s.linked} of your payers matched the list; {s.refreshed} {were} updated."
        if s.kept_overrides:
            text += (f" Kept {s.kept_overrides} Non-Par/enrollment setting"
                     f"{'' if s.kept_overrides == 1 else 's'} you changed by hand.")
        return text


def _normal(header: str) -> str:
    text = " ".join(str(header).replace("\ufeff", "").upper().split())
    return text.replace(" /", "/").replace("/ ", "/").replace("-", " ").replace("WC/AUTO",
                                                                                 "WC / AUTO")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# -- reading files --------------------------------------------------------------------------


def _is_xlsx(path: Path, head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm")


def _xlsx_rows(path: Path) -> Iterator[Cells]:
    """Rows of the active sheet: the fast reader, or openpyxl for unusual workbooks."""
    try:
        rows = xlsx_reader.iter_rows(path)
        first = next(rows, None)
    except xlsx_reader.XlsxStructureError:
        yield from _openpyxl_rows(path)
        return
    except (zipfile.BadZipFile, expat.ExpatError, OSError) as exc:
        raise _not_xlsx(path, exc) from exc
    if first is None:
        return
    yield first
    try:
        yield from rows
    except (zipfile.BadZipFile, expat.ExpatError, xlsx_reader.XlsxStructureError) as exc:
        raise _not_xlsx(path, exc) from exc


def _not_xlsx(path: Path, exc: Exception) -> InputError:
    return InputError(f"{path.name} is not a readable Excel (XLSX) file ({exc}).",
                      "Export the payer list again as CSV or XLSX.")


def _openpyxl_rows(path: Path) -> Iterator[Cells]:
    import openpyxl  # imported here: only unusual XLSX files need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise _not_xlsx(path, exc) from exc
    try:
        sheet = book.active
        if sheet is None:
            return
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        book.close()


def _csv_text(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(f"{path.name} is not a CSV or XLSX file.",
                         "Export the payer list from Office Ally as CSV or XLSX.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _csv_rows(path: Path, data: bytes) -> Iterator[Cells]:
    reader = csv.reader(io.StringIO(_csv_text(path, data), newline=""))
    try:
        for cells in reader:
            yield [c.strip() for c in cells]
    except csv.Error as exc:
        raise InputError(f"{path.name}, row {reader.line_num}: the CSV is malformed ({exc}).",
                         "Export the payer list again from Office Ally.") from exc


def read_rows(path: Path) -> Iterator[Cells]:
    """Every row of a CSV or XLSX file as text cells (row 1 first)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc}).",
                         "Check the file name and that the file is not open elsewhere.") from exc
    if not data.strip():
        raise InputError(f"{path.name} is empty.", "Export the payer list again from Office Ally.")
    if _is_xlsx(path, data[:4]):
        return _xlsx_rows(path)
    return _csv_rows(path, data)


# -- understanding rows ---------------------------------------------------------------------


def _flag(value: str, file: str, row: int, column: str) -> bool:
    text = value.strip().upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _BadCell(column, value, f"{value[:40]!r} is not Yes or No")


_WC_AUTO = {"": "", "NO": "", "N": "", "WORK COMP": "Work Comp", "WC": "Work Comp",
            "WORKERS COMP": "Work Comp", "AUTO": "Auto", "WORK COMP & AUTO": "Work Comp & Auto",
            "WORK COMP AND AUTO": "Work Comp & Auto", "WC & AUTO": "Work Comp & Auto",
            "WC/AUTO": "Work Comp & Auto", "BOTH": "Work Comp & Auto"}


def wc_auto_text(value: str) -> str:
    """``WC / AUTO`` is text: Work Comp, Auto, Work Comp & Auto, or empty (older files
    said No). Other words are kept as the list wrote them: they only inform."""
    text = " ".join(value.split())
    return _WC_AUTO.get(text.upper(), text)


def transaction_code(label: str) -> str:
    """``Professional Claims 837P`` → ``837P``; ``Claim Status 276 / 277`` → ``276``."""
    match = _TRANSACTION.search(label.upper())
    return match.group(1) if match else label.strip()


class _Columns:
    def __init__(self, header: Cells, file: str) -> None:
        self.index = {_normal(h): i for i, h in enumerate(header) if h.strip()}
        self.file = file

    def has(self, name: str) -> bool:
        return name in self.index

    def missing(self, names: tuple[str, ...]) -> list[str]:
        return [n for n in names if n not in self.index]

    def get(self, cells: Cells, name: str) -> str:
        i = self.index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""


def _required(cols: _Columns, cells: Cells, row: int, name: str) -> str:
    value = cols.get(cells, name)
    if not value:
        raise _BadCell(name, "", "the cell is empty")
    return value


def _current_entry(cols: _Columns, cells: Cells, row: int) -> list[PayerListEntry]:
    file = cols.file

    def optional(name: str) -> bool | None:
        return _flag(cols.get(cells, name), file, row, name) if cols.has(name) else None

    label = _required(cols, cells, row, "TRANSACTION")
    available = optional("AVAILABLE")
    return [PayerListEntry(
        name=_required(cols, cells, row, "PAYER NAME"),
        payer_id=_required(cols, cells, row, "PAYER ID"),
        transaction_type=transaction_code(label), transaction_label=label,
        available=True if available is None else available,
        non_par=_flag(cols.get(cells, "NON PAR"), file, row, "NON PAR"),
        enrollment=_flag(cols.get(cells, "ENROLLMENT"), file, row, "ENROLLMENT"),
        secondary=optional("SECONDARY"), attachment=optional("ATTACHMENT"),
        wc_auto=wc_auto_text(cols.get(cells, "WC / AUTO")), notes=cols.get(cells, "NOTES"),
        source_row=row,
    )]


def _older_entry(cols: _Columns, cells: Cells, row: int) -> list[PayerListEntry]:
    file = cols.file
    kind = cols.get(cells, "TYP").upper().replace("-", "").replace(" ", "")
    if kind not in ("P", "NP", "PAR", "NONPAR"):
        raise _BadCell("TYP", kind, f"{kind[:20] or '(empty)'} is not P or NP")
    non_par = kind in ("NP", "NONPAR")
    name = _required(cols, cells, row, "PAYER NAME")
    payer_id = _required(cols, cells, row, "PAYER ID")
    notes = cols.get(cells, "NOTES")
    secondary = _flag(cols.get(cells, "SEC"), file, row, "SEC") if cols.has("SEC") else None
    claims = PayerListEntry(
        name=name, payer_id=payer_id, transaction_type="837P", transaction_label="TYP/ENR",
        non_par=non_par, enrollment=_flag(cols.get(cells, "ENR"), file, row, "ENR"),
        secondary=secondary, notes=notes, source_row=row,
    )
    if not cols.has("ERA"):
        return [claims]
    era = PayerListEntry(
        name=name, payer_id=payer_id, transaction_type="835", transaction_label="ERA",
        non_par=non_par, enrollment=_flag(cols.get(cells, "ERA"), file, row, "ERA"),
        notes=notes, source_row=row,
    )
    return [claims, era]


def _find_header(rows: Iterator[Cells], file: str) -> tuple[int, _Columns, str]:
    for number in range(1, _HEADER_SEARCH_ROWS + 1):
        cells = next(rows, None)
        if cells is None:
            break
        cols = _Columns(cells, file)
        if not cols.has("PAYER ID"):
            continue
        if cols.has("TYP"):
            missing, fmt = cols.missing(_OLDER_REQUIRED), OLDER
        else:
            missing, fmt = cols.missing(_CURRENT_REQUIRED), CURRENT
        if missing:
            columns = "column" if len(missing) == 1 else "columns"
            verb = "is" if len(missing) == 1 else "are"
            raise InputError(
                f"{file}, row {number} (header): {columns} {', '.join(missing)} {verb} missing.",
                "This does not look like Office Ally's payer list; export it again from "
                "Office Ally (Resources → Payer List).")
        return number, cols, fmt
    raise InputError(f"{file}: no header row with a PAYER ID column in the first "
                     f"{_HEADER_SEARCH_ROWS} rows.",
                     "Export the payer list from Office Ally (Resources → Payer List) "
                     "as CSV or XLSX.")


@dataclass(frozen=True)
class ParsedList:
    """A payer list file as read: its format, its entries and the rows it skipped."""

    file_format: str
    entries: list[PayerListEntry]
    skipped: list[SkippedRow]


def read_payer_list(path: Path, progress: Progress | None = None) -> ParsedList:
    """Read the file into list entries and the rows skipped. Writes nothing."""
    rows = read_rows(path)
    header_row, cols, fmt = _find_header(rows, path.name)
    make: Callable[[_Columns, Cells, int], list[PayerListEntry]]
    make = _older_entry if fmt == OLDER else _current_entry
    entries: list[PayerListEntry] = []
    skipped: list[SkippedRow] = []
    for number, cells in enumerate(rows, start=header_row + 1):
        if not any(c.strip() for c in cells):
            continue
        try:
            entries.extend(make(cols, cells, number))
        except _BadCell as bad:
            skipped.append(SkippedRow(number, bad.column, bad.value, bad.reason))
        if progress is not None and number % 1000 == 0:
            progress.report(number, 0, f"Read {plural(number, 'row')}")
    if not entries and skipped:
        raise InputError(f"{path.name}: no payer row could be read; {skipped[0].line()}.",
                         "Fix the cell or export the payer list again from Office Ally.")
    if not entries:
        raise InputError(f"{path.name} has a header but no payer rows.",
                         "Export the payer list again from Office Ally.")
    return ParsedList(fmt, entries, skipped)


def parse_payer_list(path: Path, progress: Progress | None = None
                     ) -> tuple[str, list[PayerListEntry]]:
    """Read the file into list entries; returns (format, entries). Writes nothing."""
    parsed = read_payer_list(path, progress)
    return parsed.file_format, parsed.entries


def _month_fee(store: Store, month: date) -> Decimal:
    claims = payer_list.month_claims_at_current_status(store, month)
    return total_fee(monthly_fees(claims, month, oa_fees.fee_rule(store)))


def import_payer_list(store: Store, path: Path, progress: Progress | None = None,
                      today: date | None = None) -> PayerImportResult:
    """Read ``path`` and replace the stored payer list with it (one transaction).

    The practice's own payers are kept and refreshed from the list as described in
    :mod:`oa_desktop.store.payer_list`.
    """
    parsed = read_payer_list(path, progress)
    entries = parsed.entries
    if progress is not None:
        progress.report(len(entries), len(entries), "Saving the payer list")
    month = (today or date.today()).replace(day=1)
    fee_before = _month_fee(store, month)
    counts = payer_list.replace_payer_list(store, entries, file_name=path.name,
                                           file_format=parsed.file_format)
    fee = FeeEffect(month, fee_before, _month_fee(store, month))
    return PayerImportResult(path.name, parsed.file_format, counts, tuple(parsed.skipped), fee)
