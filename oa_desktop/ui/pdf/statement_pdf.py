"""Patient statements as one PDF: a page (or more) per patient who owes something."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtGui import QPainter

from oa_desktop.domain.money import format_money
from oa_desktop.services.reports.statements import (
    Statement,
    due_date,
    statements,
    write_statements_csv,
)
from oa_desktop.store import report_queries
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.pdf.page import Page, letter_writer

# (title, x, width, right-aligned) in points
_COLS = (("Date", 0, 62, False), ("Service", 62, 110, False), ("Charge", 172, 70, True),
         ("Insurance paid", 242, 80, True), ("Adjusted", 322, 70, True),
         ("You paid", 392, 65, True), ("You owe", 457, 83, True))


def phone_text(digits: str) -> str:
    """``5125550100`` → ``(512) 555-0100``; anything else as given."""
    return fmt.phone(digits)


def zip_text(digits: str) -> str:
    """``787011234`` → ``78701-1234``."""
    return fmt.zip_code(digits)


def letterhead(page: Page, practice: dict[str, str], title: str) -> None:
    """The practice's name, address and phone on the left, ``title`` on the right."""
    page.font(14, True)
    page.text(0, 300, practice["name"] or "Your provider", height=20)
    page.text(300, 240, title, right=True, height=20)
    page.y += 20
    page.font(9)
    city = f"{practice['city']}, {practice['state']} {zip_text(practice['zip_code'])}"
    for text in (practice["line1"], practice["line2"], city.strip(", "),
                 phone_text(practice["phone"])):
        if text:
            page.text(0, 300, text)
            page.y += 12


def _header(page: Page, practice: dict[str, str], s: Statement, today: date) -> None:
    letterhead(page, practice, "STATEMENT")
    box_top = 0.0
    for label, value in (("Statement date", f"{today:%m/%d/%Y}"),
                         ("Account", s.account_number or str(s.patient_id)),
                         ("Please pay by", f"{due_date(today):%m/%d/%Y}"),
                         ("Amount due", format_money(s.owes_amount))):
        box_top += 14
        page.font(9, label == "Amount due")
        page.text(330, 100, label, y=box_top + 10)
        page.text(430, 110, value, right=True, y=box_top + 10)
    page.y = max(page.y, box_top + 24) + 24
    page.font(10)
    for text in (s.name, *s.address):  # fits a #10 window envelope
        page.text(36, 300, text)
        page.y += 13
    page.y += 20


def _statement(page: Page, practice: dict[str, str], s: Statement, today: date) -> None:
    _header(page, practice, s, today)
    page.font(8.5, True)
    for title, x, width, right in _COLS:
        page.text(x, width, title, right=right)
    page.y += 13
    page.rule()
    for claim in s.claims:
        page.need(40)
        page.font(8.5, True)
        page.text(0, 540, f"Claim {claim.pcn} — billed to {claim.payer_name}")
        page.y += 12
        page.font(8.5)
        for day, service, charge in claim.lines:
            page.text(0, 62, f"{date.fromisoformat(day):%m/%d/%Y}")
            page.text(62, 110, service)
            page.text(172, 70, format_money(charge), right=True)
            page.y += 12
        values = ("", "Claim total", format_money(claim.charge_amount),
                  format_money(claim.insurance_paid_amount), format_money(claim.adjusted_amount),
                  format_money(claim.patient_paid_amount), format_money(claim.patient_owes_amount))
        for (_, x, width, right), value in zip(_COLS, values, strict=True):
            page.text(x, width, value, right=right)
        page.y += 16
    page.rule()
    if s.credit_amount:
        page.font(9)
        page.text(0, 540, f"Your share {format_money(s.share_amount)} less your credit on "
                  f"account {format_money(s.credit_amount)}", right=True)
        page.y += 14
    page.font(11, True)
    page.text(0, 540, f"Amount due: {format_money(s.owes_amount)}", right=True, height=16)
    page.y += 22
    page.font(8.5)
    page.text(0, 540, "Your insurance has processed these visits. The amount due is your share "
              "(deductible, co-insurance or co-pay) as your plan reported it.", height=24)
    page.y += 24
    if practice["phone"]:
        page.text(0, 540, f"Questions about this statement? Call {phone_text(practice['phone'])}.")


def write_statements(store: Store, path: Path, today: date | None = None,
                     patient_ids: list[int] | None = None,
                     threshold: Decimal = Decimal("0.00")) -> int:
    """Write the statement of every patient who owes more than ``threshold`` (or of
    ``patient_ids``) as one PDF, and beside it the same run as a CSV; return how many."""
    day = today or date.today()
    found = statements(store, threshold=threshold, patient_ids=patient_ids)
    if patient_ids is None:
        write_statements_csv(found, path.with_suffix(".csv"))
    practice = report_queries.practice_header(store)
    writer = letter_writer(path, "Patient statements")
    painter = QPainter(writer)
    try:
        page = Page(writer, painter)
        if not found:
            page.line("No patient owes anything: there are no statements to print.", 11)
        for index, statement in enumerate(found):
            if index:
                page.new_page()
            _statement(page, practice, statement, day)
    finally:
        painter.end()
    return len(found)
