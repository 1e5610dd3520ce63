"""The PDFs render: each report, a CMS-1500 (with and without the form), the statements."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from oa_desktop.services import reports_practice
from oa_desktop.services.reports_cms1500 import cms1500_pages
from oa_desktop.services.reports_statements import statements
from oa_desktop.services.reports_table import Kind
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
    for key in reports_practice.REPORTS:
        report = reports_practice.build(demo_workspace.store, key, DEMO_DAY)
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
        "SELECT c.patient_id, SUM(l.amount_cents) FROM ledger l JOIN claims c "
        "ON c.id = l.claim_id WHERE l.kind = 'patient_responsibility' GROUP BY 1"
    ).fetchall()  # the demo has no patient payments
    assert {s.patient_id: s.owes_amount for s in found} == {
        p: Decimal(cents) / 100 for p, cents in owed}
    path = tmp_path / "statements.pdf"
    assert write_statements(store, path, DEMO_DAY) == len(found)
    text = _text(path)
    assert f"${found[0].owes_amount:,.2f}" in text and "STATEMENT" in text


def test_window_has_print_actions_and_sections(qtbot: QtBot, demo_workspace: Workspace,
                                               tmp_path: Path) -> None:
    from oa_desktop.ui.main_window import MainWindow
    from oa_desktop.ui.sections import sections

    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    titles = {(s.group, s.title) for s in sections()}
    assert {("MONEY", "Reports"), ("MONEY", "Costs")} <= titles
    actions = window.print_actions
    assert actions.cms1500_action.shortcut().toString() == "Ctrl+P"
    message = actions.print_cms1500(1, tmp_path / "c.pdf", data_only=True)
    assert "data only" in message and (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
