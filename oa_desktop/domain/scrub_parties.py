"""Scrubber edits for the people on a claim: patient, insured, payer and providers.

Names, birth date, sex and addresses (boxes 2-7), member ID and coverage dates (1a,
11), the payer's Office Ally ID, the practice's Tax ID, taxonomy and street address
(25, 33), every NPI's check digit, and the rendering, referring and facility providers.
Standard library only.
"""

from __future__ import annotations

import re

from oa_desktop.domain import identifiers as ids
from oa_desktop.domain.models import Address, Coverage, Person, Sex
from oa_desktop.domain.scrub_findings import (
    Finding,
    ScrubContext,
    error,
    is_self,
    today_of,
    warning,
)

_STATE = re.compile(r"[A-Z]{2}")
_ZIP = re.compile(r"\d{5}(\d{4})?")
_ZIP9 = re.compile(r"\d{9}")
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*BOX\b|\bPOST OFFICE BOX\b", re.IGNORECASE)


# -- people and addresses ---------------------------------------------------------------


def _address_findings(code: str, box: str, loop: str, who: str, address: Address,
                      *, zip9: bool = False) -> list[Finding]:
    """Street, city, state and ZIP of one address (N3/N4 of ``loop``)."""
    found: list[Finding] = []
    if not address.line1.strip():
        found.append(error(f"{code}.street", box, f"{loop} N301",
                           f"The {who}'s street address is missing.",
                           f"Enter the {who}'s street address."))
    if not address.city.strip():
        found.append(error(f"{code}.city", box, f"{loop} N401", f"The {who}'s city is missing.",
                           f"Enter the {who}'s city."))
    if not _STATE.fullmatch(address.state.strip().upper()):
        found.append(error(f"{code}.state", box, f"{loop} N402",
                           f"The {who}'s state {address.state or '(empty)'} is not a "
                           "two-letter state code.", "Use the postal code, e.g. TX."))
    zip_code = address.zip_code.replace("-", "").strip()
    if zip9 and not _ZIP9.fullmatch(zip_code):
        found.append(error(f"{code}.zip", box, f"{loop} N403",
                           f"The {who}'s ZIP code {address.zip_code or '(empty)'} must have "
                           "all 9 digits (ZIP+4).",
                           "Look up the ZIP+4 at usps.com and enter all 9 digits."))
    elif not _ZIP.fullmatch(zip_code):
        found.append(error(f"{code}.zip", box, f"{loop} N403",
                           f"The {who}'s ZIP code {address.zip_code or '(empty)'} is not a "
                           "5- or 9-digit ZIP code.", "Enter the ZIP code as 5 or 9 digits."))
    return found


def _name_findings(code: str, box: str, loop: str, who: str, person: Person) -> list[Finding]:
    found: list[Finding] = []
    if not person.last_name.strip():
        found.append(error(f"{code}.last_name", box, f"{loop} NM103",
                           f"The {who}'s last name is missing.", f"Enter the {who}'s last name."))
    if not person.first_name.strip():
        found.append(error(f"{code}.first_name", box, f"{loop} NM104",
                           f"The {who}'s first name is missing.",
                           f"Enter the {who}'s first name."))
    return found


def check_patient(ctx: ScrubContext) -> list[Finding]:
    """Patient name, birth date, sex and address (boxes 2, 3, 5)."""
    if ctx.patient is None:
        return [error("patient.missing", "2", "2010CA NM1", "The claim has no patient.",
                      "Pick the patient this claim is for.")]
    loop = "2010BA" if is_self(ctx) else "2010CA"
    person = ctx.patient.person
    found = _name_findings("patient", "2", loop, "patient", person)
    first = ctx.claim.first_date
    if person.birth_date is None:
        found.append(error("patient.birth_date", "3", f"{loop} DMG02",
                           "The patient's birth date is missing.",
                           "Enter the birth date as MM/DD/YYYY."))
    elif person.birth_date > today_of(ctx):
        found.append(error("patient.birth_date", "3", f"{loop} DMG02",
                           f"The patient's birth date {ids.format_date(person.birth_date)} "
                           "is in the future.", "Correct the birth date."))
    elif first is not None and person.birth_date > first:
        found.append(error("patient.birth_date", "3", f"{loop} DMG02",
                           "The patient's birth date is after the date of service.",
                           "Correct the birth date or the date of service."))
    if person.sex is Sex.UNKNOWN:
        found.append(warning("patient.sex", "3", f"{loop} DMG03",
                             "The patient's sex is not given; many payers reject 'unknown'.",
                             "Choose F or M as on the insurance card."))
    found += _address_findings("patient.address", "5", loop, "patient", person.address)
    return found


