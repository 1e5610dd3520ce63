"""Loading NUCC's taxonomy file and CMS's HCPCS file: good rows load, bad rows are named
(row, column), a file with no recognisable header changes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from oa_desktop.errors import InputError
from oa_desktop.services.codes import importing, words
from oa_desktop.services.codes.reading import read_hcpcs, read_taxonomy
from oa_desktop.store import code_words
from oa_desktop.store.code_words import CodeWord
from oa_desktop.store.db import Store

NUCC = (
    "Code,Grouping,Classification,Specialization,Definition,Notes,Display Name,Section\n"
    '103K00000X,Behavioral Health & Social Service Providers,Behavior Analyst,,'
    '"A behavior analyst is qualified, by a master\'s degree.",,Behavior Analyst,Individual\n'
    "1041C0700X,Behavioral Health & Social Service Providers,Social Worker,Clinical,,,"
    "Clinical Social Worker,Individual\n"
    "10X,Whatever,Thing,,,,Thing,Individual\n"
    "2084P0800X,Allopathic & Osteopathic Physicians,Psychiatry & Neurology,Psychiatry,,,,"
    "Individual\n"
    "103K00000X,Again,Behavior Analyst,,,,Duplicate,Individual\n"
)


def _fixed(code: str, seq: int, rid: int, long: str, short: str = "") -> str:
    return f"{code:<5}{seq:05d}{rid}{long:<80.80}{short:<28.28}" + "0" * 20


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_taxonomy_csv_rows_and_bad_rows(tmp_path: Path) -> None:
    parsed = read_taxonomy(_write(tmp_path, "nucc_taxonomy_250.csv", NUCC, "cp1252"))
    assert [(c.code, c.words) for c in parsed.codes] == [
        ("103K00000X", "Behavior Analyst"), ("1041C0700X", "Clinical Social Worker"),
        ("2084P0800X", "Psychiatry & Neurology, Psychiatry"),  # no Display Name
    ]
    assert parsed.codes[0].long_words.startswith("A behavior analyst is qualified")
    assert [b.line() for b in parsed.bad] == [
        "row 4, column Code: '10X' is not a taxonomy code (like 103K00000X)",
        "row 6, column Code: 103K00000X is listed twice; the first is kept",
    ]


def test_hcpcs_csv_joins_long_descriptions_and_skips_modifiers(tmp_path: Path) -> None:
    text = (
        "HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION,PRICE1\n"
        "H2019,00100,3,\"Therapeutic behavioral services, per 15\",Ther behav svc per 15,0\n"
        "H2019,00200,4,minutes,,\n"
        "HN,00100,7,Bachelors degree level,Bachelors degree level,\n"
        "90837,00100,3,Psychotherapy,Psytx,\n"
        "H20,00100,3,Something,Something,\n"
        "T1024,00100,3,,Tx team for handicapped kids,\n"
    )
    parsed = read_hcpcs(_write(tmp_path, "HCPC2026_JAN_ANWEB.csv", text))
    assert [(c.code, c.words) for c in parsed.codes] == [
        ("H2019", "Therapeutic behavioral services, per 15 minutes"),
        ("T1024", "Tx team for handicapped kids"),
    ]
    assert parsed.modifiers_skipped == 1
    assert [(b.row, b.column) for b in parsed.bad] == [(5, "HCPC"), (6, "HCPC")]
    assert "CPT" in parsed.bad[0].reason  # CPT text is never loaded


def test_hcpcs_fixed_width_text(tmp_path: Path) -> None:
    lines = [_fixed("H0031", 100, 3, "Mental health assessment, by non-physician", "Mh assess"),
             _fixed("HN", 100, 7, "Bachelors degree level"), "not a record"]
    parsed = read_hcpcs(_write(tmp_path, "HCPC2026.txt", "\r\n".join(lines) + "\r\n"))
    assert [(c.code, c.words) for c in parsed.codes] == [
        ("H0031", "Mental health assessment, by non-physician")]
    assert [b.line() for b in parsed.bad] == [
        "row 3, column HCPC: the line does not follow the HCPCS record layout"]


def test_hcpcs_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["HCPC", "SEQNUM", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION"])
    sheet.append(["S9480", "00100", "3", "Intensive outpatient psychiatric services, per diem",
                  "Intensive outpatient psychia"])
    path = tmp_path / "HCPC2026.xlsx"
    book.save(path)
    assert zipfile.is_zipfile(path)
    parsed = read_hcpcs(path)
    assert [(c.code, c.words) for c in parsed.codes] == [
        ("S9480", "Intensive outpatient psychiatric services, per diem")]


@pytest.mark.parametrize(("kind", "text"), [
    ("taxonomy", "Name,Price\nA,1\n"),
    ("hcpcs", "Name,Price\nA,1\n"),
    ("hcpcs", "just some words\n"),
    ("taxonomy", ""),
])
def test_a_file_without_a_header_is_refused_and_nothing_changes(
    store: Store, tmp_path: Path, kind: str, text: str
) -> None:
    code_words.replace_codes(store, kind, "before.csv", [CodeWord("103K00000X", "Kept")])
    with pytest.raises(InputError) as caught:
        importing.import_codes(store, kind, _write(tmp_path, "x.csv", text))
    assert "Nothing was changed" in caught.value.message
    assert code_words.code_words(store, kind) == {
        "103K00000X": CodeWord("103K00000X", "Kept", "")}
    assert code_words.last_import(store, kind).file_name == "before.csv"  # type: ignore[union-attr]


def test_an_import_replaces_the_list_and_words_prefer_it(store: Store, tmp_path: Path) -> None:
    assert words.load(store).taxonomy_name("103K00000X") == "Behavior Analyst"  # built in
    assert words.load(store).taxonomy_name("101YP1600X") == "Pastoral Counselor"
    code_words.replace_codes(store, "taxonomy", "old.csv",
                             [CodeWord("101YP1600X", "Old words")])
    parsed = importing.import_codes(store, "taxonomy", _write(tmp_path, "nucc.csv", NUCC))
    assert importing.summary(parsed) == (
        "Loaded 3 taxonomy codes from nucc.csv; 2 rows left out (below).")
    loaded = words.load(store)
    assert loaded.taxonomy_text("1041C0700X") == "1041C0700X Clinical Social Worker"
    assert set(code_words.code_words(store, "taxonomy")) == {  # replaced
        "103K00000X", "1041C0700X", "2084P0800X"}
    assert loaded.taxonomy_name("101YP1600X") == "Pastoral Counselor"  # built-in fallback
    assert loaded.taxonomy_name("999Z00000X") == ""
    imported = code_words.last_import(store, "taxonomy")
    assert imported is not None and imported.codes == 3 and imported.file_name == "nucc.csv"
