"""Scrubber edits for the claim itself and its service lines.

Claim number, place of service and frequency (boxes 22, 24B, 26), possible duplicates,
the ICD-10-CM diagnoses (box 21), and each line's dates, codes, modifiers, units,
charge and diagnosis pointers (box 24). Standard library only.
"""

from __future__ import annotations

from datetime import date

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.codes import place_of_service_codes
from oa_desktop.domain.models import (
    MAX_DIAGNOSES,
    MAX_MODIFIERS,
    MAX_POINTERS,
    MAX_SERVICE_LINES,
    Frequency,
    ServiceLine,
)
from oa_desktop.domain.scrub_findings import Finding, ScrubContext, error, today_of, warning


def _is_pos(code: str) -> bool:
    """A place-of-service code CMS has assigned (the list also holds UNASSIGNED rows)."""
    return ids.is_place_of_service(code) and place_of_service_codes()[code] != "UNASSIGNED"


def check_claim(ctx: ScrubContext) -> list[Finding]:
    """Claim number, place of service, frequency with the payer's claim number, duplicates."""
    claim = ctx.claim
    found: list[Finding] = []
    if not ids.is_valid_pcn(claim.patient_control_number):
        found.append(error("claim.pcn", "26", "2300 CLM01",
                           f"The claim number {claim.patient_control_number or '(empty)'} "
                           "must be 1-20 capital letters and digits.",
                           "Let the app number the claim, or remove spaces and symbols."))
    if not _is_pos(claim.place_of_service):
        found.append(error("claim.pos", "24B", "2300 CLM05-1",
                           f"Place of service {claim.place_of_service or '(empty)'} is not a "
                           "valid code.", "Pick a place of service, e.g. 11 (office) or 10 "
                           "(telehealth in the patient's home)."))
    if (claim.frequency in (Frequency.REPLACEMENT, Frequency.VOID)
            and not claim.original_claim_number.strip()):
        kind = "replacement" if claim.frequency is Frequency.REPLACEMENT else "void"
        found.append(error("claim.original_number", "22", "2300 REF*F8",
                           f"A {kind} claim (frequency {claim.frequency.value}) needs the "
                           "payer's claim number of the original claim.",
                           "Copy the payer claim number from the ERA or the payer's "
                           "portal into box 22."))
    if ctx.duplicate_pcns:
        others = ", ".join(ctx.duplicate_pcns)
        found.append(warning("claim.duplicate", "24", "2300 CLM01",
                             f"This looks like a duplicate of claim {others}: same patient, "
                             "date of service, procedure and payer.",
                             "Make sure you are not billing the same visit twice; if it "
                             "is a correction, send it as a replacement (frequency 7)."))
    return found


def _diagnosis_finding(ctx: ScrubContext, number: int, code: str) -> Finding | None:
    element = f"2300 HI{number:02d}-2"
    shown = ids.display_icd10(code) if code else "(empty)"
    if not ids.is_icd10cm_shape(code):
        return error("diagnosis.shape", "21", element,
                     f"Diagnosis {number} ({shown}) is not an ICD-10-CM code.",
                     "Type the code as on the chart, e.g. F84.0.")
    if ctx.is_billable is None:
        return None
    billable = ctx.is_billable(ids.normalize_icd10(code))
    if billable is None:
        return error("diagnosis.unknown", "21", element,
                     f"Diagnosis {number} ({shown}) is not in the ICD-10-CM code list.",
                     "Search the code list by words or code and pick a listed code.")
    if not billable:
        return error("diagnosis.not_billable", "21", element,
                     f"Diagnosis {number} ({shown}) is a category, not a billable code.",
                     "Pick a more specific code under it (one with more characters).")
    return None


