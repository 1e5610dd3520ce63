"""Text the 837P cannot carry is transliterated, never dropped; the rest is named."""

from __future__ import annotations

from dataclasses import replace

import pytest

from oa_desktop.domain.models import Address, Patient, Person
from oa_desktop.domain.scrub_findings import Severity
from oa_desktop.domain.scrubber import scrub
from oa_desktop.domain.x12_text import transliterate, unwritable
from tests.domain.test_scrubber import context


@pytest.mark.parametrize(("text", "expected"), [
    ("ØRSTED", "ORSTED"), ("Ørsted", "Orsted"), ("ÉLODIE", "ELODIE"), ("Straße", "StraSSe"),
    ("Muñoz-Łukasz", "Munoz-Lukasz"), ("Æsir Œuvre", "AEsir OEuvre"), ("Þór Ðan", "THor Dan"),
    ("O’Brien", "O'Brien"), ("Smith–Jones", "Smith-Jones"), ("İlker ı", "Ilker i"),
    ("Ｆｕｌｌ", "Full"), ("plain", "plain"),
])
def test_letters_are_transliterated(text: str, expected: str) -> None:
    assert transliterate(text) == expected
    assert unwritable(text) == ""


def test_what_has_no_plain_form_is_named() -> None:
    assert unwritable("Жуков 李") == "Жуков李"
    assert unwritable("ab\x01c") == "\x01"
    assert unwritable("Zoë") == ""


def test_the_scrubber_names_the_field_that_cannot_be_written() -> None:
    ctx = context()
    person = Person("Жуков", "Ørsted", ctx.patient.person.birth_date,  # type: ignore[union-attr]
                    ctx.patient.person.sex,  # type: ignore[union-attr]
                    address=Address("12 Main St", "", "Austin", "TX", "78701"))
    findings = [f for f in scrub(replace(ctx, patient=Patient(person, id=1)))
                if f.code == "patient.characters"]
    [finding] = findings  # Ørsted becomes ORSTED: only the last name is named
    assert finding.severity is Severity.ERROR
    assert finding.element == "2010BA NM103" and "last name" in finding.message
    assert "Ж" in finding.message
