"""The PDFs render: each report, a CMS-1500 (with and without the form), the statements."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from oa_desktop.services.reports import practice
from oa_desktop.services.reports.cms1500 import cms1500_pages
from oa_desktop.services.reports.statements import statements
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.pdf.cms1500_pdf import write_cms1500
from oa_desktop.ui.pdf.report_pdf import write_report_pdf
from oa_desktop.ui.pdf.statement_pdf import write_statements
from tests.conftest import DEMO_DAY


def _text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_each_report_pdf_renders(qtbot: QtBot, demo_workspace: Workspace,
                                 tmp_path: Path) -> None:
    for key in practice.REPORTS:
        report = practice.build(demo_workspace.store, key, DEMO_DAY)
        path = tmp_path / f"{key}.pdf"
        assert write_report_pdf(report, path, "Harbor Light", DEMO_DAY) >= 1
        text = _text(path)
        assert report.title in text
        assert report.total is not None
        money = [v for v, c in zip(report.total, report.columns, strict=True)
                 if c.kind is Kind.MONEY]
        if money:
            assert f"${money[-1]:,.2f}" in text


def test_cms1500_places_the_claim(qtbot: QtBot, demo_workspace: Workspace,
                                  tmp_path: Path) -> None:
    store = demo_workspace.store
    claim_id, pcn, charge = store.read.execute(
        "SELECT id, pcn, charge_cents FROM claims WHERE id IN (SELECT claim_id FROM "
        "service_lines GROUP BY claim_id HAVING COUNT(*) > 1) LIMIT 1").fetchone()
    pages = cms1500_pages(store, claim_id)
    texts = {(p.line, p.column): p.text for p in pages[0]}
    assert texts[(56, 23)] == pcn  # box 26
    dollars, cents = f"{Decimal(charge) / 100:.2f}".split(".")
    assert (texts[(56, 52)], texts[(56, 59)]) == (dollars, cents)  # box 28
    full, data = tmp_path / "cms.pdf", tmp_path / "data.pdf"
    assert write_cms1500(store, claim_id, full) == 1
    assert write_cms1500(store, claim_id, data, data_only=True) == 1
    assert "HEALTH INSURANCE CLAIM FORM" in _text(full)
    data_text = _text(data)
    assert "HEALTH INSURANCE CLAIM FORM" not in data_text and pcn in data_text


def test_statements_owe_what_the_ledger_says(qtbot: QtBot, demo_workspace: Workspace,
                                             tmp_path: Path) -> None:
    store = demo_workspace.store
    found = statements(store)
    owed = store.read.execute(
        "SELECT c.patient_id, SUM(CASE l.kind WHEN 'patient_responsibility' THEN l.amount_cents "
        "WHEN 'patient_payment' THEN -l.amount_cents WHEN 'write_off' THEN -l.amount_cents "
        "ELSE 0 END) - COALESCE((SELECT "
        "SUM(amount_cents) FROM patient_credit k WHERE k.patient_id = c.patient_id), 0) "
        "FROM ledger l JOIN claims c ON c.id = l.claim_id GROUP BY 1").fetchall()
    assert {s.patient_id: s.owes_amount for s in found} == {
        p: Decimal(cents) / 100 for p, cents in owed if cents > 0}
    assert any(s.paid_amount for s in found)  # "You paid" is no longer always $0.00
    path = tmp_path / "statements.pdf"
    assert write_statements(store, path, DEMO_DAY) == len(found)
    text = _text(path)
    assert f"${found[0].owes_amount:,.2f}" in text and "STATEMENT" in text


def test_window_has_print_actions_and_sections(qtbot: QtBot, demo_workspace: Workspace,
                                               tmp_path: Path) -> None:
    from oa_desktop.ui.shell.main_window import MainWindow
    from oa_desktop.ui.shell.sections import sections

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    titles = {(s.group, s.title) for s in sections()}
    assert {("MONEY", "Reports"), ("MONEY", "Costs")} <= titles
    actions = window.print_actions
    assert actions.cms1500_action.shortcut().toString() == "Ctrl+P"
    message = actions.print_cms1500(1, tmp_path / "c.pdf", data_only=True)
    assert "data only" in message and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_cms1500_box_11d_names_the_other_plan(demo_workspace: Workspace) -> None:
    """11d is Yes, with boxes 9, 9a and 9d, when the claim names another plan (its 11d, the
    837P's 2320 payer); No (and 9 left empty) when not."""
    store = demo_workspace.store
    two = store.read.execute(
        "SELECT c.id, c.coverage_id FROM claims c JOIN coverages v ON v.patient_id = "
        "c.patient_id GROUP BY c.id HAVING COUNT(*) > 1 ORDER BY c.id LIMIT 1").fetchone()
    one = store.read.execute(
        "SELECT c.id FROM claims c JOIN coverages v ON v.patient_id = c.patient_id "
        "GROUP BY c.id HAVING COUNT(*) = 1 ORDER BY c.id LIMIT 1").fetchone()
    assert two is not None and one is not None, "the demo has patients with one and two plans"
    other_payer, other_member = store.read.execute(
        "SELECT p.name, v.member_id FROM coverages v JOIN payers p ON p.id = v.payer_id "
        "WHERE v.patient_id = (SELECT patient_id FROM claims WHERE id = ?) AND v.id != ? "
        "ORDER BY v.rank LIMIT 1", [two[0], two[1]]).fetchone()
    texts = {(p.line, p.column): p.text for p in cms1500_pages(store, two[0])[0]}
    assert texts[(26, 52)] == "X" and (26, 57) not in texts  # 11d Yes
    assert texts[(26, 2)] == other_payer.upper()[:28]  # 9d
    assert texts[(20, 2)] == other_member  # 9a
    assert texts[(18, 2)]  # 9: the other insured's name
    texts = {(p.line, p.column): p.text for p in cms1500_pages(store, one[0])[0]}
    assert texts[(26, 57)] == "X" and (26, 52) not in texts and (18, 2) not in texts
    with store.write() as db:  # the biller set 11d to "(none)": the form follows the claim
        db.execute("UPDATE claims SET secondary_coverage_id = NULL WHERE id = ?", [two[0]])
    texts = {(p.line, p.column): p.text for p in cms1500_pages(store, two[0])[0]}
    assert texts[(26, 57)] == "X" and (26, 52) not in texts and (18, 2) not in texts


def test_a_line_that_wraps_pushes_down_what_follows(qtbot: QtBot, tmp_path: Path) -> None:
    """The deposit slip's two-line subtitle was covered by its chart: a wrapped line now
    takes the room of its lines."""
    from PySide6.QtGui import QPainter

    from oa_desktop.ui.pdf.page import Page, letter_writer

    writer = letter_writer(tmp_path / "lines.pdf", "lines")
    painter = QPainter(writer)
    try:
        page = Page(writer, painter)
        start = page.y
        page.line("One short line.", 9, False, 16)
        one = page.y - start
        page.line("A subtitle long enough to wrap onto a second line of the page " * 3, 9,
                  False, 16)
        assert one == 16
        assert page.y - start - one >= 16 + 9  # at least one more line of 9 pt text
    finally:
        painter.end()
