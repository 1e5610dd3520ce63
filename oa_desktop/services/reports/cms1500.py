"""A claim's CMS-1500 (02/12) boxes as text, for printing on paper (NUCC 1500 manual).

Positions follow the form's print grid: 10 characters per inch across, 6 lines per
inch down (the grid pre-printed red forms are made for). Each value is placed at
``(line, column)``, both 1-based; a claim with more than six lines prints more pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oa_desktop.domain.models import ClaimFilingIndicator, Person, Relationship, Sex
from oa_desktop.store import claims, records
from oa_desktop.store.db import Store

LINES_PER_FORM = 6


@dataclass(frozen=True, slots=True)
class Place:
    """A text placed on the CMS-1500 form (line and column of the grid)."""
    line: int
    column: int
    text: str
    right: int = 0  # right-align so the text ends at this column (money)


def _d(day: date | None) -> str:
    return day.strftime("%m %d %Y") if day else ""


def _d2(day: date | None) -> str:
    return day.strftime("%m %d %y") if day else ""


def _money(amount: Decimal) -> tuple[str, str]:
    dollars, cents = f"{amount:.2f}".split(".")
    return dollars, cents


_PLAN_COLUMN = {ClaimFilingIndicator.MEDICARE_B: 2, ClaimFilingIndicator.MEDICAID: 9,
                ClaimFilingIndicator.CHAMPUS: 16, ClaimFilingIndicator.OTHER_FEDERAL: 40}
_RELATION_COLUMN = {Relationship.SELF: 33, Relationship.SPOUSE: 38, Relationship.CHILD: 42,
                    Relationship.OTHER: 47}


def _other_plan(store: Store, other_id: int | None, patient: Person) -> list[Place]:
    """Boxes 9, 9a, 9d and 11d from the claim's own 11d choice (the coverage the 837P sends
    as the other payer in loop 2320; on a secondary claim, the primary), else 11d "No"."""
    if other_id is None:
        return [Place(26, 57, "X")]  # 11d: No
    other = records.get_coverage(store, other_id)
    insured = other.subscriber or patient
    plan = records.get_payer(store, other.payer_id).name
    return [Place(26, 52, "X"),  # 11d: Yes
            Place(18, 2, insured.display_name.upper()[:28]),  # 9
            Place(20, 2, (other.member_id or other.group_number)[:28]),  # 9a
            Place(26, 2, plan.upper()[:28])]  # 9d


def cms1500_pages(store: Store, claim_id: int) -> list[list[Place]]:
    """Every page of the claim's form: the header boxes and up to six service lines each."""
    claim = claims.get_claim(store, claim_id)
    patient = records.get_patient(store, claim.patient_id).person
    coverage = records.get_coverage(store, claim.coverage_id)
    payer = records.get_payer(store, coverage.payer_id)
    insured = coverage.subscriber or patient
    practice = records.load_practice(store)
    provider = (records.get_rendering_provider(store, claim.rendering_provider_id)
                if claim.rendering_provider_id else None)
    facility = records.get_facility(store, claim.facility_id) if claim.facility_id else None
    head: list[Place] = [
        Place(2, 50, payer.name.upper()), Place(3, 50, payer.address.line1.upper()),
        Place(4, 50, f"{payer.address.city} {payer.address.state} "
                     f"{payer.address.zip_code}".upper().strip()),
        Place(8, _PLAN_COLUMN.get(payer.claim_filing_indicator, 32), "X"),
        Place(8, 50, coverage.member_id),  # 1a
        Place(10, 2, patient.display_name.upper()),  # 2
        Place(10, 31, _d(patient.birth_date)),  # 3
        Place(10, 50, insured.display_name.upper()),  # 4
        Place(12, 2, patient.address.line1.upper()),  # 5
        Place(12, _RELATION_COLUMN.get(coverage.relationship, 47), "X"),  # 6
        Place(12, 50, insured.address.line1.upper()),  # 7
        Place(14, 2, patient.address.city.upper()), Place(14, 26, patient.address.state),
        Place(14, 50, insured.address.city.upper()), Place(14, 74, insured.address.state),
        Place(16, 2, patient.address.zip_code), Place(16, 16, patient.phone),
        Place(16, 50, insured.address.zip_code), Place(16, 66, insured.phone),
        Place(18, 50, coverage.group_number),  # 11
        Place(20, 41, "X"), Place(22, 41, "X"), Place(24, 41, "X"),  # 10a-c: No
        Place(20, 53, _d(insured.birth_date)),  # 11a
        Place(30, 6, "SIGNATURE ON FILE"), Place(30, 38, _d2(date.today())),  # 12
        Place(30, 56, "SIGNATURE ON FILE"),  # 13
        Place(38, 38, "0"),  # 21: ICD-10-CM indicator
    ]
    head += _other_plan(store, claim.secondary_coverage_id, patient)
    if patient.sex is not Sex.UNKNOWN:
        head.append(Place(10, 42 if patient.sex is Sex.MALE else 47, "X"))
    if claim.referring_name:
        head += [Place(34, 2, "DN"), Place(34, 5, claim.referring_name.upper()),
                 Place(34, 33, claim.referring_npi)]  # 17, 17b
    for index, code in enumerate(claim.diagnoses[:12]):  # 21 A-L, four a line
        dotted = code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
        head.append(Place(38 + 2 * (index // 4), 3 + 13 * (index % 4), dotted))
    if claim.frequency.value != "1":
        head += [Place(38, 50, claim.frequency.value),
                 Place(38, 62, claim.original_claim_number)]  # 22
    head.append(Place(40, 50, claim.prior_authorization))  # 23
    total = sum((line.charge_amount for line in claim.lines), Decimal("0.00"))
    dollars, cents = _money(total)
    head += [Place(56, 2, practice.ein if practice else ""), Place(56, 19, "X"),  # 25 EIN
             Place(56, 23, claim.patient_control_number),  # 26
             Place(56, 38, "X"),  # 27 accept assignment: yes
             Place(56, 52, dollars, right=58), Place(56, 59, cents)]  # 28
    if provider is not None:
        head.append(Place(60, 2, f"{provider.first_name} {provider.last_name} "
                                 f"{provider.credential}".strip().upper()))  # 31
    if facility is not None:  # 32
        head += [Place(58, 23, facility.name.upper()), Place(59, 23, facility.address.line1
                                                             .upper()),
                 Place(60, 23, f"{facility.address.city} {facility.address.state} "
                               f"{facility.address.zip_code}".upper()),
                 Place(61, 23, facility.npi)]
    if practice is not None:  # 33
        head += [Place(57, 66, practice.phone), Place(58, 50, practice.name.upper()[:29]),
                 Place(59, 50, practice.address.line1.upper()[:29]),
                 Place(60, 50, f"{practice.address.city} {practice.address.state} "
                               f"{practice.address.zip_code}".upper()[:29]),
                 Place(61, 51, practice.npi)]
    pages = []
    for start in range(0, max(len(claim.lines), 1), LINES_PER_FORM):
        page = list(head)
        for n, line in enumerate(claim.lines[start:start + LINES_PER_FORM]):
            y = 44 + 2 * n
            dollars, cents = _money(line.charge_amount)
            page += [
                Place(y, 1, _d2(line.service_date)),
                Place(y, 10, _d2(line.service_date_to or line.service_date)),
                Place(y, 19, line.place_of_service or claim.place_of_service),
                Place(y, 25, line.procedure_code),
                Place(y, 32, " ".join(line.modifiers[:4])),
                Place(y, 45, "".join("ABCDEFGHIJKL"[p - 1] for p in line.diagnosis_pointers
                                     [:4])),
                Place(y, 50, dollars, right=56), Place(y, 57, cents),
                Place(y, 60, f"{line.units.normalize():f}"),
                Place(y, 69, provider.npi if provider else (practice.npi if practice else "")),
            ]
        pages.append(page)
    return pages
