"""The reason → next step table: one test per row, and timely filing never offers a 7."""

from __future__ import annotations

import pytest

from oa_desktop.domain.codes import load_code_list
from oa_desktop.domain.next_steps import (
    DENIAL_TABLE,
    OTHER_DENIAL,
    ProblemKind,
    Step,
    advice_for,
    carc_numbers,
    denial_advice,
)

C, A, W, M = Step.CORRECT_AND_RESUBMIT, Step.APPEAL, Step.WRITE_OFF, Step.MARK_WAITING

# group -> (a CARC of the group, the usual step, the steps offered)
EXPECTED = {
    "Timely filing": ("CO-29", A, {A, W}),
    "Missing or wrong information": ("CO-16", C, {C, A, W}),
    "Code mismatch": ("CO-11", C, {C, A, W}),
    "Authorization or referral": ("CO-197", A, {A, C, W}),
    "Not medically necessary or not covered": ("CO-50", A, {A, W}),
    "Included in another service": ("CO-97", C, {C, A, W}),
    "Duplicate": ("OA-18", M, {M, A}),
    "Eligibility or coverage": ("CO-27", C, {C, W, A}),
    "Other insurance pays first": ("OA-22", M, {M, C}),
    "Benefit limit reached": ("PR-119", A, {A, W}),
    "Provider not eligible": ("CO-B7", A, {A, W}),
}


def test_every_row_is_expected_and_its_codes_are_real_carcs() -> None:
    assert [row.group for row in DENIAL_TABLE] == list(EXPECTED)
    carcs = load_code_list("carc")
    for row in DENIAL_TABLE:
        assert row.codes and row.codes <= carcs.keys(), row.group
        assert row.advice and row.appeal_point


@pytest.mark.parametrize("group", list(EXPECTED))
def test_each_group_gives_its_steps(group: str) -> None:
    code, usual, offered = EXPECTED[group]
    advice = advice_for(ProblemKind.DENIED, code)
    assert advice.group == group
    assert advice.steps[0] is usual
    assert set(advice.steps) == offered


def test_no_code_belongs_to_two_rows() -> None:
    seen: set[str] = set()
    for row in DENIAL_TABLE:
        assert not row.codes & seen, row.group
        seen |= row.codes


@pytest.mark.parametrize("other", ["", "CO-16", "CO-4", "CO-197", "CO-97", "CO-27", "PR-1"])
def test_timely_filing_never_offers_a_replacement(other: str) -> None:
    codes = ", ".join(c for c in ("CO-29", other) if c)
    for order in (codes, ", ".join(reversed(codes.split(", ")))):
        advice = advice_for(ProblemKind.DENIED, order)
        assert advice.group == "Timely filing"
        assert Step.CORRECT_AND_RESUBMIT not in advice.steps


def test_unknown_codes_get_the_other_row_and_other_kinds_their_own() -> None:
    assert denial_advice(["999"]) is OTHER_DENIAL
    assert advice_for(ProblemKind.DENIED, "") is OTHER_DENIAL
    assert advice_for(ProblemKind.REJECTED, "A7:562").steps == (Step.FIX_AND_RESEND,)
    assert advice_for(ProblemKind.NEEDS_INFO).steps == (Step.MARK_WAITING,)
    assert advice_for(ProblemKind.STUCK).steps == (Step.MARK_WAITING,)
    for kind in ProblemKind:
        assert kind.label and advice_for(kind).advice


def test_carc_numbers_drop_group_prefixes() -> None:
    assert carc_numbers("CO-29, PR-1; OA-B7") == ["29", "1", "B7"]
    assert carc_numbers("") == []
