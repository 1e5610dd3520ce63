"""Scrubber edit for characters: free text the 837P cannot carry, field by field.

Standard library only.
"""

from __future__ import annotations

from oa_desktop.domain.models import Person
from oa_desktop.domain.scrub_findings import Finding, ScrubContext, error, is_self
from oa_desktop.domain.x12_text import unwritable


def _text_fields(ctx: ScrubContext) -> list[tuple[str, str, str, str, str]]:
    """(code, box, 837P place, what, value) of the free text the 837P carries."""
    fields: list[tuple[str, str, str, str, str]] = []

    def person(code: str, box: str, loop: str, who: str, who_person: Person) -> None:
        address = who_person.address
        fields.extend([
            (code, box, f"{loop} NM103", f"{who}'s last name", who_person.last_name),
            (code, box, f"{loop} NM104", f"{who}'s first name", who_person.first_name),
            (code, box, f"{loop} NM105", f"{who}'s middle name", who_person.middle_name),
            (code, box, f"{loop} N301", f"{who}'s street address", address.line1),
            (code, box, f"{loop} N302", f"{who}'s second address line", address.line2),
            (code, box, f"{loop} N401", f"{who}'s city", address.city)])

    if ctx.patient is not None:
        person("patient", "2", "2010BA" if is_self(ctx) else "2010CA", "patient",
               ctx.patient.person)
    if ctx.coverage is not None and ctx.coverage.subscriber is not None and not is_self(ctx):
        person("subscriber", "4", "2010BA", "insured", ctx.coverage.subscriber)
    if ctx.payer is not None:
        fields.append(("payer", "Payer", "2010BB NM103", "payer's name", ctx.payer.name))
    if ctx.practice is not None:
        address = ctx.practice.address
        fields += [("billing", "33", "2010AA NM103", "practice's name", ctx.practice.name),
                   ("billing", "33", "2010AA N301", "practice's street address", address.line1),
                   ("billing", "33", "2010AA N302", "practice's second address line",
                    address.line2),
                   ("billing", "33", "2010AA N401", "practice's city", address.city)]
    if ctx.rendering is not None:
        fields += [("rendering", "24J", "2310B NM103", "rendering provider's last name",
                    ctx.rendering.last_name),
                   ("rendering", "24J", "2310B NM104", "rendering provider's first name",
                    ctx.rendering.first_name)]
    if ctx.facility is not None:
        fields += [("facility", "32", "2310C NM103", "service facility's name",
                    ctx.facility.name),
                   ("facility", "32", "2310C N301", "service facility's street address",
                    ctx.facility.address.line1),
                   ("facility", "32", "2310C N401", "service facility's city",
                    ctx.facility.address.city)]
    fields += [("referring", "17", "2310A NM103", "referring provider's name",
                ctx.claim.referring_name),
               ("claim", "19", "2300 NTE02", "claim note", ctx.claim.note)]
    return fields


def check_characters(ctx: ScrubContext) -> list[Finding]:
    """Text the 837P cannot carry even transliterated (Ø is sent as O, but Ж has no
    plain-letter form): an error naming the field, never a letter dropped."""
    found: list[Finding] = []
    for code, box, element, what, value in _text_fields(ctx):
        bad = unwritable(value) if value else ""
        if bad:
            found.append(error(f"{code}.characters", box, element,
                               f"The {what} holds {bad!r}, which cannot be sent in a "
                               "claim file.",
                               "Type it with plain letters (A-Z), as the insurance card "
                               "or the payer spells it."))
    return found
