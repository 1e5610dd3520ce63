"""The claims list: filter, search and sort in SQL, returning ids; rows loaded on demand.

The table model keeps only the ordered id list and asks for rows a page at a time, so
100,000 claims open, search and sort in well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from oa_desktop.domain.money import from_cents
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.store.db import Store, like_contains


class ClaimColumn(StrEnum):
    """The claims list's columns, each sortable in SQL."""
    PCN = "pcn"
    PATIENT = "patient"
    PAYER = "payer"
    DATES = "dates"
    CHARGE = "charge"
    BALANCE = "balance"
    STATUS = "status"
    LAST_EVENT = "last_event"
    SENT = "sent"
    INSURANCE_PAID = "insurance_paid"
    ADJUSTED = "adjusted"
    INSURANCE_BALANCE = "insurance_balance"
    PATIENT_BALANCE = "patient_balance"


_SENT_AT = "(SELECT MAX(at) FROM claim_events WHERE claim_id = c.id AND kind = 'submitted')"


def _ledger(kind: str) -> str:
    return (f"(SELECT COALESCE(SUM(amount_cents), 0) FROM ledger WHERE claim_id = c.id "
            f"AND kind = '{kind}')")


_INSURANCE_PAID = _ledger("payment")
# The patient's part of the balance, as the patient account counts it
# (store.patient_ledger.ClaimSums.patient_cents): their share less what they paid, within
# the balance, never below zero.
_PATIENT_BALANCE = (f"MAX(0, MIN(c.balance_cents, "
                    f"{_ledger('patient_responsibility')} - {_ledger('patient_payment')}))")


# column -> (the joins it needs, its ORDER BY terms); {dir} is ASC or DESC
_ORDER_BY: dict[ClaimColumn, tuple[str, str]] = {
    ClaimColumn.PCN: ("", "c.pcn {dir}"),
    ClaimColumn.PATIENT: (
        "JOIN patients p ON p.id = c.patient_id", "p.last_name {dir}, p.first_name {dir}"
    ),
    ClaimColumn.PAYER: (
        "JOIN coverages cv ON cv.id = c.coverage_id JOIN payers py ON py.id = cv.payer_id",
        "py.name {dir}",
    ),
    ClaimColumn.DATES: ("", "c.first_date {dir}"),
    ClaimColumn.CHARGE: ("", "c.charge_cents {dir}"),
    ClaimColumn.BALANCE: ("", "c.balance_cents {dir}"),
    ClaimColumn.STATUS: ("", "c.status {dir}"),
    ClaimColumn.LAST_EVENT: ("", "c.last_event_at {dir}"),
    ClaimColumn.SENT: ("", f"{_SENT_AT} {{dir}}"),
    ClaimColumn.INSURANCE_PAID: ("", f"{_INSURANCE_PAID} {{dir}}"),
    ClaimColumn.ADJUSTED: ("", "c.adjusted_cents {dir}"),
    ClaimColumn.INSURANCE_BALANCE: ("", f"(c.balance_cents - {_PATIENT_BALANCE}) {{dir}}"),
    ClaimColumn.PATIENT_BALANCE: ("", f"{_PATIENT_BALANCE} {{dir}}"),
}

_FROM = """FROM claims c
JOIN patients p ON p.id = c.patient_id
JOIN coverages cv ON cv.id = c.coverage_id
JOIN payers py ON py.id = cv.payer_id"""

# The claims one search word finds. Each part walks an index or a small table, so a
# search costs a few thousand look-ups rather than a join over every claim.
_MATCHING = """c.id IN (
    SELECT id FROM claims WHERE patient_id IN (
        SELECT id FROM patients WHERE last_name LIKE :{n} ESCAPE '\\'
                                   OR first_name LIKE :{n} ESCAPE '\\')
    UNION SELECT id FROM claims WHERE coverage_id IN (
        SELECT id FROM coverages WHERE member_id LIKE :{n} ESCAPE '\\'
        OR payer_id IN (SELECT id FROM payers WHERE name LIKE :{n} ESCAPE '\\'))
    UNION SELECT id FROM claims WHERE pcn LIKE :{n} ESCAPE '\\')"""


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """What the list shows: statuses (empty = all), search text, sort column and order."""

    statuses: frozenset[ClaimStatus] = frozenset()
    search: str = ""
    sort: ClaimColumn = ClaimColumn.LAST_EVENT
    descending: bool = True


