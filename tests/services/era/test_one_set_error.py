"""One set's error stays in its set (build item 9): an 835 file in which one ST..SE cannot
be read — no SE, a wrong SE count, a syntax error inside it, SE02 not ST02 — is imported:
the other sets are stored and postable, the bad one is a row that cannot be posted, naming
the set (ST02), where, what is wrong and what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from oa_desktop.services.era import importing, posting
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import remittances
from oa_desktop.x12.errors import X12Error
from tests.services.era.helpers import DEMO_TAX_ID
from tests.x12.handmade import era_835, era_claim, era_file

FIRST = era_835("0001", [era_claim("ZZ1")], "100")
SECOND = era_835("0002", [era_claim("ZZ2")], "100").replace("EFT12345", "EFT777")

BREAKS: dict[str, tuple[Callable[[str], str], str]] = {
    "no SE": (lambda t: t.replace("SE*15*0001~", ""), "has no SE"),
    "wrong SE count": (lambda t: t.replace("SE*15*0001", "SE*99*0001"), "SE01 says '99'"),
    "syntax error": (lambda t: t.replace("LX*1~", "LX*1~C@P*1~").replace("SE*15*", "SE*16*"),
                     "'C@P*1' is not a segment id"),
    "control number": (lambda t: t.replace("SE*15*0001", "SE*15*0009"),
                       "SE02 '0009' does not match ST02 '0001'"),
    "segment out of place": (
        lambda t: t.replace("LX*1~", "LX*1~SVC*HC:90837*1*1~").replace("SE*15*", "SE*16*"),
        "outside a claim"),
}


def _ours(text: str) -> str:
    """Paid to the demo practice (its Tax ID), or the file is set aside as not ours."""
    return text.replace("REF*TJ*123456789", f"REF*TJ*{DEMO_TAX_ID}")


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_a_bad_set_is_kept_apart_and_the_other_is_postable(
    demo_workspace: Workspace, tmp_path: Path, kind: str,
) -> None:
    breaking, words = BREAKS[kind]
    path = tmp_path / "two.835"
    path.write_text(_ours(era_file(breaking(FIRST), SECOND)))
    result = importing.import_era_file(demo_workspace, path)
    rows = {s.trace_number: s for s in remittances.list_remittances(demo_workspace.store)
            if s.source_name == "two.835"}
    assert sorted(rows) == ["EFT12345", "EFT777"]  # the bad set is still named by its check
    bad, good = rows["EFT12345"], rows["EFT777"]
    assert bad.status == "not_postable" and bad.payer_name == "ACME HEALTH PLAN"
    text = " ".join(bad.problems)
    assert "set 0001 (835, from segment 3)" in text.replace("This is set", "set"), text
    assert words in text, text
    assert "corrected copy" in text  # what to do
    assert good.problems == () and good.status == "ready"
    assert [c.rc.pcn for c in posting.preview(demo_workspace.store, good.id).claims] == ["ZZ2"]
    with pytest.raises(Exception, match="cannot be posted"):
        posting.post(demo_workspace.store, bad.id)
    if kind in ("no SE", "segment out of place"):  # not read at all: said in the summary
        assert "could not be read (set 0001" in result.summary, result.summary
        notes = " ".join(posting.reconcile(demo_workspace.store, bad.id).explanations)
        assert "claims could not be read" in notes and "do not add up" not in notes


def test_a_file_whose_only_835_cannot_be_read_is_refused_whole(
    demo_workspace: Workspace, tmp_path: Path,
) -> None:
    path = tmp_path / "broken.835"
    path.write_text(_ours(era_file(FIRST.replace("SE*15*0001~", ""))))
    with pytest.raises(X12Error, match="set 0001"):
        importing.import_era_file(demo_workspace, path)
    assert not [s for s in remittances.list_remittances(demo_workspace.store)
                if s.source_name == "broken.835"]
