"""The claim scrubber: every problem a payer or Office Ally would reject, found first.

``scrub(context)`` returns findings. An error blocks submission; a warning does not.
Each finding names the CMS-1500 box and the 837P element, and says how to fix it.
Qt-free and standard library only: the ICD-10-CM billable check is passed in, and so
are the store's answers (duplicate claims).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.authorizations import Authorization
from oa_desktop.domain.codes import place_of_service_codes
from oa_desktop.domain.edits_auth import authorization_problems, filing_problems
from oa_desktop.domain.models import (
    MAX_DIAGNOSES,
    MAX_MODIFIERS,
    MAX_POINTERS,
    MAX_SERVICE_LINES,
    Address,
    BillingProvider,
    Claim,
    Coverage,
    Facility,
    Frequency,
    Patient,
    Payer,
    Person,
    Relationship,
    RenderingProvider,
    ServiceLine,
    Sex,
)
from oa_desktop.domain.x12_text import unwritable


class Severity(StrEnum):
    """How much a finding matters: an error blocks sending, a warning does not."""
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # shown, does not block


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the scrubber found, with the CMS-1500 box and the 837P place."""
    severity: Severity
    code: str  # stable id, e.g. "npi.rendering"
    box: str  # CMS-1500 box, e.g. "24J"
    element: str  # 837P place, e.g. "2310B NM109"
    message: str  # what is wrong, in a biller's words
    hint: str  # what to do
    line: int | None = None  # 1-based service line, when the finding is about one

    @property
    def place(self) -> str:
        """Where on the CMS-1500, in a biller's words: ``Box 24A, line 2``, ``Payer``."""
        where = f"Box {self.box}" if self.box[:1].isdigit() else self.box
        return f"{where}, line {self.line}" if self.line else where

    @property
    def support(self) -> str:
        """The 837P location for support, in small type: ``837P 2400 DTP*472``."""
        return f"837P {self.element}" if self.element else ""


@dataclass(frozen=True)
class ScrubContext:
    """Everything the edits look at. Missing records are None (and become findings)."""

    claim: Claim
    practice: BillingProvider | None
    patient: Patient | None
    coverage: Coverage | None
    payer: Payer | None
    rendering: RenderingProvider | None = None
    facility: Facility | None = None
    today: date | None = None
    # ICD-10-CM: True if billable, False if a category or header code, None if unknown code
    is_billable: Callable[[str], bool | None] | None = None
    # other claims with the same patient, date of service, procedure and payer
    duplicate_pcns: tuple[str, ...] = ()
    # transactions the practice has finished enrolling for with this payer ("837P", ...)
    enrolled_transactions: frozenset[str] = frozenset()
    # the coverage's authorizations, and what other claims already use of each (by id)
    authorizations: tuple[Authorization, ...] = ()
    auth_used_elsewhere: Mapping[int, Decimal] = field(default_factory=dict)
    # the timely-filing deadline while the payer has not accepted the claim, else None
    filing_deadline: date | None = None


Edit = Callable[[ScrubContext], list[Finding]]

_STATE = re.compile(r"[A-Z]{2}")
_ZIP = re.compile(r"\d{5}(\d{4})?")
_ZIP9 = re.compile(r"\d{9}")
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*BOX\b|\bPOST OFFICE BOX\b", re.IGNORECASE)


def _error(code: str, box: str, element: str, message: str, hint: str,
           line: int | None = None) -> Finding:
    return Finding(Severity.ERROR, code, box, element, message, hint, line)


def _warning(code: str, box: str, element: str, message: str, hint: str,
             line: int | None = None) -> Finding:
    return Finding(Severity.WARNING, code, box, element, message, hint, line)


def _is_pos(code: str) -> bool:
    """A place-of-service code CMS has assigned (the list also holds UNASSIGNED rows)."""
    return ids.is_place_of_service(code) and place_of_service_codes()[code] != "UNASSIGNED"


def _today(ctx: ScrubContext) -> date:
    return ctx.today or date.today()


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


# -- people and addresses ---------------------------------------------------------------


