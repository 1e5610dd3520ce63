"""Ingest a 277CA (or 277): what Office Ally and the payer said about each claim.

TRN02 in the claim loop is our CLM01. Each claim loop becomes one event on its claim,
and its categories move the claim as :mod:`payer_status` says (accepted, rejected,
pending at the payer, payer needs information, approved, denied, returned, finalized
without payment); E and D codes, an older report and a report about a claim an 835
decided are events only. Every report is kept, however often it repeats.
"""

from __future__ import annotations

from oa_desktop.domain.display import plural
from oa_desktop.domain.status import EventKind
from oa_desktop.services.responses import addressee, payer_status
from oa_desktop.services.responses.outcome import NOT_OURS, IngestOutcome
from oa_desktop.services.responses.payer_status import ACKNOWLEDGED, REJECTED
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, responses, set_aside
from oa_desktop.store.db import utc_now
from oa_desktop.store.files import ReceivedFile
from oa_desktop.store.responses import Answer, SentClaim
from oa_desktop.store.set_aside import SetAside
from oa_desktop.x12.code_lists import text as code_text
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.parties import claim_providers_277
from oa_desktop.x12.read_277 import ClaimStatus, Status, StatusReport277

__all__ = ["ACKNOWLEDGED", "REJECTED", "claim_answer", "ingest_277"]

# STC01-1 in a biller's words (the code list's own text is kept for the hover).
CATEGORY_WORDS = {
    "A0": "Forwarded to the payer", "A1": "Received", "A2": "Accepted for processing",
    "A3": "Rejected as unprocessable", "A4": "Not found", "A5": "Split",
    "A6": "Rejected for missing information", "A7": "Rejected for invalid information",
    "A8": "Rejected: two fields do not agree",
}
_PREFIX_WORDS = {"P": "Pending", "F": "Finalized", "R": "More information requested",
                 "E": "Payer system status", "D": "Data search unsuccessful"}


def category_words(category: str) -> str:
    """``A7`` → ``Rejected for invalid information``."""
    if category in CATEGORY_WORDS:
        return CATEGORY_WORDS[category]
    if category in payer_status.WORDS:
        return payer_status.WORDS[category]
    return _PREFIX_WORDS.get(category[:1], code_text("claim_status_category", category))


def status_sentence(status: Status) -> str:
    """One STC in plain words: ``Rejected for invalid information: NPI (Billing Provider)``."""
    words = category_words(status.category)
    detail = code_text("claim_status", status.code).rstrip(".") if status.code else ""
    who = code_text("entity_identifier", status.entity) if status.entity else ""
    text = f"{words}: {detail}" if detail else words
    if who:
        text += f" ({who})"
    if status.line is not None:
        text = f"Line {status.line + 1}: {text}"
    return text


def status_codes(status: Status) -> str:
    """``A7:562:85``."""
    return ":".join(p for p in (status.category, status.code, status.entity) if p)


def claim_answer(loop: ClaimStatus, sent: SentClaim, source: str, *,
                 latest: str | None = None, denied_by_835: bool = False) -> Answer:
    """The event one claim loop adds to its claim (DESIGN §2's table).

    ``latest`` is the date of the last report that moved the claim: an older report is
    kept as history only, as is any report about a claim an 835 denied.
    """
    statuses = loop.statuses
    claim_level = [s for s in statuses if s.line is None] or statuses
    kind, outcome = payer_status.kind_for(s.category for s in claim_level)
    day = payer_status.reported_on(loop)
    kept = payer_status.outranked(kind, day, latest, denied_by_835)
    if kept:
        kind, outcome = EventKind.STATUS_REPORTED, ""
    sentences = "; ".join(status_sentence(s) for s in statuses) or "No status given"
    sentences += payer_status.approved_amount(claim_level)
    who = "Office Ally or the payer" if source == "277CA" else "The payer"
    reference = f"TRN02 {loop.trace_number}"
    if loop.payer_claim_number:
        sentences += f". Claim number there: {loop.payer_claim_number}"
    return Answer(sent.claim_id, kind, ", ".join(status_codes(s) for s in statuses),
                  f"{who} ({source}): {sentences}{kept}", sent.batch_id, reference, outcome,
                  loop.payer_claim_number, day.isoformat() if day else None)


