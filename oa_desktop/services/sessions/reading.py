"""Cells of a sessions file as values: dates, times, minutes, modifiers, place of service."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%Y/%m/%d", "%m-%d-%Y")
_TIME_FORMATS = ("%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%H:%M", "%H:%M:%S", "%I %p")
_SPLIT = re.compile(r"[\s,;:|]+")
# CentralReach and others name a location; the 837P wants the CMS place-of-service code
_LOCATIONS = {
    "home": "12", "office": "11", "clinic": "11", "center": "11", "school": "03",
    "telehealth": "10", "telehealthhome": "10", "telehealthother": "02", "community": "99",
    "daycare": "99", "other": "99",
}


class CellError(ValueError):
    """A cell that cannot be read; the message says what it should look like."""


def parse_date(text: str) -> date:
    """``01/05/2026``, ``2026-01-05``, ``1/5/26``, an Excel day number, or with a time after."""
    value = text.strip()
    if not value:
        raise CellError("is empty; it needs a date such as 01/05/2026")
    if re.fullmatch(r"\d{5}(\.\d+)?", value):
        return _EXCEL_EPOCH + timedelta(days=int(float(value)))
    value = value.split("T")[0].split()[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(f"{text!r} is not a date (use MM/DD/YYYY)")


def parse_time(text: str) -> int | None:
    """Minutes after midnight of ``9:00 AM``, ``13:30``, an Excel fraction; None if empty."""
    value = text.strip().upper()
    if not value:
        return None
    if re.fullmatch(r"0?\.\d+", value):
        return round(float(value) * 24 * 60)
    if " " in value and "/" in value.split()[0]:  # "01/05/2026 9:00 AM"
        value = value.split(" ", 1)[1]
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?", value):
        value = value[11:16]  # "2026-06-28T17:00:00.0000000" (CentralReach's DateTimeFrom)
    for fmt in _TIME_FORMATS:
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        return moment.hour * 60 + moment.minute
    raise CellError(f"{text!r} is not a time (use 9:00 AM or 13:30)")


def clock(minutes: int | None) -> str:
    """``09:00`` from minutes after midnight ('' for None)."""
    return "" if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_minutes(text: str) -> int | None:
    """``60``, ``60.0``, ``1:30`` (hours and minutes); None if empty."""
    value = text.strip()
    if not value:
        return None
    if re.fullmatch(r"\d+:\d{2}", value):
        hours, mins = value.split(":")
        return int(hours) * 60 + int(mins)
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(f"{text!r} is not a number of minutes") from None
    if number < 0 or number > 24 * 60:
        raise CellError(f"{text!r} minutes is not a session length")
    return int(number.to_integral_value())


def parse_hours(text: str) -> int | None:
    """Minutes in ``1.5`` hours (CentralReach's TimeWorkedInHours); None if empty."""
    value = text.strip()
    if not value:
        return None
    try:
        hours = Decimal(value)
    except InvalidOperation:
        raise CellError(f"{text!r} is not a number of hours") from None
    if hours < 0 or hours > 24:
        raise CellError(f"{text!r} hours is not a session length")
    return int((hours * 60).to_integral_value())


def procedure_code(text: str) -> str:
    """The code of ``97156: Family Treatment Guidance`` (CentralReach's ProcedureCodeString)
    or of ``97153``; upper case."""
    value = text.strip().upper()
    found = re.match(r"([A-Z0-9]{5})(?:\s*[:\-–]|\s|$)", value)
    return found.group(1) if found else value


def parse_units(text: str) -> Decimal | None:
    """A number of units; None if empty."""
    value = text.strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(f"{text!r} is not a number of units") from None
    if number <= 0 or number > 999:
        raise CellError(f"{text!r} units is not a number of units")
    return number.normalize() if number == number.to_integral() else number


def parse_modifiers(text: str) -> tuple[str, ...]:
    """``HN, U1`` → ``("HN", "U1")``; each two letters or digits."""
    found = tuple(m for m in _SPLIT.split(text.strip().upper()) if m)
    bad = [m for m in found if not re.fullmatch(r"[A-Z0-9]{2}", m)]
    if bad or len(found) > 4:
        raise CellError(f"{text!r} are not modifiers (up to four, two characters each)")
    return found


def place_of_service(text: str, default: str = "11") -> str:
    """A two-digit code as given, or the code for a location word (Home → 12)."""
    value = text.strip()
    coded = re.match(r"(\d{1,2})\s*:", value)  # "10: Telehealth Provided in Patient's Home"
    if coded:
        return coded.group(1).zfill(2)
    if re.fullmatch(r"\d{1,2}", value):
        return value.zfill(2)
    return _LOCATIONS.get("".join(c for c in value.lower() if c.isalpha()), default)


def diagnoses(text: str) -> tuple[str, ...]:
    """``F84.0, Z13.41`` → ``("F840", "Z1341")``."""
    return tuple(code.replace(".", "") for code in _SPLIT.split(text.strip().upper()) if code)