def _address_findings(code: str, box: str, loop: str, who: str, address: Address,
                      *, zip9: bool = False) -> list[Finding]:
    """Street, city, state and ZIP of one address (N3/N4 of ``loop``)."""
    found: list[Finding] = []
    if not address.line1.strip():
        found.append(_error(f"{code}.street", box, f"{loop} N301",
                            f"The {who}'s street address is missing.",
                            f"Enter the {who}'s street address."))
    if not address.city.strip():
        found.append(_error(f"{code}.city", box, f"{loop} N401", f"The {who}'s city is missing.",
                            f"Enter the {who}'s city."))
    if not _STATE.fullmatch(address.state.strip().upper()):
        found.append(_error(f"{code}.state", box, f"{loop} N402",
                            f"The {who}'s state {address.state or '(empty)'} is not a "
                            "two-letter state code.", "Use the postal code, e.g. TX."))
    zip_code = address.zip_code.replace("-", "").strip()
    if zip9 and not _ZIP9.fullmatch(zip_code):
        found.append(_error(f"{code}.zip", box, f"{loop} N403",
                            f"The {who}'s ZIP code {address.zip_code or '(empty)'} must have "
                            "all 9 digits (ZIP+4).",
                            "Look up the ZIP+4 at usps.com and enter all 9 digits."))
    elif not _ZIP.fullmatch(zip_code):
        found.append(_error(f"{code}.zip", box, f"{loop} N403",
                            f"The {who}'s ZIP code {address.zip_code or '(empty)'} is not a "
                            "5- or 9-digit ZIP code.", "Enter the ZIP code as 5 or 9 digits."))
    return found


def _name_findings(code: str, box: str, loop: str, who: str, person: Person) -> list[Finding]:
    found: list[Finding] = []
    if not person.last_name.strip():
        found.append(_error(f"{code}.last_name", box, f"{loop} NM103",
                            f"The {who}'s last name is missing.", f"Enter the {who}'s last name."))
    if not person.first_name.strip():
        found.append(_error(f"{code}.first_name", box, f"{loop} NM104",
                            f"The {who}'s first name is missing.",
                            f"Enter the {who}'s first name."))
    return found


def _is_self(ctx: ScrubContext) -> bool:
    return ctx.coverage is None or ctx.coverage.relationship is Relationship.SELF


def check_patient(ctx: ScrubContext) -> list[Finding]:
    """Patient name, birth date, sex and address (boxes 2, 3, 5)."""
    if ctx.patient is None:
        return [_error("patient.missing", "2", "2010CA NM1", "The claim has no patient.",
                       "Pick the patient this claim is for.")]
    loop = "2010BA" if _is_self(ctx) else "2010CA"
    person = ctx.patient.person
    found = _name_findings("patient", "2", loop, "patient", person)
    first = ctx.claim.first_date
    if person.birth_date is None:
        found.append(_error("patient.birth_date", "3", f"{loop} DMG02",
                            "The patient's birth date is missing.",
                            "Enter the birth date as MM/DD/YYYY."))
    elif person.birth_date > _today(ctx):
        found.append(_error("patient.birth_date", "3", f"{loop} DMG02",
                            f"The patient's birth date {ids.format_date(person.birth_date)} "
                            "is in the future.", "Correct the birth date."))
    elif first is not None and person.birth_date > first:
        found.append(_error("patient.birth_date", "3", f"{loop} DMG02",
                            "The patient's birth date is after the date of service.",
                            "Correct the birth date or the date of service."))
    if person.sex is Sex.UNKNOWN:
        found.append(_warning("patient.sex", "3", f"{loop} DMG03",
                              "The patient's sex is not given; many payers reject 'unknown'.",
                              "Choose F or M as on the insurance card."))
    found += _address_findings("patient.address", "5", loop, "patient", person.address)
    return found


