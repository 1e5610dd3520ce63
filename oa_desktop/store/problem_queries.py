"""The Problems worklist's reads and its one write (what the biller did about a claim).

The service decides what is a problem; these queries only fetch the candidates: claims
that were rejected or denied, sent claims still waiting, and claims with an open denial.
"""

from __future__ import annotations

from dataclasses import dataclass

from oa_desktop.store.db import Store

# the events whose codes and text give a problem's reason
REASON_KINDS = ("payer_rejected", "clearinghouse_rejected", "file_rejected", "denied",
                "status_reported")
CANDIDATE_STATUSES = ("rejected", "denied", "submitted", "accepted_by_clearinghouse",
                      "accepted_by_payer", "partially_paid", "paid", "info_requested")


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A claim that may be a problem, with its latest reason event and when it was sent."""

    claim_id: int
    pcn: str
    patient_name: str  # "Last, First"
    payer_id: int
    payer_name: str
    first_date: str | None
    charge_cents: int
    balance_cents: int
    status: str
    reason_kind: str  # "" when none was recorded
    reason_text: str
    reason_codes: str
    reason_at: str
    sent_at: str
    last_answer_at: str  # the latest event from outside (999, 277, report, 835)


_SQL = """SELECT c.id, c.pcn, p.last_name || ', ' || p.first_name, py.id, py.name,
    c.first_date, c.charge_cents, c.balance_cents, c.status,
    e.kind, e.text, e.codes, e.at,
    (SELECT MAX(at) FROM claim_events WHERE claim_id = c.id AND kind = 'submitted'),
    (SELECT MAX(at) FROM claim_events WHERE claim_id = c.id AND source != 'user')
FROM claims c JOIN patients p ON p.id = c.patient_id
JOIN coverages cv ON cv.id = c.coverage_id JOIN payers py ON py.id = cv.payer_id
LEFT JOIN claim_events e ON e.id = (
    SELECT MAX(id) FROM claim_events WHERE claim_id = c.id AND kind IN ({kinds}))
WHERE c.status IN ({statuses})
  AND (c.status NOT IN ('paid', 'partially_paid') OR c.id IN (SELECT claim_id FROM denials))
ORDER BY c.id"""


def candidate_rows(store: Store) -> list[CandidateRow]:
    """Claims in a status that can be a problem (paid ones only with a denial on record)."""
    sql = _SQL.format(kinds=", ".join(f"'{k}'" for k in REASON_KINDS),
                      statuses=", ".join(f"'{s}'" for s in CANDIDATE_STATUSES))
    return [CandidateRow(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6] or 0), int(r[7] or 0),
                         r[8], r[9] or "", r[10] or "", r[11] or "", r[12] or "", r[13] or "",
                         r[14] or "")
            for r in store.read.execute(sql)]


@dataclass(frozen=True, slots=True)
class ActionRow:
    """The latest thing the biller did about a claim on the worklist."""

    claim_id: int
    action: str  # appealed, waiting
    at: str
    until: str  # ISO date, "" for no end
    note: str


def latest_actions(store: Store) -> dict[int, ActionRow]:
    """Each claim's latest worklist action."""
    rows = store.read.execute(
        "SELECT claim_id, action, at, until, note FROM problem_actions WHERE id IN "
        "(SELECT MAX(id) FROM problem_actions GROUP BY claim_id)")
    return {r[0]: ActionRow(r[0], r[1], r[2], r[3] or "", r[4]) for r in rows}


def add_action(store: Store, claim_id: int, action: str, at: str, until: str = "",
               actor: str = "", note: str = "") -> None:
    """Record what the biller did about a claim (append-only)."""
    with store.write() as db:
        db.table("problem_actions").insert({
            "claim_id": claim_id, "action": action, "at": at, "until": until or None,
            "actor": actor or store.actor, "note": note})
