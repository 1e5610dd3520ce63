"""A printable EOB (explanation of benefits) as PDF, per ERA or per patient (QPdfWriter)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtGui import QPainter

from oa_desktop.domain.money import ZERO
from oa_desktop.services.era import posting
from oa_desktop.store import records, remittances
from oa_desktop.store.db import Store
from oa_desktop.store.remittances import RemittanceClaim
from oa_desktop.ui.era.labels import METHODS, claim_allowed
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.pdf.page import Page, letter_writer

# columns of the line table: (title, x in points, width, right-aligned)
_COLS = (("Date", 0, 62, False), ("Procedure", 62, 80, False), ("Charge", 142, 62, True),
         ("Allowed", 204, 62, True), ("Paid", 266, 62, True), ("Adjustments", 340, 200, False))


def _short(text: str, size: int = 30) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _claim(page: Page, rc: RemittanceClaim) -> None:
    page.need(80)
    page.line(f"{rc.patient_name}   Member ID {rc.member_id}   Claim # {rc.pcn}   "
              f"Payer claim # {rc.payer_claim_number}", 10, True, 15)
    page.line(f"{rc.status_code} {posting.clp02_text(rc.status_code)} — charge "
              f"{fmt.money(rc.charge)}, allowed {fmt.money(claim_allowed(rc))}, paid "
              f"{fmt.money(rc.paid)}, patient responsibility "
              f"{fmt.money(rc.patient_responsibility)}")
    detail = rc.detail
    for a in detail.adjustments:
        page.line(f"    Claim adjustment {posting.adjustment_label(a.group, a.reason)[:90]}: "
                  f"{fmt.money(Decimal(a.amount))}")
    page.font(8.5, True)
    page.need(13)
    for title, x, width, right in _COLS:
        page.text(x, width, title, right=right)
    page.y += 13
    page.font(8.5)
    for line in detail.lines:
        adjustments = [f"{a.code()} {fmt.money(Decimal(a.amount))} "
                       f"{_short(posting.carc_text(a.reason))}" for a in line.adjustments]
        adjustments += [f"Remark {code}" for code in line.remarks]
        rows = max(1, len(adjustments))
        page.need(12 * rows)
        values = (fmt.iso_to_display(line.date), line.code, fmt.money(Decimal(line.charge)),
                  fmt.money(Decimal(line.allowed)) if line.allowed else "",
                  fmt.money(Decimal(line.paid)))
        for (_, x, width, right), value in zip(_COLS, values, strict=False):
            page.text(x, width, value, right=right)
        for index, text in enumerate(adjustments or [""]):
            page.y += 12 if index else 0
            page.text(_COLS[5][1], page.width - _COLS[5][1], text)
        page.y += 12
    if detail.remarks:
        page.line("    Remarks: " + ", ".join(detail.remarks))
    page.y += 4
    page.rule()


def write_eob(store: Store, remittance_id: int, path: Path,
              patient: RemittanceClaim | None = None) -> int:
    """Write the EOB of one ERA (or only one patient's claims) to ``path``; return pages."""
    r = remittances.get_remittance(store, remittance_id)
    claims = remittances.remittance_claims(store, remittance_id)
    if patient is not None:
        claims = [c for c in claims if (c.patient_last, c.patient_first, c.member_id) ==
                  (patient.patient_last, patient.patient_first, patient.member_id)]
    writer = letter_writer(path, f"EOB {r.trace_number}")
    painter = QPainter(writer)
    try:
        page = Page(writer, painter)
        practice = records.load_practice(store)
        page.line("Explanation of benefits" + (" — patient copy" if patient else ""), 14, True,
                  20)
        page.line(f"{practice.name if practice else r.payee_name}   NPI {r.payee_npi}")
        page.line(f"Payer: {r.payer_name} (ID {r.payer_id})   {METHODS.get(r.method, r.method)} "
                  f"{r.trace_number} of {fmt.iso_to_display(r.payment_date)}   Amount "
                  f"{fmt.money(r.amount)}", 9, True)
        page.y += 4
        page.rule()
        for rc in claims:
            _claim(page, rc)
        if patient is None:
            plb = remittances.provider_adjustments(store, remittance_id)
            for p in plb:
                page.line(f"Provider-level: {p.reason} {posting.plb_text(p.reason)} "
                          f"{p.reference}: {fmt.money(-p.amount)}")
            paid = sum((c.paid for c in claims), ZERO)
            page.line(f"Claims paid {fmt.money(paid)}; provider-level "
                      f"{fmt.money(-r.plb_total)}; deposit {fmt.money(r.amount)}", 10, True, 16)
        else:
            owed = sum((c.patient_responsibility for c in claims), ZERO)
            page.line(f"Patient responsibility on these claims: {fmt.money(owed)}", 10, True, 16)
        pages = page.pages
    finally:
        painter.end()
    return pages
