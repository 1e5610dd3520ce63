"""The claim's page says codes with words: place of service, modifiers, the practice's own
procedure descriptions, and the 999/277/CARC codes on its timeline."""

from __future__ import annotations

from decimal import Decimal

from oa_desktop.domain.next_steps import ProblemKind
from oa_desktop.services.claims import problems
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, fee_schedule
from oa_desktop.ui.claims.claim_page import claim_html, code_words
from tests.conftest import DEMO_DAY


def test_code_words() -> None:
    assert code_words("277", "A2:20").startswith("A2:20 ")
    assert len(code_words("277", "A2:20")) > 12
    assert code_words("835", "CO-45").startswith("CO-45 Charge")
    assert code_words("999", "A") == "999 A Accepted"
    assert code_words("user", "XYZ") == "XYZ"


def test_the_page_has_words_for_its_codes(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    item = problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.REJECTED])[0]
    claim = claims.get_claim(store, item.claim_id)
    code = claim.lines[0].procedure_code
    fee_schedule.set_fee(store, fee_schedule.Fee(code, "", Decimal("100.00"),
                                                 "Our words for this service"))
    page = claim_html(store, claim)
    assert "Our words for this service" in page
    assert "[A" not in page  # no bare codes in brackets on the timeline
    assert "999 A Accepted" in page
    assert "Place of service" in page and "Ptr" not in page and "Mod<" not in page
