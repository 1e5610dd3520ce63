"""Import patients and claims from CSV files made from the templates in resources/templates.

Two steps, as the import dialog shows them:

- :func:`preview` reads the file and checks every row; it writes nothing. Each problem
  names the row (as a spreadsheet numbers it: the header is row 1), the column and
  what is wrong. Given the store, it also checks that payers, patients and providers
  the rows refer to exist.
- :func:`commit` stores only the valid rows, in one transaction, and returns counts.

Claims files have one row per service line; rows with the same ``claim_key`` make one
claim. A claim is imported whole or not at all: an error on one of its lines keeps all
of its lines out. Imported claims are drafts with new claim numbers; the scrubber
checks them in the editor like any other claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.cells import looks_like_formula
from oa_desktop.domain.display import plural
from oa_desktop.domain.models import (
    MAX_DIAGNOSES,
    MAX_MODIFIERS,
    MAX_POINTERS,
    MAX_SERVICE_LINES,
    Address,
    Claim,
    Coverage,
    Patient,
    Person,
    Relationship,
    ServiceLine,
    Sex,
)
from oa_desktop.domain.money import to_money
from oa_desktop.errors import InputError
from oa_desktop.paths import resources_dir
from oa_desktop.services.imports.payer_list import read_rows
from oa_desktop.store import claims, import_lookups, records
from oa_desktop.store.db import Store

Kind = Literal["patients", "claims"]

PATIENT_COLUMNS = (
    "account_number", "last_name", "first_name", "middle_name", "birth_date", "sex",
    "address_line1", "address_line2", "city", "state", "zip_code", "phone", "payer_id",
    "member_id", "group_number", "relationship", "subscriber_last_name",
    "subscriber_first_name", "subscriber_birth_date", "subscriber_sex",
)
PATIENT_REQUIRED = ("last_name", "first_name", "birth_date", "sex", "address_line1", "city",
                    "state", "zip_code")
CLAIM_COLUMNS = (
    "claim_key", "patient_account_number", "insurance_rank", "diagnosis_codes",
    "place_of_service", "rendering_npi", "prior_authorization", "service_date",
    "service_date_to", "procedure_code", "modifiers", "units", "charge", "diagnosis_pointers",
)
CLAIM_REQUIRED = ("claim_key", "patient_account_number", "diagnosis_codes", "service_date",
                  "procedure_code", "charge")
# the same on every line of one claim
CLAIM_LEVEL = ("patient_account_number", "insurance_rank", "diagnosis_codes",
               "place_of_service", "rendering_npi", "prior_authorization")

_SPLIT = re.compile(r"[\s,;]+")
_RELATIONSHIPS = {"": Relationship.SELF, "SELF": Relationship.SELF, "18": Relationship.SELF,
                  "SPOUSE": Relationship.SPOUSE, "01": Relationship.SPOUSE,
                  "CHILD": Relationship.CHILD, "19": Relationship.CHILD,
                  "OTHER": Relationship.OTHER, "G8": Relationship.OTHER}
_SEXES = {"F": Sex.FEMALE, "FEMALE": Sex.FEMALE, "M": Sex.MALE, "MALE": Sex.MALE,
          "U": Sex.UNKNOWN, "UNKNOWN": Sex.UNKNOWN}


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one cell of an imported row."""
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.column}: {self.message}"


@dataclass
class PreviewRow:
    """One row of the file, as the preview shows it."""
    number: int  # as a spreadsheet numbers it (the header is row 1)
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # parsed values for commit

    @property
    def valid(self) -> bool:
        """True if the row will be imported."""
        return not self.errors


@dataclass
class ImportPreview:
    """What importing the file would do, before anything is stored."""
    kind: Kind
    path: Path
    columns: list[str]
    rows: list[PreviewRow]

    @property
    def valid_rows(self) -> list[PreviewRow]:
        """The rows :func:`commit` would import."""
        return [r for r in self.rows if r.valid]

    @property
    def errors(self) -> list[RowError]:
        """Every problem found, in row order."""
        return [e for r in self.rows for e in r.errors]


