"""Practice, providers, facilities, payers, patients and coverages: rows ↔ domain objects."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from oa_desktop.domain.models import (
    Address,
    BillingProvider,
    ClaimFilingIndicator,
    Coverage,
    Facility,
    Patient,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
    Sex,
)
from oa_desktop.store.db import LIKE_ESCAPE, Store, inserted_id, like_contains

Row = dict[str, Any]
_ADDRESS = ("line1", "line2", "city", "state", "zip_code")


def _address(row: Row) -> Address:
    return Address(*(row[k] for k in _ADDRESS))


def _address_row(address: Address) -> Row:
    return {k: getattr(address, k) for k in _ADDRESS}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _save(db: sqlite_utils.Database, table: str, row: Row, row_id: int | None) -> int:
    if row_id is None:
        return inserted_id(db.table(table).insert(row))
    db.table(table).update(row_id, row)
    return row_id


# -- practice -------------------------------------------------------------------------


def save_practice(store: Store, practice: BillingProvider) -> None:
    """Store the practice (there is one)."""
    row = {
        "id": 1, "name": practice.name, "npi": practice.npi, "ein": practice.ein,
        "taxonomy": practice.taxonomy, **_address_row(practice.address),
        "phone": practice.phone, "submitter_id": practice.submitter_id,
        "contact_name": practice.contact_name, "contact_phone": practice.contact_phone,
        "is_organization": int(practice.is_organization),
    }
    with store.write() as db:
        db.table("practice").upsert(row, pk="id")


def practice_npi(store: Store) -> str:
    """The practice's (billing) NPI, '' before the practice is set up."""
    row = store.read.execute("SELECT npi FROM practice").fetchone()
    return str(row[0]) if row else ""


def practice_ein(store: Store) -> str:
    """The practice's Tax ID (EIN), '' before the practice is set up."""
    row = store.read.execute("SELECT ein FROM practice").fetchone()
    return str(row[0]) if row else ""


def load_practice(store: Store) -> BillingProvider | None:
    """The practice, or None before it is set up."""
    rows = list(store.read.table("practice").rows)
    if not rows:
        return None
    r = rows[0]
    return BillingProvider(
        name=r["name"], npi=r["npi"], ein=r["ein"], taxonomy=r["taxonomy"], address=_address(r),
        phone=r["phone"], submitter_id=r["submitter_id"], contact_name=r["contact_name"],
        contact_phone=r["contact_phone"], is_organization=bool(r["is_organization"]),
    )


# -- providers and facilities --------------------------------------------------------


def save_rendering_provider(store: Store, provider: RenderingProvider) -> int:
    """Insert or update a rendering provider; returns its id."""
    row = {
        "last_name": provider.last_name, "first_name": provider.first_name, "npi": provider.npi,
        "taxonomy": provider.taxonomy, "credential": provider.credential,
        "active": int(provider.active),
    }
    with store.write() as db:
        provider.id = _save(db, "rendering_providers", row, provider.id)
    return provider.id


def _provider(r: Row) -> RenderingProvider:
    return RenderingProvider(
        last_name=r["last_name"], first_name=r["first_name"], npi=r["npi"],
        taxonomy=r["taxonomy"], credential=r["credential"], id=r["id"], active=bool(r["active"]),
    )


def list_rendering_providers(store: Store) -> list[RenderingProvider]:
    """All rendering providers by name."""
    rows = store.read.table("rendering_providers").rows_where(order_by="last_name, first_name")
    return [_provider(r) for r in rows]


def get_rendering_provider(store: Store, provider_id: int) -> RenderingProvider:
    """One rendering provider by id."""
    return _provider(store.read.table("rendering_providers").get(provider_id))


def save_facility(store: Store, facility: Facility) -> int:
    """Insert or update a service facility; returns its id."""
    row = {
        "name": facility.name, "npi": facility.npi, **_address_row(facility.address),
        "place_of_service": facility.place_of_service,
    }
    with store.write() as db:
        facility.id = _save(db, "facilities", row, facility.id)
    return facility.id


def _facility(r: Row) -> Facility:
    return Facility(
        name=r["name"], npi=r["npi"], address=_address(r),
        place_of_service=r["place_of_service"], id=r["id"],
    )


def list_facilities(store: Store) -> list[Facility]:
    """All facilities by name."""
    return [_facility(r) for r in store.read.table("facilities").rows_where(order_by="name")]


def get_facility(store: Store, facility_id: int) -> Facility:
    """One facility by id."""
    return _facility(store.read.table("facilities").get(facility_id))


# -- payers ---------------------------------------------------------------------------


def save_payer(store: Store, payer: Payer) -> int:
    """Insert or update a payer; returns its id."""
    row = {
        "name": payer.name, "payer_ids": json.dumps(payer.payer_ids, sort_keys=True),
        "non_par": int(payer.non_par),
        "enrollment_required": json.dumps(payer.enrollment_required, sort_keys=True),
        "claim_filing_indicator": payer.claim_filing_indicator.value,
        **_address_row(payer.address),
    }
    with store.write() as db:
        payer.id = _save(db, "payers", row, payer.id)
    return payer.id


def _payer(r: Row) -> Payer:
    return Payer(
        name=r["name"], payer_ids=json.loads(r["payer_ids"]), non_par=bool(r["non_par"]),
        enrollment_required=json.loads(r["enrollment_required"]),
        claim_filing_indicator=ClaimFilingIndicator(r["claim_filing_indicator"]),
        address=_address(r), id=r["id"],
    )