def check_subscriber(ctx: ScrubContext) -> list[Finding]:
    """The insured: member id, name and address (boxes 1a, 4, 7), and the coverage dates."""
    coverage = ctx.coverage
    if coverage is None:
        return [_error("subscriber.coverage", "1a", "2000B SBR",
                       "The claim has no insurance to bill.",
                       "Add the patient's insurance and pick it on the claim.")]
    found: list[Finding] = []
    if not coverage.member_id.strip():
        found.append(_error("subscriber.member_id", "1a", "2010BA NM109",
                            "The insured's member ID is missing.",
                            "Copy the member ID from the insurance card."))
    if not _is_self(ctx):
        if coverage.subscriber is None:
            found.append(_error("subscriber.missing", "4", "2010BA NM1",
                                "The patient is not the insured, but the insured person "
                                "is not entered.",
                                "Enter the insured's name, birth date and address "
                                "on the patient's insurance."))
        else:
            found += _name_findings("subscriber", "4", "2010BA", "insured", coverage.subscriber)
            found += _address_findings("subscriber.address", "7", "2010BA", "insured",
                                       coverage.subscriber.address)
    found += _coverage_dates(ctx, coverage)
    return found


def _coverage_dates(ctx: ScrubContext, coverage: Coverage) -> list[Finding]:
    first, last = ctx.claim.first_date, ctx.claim.last_date
    if first is None or last is None:
        return []
    starts, ends = coverage.effective_from, coverage.effective_to
    if (starts and first < starts) or (ends and last > ends):
        return [_warning("subscriber.coverage_dates", "11", "2000B SBR",
                         "The dates of service fall outside the insurance's effective dates.",
                         "Check eligibility for these dates, or bill the insurance that "
                         "covered them.")]
    return []


def check_payer(ctx: ScrubContext) -> list[Finding]:
    """The payer exists, has a name and a payer id for 837P claims; enrollment warning."""
    payer = ctx.payer
    if payer is None:
        return [_error("payer.missing", "Payer", "2010BB NM1", "The insurance has no payer.",
                       "Pick the payer on the patient's insurance.")]
    found: list[Finding] = []
    if not payer.name.strip():
        found.append(_error("payer.name", "Payer", "2010BB NM103", "The payer has no name.",
                            "Enter the payer's name (Payers screen)."))
    if not payer.claim_payer_id.strip():
        found.append(_error("payer.id", "Payer", "2010BB NM109",
                            f"{payer.name or 'The payer'} has no Office Ally payer ID for "
                            "claims (837P).",
                            "Find the payer in Office Ally's payer list (Payers → Import "
                            "payer list) and link it."))
    if payer.enrollment_required.get("837P") and "837P" not in ctx.enrolled_transactions:
        found.append(_warning("payer.enrollment", "Payer", "2010BB NM109",
                              f"{payer.name} requires enrollment before it accepts claims "
                              "through Office Ally.",
                              "If you have not enrolled yet, send Office Ally's enrollment "
                              "form first, or the claim will be rejected."))
    return found


# -- providers ----------------------------------------------------------------------------


def check_billing_provider(ctx: ScrubContext) -> list[Finding]:
    """The practice: name, Tax ID, taxonomy and a 9-digit ZIP street address (boxes 25, 33)."""
    practice = ctx.practice
    if practice is None:
        return [_error("billing.missing", "33", "2010AA NM1",
                       "The practice (billing provider) is not set up.",
                       "Enter the practice's name, NPI, Tax ID and address in Settings.")]
    found: list[Finding] = []
    if not practice.name.strip():
        found.append(_error("billing.name", "33", "2010AA NM103",
                            "The billing provider's name is missing.",
                            "Enter the practice name in Settings."))
    if not ids.is_valid_ein(practice.ein):
        found.append(_error("billing.ein", "25", "2010AA REF02",
                            f"The practice's Tax ID (EIN) {practice.ein or '(empty)'} is not "
                            "a valid EIN.", "Enter the 9-digit EIN from the IRS letter."))
    if practice.taxonomy and not ids.is_taxonomy_shape(practice.taxonomy):
        found.append(_error("billing.taxonomy", "33b", "2000A PRV03",
                            f"The practice's taxonomy code {practice.taxonomy} is not "
                            "10 characters ending in X.",
                            "Copy the taxonomy code from the NPI registry, e.g. 103T00000X."))
    found += _address_findings("billing.address", "33", "2010AA", "billing provider",
                               practice.address, zip9=True)
    if _PO_BOX.search(f"{practice.address.line1} {practice.address.line2}"):
        found.append(_error("billing.po_box", "33", "2010AA N301",
                            "The billing provider's address is a P.O. box.",
                            "Use the street address where you practice; a P.O. box is "
                            "only allowed as the pay-to address."))
    return found