@dataclass(frozen=True)
class ImportCounts:
    """How many records an import stored."""
    patients: int = 0
    coverages: int = 0
    claims: int = 0
    lines: int = 0
    skipped_rows: int = 0

    @property
    def summary(self) -> str:
        """One line for the user."""
        if self.claims or self.lines:
            text = (f"Imported {plural(self.claims, 'claim')} "
                    f"({plural(self.lines, 'service line')}) as drafts")
        else:
            text = (f"Imported {plural(self.patients, 'patient')} "
                    f"({self.coverages:,} with insurance)")
        if self.skipped_rows:
            text += f"; {plural(self.skipped_rows, 'row')} skipped"
        return text + "."


def template_path(kind: Kind) -> Path:
    """The documented template for ``kind`` (``resources/templates/<kind>.csv``)."""
    return resources_dir() / "templates" / f"{kind}.csv"


# -- reading -----------------------------------------------------------------------------


def _column_name(text: str) -> str:
    return "_".join(text.replace("\ufeff", "").strip().lower().split())


def _read(path: Path, kind: Kind | None) -> tuple[Kind, list[str], list[PreviewRow]]:
    rows = read_rows(path)
    header = next(rows, None)
    columns = [_column_name(c) for c in header or []]
    if not any(columns):
        raise InputError(f"{path.name} is empty.", "Start from the template in the import "
                         "dialog; keep its header row.")
    detected: Kind = "claims" if "claim_key" in columns else "patients"
    kind = kind or detected
    required = CLAIM_REQUIRED if kind == "claims" else PATIENT_REQUIRED
    missing = [c for c in required if c not in columns]
    if missing and kind != detected:
        raise InputError(f"{path.name} looks like a {detected} file, not {kind}.",
                         f"Import it with Import {detected}, or choose the {kind} file.")
    if missing:
        columns_word = "column" if len(missing) == 1 else "columns"
        verb = "is" if len(missing) == 1 else "are"
        raise InputError(f"{path.name}, row 1 (header): {columns_word} {', '.join(missing)} "
                         f"{verb} missing.",
                         f"Use the {kind} template; keep its column names in the first row.")
    result = []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "")
                  for i, name in enumerate(columns) if name}
        result.append(PreviewRow(number, values))
    return kind, columns, result


# -- checking values -----------------------------------------------------------------------