def _loops(data: bytes, name: str) -> tuple[list[tuple[ClaimStatus, str, str]], list[str]]:
    """Every claim loop with its source (277CA or 277) and its billing provider's NPI; and
    the 277 sets not used (one's error stays in its set), one line each. Raises
    :class:`X12Error` when no set can be used."""
    parsed = parse_bytes(data)
    found: list[tuple[ClaimStatus, str, str]] = []
    bad = [b.line() for b in parsed.bad_sets if b.set_id == "277"]
    for report, ts in parsed.usable():
        if not isinstance(report, StatusReport277):
            continue
        source = "277CA" if report.version.endswith("X214") else "277"
        providers = claim_providers_277(ts)
        providers += [""] * (len(report.claims) - len(providers))
        found += [(loop, source, npi) for loop, npi in zip(report.claims, providers, strict=False)]
    if bad and not found:
        raise X12Error(f"{name}: {bad[0]}", next_step=_ASK_AGAIN)
    return found, bad


def _set_aside(received: ReceivedFile, foreign: list[tuple[ClaimStatus, str]]) -> SetAside:
    pcns = ", ".join(loop.trace_number or "(blank)" for loop, _ in foreign[:5])
    npis = ", ".join(sorted({npi for _, npi in foreign}))
    more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
    return SetAside(received.remote_name, "277",
                    f"{plural(len(foreign), 'claim')} {pcns}{more} of billing provider NPI {npis}",
                    addressee.provider_problem(foreign[0][1], _ANYONE) or "", "",
                    received.id, received.local_path)


_ASK_AGAIN = ("The other sets of the file were read; ask Office Ally for a corrected copy "
              "of the sets not read.")
_ANYONE = addressee.Identity(frozenset(), frozenset(), frozenset(), True)


def ingest_277(workspace: Workspace, received: ReceivedFile, data: bytes) -> IngestOutcome:
    """Match every claim loop to a claim sent from here by TRN02 and record its status.

    A loop whose CLM01 is ours but whose billing provider is not the practice (or one of
    its providers) is set aside as not for this practice and changes nothing.
    """
    if responses.already_applied(workspace.store, received.id):
        return IngestOutcome(received.id, "ingested", received.problem or "Already read.")
    loops, bad = _loops(data, received.remote_name)
    matched, unmatched = responses.match_each(
        workspace.store, loops, lambda item: [item[0].trace_number,
                                              item[0].patient_control_number])
    identity = addressee.our_identity(workspace.store)
    foreign = [(loop, npi) for (loop, _, npi), _ in matched
               if addressee.provider_problem(npi, identity) is not None]
    if foreign:
        set_aside.add(workspace.store, [_set_aside(received, foreign)])
    ours = [(loop, source, match) for (loop, source, npi), match in matched
            if addressee.provider_problem(npi, identity) is None]
    latest, denied = responses.payer_status_facts(
        workspace.store, [m.claim_id for _, _, m in ours], [k.value for k in payer_status.MOVING])
    answers = []
    for loop, source, match in ours:  # in file order: a later loop sees an earlier one
        answer = claim_answer(loop, match, source, latest=latest.get(match.claim_id),
                              denied_by_835=match.claim_id in denied)
        if answer.kind in payer_status.MOVING and answer.reported_on:
            latest[match.claim_id] = max(answer.reported_on, latest.get(match.claim_id, ""))
        answers.append(answer)
    missing = [loop.trace_number or "(blank)" for loop, _, _ in unmatched]
    if not answers and foreign:
        return IngestOutcome(received.id, NOT_OURS, "Not for this practice: "
                             f"{plural(len(foreign), 'claim')} of another billing provider. "
                             "Nothing was changed.")
    if not answers:
        examples = ", ".join(missing[:5]) or "none"
        return IngestOutcome(received.id, "unmatched",
                             f"None of its {len(loops)} claims was sent from here (claim "
                             f"numbers {examples}). Kept in the archive.")
    now = utc_now()
    touched = {a.batch_id for a in answers if a.batch_id is not None}
    first = batches.batches_without_277(workspace.store, touched)
    updates: dict[int, dict[str, object]] = {batch_id: {"first_277_at": now} for batch_id in first}
    for batch_id in touched - set(updates):
        updates[batch_id] = {}
    responses.apply_answers(workspace.store, received.id, "277", received.remote_name, answers,
                            batch_updates=updates, at=now)
    rejected = sum(1 for a in answers if a.kind is EventKind.PAYER_REJECTED)
    accepted = sum(1 for a in answers if a.kind is EventKind.PAYER_ACKNOWLEDGED)
    summary = f"277: {plural(accepted, 'claim')} accepted, {rejected} rejected"
    other = len(answers) - accepted - rejected
    if other:
        summary += f", {other} other statuses"
    if missing:
        summary += f"; {len(missing)} not sent from here ({', '.join(missing[:3])})"
    if foreign:
        summary += f"; {len(foreign)} set aside as not for this practice"
    if bad:
        summary += f"; not read: {'; '.join(bad)}. {_ASK_AGAIN}"
    return IngestOutcome(received.id, "ingested", summary)