def check_npis(ctx: ScrubContext) -> list[Finding]:
    """NPI check digit of the billing, rendering, referring and facility providers."""
    found: list[Finding] = []
    places = []
    if ctx.practice is not None:
        places.append(("npi.billing", "33a", "2010AA NM109", "billing provider", ctx.practice.npi))
    if ctx.rendering is not None:
        places.append(("npi.rendering", "24J", "2310B NM109", "rendering provider",
                       ctx.rendering.npi))
    if ctx.claim.referring_npi:
        places.append(("npi.referring", "17b", "2310A NM109", "referring provider",
                       ctx.claim.referring_npi))
    if ctx.facility is not None and ctx.facility.npi:
        places.append(("npi.facility", "32a", "2310C NM109", "service facility",
                       ctx.facility.npi))
    for code, box, element, who, npi in places:
        if not ids.is_valid_npi(npi):
            found.append(_error(
                code, box, element, f"The {who}'s NPI {npi or '(empty)'} is not a valid NPI.",
                "Check the 10 digits against the NPI registry; one digit is probably mistyped.",
            ))
    return found


def check_other_providers(ctx: ScrubContext) -> list[Finding]:
    """Rendering taxonomy and name, referring provider name, facility name and address."""
    found: list[Finding] = []
    rendering = ctx.rendering
    if rendering is not None:
        if not rendering.last_name.strip():
            found.append(_error("rendering.name", "24J", "2310B NM103",
                                "The rendering provider's last name is missing.",
                                "Enter the provider's name (Providers screen)."))
        if rendering.taxonomy and not ids.is_taxonomy_shape(rendering.taxonomy):
            found.append(_error("rendering.taxonomy", "24J", "2310B PRV03",
                                f"The rendering provider's taxonomy code {rendering.taxonomy} "
                                "is not 10 characters ending in X.",
                                "Copy the taxonomy code from the NPI registry."))
    if ctx.claim.referring_npi and not ctx.claim.referring_name.strip():
        found.append(_error("referring.name", "17", "2310A NM103",
                            "A referring NPI is entered but the referring provider's name "
                            "is missing.", "Enter the referring provider's name in box 17."))
    facility = ctx.facility
    if facility is not None:
        if not facility.name.strip():
            found.append(_error("facility.name", "32", "2310C NM103",
                                "The service facility's name is missing.",
                                "Enter the facility name (Facilities screen)."))
        found += _address_findings("facility.address", "32", "2310C", "service facility",
                                   facility.address)
    return found


# -- the claim and its lines -------------------------------------------------------------


def check_claim(ctx: ScrubContext) -> list[Finding]:
    """Claim number, place of service, frequency with the payer's claim number, duplicates."""
    claim = ctx.claim
    found: list[Finding] = []
    if not ids.is_valid_pcn(claim.patient_control_number):
        found.append(_error("claim.pcn", "26", "2300 CLM01",
                            f"The claim number {claim.patient_control_number or '(empty)'} "
                            "must be 1-20 capital letters and digits.",
                            "Let the app number the claim, or remove spaces and symbols."))
    if not _is_pos(claim.place_of_service):
        found.append(_error("claim.pos", "24B", "2300 CLM05-1",
                            f"Place of service {claim.place_of_service or '(empty)'} is not a "
                            "valid code.", "Pick a place of service, e.g. 11 (office) or 10 "
                            "(telehealth in the patient's home)."))
    if (claim.frequency in (Frequency.REPLACEMENT, Frequency.VOID)
            and not claim.original_claim_number.strip()):
        kind = "replacement" if claim.frequency is Frequency.REPLACEMENT else "void"
        found.append(_error("claim.original_number", "22", "2300 REF*F8",
                            f"A {kind} claim (frequency {claim.frequency.value}) needs the "
                            "payer's claim number of the original claim.",
                            "Copy the payer claim number from the ERA or the payer's "
                            "portal into box 22."))
    if ctx.duplicate_pcns:
        others = ", ".join(ctx.duplicate_pcns)
        found.append(_warning("claim.duplicate", "24", "2300 CLM01",
                              f"This looks like a duplicate of claim {others}: same patient, "
                              "date of service, procedure and payer.",
                              "Make sure you are not billing the same visit twice; if it "
                              "is a correction, send it as a replacement (frequency 7)."))
    return found


