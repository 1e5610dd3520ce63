"""The claim page's "Payments": every ERA and paper EOB that answers the claim, and every
other row of money on its ledger (desk payments, adjustments, write-offs, recoupments,
their undos, and payer payments recorded with no ERA file behind them)."""

from __future__ import annotations

from html import escape
from typing import Any

from oa_desktop.domain.money import from_cents
from oa_desktop.services.era.codes import clp02_text
from oa_desktop.store import era_queries
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt

NOTHING_PAID = ("Nothing has been paid on this claim yet. Payments arrive as ERAs, usually "
                "weeks after the payer accepts the claim; a paper EOB or a payment at the "
                "desk is entered from the patient's account.")
NO_ERA_FILE = "recorded without an ERA file"

_POST_STATES = {"posted": "posted", "unposted": "not posted yet", "parked": "parked (a reversal "
                "waits for the payment it takes back)",
                "duplicate": "set aside as a duplicate (never posted)"}


def payments_html(store: Store, claim_id: int) -> str:
    """The claim's payments: ERAs and paper EOBs (each a link to open it), then the
    other money on its ledger; one plain sentence when there is none."""
    remitted = _remittances(store, claim_id)
    other = _other_rows(pl.claim_rows_without_remittance(store.read, claim_id))
    if not remitted and not other:
        return f"<h3>Payments</h3><p class='box'>{escape(NOTHING_PAID, quote=False)}</p>"
    return f"<h3>Payments</h3>{remitted}{other}"


def _remittances(store: Store, claim_id: int) -> str:
    found = era_queries.eras_for_claim(store, claim_id)
    if not found:
        return ""
    rows = "".join(  # beside the claim's own charge and payer: the date and check/EFT #
        f"<tr><td class='nowrap'><a href='era:{e.remittance_id}' title='{escape(e.payer_name)}'>"
        f"{'Paper EOB<br>' if e.paper else ''}{fmt.iso_to_display(e.payment_date)}<br>"
        f"{'check ' if e.paper else ''}{escape(e.trace_number)}</a></td>"
        f"<td>{escape(e.status_code)} {escape(clp02_text(e.status_code))}</td>"
        f"<td class='money'>{fmt.money(e.paid)}"
        f"</td><td class='money'>{fmt.money(e.patient_share)}</td>"
        f"<td>{escape(_POST_STATES.get(e.post_state, e.post_state))}</td></tr>" for e in found)
    return ("<table><tr><th>ERA or paper EOB (open it)</th>"
            "<th class='nowrap'>Payer's decision</th>"
            "<th class='money'>Paid</th>"
            f"<th class='money'>Patient share</th><th>On the ledger</th></tr>{rows}</table>")


def _other_rows(rows: list[tuple[Any, ...]]) -> str:
    if not rows:
        return ""
    cells = "".join(
        f"<tr><td class='nowrap'>{fmt.iso_to_display(posted_at)}</td>"
        f"<td>{escape(what_row(kind, group, reason, source, ref, note, reverses))}</td>"
        f"<td class='money{' neg' if cents < 0 else ''}'>{fmt.money(from_cents(cents))}</td>"
        "</tr>"
        for kind, cents, group, reason, source, ref, posted_at, note, reverses in rows)
    return ("<table><tr><th>Date</th><th>Other money on the ledger</th>"
            f"<th class='money'>Amount</th></tr>{cells}</table>")


def what_row(kind: str, group: str, reason: str, source: str, ref: str, note: str,
             reverses: int | None) -> str:
    """One ledger row in a biller's words: ``Payer paid, check/EFT EFT301 (recorded
    without an ERA file)``, ``Patient payment (card 4242)``, ``Write-off: Small balance``."""
    code = f"{group}-{reason}" if group and reason else reason
    if source == "835":
        words = {"payment": f"Payer paid, check/EFT {ref}" if ref else "Payer paid",
                 "adjustment": f"Payer's adjustment {code}".strip(),
                 "patient_responsibility": f"Patient's share {code}".strip(),
                 }.get(kind, kind.replace("_", " ").capitalize())
        if kind == "payment":  # said once, on the payment its adjustments go with
            words += f" ({NO_ERA_FILE})"
    elif source == "recoupment":
        words = "Payer took money back" + (f" (recoupment {ref})" if ref else "")
    elif kind == "patient_payment":
        words = "Patient payment" + (f" ({ref})" if ref else "")
    elif kind in ("write_off", "adjustment"):
        label = ref if source == "desk" else (code or ref)
        words = ("Write-off" if kind == "write_off" else "Adjustment") + (
            f": {label}" if label else "")
    else:
        words = kind.replace("_", " ").capitalize() + (f" ({ref})" if ref else "")
    if note:
        words += f" — {note}"
    return f"Undone: {words}" if reverses is not None else words
