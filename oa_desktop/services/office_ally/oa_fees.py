"""The Office Ally fee estimate for a month (the Costs screen and ``oa-desktop fees``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from oa_desktop.domain.fees import FeeRow, FeeRule, monthly_fees, total_fee
from oa_desktop.domain.money import money_text, to_money
from oa_desktop.errors import InputError
from oa_desktop.store import sent_claims, settings
from oa_desktop.store.db import Store


def parse_month(text: str) -> date:
    """``2026-10`` → 2026-10-01; raises InputError naming the value otherwise."""
    try:
        year, month = text.strip().split("-")
        return date(int(year), int(month), 1)
    except ValueError as exc:
        raise InputError(f"{text!r} is not a month.", "Give the month as YYYY-MM, e.g. 2026-10."
                         ) from exc


def fee_rule(store: Store) -> FeeRule:
    """The fee's parameters from settings."""
    return FeeRule(
        fee_amount=to_money(settings.NON_PAR_FEE.get(store)),
        threshold_percent=Decimal(str(settings.NON_PAR_THRESHOLD.get(store))),
        per_claim_amount=to_money(settings.PER_CLAIM_CHARGE.get(store)),
    )


def fee_report(store: Store, month: date, rule: FeeRule | None = None) -> list[FeeRow]:
    """One row per Tax ID + rendering NPI (billing NPI when none) for ``month``."""
    return monthly_fees(sent_claims.sent_claims(store, month), month, rule or fee_rule(store))


def rows_as_json(rows: list[FeeRow]) -> list[dict[str, Any]]:
    """Rows for ``--json``: money as strings with two decimals."""
    return [
        {"tax_id": r.tax_id, "npi": r.npi, "claims": r.claims,
         "non_par_claims": r.non_par_claims, "share": f"{r.share_percent:.2f}",
         "fee": money_text(r.fee_amount)}
        for r in rows
    ]


def month_total(rows: list[FeeRow]) -> Decimal:
    """The month's total fee."""
    return total_fee(rows)