def list_payers(store: Store) -> list[Payer]:
    """All payers by name."""
    return [_payer(r) for r in store.read.table("payers").rows_where(order_by="name")]


def get_payer(store: Store, payer_id: int) -> Payer:
    """One payer by id."""
    return _payer(store.read.table("payers").get(payer_id))


# -- patients and coverages -----------------------------------------------------------


def _person_row(person: Person) -> Row:
    return {
        "last_name": person.last_name, "first_name": person.first_name,
        "middle_name": person.middle_name, "birth_date": _iso(person.birth_date),
        "sex": person.sex.value, **_address_row(person.address), "phone": person.phone,
    }


def _person(r: Row) -> Person:
    return Person(
        last_name=r["last_name"], first_name=r["first_name"], middle_name=r["middle_name"],
        birth_date=_date(r["birth_date"]), sex=Sex(r["sex"]), address=_address(r),
        phone=r["phone"],
    )


def save_patient(store: Store, patient: Patient) -> int:
    """Insert or update a patient; returns its id."""
    row = {**_person_row(patient.person), "account_number": patient.account_number}
    with store.write() as db:
        patient.id = _save(db, "patients", row, patient.id)
    return patient.id


def get_patient(store: Store, patient_id: int) -> Patient:
    """One patient by id."""
    r = store.read.table("patients").get(patient_id)
    return Patient(person=_person(r), account_number=r["account_number"], id=r["id"])


def save_coverage(store: Store, coverage: Coverage) -> int:
    """Insert or update a coverage; returns its id."""
    subscriber = None
    if coverage.subscriber is not None:
        subscriber = json.dumps(_person_row(coverage.subscriber))
    row = {
        "patient_id": coverage.patient_id, "payer_id": coverage.payer_id, "rank": coverage.rank,
        "member_id": coverage.member_id, "group_number": coverage.group_number,
        "relationship": coverage.relationship.value, "subscriber": subscriber,
        "effective_from": _iso(coverage.effective_from),
        "effective_to": _iso(coverage.effective_to),
    }
    with store.write() as db:
        coverage.id = _save(db, "coverages", row, coverage.id)
    return coverage.id


def _coverage(r: Row) -> Coverage:
    subscriber = _person(json.loads(r["subscriber"])) if r["subscriber"] else None
    return Coverage(
        patient_id=r["patient_id"], payer_id=r["payer_id"], rank=r["rank"],
        member_id=r["member_id"], group_number=r["group_number"],
        relationship=Relationship(r["relationship"]), subscriber=subscriber,
        effective_from=_date(r["effective_from"]), effective_to=_date(r["effective_to"]),
        id=r["id"],
    )


def get_coverage(store: Store, coverage_id: int) -> Coverage:
    """One coverage by id."""
    return _coverage(store.read.table("coverages").get(coverage_id))


def list_coverages(store: Store, patient_id: int) -> list[Coverage]:
    """A patient's coverages, primary first."""
    rows = store.read.table("coverages").rows_where(
        "patient_id = ?", [patient_id], order_by="rank"
    )
    return [_coverage(r) for r in rows]


# -- lists for the records screens ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PatientRow:
    """A patient with their primary coverage, as the Patients list shows them."""

    patient: Patient
    payer_name: str  # the primary (lowest-ranked) coverage's payer, "" without coverage
    member_id: str


def list_patients(store: Store, search: str = "") -> list[PatientRow]:
    """Patients by name with their primary coverage; ``search`` matches name, chart or member."""
    sql = (
        "SELECT p.*, COALESCE(py.name, '') AS payer_name, COALESCE(c.member_id, '') AS member "
        "FROM patients p LEFT JOIN coverages c ON c.id = ("
        "  SELECT id FROM coverages WHERE patient_id = p.id ORDER BY rank, id LIMIT 1) "
        "LEFT JOIN payers py ON py.id = c.payer_id"
    )
    params: list[str] = []
    text = search.strip()
    if text:
        like = like_contains(text)
        sql += (
            f" WHERE p.last_name LIKE ? {LIKE_ESCAPE} OR p.first_name LIKE ? {LIKE_ESCAPE}"
            f" OR p.account_number LIKE ? {LIKE_ESCAPE}"
            f" OR p.last_name || ', ' || p.first_name LIKE ? {LIKE_ESCAPE}"
            " OR EXISTS (SELECT 1 FROM coverages"
            f" WHERE patient_id = p.id AND member_id LIKE ? {LIKE_ESCAPE})"
        )
        params = [like] * 5
    sql += " ORDER BY p.last_name, p.first_name, p.id"
    return [
        PatientRow(
            Patient(person=_person(r), account_number=r["account_number"], id=r["id"]),
            r["payer_name"], r["member"],
        )
        for r in store.read.query(sql, params)
    ]


def coverage_in_use(store: Store, coverage_id: int) -> bool:
    """True if a claim bills or lists this coverage (it cannot be deleted then)."""
    row = store.read.execute(
        "SELECT 1 FROM claims WHERE coverage_id = ? OR secondary_coverage_id = ? LIMIT 1",
        [coverage_id, coverage_id],
    ).fetchone()
    return row is not None


def delete_coverage(store: Store, coverage_id: int) -> None:
    """Remove a coverage no claim uses (check :func:`coverage_in_use` first)."""
    with store.write() as db:
        db.execute("DELETE FROM coverages WHERE id = ?", [coverage_id])