@dataclass(frozen=True, slots=True)
class ClaimListRow:
    """One row of the claims list, ready to display."""

    claim_id: int
    pcn: str
    patient_name: str
    payer_name: str
    first_date: str | None
    last_date: str | None
    charge_amount: Decimal
    balance_amount: Decimal
    status: ClaimStatus
    last_event_at: str | None
    last_event_text: str
    payer_id: int = 0
    sent_at: str | None = None  # the latest send to Office Ally
    insurance_paid: Decimal = Decimal("0.00")
    adjusted: Decimal = Decimal("0.00")  # contractual adjustments and write-offs
    patient_balance: Decimal = Decimal("0.00")  # the patient's share not yet paid

    @property
    def insurance_balance(self) -> Decimal:
        """What is still open with insurance (the balance less the patient's part)."""
        return self.balance_amount - self.patient_balance


def claim_ids(store: Store, query: ClaimQuery) -> list[int]:
    """The ids of the claims that match ``query``, in its order.

    Every word of the search must appear in the patient's name, the PCN, the member id
    or the payer's name. Only the joins the sort needs are made.
    """
    where: list[str] = []
    params: dict[str, str] = {}
    if query.statuses:
        for i, status in enumerate(sorted(query.statuses)):
            params[f"s{i}"] = status.value
        where.append(f"c.status IN ({', '.join(f':s{i}' for i in range(len(query.statuses)))})")
    for i, term in enumerate(query.search.replace(",", " ").split()):
        params[f"t{i}"] = like_contains(term)
        where.append(_MATCHING.format(n=f"t{i}"))
    sql_where = f"WHERE {' AND '.join(where)}" if where else ""
    direction = "DESC" if query.descending else "ASC"
    joins, order = _ORDER_BY[query.sort]
    order = order.format(dir=direction)
    sql = f"SELECT c.id FROM claims c {joins} {sql_where} ORDER BY {order}, c.id {direction}"
    return [row[0] for row in store.read.execute(sql, params)]


def claim_rows(store: Store, ids: Sequence[int]) -> dict[int, ClaimListRow]:
    """Rows for the given claim ids (any order), for display."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    sql = f"""SELECT c.id, c.pcn, p.last_name, p.first_name, py.name, c.first_date, c.last_date,
        c.charge_cents, c.balance_cents, c.status, c.last_event_at, c.last_event_text,
        py.id, {_SENT_AT}, {_INSURANCE_PAID}, c.adjusted_cents, {_PATIENT_BALANCE}
        {_FROM} WHERE c.id IN ({marks})"""
    rows: dict[int, ClaimListRow] = {}
    for r in store.read.execute(sql, list(ids)):
        rows[r[0]] = ClaimListRow(
            claim_id=r[0], pcn=r[1], patient_name=f"{r[2]}, {r[3]}", payer_name=r[4],
            first_date=r[5], last_date=r[6], charge_amount=from_cents(r[7]),
            balance_amount=from_cents(r[8]), status=ClaimStatus(r[9]), last_event_at=r[10],
            last_event_text=r[11], payer_id=r[12], sent_at=r[13],
            insurance_paid=from_cents(r[14]), adjusted=from_cents(r[15]),
            patient_balance=from_cents(r[16]),
        )
    return rows


def status_counts(store: Store) -> dict[ClaimStatus, int]:
    """How many claims are in each status (every status present, zero included)."""
    counts = dict.fromkeys(ClaimStatus, 0)
    for status, count in store.read.execute("SELECT status, COUNT(*) FROM claims GROUP BY status"):
        counts[ClaimStatus(status)] = int(count)
    return counts


def usual_days_by_payer(store: Store, minimum: int = 3) -> dict[int, int]:
    """How many days each payer usually takes from sending to its answer (an ERA's paid,
    partly paid or denied), rounded up; only payers with ``minimum`` answered claims."""
    rows = store.read.execute(
        f"""SELECT cv.payer_id, COUNT(*), AVG(julianday(a.answered) - julianday(a.sent))
        FROM (SELECT c.coverage_id,
                     (SELECT MIN(at) FROM claim_events WHERE claim_id = c.id
                      AND kind IN ('paid', 'partially_paid', 'denied')) AS answered,
                     {_SENT_AT} AS sent
              FROM claims c WHERE c.status IN ('paid', 'partially_paid', 'denied', 'closed')
             ) a JOIN coverages cv ON cv.id = a.coverage_id
        WHERE a.answered IS NOT NULL AND a.sent IS NOT NULL AND a.answered > a.sent
        GROUP BY cv.payer_id""")
    return {int(payer): max(1, -int(-float(days) // 1)) for payer, count, days in rows
            if count >= minimum}