def check_subscriber(ctx: ScrubContext) -> list[Finding]:
    """The insured: member id, name and address (boxes 1a, 4, 7), and the coverage dates."""
    coverage = ctx.coverage
    if coverage is None:
        return [error("subscriber.coverage", "1a", "2000B SBR",
                      "The claim has no insurance to bill.",
                      "Add the patient's insurance and pick it on the claim.")]
    found: list[Finding] = []
    if not coverage.member_id.strip():
        found.append(error("subscriber.member_id", "1a", "2010BA NM109",
                           "The insured's member ID is missing.",
                           "Copy the member ID from the insurance card."))
    if not is_self(ctx):
        if coverage.subscriber is None:
            found.append(error("subscriber.missing", "4", "2010BA NM1",
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
        return [warning("subscriber.coverage_dates", "11", "2000B SBR",
                        "The dates of service fall outside the insurance's effective dates.",
                        "Check eligibility for these dates, or bill the insurance that "
                        "covered them.")]
    return []


def check_payer(ctx: ScrubContext) -> list[Finding]:
    """The payer exists, has a name and a payer id for 837P claims; enrollment warning."""
    payer = ctx.payer
    if payer is None:
        return [error("payer.missing", "Payer", "2010BB NM1", "The insurance has no payer.",
                      "Pick the payer on the patient's insurance.")]
    found: list[Finding] = []
    if not payer.name.strip():
        found.append(error("payer.name", "Payer", "2010BB NM103", "The payer has no name.",
                           "Enter the payer's name (Payers screen)."))
    if not payer.claim_payer_id.strip():
        found.append(error("payer.id", "Payer", "2010BB NM109",
                           f"{payer.name or 'The payer'} has no Office Ally payer ID for "
                           "claims (837P).",
                           "Find the payer in Office Ally's payer list (Payers → Import "
                           "payer list) and link it."))
    if payer.enrollment_required.get("837P") and "837P" not in ctx.enrolled_transactions:
        found.append(warning("payer.enrollment", "Payer", "2010BB NM109",
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
        return [error("billing.missing", "33", "2010AA NM1",
                      "The practice (billing provider) is not set up.",
                      "Enter the practice's name, NPI, Tax ID and address in Settings.")]
    found: list[Finding] = []
    if not practice.name.strip():
        found.append(error("billing.name", "33", "2010AA NM103",
                           "The billing provider's name is missing.",
                           "Enter the practice name in Settings."))
    if not ids.is_valid_ein(practice.ein):
        found.append(error("billing.ein", "25", "2010AA REF02",
                           f"The practice's Tax ID (EIN) {practice.ein or '(empty)'} is not "
                           "a valid EIN.", "Enter the 9-digit EIN from the IRS letter."))
    if practice.taxonomy and not ids.is_taxonomy_shape(practice.taxonomy):
        found.append(error("billing.taxonomy", "33b", "2000A PRV03",
                           f"The practice's taxonomy code {practice.taxonomy} is not "
                           "10 characters ending in X.",
                           "Copy the taxonomy code from the NPI registry, e.g. 103T00000X."))
    found += _address_findings("billing.address", "33", "2010AA", "billing provider",
                               practice.address, zip9=True)
    if _PO_BOX.search(f"{practice.address.line1} {practice.address.line2}"):
        found.append(error("billing.po_box", "33", "2010AA N301",
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
            found.append(error(
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
            found.append(error("rendering.name", "24J", "2310B NM103",
                               "The rendering provider's last name is missing.",
                               "Enter the provider's name (Providers screen)."))
        if rendering.taxonomy and not ids.is_taxonomy_shape(rendering.taxonomy):
            found.append(error("rendering.taxonomy", "24J", "2310B PRV03",
                               f"The rendering provider's taxonomy code {rendering.taxonomy} "
                               "is not 10 characters ending in X.",
                               "Copy the taxonomy code from the NPI registry."))
    if ctx.claim.referring_npi and not ctx.claim.referring_name.strip():
        found.append(error("referring.name", "17", "2310A NM103",
                           "A referring NPI is entered but the referring provider's name "
                           "is missing.", "Enter the referring provider's name in box 17."))
    facility = ctx.facility
    if facility is not None:
        if not facility.name.strip():
            found.append(error("facility.name", "32", "2310C NM103",
                               "The service facility's name is missing.",
                               "Enter the facility name (Facilities screen)."))
        found += _address_findings("facility.address", "32", "2310C", "service facility",
                                   facility.address)
    return found
