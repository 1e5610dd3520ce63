"""The 837P built from the demo practice passes pyx12's validator (an independent referee)."""

from pathlib import Path

import pytest

from oa_desktop.cli.main import main
from oa_desktop.services.claims.bundles import export_837, ready_claim_ids
from oa_desktop.services.workspace import Workspace
from oa_desktop.store.claims_list import ClaimQuery, claim_ids, status_counts
from oa_desktop.x12.parse import parse_bytes
from tests.x12.pyx12_check import pyx12_problems


def test_every_demo_claim_makes_a_valid_837p(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    every = claim_ids(store, ClaimQuery())
    before = status_counts(store)
    text, count = export_837(store, every)
    assert count == 300
    assert pyx12_problems(text) == []
    (summary,) = parse_bytes(text.encode()).transactions
    assert len(summary.claims) == 300  # type: ignore[attr-defined]
    segments = text.split("~")
    assert len(segments[0]) == 105  # the ISA is 106 characters with its terminator
    assert status_counts(store) == before  # nothing changed status


def test_export_cli_ready_claims(
    demo_workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_workspace.folder.root
    ready = ready_claim_ids(demo_workspace.store)
    demo_workspace.close()
    out = tmp_path / "claims.txt"
    assert main(["--data-dir", str(root), "export-837", "--out", str(out)]) == 0
    assert f"Wrote {len(ready)} claims" in capsys.readouterr().out
    assert out.read_text().startswith("ISA*00*")
    assert main(["--data-dir", str(root), "export-837", "--out", str(out),
                 "--claims", "C9999999"]) == 2
    assert "no claim C9999999" in capsys.readouterr().err


def test_a_line_under_a_renewed_authorization_carries_it(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id, number = store.read.execute(
        "SELECT claim_id, prior_authorization FROM service_lines "
        "WHERE prior_authorization != '' LIMIT 1").fetchone()
    text, _count = export_837(store, [claim_id])
    segments = text.split("~")
    at = segments.index(f"REF*G1*{number}")
    assert segments[at - 1].startswith("DTP*472*") and "LX*" in "~".join(segments[at - 4:at])
    box23 = next(s for s in segments if s.startswith("REF*G1*"))
    assert box23 != f"REF*G1*{number}"  # 2300 holds the first lines' authorization
    assert pyx12_problems(text) == []
