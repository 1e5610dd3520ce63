from decimal import Decimal

from oa_desktop.domain import display


def test_one_format_per_kind_of_value() -> None:
    assert display.tax_id("742345678") == "74-2345678"
    assert display.tax_id("74-2345678") == "74-2345678"
    assert display.zip_code("787011234") == "78701-1234"
    assert display.zip_code("78701") == "78701"
    assert display.phone("5125550100") == "(512) 555-0100"
    assert display.phone("1-512-555-0100") == "(512) 555-0100"
    assert display.phone("555-0100") == "555-0100"  # not a full number: as typed
    assert display.person_name("ALVAREZ", "MARIA", credential="BCBA") == "ALVAREZ, MARIA, BCBA"
    assert display.person_name("Lee", "Dana", "J") == "Lee, Dana J"
    assert display.percent(Decimal("37.5")) == "37.5%"
    assert display.percent(38) == "38.0%"
    assert display.percent("55.55") == "55.6%"


def test_plurals_are_words_not_brackets() -> None:
    assert display.plural(1, "claim") == "1 claim"
    assert display.plural(0, "claim") == "0 claims"
    assert display.plural(1234, "ERA") == "1,234 ERAs"
    assert display.plural(2, "batch", "batches") == "2 batches"


def test_the_screen_formats_are_the_same_functions() -> None:
    from oa_desktop.ui.kit import formats

    assert formats.tax_id is display.tax_id and formats.plural is display.plural
    assert formats.money(Decimal("0")) == "$0.00"
