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


def test_the_timeline_says_a_reason_once(demo_workspace: Workspace) -> None:
    """Seen under Xvfb at 1366x768: "Denied: CO-197 Precertification/…" and under it
    the same CO-197 words again."""
    from oa_desktop.domain.status import EventKind
    from oa_desktop.services.era.codes import carc_text
    from oa_desktop.ui.claims.claim_page import codes_not_said

    store = demo_workspace.store
    item = problems.worklist(store, DEMO_DAY, kinds=[ProblemKind.REJECTED])[0]
    words = carc_text("197")
    claims.add_event(store, item.claim_id, EventKind.NOTE, source="835", codes="CO-197",
                     text=f"Denied: CO-197 {words}")
    page = claim_html(store, claims.get_claim(store, item.claim_id))
    assert page.count(words) == 1
    # the demo's own words for a code count as said; a bare code still gets its words
    assert codes_not_said("Denied: CO-29 Filing too late", "835", "CO-29") == ""
    assert codes_not_said("Denied: CO-29", "835", "CO-29").startswith("CO-29 ")
    assert codes_not_said("Office Ally accepted the file (999)", "999", "A") == (
        "999 A Accepted")
    assert codes_not_said("Denied", "835", "CO-45, PR-1").count(";") == 1


def test_a_277_headline_is_not_said_again() -> None:
    """Seen on the demo's claim page: "Accepted by the payer for processing" and under it
    "A2:20 Acknowledgement/Acceptance into adjudication system-… — Accepted for
    processing." The code stays, in small type; official words only when they add some."""
    from oa_desktop.ui.claims.claim_page import codes_not_said

    assert codes_not_said("Accepted by the payer for processing", "277", "A2:20") == "A2:20"
    assert codes_not_said("Accepted for processing: Accepted for processing", "277",
                          "A2:20") == "A2:20"
    bare = codes_not_said("Payer sent a status report", "277", "A7:562:85")
    assert bare.startswith("A7:562:85 — ") and "Billing Provider" in bare
    said = codes_not_said("Rejected for invalid information: Entity's National Provider "
                          "Identifier (NPI) (Billing Provider)", "277", "A7:562:85")
    assert said == "A7:562:85"