def check_diagnoses(ctx: ScrubContext) -> list[Finding]:
    """At least one and at most 12 ICD-10-CM codes, each valid and billable (box 21)."""
    codes = ctx.claim.diagnoses
    found: list[Finding] = []
    if not codes:
        found.append(error("diagnosis.none", "21", "2300 HI01-2",
                           "The claim has no diagnosis.", "Enter at least one ICD-10 code."))
    if len(codes) > MAX_DIAGNOSES:
        found.append(error("diagnosis.too_many", "21", "2300 HI",
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
            found.append(warning("diagnosis.repeated", "21", f"2300 HI{number:02d}-2",
                                 f"Diagnosis {number} ({ids.display_icd10(code)}) is listed "
                                 "twice.", "Remove the repeated code."))
        seen.add(key)
    return found


def check_line_count(ctx: ScrubContext) -> list[Finding]:
    """At least one service line, at most 50 (Office Ally's limit)."""
    count = len(ctx.claim.lines)
    if count == 0:
        return [error("lines.none", "24", "2400 LX", "The claim has no service lines.",
                      "Add the services performed, one per line.")]
    if count > MAX_SERVICE_LINES:
        return [error("lines.too_many", "24", "2400 LX",
                      f"The claim has {count} service lines; Office Ally takes at most "
                      f"{MAX_SERVICE_LINES}.", "Split the services over two claims.")]
    return []


def _line_codes(line: ServiceLine, n: int) -> list[Finding]:
    found: list[Finding] = []
    if not ids.is_procedure_shape(line.procedure_code):
        found.append(error("line.procedure", "24D", "2400 SV101-2",
                           f"Procedure code {line.procedure_code or '(empty)'} is not a CPT "
                           "or HCPCS code.", "Enter a 5-character code, e.g. 90837 or H0031.",
                           n))
    if len(line.modifiers) > MAX_MODIFIERS:
        found.append(error("line.modifier_count", "24D", "2400 SV101-3",
                           f"The line has {len(line.modifiers)} modifiers; at most "
                           f"{MAX_MODIFIERS} fit.", "Keep the four that matter most.", n))
    for modifier in line.modifiers:
        if not ids.is_modifier_shape(modifier):
            found.append(error("line.modifier", "24D", "2400 SV101-3",
                               f"Modifier {modifier or '(empty)'} is not two letters or "
                               "digits.", "Enter modifiers like HN, GT or 95.", n))
    if line.place_of_service and not _is_pos(line.place_of_service):
        found.append(error("line.pos", "24B", "2400 SV105",
                           f"Place of service {line.place_of_service} is not a valid code.",
                           "Pick a place of service or leave it empty to use the claim's.",
                           n))
    return found


def _line_amounts(line: ServiceLine, n: int) -> list[Finding]:
    found: list[Finding] = []
    if line.units <= 0:
        found.append(error("line.units", "24G", "2400 SV104",
                           f"Units must be more than zero (the line has {line.units}).",
                           "Enter the number of units billed.", n))
    if line.charge_amount <= 0:
        found.append(error("line.charge", "24F", "2400 SV102",
                           f"The charge must be more than $0.00 (the line has "
                           f"${line.charge_amount:,.2f}).",
                           "Enter the charge from your fee schedule.", n))
    return found


def _line_pointers(line: ServiceLine, n: int, diagnoses: int) -> list[Finding]:
    pointers = line.diagnosis_pointers
    if not pointers:
        return [error("line.pointer_none", "24E", "2400 SV107",
                      "The line does not point to any diagnosis.",
                      "Enter at least one diagnosis pointer (1 for the first code in box 21).",
                      n)]
    found: list[Finding] = []
    if len(pointers) > MAX_POINTERS:
        found.append(error("line.pointer_count", "24E", "2400 SV107",
                           f"The line points to {len(pointers)} diagnoses; at most "
                           f"{MAX_POINTERS} are allowed.", "Keep the four most relevant.", n))
    if len(set(pointers)) != len(pointers):
        found.append(error("line.pointer_repeated", "24E", "2400 SV107",
                           "The line points to the same diagnosis twice.",
                           "Remove the repeated pointer.", n))
    for pointer in pointers:
        if not 1 <= pointer <= min(diagnoses, MAX_DIAGNOSES):
            found.append(error("line.pointer", "24E", "2400 SV107",
                               f"Diagnosis pointer {pointer} points to no diagnosis (the "
                               f"claim has {diagnoses}).",
                               "Point to a diagnosis listed in box 21 (1 = the first).", n))
    return found


def _line_dates(line: ServiceLine, n: int, today: date) -> list[Finding]:
    found: list[Finding] = []
    if line.service_date > today:
        found.append(error("line.date_future", "24A", "2400 DTP03",
                           f"The date of service {ids.format_date(line.service_date)} is in "
                           "the future.", "Bill services only after they happen.", n))
    end = line.service_date_to
    if end is not None and end < line.service_date:
        found.append(error("line.date_order", "24A", "2400 DTP03",
                           f"The to-date {ids.format_date(end)} is before the from-date "
                           f"{ids.format_date(line.service_date)}.",
                           "Swap or correct the dates.", n))
    elif end is not None and end > today:
        found.append(error("line.date_future", "24A", "2400 DTP03",
                           f"The to-date {ids.format_date(end)} is in the future.",
                           "Bill services only after they happen.", n))
    return found


def check_lines(ctx: ScrubContext) -> list[Finding]:
    """Each service line: codes, modifiers, units, charge, pointers, dates (box 24)."""
    today = today_of(ctx)
    diagnoses = len(ctx.claim.diagnoses)
    found: list[Finding] = []
    for n, line in enumerate(ctx.claim.lines, start=1):
        found += _line_dates(line, n, today)
        found += _line_codes(line, n)
        found += _line_amounts(line, n)
        found += _line_pointers(line, n, diagnoses)
    return found
