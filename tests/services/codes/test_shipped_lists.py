"""The built-in code-word lists: shaped right, no CPT text, and the checked wording kept.

The names were checked against NUCC's taxonomy and CMS's HCPCS file (see
oa_desktop/codes/NOTICE, "Checked against"); the pinned rows below are ones that were
wrong when typed from memory, so a later edit cannot quietly bring the old words back.
"""

from __future__ import annotations

import csv
import re
from importlib import resources

CPT_SHAPE = re.compile(r"^(\d{5}|\d{4}[FTU])$")  # Level I: five digits, or Category II/III
HCPCS_II_SHAPE = re.compile(r"^[A-V]\d{4}$")
NUCC_SHAPE = re.compile(r"^[0-9A-Z]{9}X$")


def _shipped(name: str) -> list[dict[str, str]]:
    text = resources.files("oa_desktop.codes").joinpath(f"{name}.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _not_hcpcs_level_ii(codes: list[str]) -> list[str]:
    """Every code that must not be in the HCPCS table (CPT-shaped or not Level II)."""
    return [c for c in codes if CPT_SHAPE.match(c) or not HCPCS_II_SHAPE.match(c)]


def _bad_taxonomy(rows: list[dict[str, str]]) -> list[str]:
    """Every row without NUCC's shape (10 characters ending in X) or without a name."""
    return [r["code"] for r in rows
            if not NUCC_SHAPE.match(r["code"]) or not r["description"].strip()]


def test_the_check_catches_cpt_shaped_codes() -> None:
    assert _not_hcpcs_level_ii(["97153", "90837", "0591T", "1036F", "0001U", "H2019"]) == [
        "97153", "90837", "0591T", "1036F", "0001U"]
    assert _not_hcpcs_level_ii(["W1234", "H201", "h2019"]) == ["W1234", "H201", "h2019"]


def test_no_cpt_shaped_code_is_in_the_hcpcs_table() -> None:
    rows = _shipped("hcpcs")
    assert rows and _not_hcpcs_level_ii([r["code"] for r in rows]) == []
    assert all(r["description"].strip() for r in rows)
    assert len({r["code"] for r in rows}) == len(rows)


def test_the_check_catches_a_malformed_taxonomy_row() -> None:
    bad = [{"code": "103K00000", "description": "Behavior Analyst"},
           {"code": "103K00000Y", "description": "Behavior Analyst"},
           {"code": "103K00000X", "description": " "},
           {"code": "103K00000X", "description": "Behavior Analyst"}]
    assert _bad_taxonomy(bad) == ["103K00000", "103K00000Y", "103K00000X"]


def test_every_taxonomy_code_has_nucc_shape_and_a_name() -> None:
    rows = _shipped("taxonomy")
    assert rows and _bad_taxonomy(rows) == []
    assert len({r["code"] for r in rows}) == len(rows)


def test_taxonomy_names_are_nucc_display_names() -> None:
    names = {r["code"]: r["description"] for r in _shipped("taxonomy")}
    assert names["103TH0100X"] == "Health Service Psychologist"  # 103TH0004X is "Health"
    assert names["2251P0200X"] == "Pediatric Physical Therapist"
    assert names["225XP0200X"] == "Pediatric Occupational Therapist"
    assert names["363LP0200X"] == "Pediatric Nurse Practitioner"
    assert names["261QM0801X"] == (
        "Mental Health Clinic/Center (Including Community Mental Health Center)")
    assert names["2080P0006X"] == "Developmental \u2013 Behavioral Pediatrics Physician"
    assert names["103K00000X"] == "Behavior Analyst"


def test_hcpcs_words_are_cms_long_descriptions() -> None:
    words = {r["code"]: r["description"] for r in _shipped("hcpcs")}
    assert words["H0031"] == "Mental health assessment, by non-physician"
    assert words["H0032"] == "Mental health service plan development by non-physician"
    assert words["T1023"].startswith("Screening to determine the appropriateness of")
    assert words["G0410"].startswith("Group psychotherapy other than of a multiple-family")
    assert words["S5111"] == "Home care training, family; per session"
    assert words["T2021"] == "Day habilitation, waiver; per 15 minutes"


def test_the_notice_says_what_the_lists_were_checked_against() -> None:
    notice = resources.files("oa_desktop.codes").joinpath("NOTICE").read_text("utf-8")
    assert "Checked against" in notice
    assert "NUCC" in notice and "HCPCS" in notice