def _diagnosis_finding(ctx: ScrubContext, number: int, code: str) -> Finding | None:
    element = f"2300 HI{number:02d}-2"
    shown = ids.display_icd10(code) if code else "(empty)"
    if not ids.is_icd10cm_shape(code):
        return _error("diagnosis.shape", "21", element,
                      f"Diagnosis {number} ({shown}) is not an ICD-10-CM code.",
                      "Type the code as on the chart, e.g. F84.0.")
    if ctx.is_billable is None:
        return None
    billable = ctx.is_billable(ids.normalize_icd10(code))
    if billable is None:
        return _error("diagnosis.unknown", "21", element,
                      f"Diagnosis {number} ({shown}) is not in the ICD-10-CM code list.",
                      "Search the code list by words or code and pick a listed code.")
    if not billable:
        return _error("diagnosis.not_billable", "21", element,
                      f"Diagnosis {number} ({shown}) is a category, not a billable code.",
                      "Pick a more specific code under it (one with more characters).")
    return None


def check_diagnoses(ctx: ScrubContext) -> list[Finding]:
    """At least one and at most 12 ICD-10-CM codes, each valid and billable (box 21)."""
    codes = ctx.claim.diagnoses
    found: list[Finding] = []
    if not codes:
        found.append(_error("diagnosis.none", "21", "2300 HI01-2",
                            "The claim has no diagnosis.", "Enter at least one ICD-10 code."))
    if len(codes) > MAX_DIAGNOSES:
        found.append(_error("diagnosis.too_many", "21", "2300 HI",
                            f"The claim has {len(codes)} diagnoses; a claim holds at most "
                            f"{MAX_DIAGNOSES}.", "Keep the 12 that the services point to, "
                            "or split the claim."))
    seen: set[str] = set()
    for number, code in enumerate(codes, start=1):
        finding = _diagnosis_finding(ctx, number, code)
        if finding is not None:
            found.append(finding)
        key = ids.normalize_icd10(code)
        if key and key in seen:
            found.append(_warning("diagnosis.repeated", "21", f"2300 HI{number:02d}-2",
                                  f"Diagnosis {number} ({ids.display_icd10(code)}) is listed "
                                  "twice.", "Remove the repeated code."))
        seen.add(key)
    return found


def check_line_count(ctx: ScrubContext) -> list[Finding]:
    """At least one service line, at most 50 (Office Ally's limit)."""
    count = len(ctx.claim.lines)
    if count == 0:
        return [_error("lines.none", "24", "2400 LX", "The claim has no service lines.",
                       "Add the services performed, one per line.")]
    if count > MAX_SERVICE_LINES:
        return [_error("lines.too_many", "24", "2400 LX",
                       f"The claim has {count} service lines; Office Ally takes at most "
                       f"{MAX_SERVICE_LINES}.", "Split the services over two claims.")]
    return []


def _line_codes(line: ServiceLine, n: int) -> list[Finding]:
    found: list[Finding] = []
    if not ids.is_procedure_shape(line.procedure_code):
        found.append(_error("line.procedure", "24D", "2400 SV101-2",
                            f"Procedure code {line.procedure_code or '(empty)'} is not a CPT "
                            "or HCPCS code.", "Enter a 5-character code, e.g. 90837 or H0031.",
                            n))
    if len(line.modifiers) > MAX_MODIFIERS:
        found.append(_error("line.modifier_count", "24D", "2400 SV101-3",
                            f"The line has {len(line.modifiers)} modifiers; at most "
                            f"{MAX_MODIFIERS} fit.", "Keep the four that matter most.", n))
    for modifier in line.modifiers:
        if not ids.is_modifier_shape(modifier):
            found.append(_error("line.modifier", "24D", "2400 SV101-3",
                                f"Modifier {modifier or '(empty)'} is not two letters or "
                                "digits.", "Enter modifiers like HN, GT or 95.", n))
    if line.place_of_service and not _is_pos(line.place_of_service):
        found.append(_error("line.pos", "24B", "2400 SV105",
                            f"Place of service {line.place_of_service} is not a valid code.",
                            "Pick a place of service or leave it empty to use the claim's.",
                            n))
    return found


