import pytest

from oa_desktop.domain.identifiers import date_problem


@pytest.mark.parametrize(("typed", "said"), [
    ("11/31/2026", "November has 30 days."),
    ("02/29/2027", "February 2027 has 28 days."),
    ("12/32/2026", "December has 31 days."),
    ("11/00/2026", "There is no day 0."),
    ("13/02/2026", "There is no month 13: type the month first, as MM/DD/YYYY."),
    ("yesterday", "Type it as MM/DD/YYYY, like 11/02/2026."),
])
def test_a_date_that_is_not_one_says_which_part_is_wrong(typed: str, said: str) -> None:
    assert date_problem(typed) == said


def test_real_dates_have_no_problem() -> None:
    assert date_problem("11/30/2026") == ""
    assert date_problem("02/29/2028") == ""  # a leap year
