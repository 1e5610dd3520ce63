"""Matching is exact: %, _ and \\ typed in a search box or named in an answer file match
only themselves, in every search and every matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from oa_desktop.services.claims import icd10
from oa_desktop.services.era.matching import auto_match
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, payer_list, records, responses, settings
from oa_desktop.store.claims_list import ClaimQuery, claim_ids

SPECIAL = ("%", "_", "\\")


@pytest.fixture
def marked(demo_workspace: Workspace) -> tuple[Workspace, int, int]:
    """The demo practice with one patient, member id, payer and claim number holding
    each of %, _ and \\ (every other record holds none of them)."""
    store = demo_workspace.store
    claim_id, patient_id = store.read.execute(
        "SELECT id, patient_id FROM claims ORDER BY id LIMIT 1").fetchone()
    with store.write() as db:
        db.execute("UPDATE patients SET last_name = 'O%B_R\\N' WHERE id = ?", [patient_id])
        db.execute("UPDATE coverages SET member_id = 'M%1_2\\3' WHERE patient_id = ?",
                   [patient_id])
        db.execute("UPDATE claims SET pcn = 'C%_\\1' WHERE id = ?", [claim_id])
        db.execute("INSERT INTO payer_list (name, payer_id, transaction_type, source_row) "
                   "VALUES ('ACME 100% _CARE\\', 'X%_\\', '837P', 1), "
                   "('ACME 1000 CARE', 'XY9', '837P', 2)")
    return demo_workspace, claim_id, patient_id


@pytest.mark.parametrize("char", SPECIAL)
def test_search_boxes_take_the_characters_literally(
    marked: tuple[Workspace, int, int], char: str
) -> None:
    workspace, claim_id, patient_id = marked
    store = workspace.store
    assert {r.patient.id for r in records.list_patients(store, char)} == {patient_id}
    found = set(claim_ids(store, ClaimQuery(search=char)))
    assert claim_id in found
    assert all(claims.get_claim(store, i).patient_id == patient_id for i in found)
    assert [p.name for p in payer_list.search_payer_list(store, char)] == ["ACME 100% _CARE\\"]
    assert [p.name for p in payer_list.search_payer_list(store, f"ACME 100{char}")] == (
        ["ACME 100% _CARE\\"] if char == "%" else [])
    assert icd10.search(char) == [] or all(char in d or char in c
                                           for c, d in icd10.search(char))


def test_a_settings_prefix_is_literal(marked: tuple[Workspace, int, int]) -> None:
    store = marked[0].store
    with store.write() as db:
        db.execute("INSERT INTO settings (key, value) VALUES ('ui.test_width', '1')")
    assert settings.values_with_prefix(store, "ui.")["ui.test_width"] == 1
    assert settings.values_with_prefix(store, "ui%") == {}
    assert settings.values_with_prefix(store, "u_.") == {}
    assert settings.values_with_prefix(store, "\\") == {}


@pytest.mark.parametrize("asked", ["C%", "C_%", "C%_\\_", "%", "_", "\\", "C%_\\%",
                                   "C%_\\%%%%"])  # 8 long: a payer-truncated CLM01 once
def test_answer_matching_is_exact(marked: tuple[Workspace, int, int], asked: str) -> None:
    workspace, claim_id, _ = marked
    store = workspace.store
    assert responses.sent_claims(store, [asked], unbatched=True).get(asked) is None
    assert auto_match(store.read, [asked]) == [None]
    assert auto_match(store.read, [" c%_\\1 "]) == [claim_id]  # case and spaces only


@pytest.mark.parametrize("char", SPECIAL)
def test_the_era_search_box_takes_the_characters_literally(
    demo_workspace: Workspace, char: str, tmp_path: Path,
) -> None:
    from oa_desktop.store import era_queries
    from tests.services.era.helpers import era_text, import_era

    store = demo_workspace.store
    remittance_id = import_era(demo_workspace, tmp_path, "a.835", era_text(
        [("ZQ1", "1", "100", "80", [])], trace="T1"))
    import_era(demo_workspace, tmp_path, "b.835", era_text(
        [("ZQ2", "1", "100", "80", [])], trace="T2", control="0002"))
    rc_id = store.read.execute("SELECT id FROM remittance_claims WHERE remittance_id = ?",
                               [remittance_id]).fetchone()[0]
    assert era_queries.find_remittances(store, char) == set()  # no claim holds it yet
    with store.write() as db:
        db.execute("UPDATE remittance_claims SET payer_claim_number = ? WHERE id = ?",
                   [f"PX{char}9", rc_id])
    assert era_queries.find_remittances(store, char) == {remittance_id}
    assert era_queries.find_remittances(store, f"PX{char}9") == {remittance_id}
    assert era_queries.find_remittances(store, "PX" + ("_" if char != "_" else "%") + "9") \
        == set()
