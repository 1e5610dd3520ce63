"""An ERA with an unreadable amount is imported for reading, named, and never posted."""

from __future__ import annotations

from pathlib import Path

from oa_desktop.services.era import importing, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import remittances
from tests.services.era.helpers import era_text


def test_an_unreadable_amount_is_shown_and_blocks_posting(demo_workspace: Workspace,
                                                          tmp_path: Path) -> None:
    text = era_text([("C0000001", "1", "100", "80", [])])
    bad = tmp_path / "bad.835"
    bad.write_bytes(text.replace(b"CLP*C0000001*1*100*80", b"CLP*C0000001*1*1X0*80"))
    ledger = "SELECT COUNT(*) FROM ledger"
    before = demo_workspace.store.read.execute(ledger).fetchone()
    importing.import_era_file(demo_workspace, bad)
    [summary] = [s for s in remittances.list_remittances(demo_workspace.store)
                 if s.source_name == "bad.835"]
    assert summary.status == "not_postable" and summary.claim_count == 1
    assert any("(CLP) element 3: '1X0' is not an amount" in p for p in summary.problems)
    posting.post_all(demo_workspace.store)
    assert demo_workspace.store.read.execute(ledger).fetchone() == before


def test_an_envelope_error_in_one_set_leaves_the_other_postable(demo_workspace: Workspace,
                                                                tmp_path: Path) -> None:
    from tests.services.era.helpers import DEMO_TAX_ID
    from tests.x12.handmade import era_835, era_claim, era_file

    first = era_835("0001", [era_claim("ZZ1")], "100").replace("SE*15*0001", "SE*99*0001")
    second = era_835("0002", [era_claim("ZZ2")], "100").replace("EFT12345", "EFT777")
    path = tmp_path / "two.835"
    # paid to the demo practice (its Tax ID), or the file is set aside as not ours
    path.write_text(era_file(first, second).replace("REF*TJ*123456789", f"REF*TJ*{DEMO_TAX_ID}"))
    importing.import_era_file(demo_workspace, path)
    rows = {s.trace_number: s for s in remittances.list_remittances(demo_workspace.store)
            if s.source_name == "two.835"}
    assert rows["EFT12345"].status == "not_postable"
    assert any("SE01 says '99'" in p for p in rows["EFT12345"].problems)
    assert rows["EFT777"].problems == () and rows["EFT777"].status != "not_postable"
