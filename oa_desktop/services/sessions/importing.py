"""Import sessions (timesheets, appointments) from CSV or XLSX as draft claims.

Two steps, as the import preview shows them:

- :func:`preview` reads the file through the column mapping, turns minutes into units by
  the payer's rule, attaches the authorization covering each session, recognises sessions
  imported before (and repeated in the file), and groups the rest into claims. It writes
  nothing.
- :func:`commit` creates those draft claims and records the sessions, in one transaction,
  and remembers the column mapping for the practice's next file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.domain.money import to_money
from oa_desktop.domain.sessions import units_for
from oa_desktop.errors import InputError
from oa_desktop.services.imports.payer_list import read_rows
from oa_desktop.services.progress import Progress
from oa_desktop.services.sessions import columns, reading
from oa_desktop.services.sessions.grouping import PlannedClaim, PlannedLine, group
from oa_desktop.services.sessions.lookups import Lookups
from oa_desktop.store import claims
from oa_desktop.store import sessions as store_sessions
from oa_desktop.store.db import Store, utc_now
from oa_desktop.store.sessions import SessionRecord


@dataclass(frozen=True, slots=True)
class RowNote:
    """A row left out, and why (the header is row 1, as a spreadsheet numbers it)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class SessionsPreview:
    """What an import would do; nothing is stored yet."""

    file_name: str
    header: list[str]
    mapping: dict[str, str]
    claims: list[PlannedClaim] = field(default_factory=list)
    duplicates: list[RowNote] = field(default_factory=list)  # imported before or repeated
    skipped: list[RowNote] = field(default_factory=list)  # too short to bill a unit
    problems: list[RowNote] = field(default_factory=list)  # cells that could not be read

    @property
    def session_count(self) -> int:
        """Sessions that will be imported."""
        return sum(len(c.lines) for c in self.claims)

    @property
    def summary(self) -> str:
        """One line: what Import will do."""
        claim_word = "claim" if len(self.claims) == 1 else "claims"
        text = (f"{self.session_count} sessions → {len(self.claims)} draft {claim_word}")
        extra = [f"{len(self.duplicates)} already imported (skipped)" if self.duplicates else "",
                 f"{len(self.skipped)} too short to bill" if self.skipped else "",
                 f"{len(self.problems)} rows with problems" if self.problems else ""]
        return "; ".join([text, *(e for e in extra if e)]) + "."


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import created."""

    claims: int
    sessions: int
    claim_ids: list[int]

    @property
    def summary(self) -> str:
        """One line for the status bar and the command line."""
        return f"Imported {self.sessions} sessions as {self.claims} draft claims."


def _read(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    rows = read_rows(path)
    header = [h.replace("\ufeff", "").strip() for h in next(rows, None) or []]
    if not any(header):
        raise InputError(f"{path.name} is empty.",
                         "Export the timesheets again, with the column names in the first row.")
    found = []
    for number, cells in enumerate(rows, start=2):
        if any(c.strip() for c in cells):
            found.append((number, {h: (cells[i].strip() if i < len(cells) else "")
                                   for i, h in enumerate(header) if h}))
    return header, found


def header_of(path: Path) -> list[str]:
    """The file's column names (row 1)."""
    header = next(read_rows(path), None) or []
    return [h.replace("\ufeff", "").strip() for h in header if h.strip()]


class _Cells:
    def __init__(self, values: dict[str, str], mapping: Mapping[str, str]) -> None:
        self.values, self.mapping = values, mapping

    def get(self, key: str) -> str:
        column = self.mapping.get(key)
        return self.values.get(column, "").strip() if column else ""

    def column(self, key: str) -> str:
        return self.mapping.get(key, key)


def _minutes(cells: _Cells) -> tuple[int | None, str]:
    minutes = reading.parse_minutes(cells.get("minutes"))
    if minutes is None:
        minutes = reading.parse_hours(cells.get("hours"))
    start = reading.parse_time(cells.get("start_time"))
    if minutes is None and start is not None:
        end = reading.parse_time(cells.get("end_time"))
        if end is not None:
            minutes = (end - start) % (24 * 60)
    return minutes, reading.clock(start)


def _session(row: int, cells: _Cells, look: Lookups) -> tuple[SessionRecord | None, RowNote | None,
                                                             PlannedLine | None]:
    """One row as a session and its line; or a note saying why it is left out."""
    name = cells.get("patient_name") or ", ".join(
        p for p in (cells.get("patient_last"), cells.get("patient_first")) if p)
    patient_id, why = look.patient(cells.get("patient_account"), name)
    if patient_id is None:
        return None, RowNote(row, cells.column("patient_name"), why), None
    coverage = look.coverage(patient_id, cells.get("payer"))
    if coverage is None:
        return None, RowNote(row, "", "the patient has no insurance on file"), None
    provider_name = cells.get("provider_name") or ", ".join(
        p for p in (cells.get("provider_last"), cells.get("provider_first")) if p)
    provider_id, why = look.provider(cells.get("provider_npi"), provider_name)
    if why:
        return None, RowNote(row, cells.column("provider_name"), why), None
    day = reading.parse_date(cells.get("service_date"))
    code = reading.procedure_code(cells.get("procedure_code"))
    if not code:
        return None, RowNote(row, cells.column("procedure_code"), "is empty"), None
    modifiers = reading.parse_modifiers(cells.get("modifiers"))
    minutes, start = _minutes(cells)
    rule = look.rule(coverage.payer_id, code)
    units = reading.parse_units(cells.get("units")) if minutes is None else None
    if minutes is not None:
        units = Decimal(units_for(minutes, rule))
    if not units:
        why = (f"{minutes} minutes bill no unit ({rule.label})" if minutes is not None
               else "has no minutes, times or units")
        return None, RowNote(row, cells.column("minutes"), why), None
    timesheet = cells.get("timesheet_id")
    key = (f"id:{timesheet}" if timesheet else
           f"{patient_id}|{day}|{start}|{code}|{'-'.join(modifiers)}|{provider_id}|{minutes}")
    session = SessionRecord(
        patient_id, coverage.coverage_id, provider_id, day, start, minutes or 0, code, modifiers,
        units, reading.place_of_service(cells.get("place_of_service")), "import", key)
    price = look.price(code, modifiers)
    line = PlannedLine(
        session, row, to_money(price * units) if price is not None else Decimal("0.00"),
        look.authorization(coverage.coverage_id, provider_id, code, modifiers, day),
        rule if minutes is not None else None,
        tuple(reading.diagnoses(cells.get("diagnosis"))) or look.diagnoses(patient_id),
        coverage.payer_name)
    return session, None, line


