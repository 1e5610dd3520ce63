"""Procedure words: the practice's own first, then CMS's HCPCS words; never CPT text."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources

from oa_desktop.services.codes import words
from oa_desktop.store import code_words, fee_schedule
from oa_desktop.store.code_words import CodeWord
from oa_desktop.store.db import Store
from oa_desktop.store.fee_schedule import Fee


def _shipped(name: str) -> list[dict[str, str]]:
    text = resources.files("oa_desktop.codes").joinpath(f"{name}.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_the_shipped_hcpcs_list_holds_no_cpt_code() -> None:
    rows = _shipped("hcpcs")
    assert len(rows) >= 40
    assert all(words.is_hcpcs_level_ii(r["code"]) for r in rows), "CPT text must not ship"
    assert {"H0031", "H0032", "H0046", "H2012", "H2014", "H2019", "H2020", "T1024", "T1015",
            "S5111", "S9480", "G0176", "G0177"} <= {r["code"] for r in rows}


def test_the_shipped_taxonomy_list_is_well_formed() -> None:
    from oa_desktop.domain import identifiers as ids

    rows = _shipped("taxonomy")
    assert len(rows) >= 60 and len({r["code"] for r in rows}) == len(rows)
    assert all(ids.is_taxonomy_shape(r["code"]) and r["description"] for r in rows)
    names = {r["code"]: r["description"] for r in rows}
    assert names["103K00000X"] == "Behavior Analyst"
    assert names["106E00000X"] == "Assistant Behavior Analyst"
    assert names["106S00000X"] == "Behavior Technician"


def test_cpt_codes_show_only_the_practice_s_words(store: Store) -> None:
    shipped = words.built_in()
    assert shipped.procedure_words("97153") == ""  # a CPT code: no words shipped
    assert shipped.procedure_text("H2019") == (
        "H2019 Therapeutic behavioral services, per 15 minutes")
    fee_schedule.set_fee(store, Fee("97153", "", Decimal("60"), "ABA by technician"))
    fee_schedule.set_fee(store, Fee("H2019", "HN", Decimal("30"), "TBS (bachelor's)"))
    code_words.replace_codes(store, "hcpcs", "cms.csv", [
        CodeWord("H0032", "Mental health service plan dev", "Mental health service plan "
                 "development by non-physician"),
        CodeWord("97153", "must never show"),
    ])
    loaded = words.load(store)
    assert loaded.procedure_words("97153") == "ABA by technician"  # the practice's own
    assert loaded.procedure_words("90837") == ""
    assert loaded.procedure_words("h2019") == "TBS (bachelor's)"  # the practice's wins
    assert loaded.procedure_words("H0032") == "Mental health service plan dev"  # loaded
    assert loaded.procedure_long_words("H0032").endswith("by non-physician")
    assert loaded.procedure_words("H2020") == "Therapeutic behavioral services, per diem"