def _line_amounts(line: ServiceLine, n: int) -> list[Finding]:
    found: list[Finding] = []
    if line.units <= 0:
        found.append(_error("line.units", "24G", "2400 SV104",
                            f"Units must be more than zero (the line has {line.units}).",
                            "Enter the number of units billed.", n))
    if line.charge_amount <= 0:
        found.append(_error("line.charge", "24F", "2400 SV102",
                            f"The charge must be more than $0.00 (the line has "
                            f"${line.charge_amount:,.2f}).",
                            "Enter the charge from your fee schedule.", n))
    return found


def _line_pointers(line: ServiceLine, n: int, diagnoses: int) -> list[Finding]:
    pointers = line.diagnosis_pointers
    if not pointers:
        return [_error("line.pointer_none", "24E", "2400 SV107",
                       "The line does not point to any diagnosis.",
                       "Enter at least one diagnosis pointer (1 for the first code in box 21).",
                       n)]
    found: list[Finding] = []
    if len(pointers) > MAX_POINTERS:
        found.append(_error("line.pointer_count", "24E", "2400 SV107",
                            f"The line points to {len(pointers)} diagnoses; at most "
                            f"{MAX_POINTERS} are allowed.", "Keep the four most relevant.", n))
    if len(set(pointers)) != len(pointers):
        found.append(_error("line.pointer_repeated", "24E", "2400 SV107",
                            "The line points to the same diagnosis twice.",
                            "Remove the repeated pointer.", n))
    for pointer in pointers:
        if not 1 <= pointer <= min(diagnoses, MAX_DIAGNOSES):
            found.append(_error("line.pointer", "24E", "2400 SV107",
                                f"Diagnosis pointer {pointer} points to no diagnosis (the "
                                f"claim has {diagnoses}).",
                                "Point to a diagnosis listed in box 21 (1 = the first).", n))
    return found


def _line_dates(line: ServiceLine, n: int, today: date) -> list[Finding]:
    found: list[Finding] = []
    if line.service_date > today:
        found.append(_error("line.date_future", "24A", "2400 DTP03",
                            f"The date of service {ids.format_date(line.service_date)} is in "
                            "the future.", "Bill services only after they happen.", n))
    end = line.service_date_to
    if end is not None and end < line.service_date:
        found.append(_error("line.date_order", "24A", "2400 DTP03",
                            f"The to-date {ids.format_date(end)} is before the from-date "
                            f"{ids.format_date(line.service_date)}.",
                            "Swap or correct the dates.", n))
    elif end is not None and end > today:
        found.append(_error("line.date_future", "24A", "2400 DTP03",
                            f"The to-date {ids.format_date(end)} is in the future.",
                            "Bill services only after they happen.", n))
    return found


def check_lines(ctx: ScrubContext) -> list[Finding]:
    """Each service line: codes, modifiers, units, charge, pointers, dates (box 24)."""
    today = _today(ctx)
    diagnoses = len(ctx.claim.diagnoses)
    found: list[Finding] = []
    for n, line in enumerate(ctx.claim.lines, start=1):
        found += _line_dates(line, n, today)
        found += _line_codes(line, n)
        found += _line_amounts(line, n)
        found += _line_pointers(line, n, diagnoses)
    return found