_EVERY = 500  # rows (or claims) between progress reports


def preview(store: Store, path: Path, mapping: Mapping[str, str] | None = None,
            progress: Progress | None = None) -> SessionsPreview:
    """Read and check the file; plan the claims. Writes nothing. ``progress`` hears of every
    500 rows and may cancel (``Cancelled``)."""
    header, rows = _read(path)
    chosen = dict(mapping) if mapping is not None else columns.detect(
        header, columns.COLUMN_MAPPING.get(store))
    lacking = columns.missing(chosen)
    if lacking:
        raise InputError(f"{path.name}: no column holds {', '.join(lacking)}.",
                         "Choose the columns in the import preview (or export the timesheets "
                         "with those columns).")
    look = Lookups(store)
    result = SessionsPreview(path.name, header, chosen)
    lines: list[PlannedLine] = []
    for n, (number, values) in enumerate(rows):
        if progress is not None and n % _EVERY == 0:
            progress.report(n, len(rows), f"Checked {n:,} of {len(rows):,} rows…")
        try:
            _, note, line = _session(number, _Cells(values, chosen), look)
        except reading.CellError as exc:
            result.problems.append(RowNote(number, "", str(exc)))
            continue
        if note is not None:
            (result.skipped if "bill no unit" in note.message else result.problems).append(note)
        elif line is not None:
            lines.append(line)
    fresh = _drop_duplicates(store, lines, result)
    result.claims = group(fresh, look)
    return result


def _drop_duplicates(store: Store, lines: list[PlannedLine],
                     result: SessionsPreview) -> list[PlannedLine]:
    known = store_sessions.known_keys(store, [ln.session.source_key or "" for ln in lines])
    seen: set[str] = set()
    fresh = []
    for line in lines:
        key = line.session.source_key or ""
        if key in known:
            result.duplicates.append(RowNote(line.row, "", "imported before"))
        elif key in seen:
            result.duplicates.append(RowNote(line.row, "", "the same session twice in the file"))
        else:
            seen.add(key)
            fresh.append(line)
    return fresh


def commit(store: Store, checked: SessionsPreview, at: str | None = None,
           progress: Progress | None = None) -> ImportResult:
    """Create the previewed draft claims and record their sessions, all or nothing: a cancel
    (``Cancelled`` from ``progress``) leaves nothing behind."""
    now = at or utc_now()
    keys = [ln.session.source_key or "" for c in checked.claims for ln in c.lines]
    if store_sessions.known_keys(store, keys):
        raise InputError("Some of these sessions were imported meanwhile.",
                         "Preview the file again; sessions imported already are skipped.")
    ids: list[int] = []
    with store.write() as db:
        stored: list[tuple[SessionRecord, int | None]] = []
        for n, planned in enumerate(checked.claims):
            if progress is not None and n % 50 == 0:
                progress.report(n, len(checked.claims),
                                f"Created {n:,} of {len(checked.claims):,} draft claims…")
            claim = claim_for(planned, claims.next_pcn(db))
            ids.append(claims.save_claim(store, claim, at=now))
            stored += [(ln.session, claim.id) for ln in planned.lines]
        store_sessions.insert_sessions(db, stored, now)
    columns.COLUMN_MAPPING.set(store, dict(checked.mapping))
    return ImportResult(len(ids), len(keys), ids)


def claim_for(planned: PlannedClaim, pcn: str) -> Claim:
    """The draft claim a planned group of sessions becomes."""
    diagnoses = list(planned.diagnoses)
    pointers = tuple(range(1, min(len(diagnoses), 4) + 1)) or (1,)
    return Claim(
        patient_id=planned.patient_id, coverage_id=planned.coverage_id,
        patient_control_number=pcn, diagnoses=diagnoses,
        place_of_service=planned.place_of_service,
        rendering_provider_id=planned.provider_id, prior_authorization=planned.box23,
        note="",
        lines=[ServiceLine(ln.session.service_date, ln.session.procedure_code, ln.charge,
                           ln.session.units, ln.session.modifiers, pointers,
                           prior_authorization="" if ln.authorization == planned.box23
                           else ln.authorization)
               for ln in planned.lines],
    )
