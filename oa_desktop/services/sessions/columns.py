"""Which column of a sessions file holds what: CentralReach's names, others', remembered.

A practice's file is read by the names in its header row. Each field has the names the
common exports use for it (CentralReach's timesheet export first); a mapping the biller
confirms in the import preview is remembered for the next file and wins over the names.

CentralReach's names: its help center says only that Billing → Timesheets → "Standard
export (csv)" downloads the timesheet report (help.centralreach.com, "How to Download the
Timesheet Report"), not which columns it has. The names below are the field names of its
billing entries as independent tools that read CentralReach's exports and billing grid use
them (public code, e.g. the billing-list parsers and CSV importers found by searching for
``TimeWorkedInMins``): ``Id``, ``DateOfService`` (an ISO date-time), ``ClientId``,
``ClientFirstName``, ``ClientLastName``, ``ProviderFirstName``, ``ProviderLastName``,
``ProcedureCode`` or ``ProcedureCodeString`` ("97156: Family Treatment Guidance – BCBA"),
``Location`` ("10: Telehealth Provided in Patient's Home"), ``TimeWorkedInMins``,
``TimeWorkedInHours``, ``UnitsOfService``, ``TimeWorkedFrom``/``TimeWorkedTo`` and
``DateTimeFrom``/``DateTimeTo``, ``PayorName``; the grid's "Service/Auth" column holds the
service code. Its ``AuthorizationId`` is CentralReach's own record id, not the payer's
number, so the authorization comes from the ones on file here. Headers are compared by
letters and digits only, so "Date of Service" and ``DateOfService`` are one name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from oa_desktop.store.settings import Setting

COLUMN_MAPPING = Setting[dict[str, str]](
    "sessions.column_mapping", {}, "The practice's own sessions file columns: {field: header}")


@dataclass(frozen=True, slots=True)
class Field:
    """A value a sessions file holds, with the header names it goes by."""

    key: str
    label: str
    names: tuple[str, ...]  # header names, compared lower-case without spaces, _ or -


FIELDS: tuple[Field, ...] = (
    Field("timesheet_id", "Timesheet or appointment id",
          ("timesheet id", "timesheetid", "entry id", "appointment id", "billing entry id",
           "id")),
    Field("patient_account", "Client's account (chart) number",
          ("client id", "clientid", "client external id", "account number", "chart number",
           "patient account", "patient id", "account")),
    Field("patient_name", "Client's name (Last, First)",
          ("client", "client name", "clientname", "patient", "patient name")),
    Field("patient_last", "Client's last name",
          ("client last name", "clientlastname", "patient last name", "last name")),
    Field("patient_first", "Client's first name",
          ("client first name", "clientfirstname", "patient first name", "first name")),
    Field("service_date", "Date of service",
          ("date of service", "dateofservice", "dos", "service date", "date", "date worked")),
    Field("start_time", "Start time",
          ("start time", "time worked from", "timeworkedfrom", "date time from", "from time",
           "start", "from")),
    Field("end_time", "End time",
          ("end time", "time worked to", "timeworkedto", "date time to", "to time", "end",
           "to")),
    Field("minutes", "Minutes",
          ("time worked in mins", "timeworkedinmins", "minutes", "duration in minutes",
           "duration (mins)", "duration", "mins", "total minutes")),
    Field("hours", "Hours (when the file has no minutes)",
          ("time worked in hours", "hours worked", "hours")),
    Field("units", "Units (when the file has no minutes)",
          ("units of service", "units", "unit", "billed units")),
    Field("procedure_code", "Procedure (service) code",
          ("service code", "procedure code", "procedurecode", "procedure code string",
           "service/auth", "billing code", "cpt code", "cpt", "hcpcs", "code")),
    Field("modifiers", "Modifiers",
          ("modifiers", "modifier", "modifier 1", "mod", "mods")),
    Field("provider_npi", "Provider's NPI",
          ("provider npi", "rendering npi", "rendering provider npi", "npi")),
    Field("provider_name", "Provider (Last, First)",
          ("provider", "provider name", "rendering provider", "employee", "staff",
           "clinician")),
    Field("provider_last", "Provider's last name", ("provider last name",)),
    Field("provider_first", "Provider's first name", ("provider first name",)),
    Field("place_of_service", "Place of service or location",
          ("place of service", "pos", "location", "service location")),
    Field("diagnosis", "Diagnosis codes", ("diagnosis", "diagnosis code", "dx", "icd10",
                                           "icd-10", "diagnoses")),
    Field("payer", "Payer", ("payor", "payer", "insurance", "funder", "payor name",
                             "payer name")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)


def normal(name: str) -> str:
    """A header compared by letters and digits only: ``Time Worked (Mins)`` → ``timeworkedmins``."""
    return "".join(c for c in name.replace("\ufeff", "").lower() if c.isalnum())


def detect(header: Sequence[str], remembered: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{field: header as in the file}``: remembered choices, then the known names."""
    by_normal = {normal(h): h for h in header if h.strip()}
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for key, column in (remembered or {}).items():
        if key in FIELD_KEYS and normal(column) in by_normal:
            mapping[key] = by_normal[normal(column)]
            taken.add(normal(column))
    for field in FIELDS:
        if field.key in mapping:
            continue
        for name in field.names:
            n = normal(name)
            if n in by_normal and n not in taken:
                mapping[field.key] = by_normal[n]
                taken.add(n)
                break
    return mapping


def missing(mapping: Mapping[str, str]) -> list[str]:
    """What a file must have and this mapping lacks, in words."""
    found = []
    if "service_date" not in mapping:
        found.append("the date of service")
    if "procedure_code" not in mapping:
        found.append("the procedure (service) code")
    if not ({"minutes", "hours", "units"} & set(mapping)
            or {"start_time", "end_time"} <= set(mapping)):
        found.append("the minutes (or start and end times, or units)")
    if not ({"patient_account", "patient_name"} & set(mapping)
            or {"patient_last", "patient_first"} <= set(mapping)):
        found.append("the client (account number or name)")
    return found
