"""The month-end summary: charges, payments, adjustments and A/R at start and end, which
reconcile to the cent — A/R start + charges − payments − adjustments = A/R end — and the
patients' unapplied credit beside it (money held, not A/R)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from oa_desktop.domain.money import from_cents
from oa_desktop.store import patient_ledger as pl
from oa_desktop.store.db import Store


@dataclass(frozen=True, slots=True)
class MonthEnd:
    """One period's figures (amounts in dollars)."""

    start: date
    end: date
    ar_start_amount: Decimal
    charges_amount: Decimal
    insurance_payments_amount: Decimal
    patient_payments_amount: Decimal
    adjustments_amount: Decimal
    ar_end_amount: Decimal
    ar_end_counted_amount: Decimal  # A/R at the end, counted on its own
    credit_start_amount: Decimal
    credit_received_amount: Decimal
    credit_used_amount: Decimal
    credit_end_amount: Decimal

    @property
    def payments_amount(self) -> Decimal:
        """Insurance and patient payments put on claims."""
        return self.insurance_payments_amount + self.patient_payments_amount

    @property
    def reconciles(self) -> bool:
        """A/R start + charges − payments − adjustments = A/R end, counted both ways."""
        return (self.ar_start_amount + self.charges_amount - self.payments_amount
                - self.adjustments_amount == self.ar_end_amount == self.ar_end_counted_amount)


def month_bounds(month: str) -> tuple[date, date]:
    """``YYYY-MM`` → its first and last day."""
    year, number = (int(x) for x in month.split("-"))
    return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])


def month_end(store: Store, start: date, end: date) -> MonthEnd:
    """The figures of ``start``..``end`` (inclusive), summed over the ledger."""
    s = pl.period_sums(store.read, start.isoformat(), end.isoformat())
    counted = pl.ar_as_of(store.read, end.isoformat())
    return MonthEnd(start, end, from_cents(s.ar_start), from_cents(s.charges),
                    from_cents(s.payer_payments), from_cents(s.patient_payments),
                    from_cents(s.adjustments), from_cents(s.ar_end), from_cents(counted),
                    from_cents(s.credit_start), from_cents(s.credit_received),
                    from_cents(s.credit_used), from_cents(s.credit_end))
