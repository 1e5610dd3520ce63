from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from oa_desktop.domain.models import Payer
from oa_desktop.errors import InputError
from oa_desktop.services.imports.payer_list import (
    import_payer_list,
    parse_payer_list,
    transaction_code,
)
from oa_desktop.store import payer_list, records
from oa_desktop.store.db import Store

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "workspace"
CURRENT = FIXTURES / "payer_list_current.csv"
OLDER = FIXTURES / "payer_list_older.csv"


def to_xlsx(source: Path, target: Path, *, numeric_ids: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Office Ally Payer List - exported 10/01/2026"])  # a title line above
    with source.open(newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.reader(f)):
            cells: list[object] = list(row)
            if numeric_ids and n and row and row[1].isdigit() and not row[1].startswith("0"):
                cells[1] = int(row[1])
            sheet.append(cells)
    book.save(target)
    return target


def test_transaction_codes() -> None:
    assert transaction_code("Professional Claims 837P") == "837P"
    assert transaction_code("Institutional Claims 837I") == "837I"
    assert transaction_code("Remits 835") == "835"
    assert transaction_code("Claim Status 276 / 277") == "276"
    assert transaction_code("Eligibility 270 / 271") == "270"
    assert transaction_code("Attachments") == "Attachments"


def test_current_csv_keeps_quoted_newlines_and_doubled_quotes() -> None:
    fmt, entries = parse_payer_list(CURRENT)
    assert fmt == "current" and len(entries) == 9  # the blank line is skipped
    era = entries[2]
    assert (era.name, era.transaction_type, era.enrollment) == ("AETNA", "835", True)
    assert era.notes == 'ERA enrollment takes 30-45 days.\nUse the "Aetna EFT/ERA" form.'
    assert era.source_row == 4
    magellan = entries[4]
    assert magellan.payer_id == "01260" and magellan.non_par and magellan.enrollment
    assert entries[7].available is False and entries[7].notes == "Not available"
    assert entries[-1].source_row == 11  # rows are counted as the file's records


@pytest.mark.parametrize("numeric", [False, True])
def test_current_xlsx(tmp_path: Path, numeric: bool) -> None:
    fmt, entries = parse_payer_list(to_xlsx(CURRENT, tmp_path / "list.xlsx", numeric_ids=numeric))
    fmt_csv, from_csv = parse_payer_list(CURRENT)
    assert fmt == fmt_csv == "current"
    assert [(e.name, e.payer_id, e.transaction_type, e.non_par, e.enrollment, e.notes)
            for e in entries] == [
        (e.name, e.payer_id, e.transaction_type, e.non_par, e.enrollment, e.notes)
        for e in from_csv]


def test_older_format_csv_and_xlsx(tmp_path: Path) -> None:
    fmt, entries = parse_payer_list(OLDER)
    assert fmt == "older"
    assert [(e.payer_id, e.transaction_type, e.non_par, e.enrollment) for e in entries[:4]] == [
        ("60054", "837P", False, False), ("60054", "835", False, True),
        ("01260", "837P", True, True), ("01260", "835", True, True)]
    assert entries[2].notes == 'Behavioral health only.\nUse "Magellan" claims address.'
    fmt_x, from_xlsx = parse_payer_list(to_xlsx(OLDER, tmp_path / "old.xlsx"))
    assert fmt_x == "older" and from_xlsx == [
        e.__class__(**{**{s: getattr(e, s) for s in e.__slots__}, "source_row": e.source_row + 1})
        for e in entries]  # the title line shifts the rows by one


def test_import_counts_and_summary(store: Store) -> None:
    result = import_payer_list(store, CURRENT)
    assert result.summary == "Imported 9 payer rows (4 payers; 2 Non-Par)"
    assert payer_list.list_size(store) == 9
    last = payer_list.last_import(store)
    assert last is not None and last["format"] == "current" and last["rows"] == 9


def test_search_by_name_and_id(store: Store) -> None:
    import_payer_list(store, CURRENT)
    [aetna] = payer_list.search_payer_list(store, "aet")
    assert aetna.payer_ids == {"837P": "60054", "837I": "60054", "835": "60054",
                               "270": "AETNA1"}
    assert not aetna.non_par
    assert aetna.enrollment_text == "Enrollment: remits (ERA)"
    [magellan] = payer_list.search_payer_list(store, "01260")
    assert magellan.non_par and magellan.enrollment_text == "Enrollment: claims, remits (ERA)"
    assert "Behavioral health only." in magellan.notes
    assert payer_list.search_payer_list(store, "nothing like it") == []
    assert payer_list.search_payer_list(store, "%") == []


def test_add_a_list_payer_to_the_practice(store: Store) -> None:
    import_payer_list(store, CURRENT)
    [magellan] = payer_list.search_payer_list(store, "magellan")
    payer_id = payer_list.add_list_payer(store, magellan)
    payer = records.get_payer(store, payer_id)
    assert (payer.name, payer.claim_payer_id, payer.non_par) == ("MAGELLAN HEALTHCARE", "01260",
                                                                  True)
    assert payer.enrollment_required == {"837P": True, "835": True}
    [again] = payer_list.search_payer_list(store, "magellan")
    assert again.practice_payer_id == payer_id
    assert payer_list.add_list_payer(store, again) == payer_id
    assert len(records.list_payers(store)) == 1


def test_reimport_refreshes_linked_payers_but_keeps_practice_edits(
    store: Store, tmp_path: Path
) -> None:
    own = Payer("Magellan (our name)", {"837P": "01260"}, non_par=False)
    kept = Payer("Tricare - our override", {"837P": "TREST"})
    unlisted = Payer("Local Plan", {"837P": "LOCAL1"}, non_par=True)
    for payer in (own, kept, unlisted):
        records.save_payer(store, payer)
    first = import_payer_list(store, CURRENT)
    assert first.counts.sync.linked == 2
    # the practice changes Tricare's status by hand after the first import
    tricare = records.get_payer(store, kept.id or 0)
    assert tricare.non_par is True  # from the list
    tricare.non_par = False
    records.save_payer(store, tricare)
    # Office Ally's next list: Magellan becomes Par and Tricare needs enrollment
    text = CURRENT.read_text().replace(
        "MAGELLAN HEALTHCARE,01260,Professional Claims 837P,Yes,Yes,Yes",
        "MAGELLAN HEALTHCARE,01260,Professional Claims 837P,Yes,No,Yes",
    ).replace("TRICARE EAST,TREST,Professional Claims 837P,Yes,Yes,No",
              "TRICARE EAST,TREST,Professional Claims 837P,Yes,Yes,Yes")
    (tmp_path / "new.csv").write_text(text)
    second = import_payer_list(store, tmp_path / "new.csv")
    assert second.counts.sync.kept_overrides == 1
    magellan = records.get_payer(store, own.id or 0)
    assert magellan.name == "Magellan (our name)" and magellan.non_par is False
    assert magellan.payer_ids == {"837P": "01260", "835": "01260"}  # 835 id filled in
    tricare = records.get_payer(store, kept.id or 0)
    assert tricare.non_par is False  # the practice's override survives
    assert tricare.enrollment_required == {"837P": True}  # not overridden: follows the list
    # a third import still recognises the override
    import_payer_list(store, tmp_path / "new.csv")
    assert records.get_payer(store, kept.id or 0).non_par is False
    local = records.get_payer(store, unlisted.id or 0)
    assert local.non_par is True and local.payer_ids == {"837P": "LOCAL1"}
    assert len(records.list_payers(store)) == 3


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"PAYER NAME,PAYER ID,TRANSACTION,NOTES\nAETNA,60054,Remits 835,\n",
     "row 1 (header): columns NON PAR, ENROLLMENT are missing"),
    (b"NAME,ID\nAETNA,60054\n", "no header row with a PAYER ID column"),
    (b"\x00\x01\x02binary\x00", "is not a CSV or XLSX file"),
    (b"PK\x03\x04 this is not a real workbook", "is not a readable Excel"),
    (b"PAYER NAME,PAYER ID,TRANSACTION,NON PAR,ENROLLMENT\nAETNA,60054,Remits 835,Maybe,No\n",
     "row 2, column NON PAR: 'Maybe' is not Yes or No"),
    (b"PAYER NAME,PAYER ID,TRANSACTION,NON PAR,ENROLLMENT\nAETNA,,Remits 835,No,No\n",
     "row 2, column PAYER ID: the cell is empty"),
    (b"PAYER ID,PAYER NAME,TYP\n60054,AETNA,Q\n", "row 2, column TYP: Q is not P or NP"),
    (b"PAYER NAME,PAYER ID,TRANSACTION,NON PAR,ENROLLMENT\n", "no payer rows"),
])
def test_bad_file_changes_nothing(store: Store, tmp_path: Path, content: bytes,
                                  message: str) -> None:
    import_payer_list(store, CURRENT)
    payer = Payer("Magellan", {"837P": "01260"})
    records.save_payer(store, payer)
    import_payer_list(store, CURRENT)
    before = (payer_list.list_size(store), records.list_payers(store))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(InputError) as info:
        import_payer_list(store, bad)
    assert message in str(info.value) and "bad.csv" in str(info.value)
    assert (payer_list.list_size(store), records.list_payers(store)) == before


def test_missing_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        import_payer_list(store, tmp_path / "nope.csv")