class _Row:
    """Helpers that parse one row's cells and note errors against it."""

    def __init__(self, row: PreviewRow, today: date) -> None:
        self.row = row
        self.today = today

    def error(self, column: str, message: str) -> None:
        self.row.errors.append(RowError(self.row.number, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.row.values.get(column, "")
        if required and not value:
            self.error(column, "is empty")
        return value

    def name(self, column: str, *, required: bool = False) -> str:
        """A name or address cell; one a spreadsheet would run as a formula is refused."""
        value = self.text(column, required=required)
        if looks_like_formula(value):
            self.error(column, f"{value[:20]!r} starts with {value[0]!r}, so a spreadsheet "
                       "would run it as a formula; names start with a letter")
        return value

    def date(self, column: str, *, required: bool = False) -> date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            parsed = ids.parse_date(value)
        except ValueError:
            self.error(column, f"{value!r} is not a date; use MM/DD/YYYY")
            return None
        if parsed > self.today:
            self.error(column, f"{value} is in the future")
        return parsed

    def choice(self, column: str, options: dict[str, Any], default: Any) -> Any:
        value = self.text(column).upper()
        if not value:
            return default
        if value not in options:
            names = ", ".join(k for k in options if k and not k.isdigit())
            self.error(column, f"{self.text(column)!r} is not one of {names}")
            return default
        return options[value]

    def decimal(self, column: str, default: str = "") -> Decimal | None:
        value = self.text(column).replace("$", "").replace(",", "") or default
        try:
            amount = Decimal(value)
        except InvalidOperation:
            self.error(column, f"{self.text(column)!r} is not a number")
            return None
        if not amount.is_finite() or amount <= 0:
            self.error(column, "must be more than zero")
            return None
        return amount


def _address(r: _Row) -> Address:
    state = r.text("state", required=True).upper()
    if state and not re.fullmatch(r"[A-Z]{2}", state):
        r.error("state", f"{state!r} is not a two-letter state code")
    zip_code = r.text("zip_code", required=True).replace("-", "")
    if zip_code and not re.fullmatch(r"\d{5}(\d{4})?", zip_code):
        r.error("zip_code", f"{zip_code!r} is not a 5- or 9-digit ZIP code")
    return Address(r.name("address_line1", required=True).upper(),
                   r.name("address_line2").upper(), r.name("city", required=True).upper(),
                   state, zip_code)


def _subscriber(r: _Row, relationship: Relationship) -> Person | None:
    if relationship is Relationship.SELF:
        return None
    return Person(
        last_name=r.name("subscriber_last_name", required=True).upper(),
        first_name=r.name("subscriber_first_name", required=True).upper(),
        birth_date=r.date("subscriber_birth_date"),
        sex=r.choice("subscriber_sex", _SEXES, Sex.UNKNOWN),
    )


def _check_patient(r: _Row, payers: dict[str, int] | None, seen: set[str],
                   existing: dict[str, int] | None) -> None:
    person = Person(
        last_name=r.name("last_name", required=True).upper(),
        first_name=r.name("first_name", required=True).upper(),
        middle_name=r.name("middle_name").upper(),
        birth_date=r.date("birth_date", required=True),
        sex=r.choice("sex", _SEXES, Sex.UNKNOWN), address=_address(r),
        phone="".join(c for c in r.text("phone") if c.isdigit()),
    )
    if not r.text("sex"):
        r.error("sex", "is empty; use F, M or U")
    account = r.text("account_number").upper()
    if account and account in seen:
        r.error("account_number", f"{account} appears twice in this file")
    elif account and existing is not None and account in existing:
        r.error("account_number", f"a patient with account number {account} already exists")
    seen.add(account)
    r.row.data = {"patient": Patient(person, account_number=account)}
    payer_id = r.text("payer_id").upper()
    if not payer_id:
        return
    if payers is not None and payer_id not in payers:
        r.error("payer_id", f"no payer with payer ID {payer_id}; add it on the Payers screen "
                "(from Office Ally's payer list) first")
    relationship = r.choice("relationship", _RELATIONSHIPS, Relationship.SELF)
    r.row.data.update(payer_id=payer_id, member_id=r.text("member_id", required=True).upper(),
                      group_number=r.text("group_number").upper(), relationship=relationship,
                      subscriber=_subscriber(r, relationship))


def _diagnoses(r: _Row) -> list[str]:
    codes = [ids.normalize_icd10(c) for c in _SPLIT.split(r.text("diagnosis_codes")) if c]
    if not codes:
        r.error("diagnosis_codes", "is empty; list at least one ICD-10 code")
    if len(codes) > MAX_DIAGNOSES:
        r.error("diagnosis_codes", f"has {len(codes)} codes; at most {MAX_DIAGNOSES}")
    for code in codes:
        if not ids.is_icd10cm_shape(code):
            r.error("diagnosis_codes", f"{code} is not an ICD-10-CM code")
    return codes


def _pointers(r: _Row, diagnoses: int) -> tuple[int, ...]:
    text = r.text("diagnosis_pointers") or "1"
    parts = [p for p in _SPLIT.split(text) if p]
    if not all(p.isdigit() for p in parts):
        r.error("diagnosis_pointers", f"{text!r} must be numbers like 1 or 1,2")
        return ()
    pointers = tuple(int(p) for p in parts)
    if len(pointers) > MAX_POINTERS:
        r.error("diagnosis_pointers", f"at most {MAX_POINTERS} pointers")
    for pointer in pointers:
        if not 1 <= pointer <= diagnoses:
            r.error("diagnosis_pointers", f"{pointer} points to no diagnosis (the claim has "
                    f"{diagnoses})")
    return pointers


def _line(r: _Row, diagnoses: int) -> ServiceLine | None:
    start = r.date("service_date", required=True)
    end = r.date("service_date_to")
    if start and end and end < start:
        r.error("service_date_to", "is before service_date")
    code = r.text("procedure_code", required=True).upper()
    if code and not ids.is_procedure_shape(code):
        r.error("procedure_code", f"{code} is not a CPT or HCPCS code")
    modifiers = tuple(m.upper() for m in _SPLIT.split(r.text("modifiers")) if m)
    if len(modifiers) > MAX_MODIFIERS or not all(ids.is_modifier_shape(m) for m in modifiers):
        r.error("modifiers", "use up to four two-character modifiers, e.g. HN 95")
    units = r.decimal("units", default="1")
    charge = r.decimal("charge")
    pointers = _pointers(r, diagnoses)
    if start is None or units is None or charge is None:
        return None
    return ServiceLine(start, code, to_money(charge), units, modifiers, pointers, end)


def _check_claim_row(r: _Row, lookups: dict[str, Any] | None) -> None:
    diagnoses = _diagnoses(r)
    pos = r.text("place_of_service") or "11"
    if not ids.is_place_of_service(pos):
        r.error("place_of_service", f"{pos} is not a place-of-service code")
    rank_text = r.text("insurance_rank") or "1"
    if rank_text not in ("1", "2", "3"):
        r.error("insurance_rank", "use 1 (primary), 2 (secondary) or 3")
    npi = r.text("rendering_npi")
    if npi and not ids.is_valid_npi(npi):
        r.error("rendering_npi", f"{npi} is not a valid NPI")
    account = r.text("patient_account_number", required=True).upper()
    if lookups is not None:
        _check_references(r, lookups, account, int(rank_text) if rank_text.isdigit() else 1, npi)
    r.row.data = {"account": account, "rank": int(rank_text) if rank_text.isdigit() else 1,
                  "diagnoses": diagnoses, "pos": pos, "npi": npi,
                  "prior_authorization": r.text("prior_authorization").upper(),
                  "line": _line(r, len(diagnoses))}


def _check_references(r: _Row, lookups: dict[str, Any], account: str, rank: int,
                      npi: str) -> None:
    patient_id = lookups["patients"].get(account)
    if account and patient_id is None:
        r.error("patient_account_number", f"no patient with account number {account}")
    elif patient_id is not None and (patient_id, rank) not in lookups["coverages"]:
        r.error("insurance_rank", f"the patient has no insurance ranked {rank}")
    if npi and ids.is_valid_npi(npi) and npi not in lookups["rendering"]:
        r.error("rendering_npi", f"no rendering provider with NPI {npi}")


def _claim_groups(rows: list[PreviewRow]) -> dict[str, list[PreviewRow]]:
    groups: dict[str, list[PreviewRow]] = {}
    for row in rows:
        groups.setdefault(row.values.get("claim_key", "").upper(), []).append(row)
    return groups


def _check_claim_groups(rows: list[PreviewRow]) -> None:
    """Claim-level columns agree across a claim's lines; one bad line keeps the claim out."""
    for key, group in _claim_groups(rows).items():
        if not key:
            continue
        first = group[0]
        for row in group[1:]:
            for column in CLAIM_LEVEL:
                if row.values.get(column, "").upper() != first.values.get(column, "").upper():
                    row.errors.append(RowError(row.number, column, f"differs from row "
                                               f"{first.number} of the same claim {key}"))
        if len(group) > MAX_SERVICE_LINES:
            for row in group[MAX_SERVICE_LINES:]:
                row.errors.append(RowError(row.number, "claim_key", f"claim {key} has more "
                                           f"than {MAX_SERVICE_LINES} lines"))
        bad = [row.number for row in group if row.errors]
        for row in group:
            if not row.errors and bad:
                row.errors.append(RowError(row.number, "claim_key", f"not imported: row "
                                           f"{bad[0]} of the same claim {key} has an error"))


def preview(path: Path, kind: Kind | None = None, store: Store | None = None,
            today: date | None = None) -> ImportPreview:
    """Read and check ``path`` (kind told by the header when not given). Writes nothing.

    Raises ``InputError`` for a file that cannot be used at all (empty, not CSV, a
    required column missing); row problems are listed on the preview instead.
    """
    kind, columns, rows = _read(path, kind)
    day = today or date.today()
    if kind == "patients":
        payers = import_lookups.payer_ids_by_claim_id(store) if store else None
        existing = import_lookups.patient_ids_by_account(store) if store else None
        seen: set[str] = set()
        for row in rows:
            _check_patient(_Row(row, day), payers, seen, existing)
    else:
        lookups = _lookups(store) if store else None
        for row in rows:
            _check_claim_row(_Row(row, day), lookups)
        _check_claim_groups(rows)
    return ImportPreview(kind, path, columns, rows)


def _lookups(store: Store) -> dict[str, Any]:
    return {"patients": import_lookups.patient_ids_by_account(store),
            "coverages": import_lookups.coverage_ids(store),
            "rendering": import_lookups.rendering_ids_by_npi(store),
            "payers": import_lookups.payer_ids_by_claim_id(store)}


# -- storing -------------------------------------------------------------------------------


def _commit_patients(store: Store, rows: list[PreviewRow]) -> ImportCounts:
    payers = import_lookups.payer_ids_by_claim_id(store)
    existing = import_lookups.patient_ids_by_account(store)
    patients = coverages = skipped = 0
    for row in rows:
        data = row.data
        patient: Patient = data["patient"]
        payer = payers.get(data.get("payer_id", ""))
        if (data.get("payer_id") and payer is None) or patient.account_number in existing:
            skipped += 1
            continue
        patient_id = records.save_patient(store, patient)
        patients += 1
        if payer is not None:
            records.save_coverage(store, Coverage(
                patient_id=patient_id, payer_id=payer, rank=1, member_id=data["member_id"],
                group_number=data["group_number"], relationship=data["relationship"],
                subscriber=data["subscriber"]))
            coverages += 1
    return ImportCounts(patients=patients, coverages=coverages, skipped_rows=skipped)


def _commit_claims(store: Store, rows: list[PreviewRow]) -> ImportCounts:
    lookups = _lookups(store)
    made = lines = skipped = 0
    for _key, group in _claim_groups(rows).items():
        data = group[0].data
        patient_id = lookups["patients"].get(data["account"])
        coverage_id = lookups["coverages"].get((patient_id, data["rank"]))
        if patient_id is None or coverage_id is None:
            skipped += len(group)
            continue
        with store.write() as db:
            pcn = claims.next_pcn(db)
        claim_lines = [row.data["line"] for row in group]
        for n, line in enumerate(claim_lines, start=1):
            line.control_number = f"{pcn}L{n}"
        claims.save_claim(store, Claim(
            patient_id=patient_id, coverage_id=coverage_id, patient_control_number=pcn,
            diagnoses=data["diagnoses"], lines=claim_lines, place_of_service=data["pos"],
            prior_authorization=data["prior_authorization"],
            rendering_provider_id=lookups["rendering"].get(data["npi"]),
        ))
        made += 1
        lines += len(group)
    return ImportCounts(claims=made, lines=lines, skipped_rows=skipped)


def commit(store: Store, checked: ImportPreview) -> ImportCounts:
    """Store the preview's valid rows in one transaction; returns what was added.

    References are looked up again inside the transaction; a row whose patient, payer
    or insurance is gone since the preview is skipped and counted.
    """
    rows = checked.valid_rows
    run: Callable[[Store, list[PreviewRow]], ImportCounts]
    run = _commit_patients if checked.kind == "patients" else _commit_claims
    with store.write():
        return run(store, rows)
