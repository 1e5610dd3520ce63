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