def _text_fields(ctx: ScrubContext) -> list[tuple[str, str, str, str, str]]:
    """(code, box, 837P place, what, value) of the free text the 837P carries."""
    fields: list[tuple[str, str, str, str, str]] = []

    def person(code: str, box: str, loop: str, who: str, who_person: Person) -> None:
        address = who_person.address
        fields.extend([
            (code, box, f"{loop} NM103", f"{who}'s last name", who_person.last_name),
            (code, box, f"{loop} NM104", f"{who}'s first name", who_person.first_name),
            (code, box, f"{loop} NM105", f"{who}'s middle name", who_person.middle_name),
            (code, box, f"{loop} N301", f"{who}'s street address", address.line1),
            (code, box, f"{loop} N302", f"{who}'s second address line", address.line2),
            (code, box, f"{loop} N401", f"{who}'s city", address.city)])

    if ctx.patient is not None:
        person("patient", "2", "2010BA" if _is_self(ctx) else "2010CA", "patient",
               ctx.patient.person)
    if ctx.coverage is not None and ctx.coverage.subscriber is not None and not _is_self(ctx):
        person("subscriber", "4", "2010BA", "insured", ctx.coverage.subscriber)
    if ctx.payer is not None:
        fields.append(("payer", "Payer", "2010BB NM103", "payer's name", ctx.payer.name))
    if ctx.practice is not None:
        address = ctx.practice.address
        fields += [("billing", "33", "2010AA NM103", "practice's name", ctx.practice.name),
                   ("billing", "33", "2010AA N301", "practice's street address", address.line1),
                   ("billing", "33", "2010AA N302", "practice's second address line",
                    address.line2),
                   ("billing", "33", "2010AA N401", "practice's city", address.city)]
    if ctx.rendering is not None:
        fields += [("rendering", "24J", "2310B NM103", "rendering provider's last name",
                    ctx.rendering.last_name),
                   ("rendering", "24J", "2310B NM104", "rendering provider's first name",
                    ctx.rendering.first_name)]
    if ctx.facility is not None:
        fields += [("facility", "32", "2310C NM103", "service facility's name",
                    ctx.facility.name),
                   ("facility", "32", "2310C N301", "service facility's street address",
                    ctx.facility.address.line1),
                   ("facility", "32", "2310C N401", "service facility's city",
                    ctx.facility.address.city)]
    fields += [("referring", "17", "2310A NM103", "referring provider's name",
                ctx.claim.referring_name),
               ("claim", "19", "2300 NTE02", "claim note", ctx.claim.note)]
    return fields


def check_characters(ctx: ScrubContext) -> list[Finding]:
    """Text the 837P cannot carry even transliterated (Ø is sent as O, but Ж has no
    plain-letter form): an error naming the field, never a letter dropped."""
    found: list[Finding] = []
    for code, box, element, what, value in _text_fields(ctx):
        bad = unwritable(value) if value else ""
        if bad:
            found.append(_error(f"{code}.characters", box, element,
                                f"The {what} holds {bad!r}, which cannot be sent in a "
                                "claim file.",
                                "Type it with plain letters (A-Z), as the insurance card "
                                "or the payer spells it."))
    return found


def check_authorizations(ctx: ScrubContext) -> list[Finding]:
    """Box 23: an authorization covers each line, is current, and is not exceeded."""
    return [_warning(p.code, p.box, p.element, p.message, p.hint, p.line)
            for p in authorization_problems(ctx.claim, ctx.authorizations,
                                            ctx.auth_used_elsewhere)]


def check_filing_deadline(ctx: ScrubContext) -> list[Finding]:
    """Timely filing: a warning inside 30 days of the deadline; it never blocks."""
    if ctx.filing_deadline is None:
        return []
    return [_warning(p.code, p.box, p.element, p.message, p.hint, p.line)
            for p in filing_problems(ctx.filing_deadline, _today(ctx))]


EDITS: list[Edit] = [
    check_patient, check_subscriber, check_payer, check_billing_provider, check_npis,
    check_other_providers, check_claim, check_diagnoses, check_line_count, check_lines,
    check_characters,
    check_authorizations, check_filing_deadline,
]


def scrub(ctx: ScrubContext) -> list[Finding]:
    """Run every edit; errors first, then warnings, each in box order."""
    findings = [finding for edit in EDITS for finding in edit(ctx)]
    return sorted(findings, key=lambda f: (f.severity != Severity.ERROR, f.line or 0))


def has_errors(findings: list[Finding]) -> bool:
    """True if any finding blocks submission."""
    return any(f.severity is Severity.ERROR for f in findings)
