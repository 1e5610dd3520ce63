"""Sessions import: mapping, units, authorization, grouping, duplicates, all-or-nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from oa_desktop.domain.authorizations import AuthCode, Authorization
from oa_desktop.errors import InputError
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.sessions import columns, importing
from oa_desktop.services.sessions.lookups import BILLING_PERIOD, UNIT_RULES
from oa_desktop.store import authorizations as store_auth
from oa_desktop.store import claims
from oa_desktop.store import sessions as store_sessions
from oa_desktop.store.db import Store
from tests.services.sessions.helpers import practice, timesheet_rows, write_csv


def test_centralreach_columns_are_understood_by_name() -> None:
    header = ["TimesheetId", "Client", "ClientId", "Date of Service", "Time Worked From",
              "Time Worked To", "Time Worked in Mins", "Service Code", "Provider"]
    mapping = columns.detect(header)
    assert mapping["patient_name"] == "Client" and mapping["patient_account"] == "ClientId"
    assert mapping["minutes"] == "Time Worked in Mins"
    assert mapping["procedure_code"] == "Service Code"
    assert columns.missing(mapping) == []
    assert columns.missing(columns.detect(["Client", "Date"])) == [
        "the procedure (service) code", "the minutes (or start and end times, or units)"]


def test_preview_then_commit_then_reimport_creates_nothing(store: Store, tmp_path: Path) -> None:
    ids = practice(store)
    rows = timesheet_rows(7)  # Monday 11/02 to Sunday 11/08: one week
    rows[1][6] = "7"  # too short to bill under the 8-minute rule
    rows[2][6] = "23"  # → 2 units
    rows.append(list(rows[3]))  # the same timesheet twice in the file
    path = write_csv(tmp_path / "timesheets.csv", rows)

    checked = importing.preview(store, path)
    assert claims.claim_count(store) == 0  # the preview writes nothing
    assert [str(n) for n in checked.skipped] == [
        "row 3, Time Worked in Mins: 7 minutes bill no unit (CMS 8-minute rule)"]
    assert [n.message for n in checked.duplicates] == ["the same session twice in the file"]
    (planned,) = checked.claims
    assert [ln.session.units for ln in planned.lines] == [12, 2, 12, 12, 12, 12]
    assert planned.box23 == "AUTH-9" and planned.place_of_service == "12"
    assert planned.charge == Decimal("1240.00")
    assert checked.summary == ("6 sessions → 1 draft claim; 1 already imported (skipped); "
                               "1 too short to bill.")

    result = importing.commit(store, checked)
    assert (result.claims, result.sessions) == (1, 6)
    claim = claims.get_claim(store, result.claim_ids[0])
    assert claim.prior_authorization == "AUTH-9"
    assert claim.rendering_provider_id == ids.provider_id and claim.status == "draft"
    assert [line.units for line in claim.lines] == [12, 2, 12, 12, 12, 12]

    again = importing.preview(store, path)
    assert again.claims == [] and len(again.duplicates) == 7
    assert importing.commit(store, again).claims == 0
    assert claims.claim_count(store) == 1 and store_sessions.count(store) == 6
    with pytest.raises(InputError):
        importing.commit(store, checked)  # the old preview cannot import twice


def test_whole_units_rule_per_payer_and_monthly_claims(store: Store, tmp_path: Path) -> None:
    practice(store)
    UNIT_RULES.set(store, {"*:97153": "whole"})
    BILLING_PERIOD.set(store, "month")
    rows = timesheet_rows(14, minutes=23)
    checked = importing.preview(store, write_csv(tmp_path / "t.csv", rows))
    (planned,) = checked.claims  # two weeks, one month: one claim
    assert {ln.session.units for ln in planned.lines} == {1}
    assert {ln.rule.label for ln in planned.lines if ln.rule} == {"Whole units only"}


def test_grouping_keeps_claims_to_50_lines(store: Store, tmp_path: Path) -> None:
    practice(store)
    BILLING_PERIOD.set(store, "month")
    rows = [r for r in timesheet_rows(30, start=date(2026, 11, 1))]
    rows += [[str(5000 + i), *r[1:]] for i, r in enumerate(timesheet_rows(30, date(2026, 11, 1)))]
    for i, r in enumerate(rows):
        r[4] = "8:00 AM" if i < 30 else "1:00 PM"  # two sessions a day: 60 in November
        r[6] = "60"
    checked = importing.preview(store, write_csv(tmp_path / "t.csv", rows))
    assert [len(c.lines) for c in checked.claims] == [50, 10]
    first, second = checked.claims
    assert max(ln.session.service_date for ln in first.lines) <= \
        min(ln.session.service_date for ln in second.lines)


def test_unknown_client_and_bad_cells_are_named_and_left_out(store: Store, tmp_path: Path) -> None:
    practice(store)
    rows = timesheet_rows(3)
    rows[0][1], rows[0][2] = "NOBODY, PAT", ""
    rows[1][3] = "31/31/2026"
    checked = importing.preview(store, write_csv(tmp_path / "t.csv", rows))
    assert [str(n) for n in checked.problems] == [
        "row 2, Client: no patient named 'NOBODY, PAT'",
        "row 3: '31/31/2026' is not a date (use MM/DD/YYYY)"]
    assert checked.session_count == 1


def test_missing_columns_and_remembered_mapping(store: Store, tmp_path: Path) -> None:
    practice(store)
    header = ["Kid", "Chart", "Day", "Length", "What", "Who"]
    rows = [["KID0, ALEX", "A0", "11/02/2026", "60", "97153", "Smith, Anna"]]
    path = write_csv(tmp_path / "own.csv", rows, header)
    with pytest.raises(InputError, match="no column holds the date of service"):
        importing.preview(store, path)
    mapping = {"patient_name": "Kid", "patient_account": "Chart", "service_date": "Day",
               "minutes": "Length", "procedure_code": "What", "provider_name": "Who"}
    importing.commit(store, importing.preview(store, path, mapping))
    rows[0][2] = "11/03/2026"
    again = importing.preview(store, write_csv(tmp_path / "own2.csv", rows, header))
    assert again.mapping == mapping and again.session_count == 1  # remembered


def test_a_week_across_two_authorizations_gives_lines_their_own(
        store: Store, tmp_path: Path) -> None:
    ids = practice(store)
    store_auth.save_authorization(store, Authorization(
        ids.coverage_ids[0], "AUTH-10", (AuthCode("97153"),), Decimal("400"),
        date(2027, 4, 1), date(2027, 9, 30)))  # AUTH-9 ends 03/31/2027, a Wednesday
    path = write_csv(tmp_path / "week.csv", timesheet_rows(5, start=date(2027, 3, 29)))
    (planned,) = importing.preview(store, path).claims
    assert [ln.authorization for ln in planned.lines] == ["AUTH-9"] * 3 + ["AUTH-10"] * 2
    (claim_id,) = importing.commit(store, importing.preview(store, path)).claim_ids
    claim = claims.get_claim(store, claim_id)
    assert claim.prior_authorization == "AUTH-9"
    assert [ln.prior_authorization for ln in claim.lines] == ["", "", "", "AUTH-10", "AUTH-10"]


# CentralReach's billing-entry field names, as tools that read its exports use them (see
# services/sessions/columns.py): a file shaped like its timesheet export.
CR_EXPORT_HEADER = [
    "Id", "DateOfService", "ClientId", "ClientFirstName", "ClientLastName", "ProviderId",
    "ProviderFirstName", "ProviderLastName", "ProcedureCodeString", "ProcedureCodeId",
    "Location", "TimeWorkedInMins", "UnitsOfService", "DateTimeFrom", "DateTimeTo",
    "PayorName", "AuthorizationId", "IsVoid"]


def test_centralreach_export_field_names_are_mapped_and_read(
        store: Store, tmp_path: Path) -> None:
    mapping = columns.detect(CR_EXPORT_HEADER)
    assert {k: mapping.get(k) for k in (
        "timesheet_id", "service_date", "patient_account", "patient_first", "patient_last",
        "provider_first", "provider_last", "procedure_code", "place_of_service", "minutes",
        "units", "start_time", "end_time", "payer")} == {
        "timesheet_id": "Id", "service_date": "DateOfService", "patient_account": "ClientId",
        "patient_first": "ClientFirstName", "patient_last": "ClientLastName",
        "provider_first": "ProviderFirstName", "provider_last": "ProviderLastName",
        "procedure_code": "ProcedureCodeString", "place_of_service": "Location",
        "minutes": "TimeWorkedInMins", "units": "UnitsOfService", "start_time": "DateTimeFrom",
        "end_time": "DateTimeTo", "payer": "PayorName"}
    assert "AuthorizationId" not in mapping.values()  # CentralReach's record id, not ours
    assert columns.missing(mapping) == []
    hours = columns.detect(["Id", "DateOfService", "ClientId", "ProcedureCode",
                            "TimeWorkedInHours"])
    assert hours["hours"] == "TimeWorkedInHours" and columns.missing(hours) == []

    ids = practice(store)
    rows = [
        ["5001", "2026-11-02T09:00:00.0000000", "88123", "Alex", "Kid0", "901", "Anna", "Smith",
         "97153: Adaptive Behavior Treatment by Protocol - RBT", "3456", "12: Home", "180", "12",
         "2026-11-02T09:00:00.0000000", "2026-11-02T12:00:00.0000000", "Blue Cross Texas",
         "1111", "False"],
        ["5002", "2026-11-03T13:30:00.0000000", "88123", "Alex", "Kid0", "901", "Anna", "Smith",
         "97153", "3456", "10: Telehealth Provided in Patient's Home", "", "",
         "2026-11-03T13:30:00.0000000", "2026-11-03T14:53:00.0000000", "", "1111", "False"],
    ]
    path = write_csv(tmp_path / "cr.csv", rows, header=CR_EXPORT_HEADER)
    checked = importing.preview(store, path)
    assert checked.problems == [] and checked.skipped == []
    planned = checked.claims
    assert len(planned) == 2  # home and telehealth are two places of service
    lines = sorted((ln for c in planned for ln in c.lines), key=lambda ln: ln.row)
    assert [ln.session.procedure_code for ln in lines] == ["97153", "97153"]
    assert [ln.session.minutes for ln in lines] == [180, 83]  # 83 from the start and end
    assert [ln.session.units for ln in lines] == [12, 6]
    assert [ln.session.start_time for ln in lines] == ["09:00", "13:30"]
    assert [ln.session.place_of_service for ln in lines] == ["12", "10"]
    assert {c.provider_id for c in planned} == {ids.provider_id}
    assert {c.patient_id for c in planned} == {ids.patient_ids[0]}  # by name: 88123 unknown
    assert all(ln.authorization == "AUTH-9" for ln in lines)
    assert [ln.session.source_key for ln in lines] == ["id:5001", "id:5002"]


class _CancelAt(Progress):
    """Cancels at its n-th report, as a biller pressing Cancel midway would."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.left = n

    def _on_report(self, done: int, total: int, text: str) -> None:
        self.left -= 1
        if self.left <= 0:
            self.cancel()


def test_preview_and_import_report_progress_and_a_cancel_keeps_nothing(
        store: Store, tmp_path: Path) -> None:
    practice(store, patients=3)
    path = write_csv(tmp_path / "many.csv", timesheet_rows(200, patients=3))  # 600 rows
    heard = Progress()
    checked = importing.preview(store, path, progress=heard)
    assert (heard.done, heard.total) == (500, 600)
    with pytest.raises(Cancelled):
        importing.preview(store, path, progress=_CancelAt(2))
    assert len(checked.claims) > 50  # one claim per patient and week: reports every 50
    with pytest.raises(Cancelled):
        importing.commit(store, checked, progress=_CancelAt(2))
    assert claims.claim_count(store) == 0 and store_sessions.count(store) == 0
    assert importing.commit(store, checked).claims == len(checked.claims)
