"""Authorizations: which one covers a line, usage, the scrubber's warnings, the worklist."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from oa_desktop.domain import authorizations as dom
from oa_desktop.domain.authorizations import (
    AuthCode,
    Authorization,
    AuthUnit,
    Stage,
    UsageLine,
)
from oa_desktop.domain.edits_auth import (
    authorization_problems,
    box23_number,
    fill_line_authorizations,
    line_numbers,
)
from oa_desktop.domain.models import Claim, ServiceLine
from oa_desktop.domain.status import ClaimStatus

COV = 7
JAN1, JUN30 = date(2026, 1, 1), date(2026, 6, 30)


def auth(number: str, codes: str = "97153", approved: str = "40", start: date = JAN1,
         end: date = JUN30, provider: int | None = None, auth_id: int = 1,
         unit: AuthUnit = AuthUnit.UNITS) -> Authorization:
    return Authorization(COV, number, tuple(AuthCode.parse(c) for c in codes.split(",")),
                         Decimal(approved), start, end, unit, provider, id=auth_id)


def line(day: date, units: str = "4", code: str = "97153", claim_id: int = 1,
         stage: Stage = Stage.BILLED, paid: bool = False, provider: int | None = 3,
         modifiers: tuple[str, ...] = ()) -> UsageLine:
    return UsageLine(claim_id, COV, provider, day, code, modifiers, Decimal(units), stage, paid)


def test_code_parsing_and_modifier_matching() -> None:
    assert AuthCode.parse("97155-hn") == AuthCode("97155", ("HN",))
    assert AuthCode.parse("97153:HN:U1") == AuthCode("97153", ("HN", "U1"))
    assert AuthCode("97155", ("HN",)).covers("97155", ["HN", "GT"])
    assert not AuthCode("97155", ("HN",)).covers("97155", [])
    assert AuthCode("97155").covers("97155", ["HO"])  # no modifier named: any


def test_pick_by_code_date_and_provider() -> None:
    general = auth("A-ANY", auth_id=1)
    mine = auth("A-PROV3", provider=3, auth_id=2)
    later = auth("A-JULY", start=date(2026, 7, 1), end=date(2026, 12, 31), auth_id=3)
    other = auth("A-97155", codes="97155-HN", auth_id=4)
    auths = [general, mine, later, other]
    pick = dom.pick
    assert pick(auths, COV, 3, "97153", (), date(2026, 3, 1)) is mine  # provider wins
    assert pick(auths, COV, 9, "97153", (), date(2026, 3, 1)) is general
    assert pick(auths, COV, 3, "97153", (), date(2026, 7, 1)) is later  # date range
    assert pick(auths, COV, 3, "97153", (), JUN30) is mine  # the last day is included
    assert pick(auths, COV, 3, "97155", ("HN",), JUN30) is other  # code and modifier
    assert pick(auths, COV, 3, "97155", (), JUN30) is None
    assert pick(auths, COV, 3, "97151", (), JUN30) is None
    assert pick(auths, COV + 1, 3, "97153", (), JUN30) is None  # another coverage
    assert pick(auths, COV, 3, "97153", (), date(2025, 12, 31)) is None


def test_usage_counts_scheduled_billed_paid_and_visits() -> None:
    a = auth("A1")
    lines = [line(date(2026, 2, 1), "8", stage=Stage.SCHEDULED),
             line(date(2026, 2, 2), "10", claim_id=2, paid=True),
             line(date(2026, 2, 3), "6", claim_id=3),
             line(date(2027, 1, 1), "99", claim_id=4)]  # outside the dates
    (u,) = dom.usage([a], lines)
    assert (u.scheduled, u.billed, u.paid, u.remaining) == (8, 16, 10, 16)
    visits = auth("V1", unit=AuthUnit.VISITS, approved="12")
    two_lines_one_day = [line(date(2026, 2, 1)), line(date(2026, 2, 1), code="97153")]
    (v,) = dom.usage([visits], two_lines_one_day)
    assert v.billed == 1 and v.remaining == 11


def test_stage_of_status() -> None:
    assert dom.stage_of(ClaimStatus.REJECTED, "1") is Stage.SCHEDULED
    assert dom.stage_of(ClaimStatus.PAID, "1") is Stage.BILLED
    assert dom.stage_of(ClaimStatus.DENIED, "1") is None
    assert dom.stage_of(ClaimStatus.DRAFT, "8") is None


def _claim(*days_units: tuple[date, str], box23: str = "", code: str = "97153") -> Claim:
    return Claim(1, COV, "C1", ["F840"], prior_authorization=box23, rendering_provider_id=3,
                 lines=[ServiceLine(d, code, Decimal("50"), Decimal(u)) for d, u in days_units],
                 id=99)


def test_scrubber_warnings_none_expired_exceeded_with_numbers() -> None:
    a = auth("A1", approved="40")
    expired = [auth("OLD", end=date(2026, 1, 31), auth_id=5)]
    problems = authorization_problems(_claim((date(2026, 2, 3), "4")), expired, {})
    assert [p.code for p in problems] == ["auth.expired"]
    assert "ended 01/31/2026" in problems[0].message and problems[0].line == 1

    future = [auth("NEXT", start=date(2026, 3, 1), auth_id=6)]
    problems = authorization_problems(_claim((date(2026, 2, 3), "4")), future, {})
    assert [p.code for p in problems] == ["auth.missing"]

    claim = _claim((date(2026, 2, 3), "8"), (date(2026, 2, 4), "8"))
    problems = authorization_problems(claim, [a], {1: Decimal("30")})
    assert [p.code for p in problems] == ["auth.exceeded"]
    assert problems[0].message == ("This claim uses 16 units of authorization A1: 40 approved, "
                                   "30 already used by other claims, so 6 units over.")
    assert authorization_problems(claim, [a], {1: Decimal("24")}) == []  # exactly used up

    # a payer with no authorization on file for the code: nothing to say
    assert authorization_problems(_claim((date(2026, 2, 3), "4"), code="90837"), [a], {}) == []


def test_box23_is_the_covering_authorization_and_other_lines_carry_their_own() -> None:
    a = auth("A1", end=date(2026, 2, 28))
    b = auth("B2", start=date(2026, 3, 1), auth_id=2)
    assert box23_number(_claim((date(2026, 2, 3), "4")), [a, b]) == "A1"
    claim = _claim((date(2026, 2, 27), "4"), (date(2026, 3, 2), "4"), (date(2026, 3, 3), "2"),
                   box23="A1")
    assert line_numbers(claim, [a, b]) == ["", "B2", "B2"]
    found = authorization_problems(claim, [a, b], {})
    assert [(p.code, p.line, p.element) for p in found] == [
        ("auth.line", 2, "2400 REF*G1"), ("auth.line", 3, "2400 REF*G1")]
    assert "authorization B2" in found[0].message and "sends A1" in found[0].message
    assert fill_line_authorizations(claim, [a, b])
    assert [ln.prior_authorization for ln in claim.lines] == ["", "B2", "B2"]
    assert authorization_problems(claim, [a, b], {}) == []  # each line now says its own
    assert not fill_line_authorizations(claim, [a, b])
    claim.lines[2].prior_authorization = "TYPED-9"  # the biller's own number stays...
    assert not fill_line_authorizations(claim, [a, b])
    assert [p.line for p in authorization_problems(claim, [a, b], {})] == [3]  # ...flagged
    typed = _claim((date(2026, 2, 3), "4"), box23="XYZ")
    assert [p.code for p in authorization_problems(typed, [a, b], {})] == ["auth.box23"]


TODAY = date(2026, 5, 1)


@pytest.mark.parametrize(("end_in_days", "flagged"), [(30, True), (31, False), (0, True)])
def test_worklist_ending_within_30_days(end_in_days: int, flagged: bool) -> None:
    a = auth("A1", approved="100", end=TODAY + timedelta(days=end_in_days))
    found = dom.worklist([a], [], TODAY)
    assert bool(found.alerts) is flagged
    if flagged:
        assert found.alerts[0].reasons[0].startswith(f"Ends in {end_in_days} day")


@pytest.mark.parametrize(("used", "flagged"), [("80", False), ("81", True), ("100", True)])
def test_worklist_less_than_20_percent_left(used: str, flagged: bool) -> None:
    # long before the end, nothing used lately: what is left now is what is left at the end
    a = auth("A1", approved="100", end=TODAY + timedelta(days=200))
    old = line(TODAY - timedelta(days=60), used)
    found = dom.worklist([a], [old], TODAY)
    assert bool(found.alerts) is flagged


def test_worklist_running_out_at_the_weekly_pace() -> None:
    # 60 of 100 left (60%), but 20 units a week for 4 weeks with 10 weeks to go
    a = auth("A1", approved="100", start=TODAY - timedelta(days=28),
             end=TODAY + timedelta(days=70))
    recent = [line(TODAY - timedelta(days=7 * k), "10", claim_id=k) for k in range(4)]
    (alert,) = dom.worklist([a], recent, TODAY).alerts
    assert alert.weekly_pace == 10
    assert "60 units of 100 units left at 10 units a week, runs out about" in alert.reasons[0]
    slow = [line(TODAY - timedelta(days=2), "1")]
    assert dom.worklist([a], slow, TODAY).alerts == []


def test_worklist_lists_sessions_billed_without_one() -> None:
    a = auth("A1", end=date(2026, 3, 31))
    lines = [line(date(2026, 3, 31)), line(date(2026, 4, 2), claim_id=2),
             line(date(2026, 4, 2), code="90837", claim_id=3)]
    found = dom.worklist([a], lines, TODAY)
    assert [x.claim_id for x in found.uncovered] == [2]
    assert found.count == 1
