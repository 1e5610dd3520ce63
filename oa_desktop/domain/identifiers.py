"""Checks for the identifiers and codes a payer validates: NPI, EIN, ICD-10-CM, CPT/HCPCS..."""

from __future__ import annotations

import re
from datetime import date, datetime

from oa_desktop.domain.codes import place_of_service_codes

_NPI = re.compile(r"\d{10}")
_EIN = re.compile(r"\d{9}")
# IRS campus prefixes that have never been assigned.
_EIN_BAD_PREFIXES = frozenset(
    {"00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89",
     "96", "97"}
)
_ICD10CM = re.compile(r"[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}")
# CPT Category I (5 digits), II (4 digits + F), III (4 digits + T), PLA (4 digits + U);
# HCPCS Level II: a letter A-V then 4 digits.
_PROCEDURE = re.compile(r"\d{4}[0-9FTU]|[A-V]\d{4}")
_MODIFIER = re.compile(r"[0-9A-Z]{2}")
_TAXONOMY = re.compile(r"\d{3}[0-9A-Z]{6}X")
_PCN = re.compile(r"[0-9A-Z]{1,20}")


def npi_check_digit(first_nine: str) -> int:
    """Luhn check digit of an NPI: computed over ``80840`` + the first nine digits."""
    digits = [int(c) for c in "80840" + first_nine]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:  # double every second digit from the right, starting with the last
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    """True if ``npi`` is ten digits, starts with 1 or 2 and passes the Luhn check."""
    if not _NPI.fullmatch(npi) or npi[0] not in "12":
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])


def normalize_ein(ein: str) -> str:
    """Strip the dash and spaces: ``12-3456789`` → ``123456789``."""
    return ein.replace("-", "").replace(" ", "").strip()


def is_valid_ein(ein: str) -> bool:
    """True if ``ein`` is nine digits with a prefix the IRS assigns."""
    value = normalize_ein(ein)
    return bool(_EIN.fullmatch(value)) and value[:2] not in _EIN_BAD_PREFIXES


def normalize_icd10(code: str) -> str:
    """Upper-case, drop the dot and spaces: ``f84.0`` → ``F840`` (as the 837P carries it)."""
    return code.replace(".", "").replace(" ", "").strip().upper()


def display_icd10(code: str) -> str:
    """Put the dot back for display: ``F840`` → ``F84.0``."""
    code = normalize_icd10(code)
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def is_icd10cm_shape(code: str) -> bool:
    """True if ``code`` has the shape of an ICD-10-CM code (3 to 7 characters)."""
    return bool(_ICD10CM.fullmatch(normalize_icd10(code)))


def is_procedure_shape(code: str) -> bool:
    """True if ``code`` looks like a CPT or HCPCS Level II code."""
    return bool(_PROCEDURE.fullmatch(code.strip().upper()))


def is_modifier_shape(code: str) -> bool:
    """True if ``code`` is a two-character modifier."""
    return bool(_MODIFIER.fullmatch(code.strip().upper()))


def is_taxonomy_shape(code: str) -> bool:
    """True if ``code`` has the shape of a provider taxonomy code (e.g. ``103T00000X``)."""
    return bool(_TAXONOMY.fullmatch(code.strip().upper()))


def is_place_of_service(code: str) -> bool:
    """True if ``code`` is a CMS place-of-service code in use (not one CMS left unassigned)."""
    description = place_of_service_codes().get(code)
    return description is not None and not description.upper().startswith("UNASSIGNED")


def is_valid_pcn(pcn: str) -> bool:
    """True if ``pcn`` fits CLM01 as we write it: 1-20 upper-case letters and digits."""
    return bool(_PCN.fullmatch(pcn))


_DATE_FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%Y%m%d", "%m-%d-%Y", "%m/%d/%y")


def parse_date(text: str) -> date:
    """Parse a date as billers type it (``MM/DD/YYYY``) or as files carry it.

    Raises ``ValueError`` with a plain message when it is not a real date.
    """
    value = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date; type it as MM/DD/YYYY")


def format_date(value: date | None) -> str:
    """Display a date as ``MM/DD/YYYY`` (empty for none)."""
    return "" if value is None else value.strftime("%m/%d/%Y")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_TYPED_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})")


def date_problem(text: str) -> str:
    """What is wrong with a date typed as MM/DD/YYYY, in words ("" when it is a date).

    ``11/31/2026`` → "November has 30 days."; ``13/02/2026`` → "There is no month 13 …"."""
    value = text.strip()
    try:
        parse_date(value)
        return ""
    except ValueError:
        pass
    match = _TYPED_DATE.fullmatch(value)
    if match is None:
        return "Type it as MM/DD/YYYY, like 11/02/2026."
    month, day, year = (int(part) for part in match.groups())
    if len(match.group(3)) == 2:
        year += 2000
    if not 1 <= month <= 12:
        return f"There is no month {month}: type the month first, as MM/DD/YYYY."
    if year < 1 or year > 9999:
        return "Type the year with 4 digits."
    days = _days_in(year, month)
    if day < 1 or day > days:
        where = f"{_MONTHS[month - 1]} {year}" if month == 2 else _MONTHS[month - 1]
        return f"{where} has {days} days." if day else "There is no day 0."
    return "Type it as MM/DD/YYYY, like 11/02/2026."


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days
