"""Timely filing: the default rule for each kind of payer and the deadline arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from oa_desktop.domain import filing
from oa_desktop.domain.edits_auth import filing_problems
from oa_desktop.domain.models import ClaimFilingIndicator

CI = ClaimFilingIndicator
DOS = date(2026, 1, 15)


@pytest.mark.parametrize(("name", "indicator", "days", "label"), [
    ("Medicare Part B of Texas", CI.MEDICARE_B, 365, "Medicare Part B"),
    ("TRICARE East", CI.CHAMPUS, 365, "TRICARE"),
    ("Texas Medicaid", CI.MEDICAID, 365, "Medicaid (federal ceiling)"),
    ("Aetna Better Health", CI.MEDICAID, 365, "Medicaid (federal ceiling)"),  # kind wins
    ("United Healthcare", CI.COMMERCIAL, 90, "UnitedHealthcare (participating)"),
    ("Cigna", CI.PPO, 90, "Cigna (participating)"),
    ("AETNA", CI.COMMERCIAL, 120, "Aetna (participating)"),
    ("Acme Health Plan", CI.COMMERCIAL, 90, "Commercial (assumed)"),
])
def test_default_rule_per_payer(name: str, indicator: CI, days: int, label: str) -> None:
    rule = filing.default_rule(name, indicator)
    assert (rule.days, rule.label) == (days, label)
    assert rule.source  # every default says where it comes from


def test_own_limit_wins_and_deadline_counts_from_the_date_of_service() -> None:
    assert filing.limit_days(180, "Medicare", CI.MEDICARE_B) == 180
    assert filing.limit_days(None, "Medicare", CI.MEDICARE_B) == 365
    assert filing.deadline(DOS, 365) == date(2027, 1, 15)
    assert filing.deadline(DOS, 90) == date(2026, 4, 15)


def test_corrected_claim_counts_from_the_decision_date() -> None:
    decided = date(2026, 3, 1)
    assert filing.deadline(DOS, 90, decided) == date(2026, 5, 30)
    assert filing.deadline(DOS, 90, date(2025, 12, 1)) == date(2026, 4, 15)  # earlier: DOS


@pytest.mark.parametrize(("days_left", "codes"), [
    (31, []), (30, ["filing.soon"]), (1, ["filing.soon"]), (0, ["filing.soon"]),
    (-1, ["filing.passed"]),
])
def test_scrubber_warns_inside_30_days(days_left: int, codes: list[str]) -> None:
    due = date(2026, 4, 15)
    today = date.fromordinal(due.toordinal() - days_left)
    found = filing_problems(due, today)
    assert [p.code for p in found] == codes
    if days_left == 30:
        assert found[0].message == "Timely filing deadline 04/15/2026: 30 days left."
