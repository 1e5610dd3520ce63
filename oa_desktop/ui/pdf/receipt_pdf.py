"""A patient payment's receipt: one printable page with the practice's header."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QPainter

from oa_desktop.domain.money import format_money
from oa_desktop.services.patients.account import receipt
from oa_desktop.store import report_queries
from oa_desktop.store.db import Store
from oa_desktop.ui.pdf.page import Page, letter_writer
from oa_desktop.ui.pdf.statement_pdf import letterhead


def write_receipt(store: Store, action_id: int, path: Path) -> None:
    """Write the receipt of patient payment ``action_id`` to ``path``."""
    r = receipt(store, action_id)
    practice = report_queries.practice_header(store)
    writer = letter_writer(path, f"Receipt {r.action_id}")
    painter = QPainter(writer)
    try:
        page = Page(writer, painter)
        letterhead(page, practice, "RECEIPT")
        page.y += 16
        paid_on = date.fromisoformat(r.on_date)
        how = r.method + (f" {r.reference}" if r.reference else "")
        for label, value in (("Receipt number", str(r.action_id)), ("Date", f"{paid_on:%m/%d/%Y}"),
                             ("Patient", r.patient_name), ("Account", r.account_number),
                             ("Paid by", r.paid_by or r.patient_name), ("Paid with", how)):
            if value:
                page.font(10, True)
                page.text(0, 120, label)
                page.font(10)
                page.text(120, 300, value)
                page.y += 15
        page.y += 8
        page.font(16, True)
        page.text(0, 540, f"Amount received: {format_money(r.amount)}", height=22)
        page.y += 30
        page.rule()
        page.font(9, True)
        page.text(0, 200, "Applied to")
        page.text(200, 120, "Date of service")
        page.text(420, 120, "Amount", right=True)
        page.y += 14
        page.font(9)
        for pcn, day, amount in r.applied:
            page.text(0, 200, f"Claim {pcn}")
            page.text(200, 120, f"{date.fromisoformat(day):%m/%d/%Y}")
            page.text(420, 120, format_money(amount), right=True)
            page.y += 13
        if r.credit_amount:
            page.text(0, 400, "Kept on your account as credit (used on your next visit)")
            page.text(420, 120, format_money(r.credit_amount), right=True)
            page.y += 13
        page.rule()
        if r.note:
            page.line(f"Note: {r.note}")
        if r.undone:
            page.font(12, True)
            page.text(0, 540, "VOID — this payment was taken back.", height=18)
            page.y += 20
        page.y += 10
        page.line("Thank you. Please keep this receipt for your records.", 9)
    finally:
        painter.end()
