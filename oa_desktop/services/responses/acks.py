"""Ingest a 999 (or 997): was the file we sent accepted?

AK102 is our GS06 and AK202 our ST02, so a 999 points at exactly one batch. An
accepted set (A, E) adds ``file_accepted`` to each of its claims; a rejected one
(R, M, W, X, or AK9 R with no set answers) adds ``file_rejected`` with the errors
in plain words, which rejects every claim in the file.
"""

from __future__ import annotations

from oa_desktop.domain.status import EventKind
from oa_desktop.services.responses import addressee
from oa_desktop.services.responses.outcome import NOT_OURS, IngestOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, responses, set_aside
from oa_desktop.store.batches import Batch
from oa_desktop.store.db import utc_now
from oa_desktop.store.files import ReceivedFile
from oa_desktop.store.responses import Answer
from oa_desktop.store.set_aside import SetAside
from oa_desktop.x12.code_lists import text as code_text
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.parse import parse_bytes
from oa_desktop.x12.read_999 import Acknowledgment999, SetAcknowledgment
from oa_desktop.x12.syntax import Envelope

ACCEPTED = ("A", "E")


def _number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def set_problems(ack: SetAcknowledgment) -> list[str]:
    """The set's errors, one plain sentence each, naming segment and element."""
    found: list[str] = []
    for seg in ack.segments:
        where = f"segment {seg.segment_id} (number {seg.position} in the file)"
        if seg.code:
            found.append(f"{where}: {seg.text.rstrip('.')}")
        for element in seg.elements:
            position = element.position.split(":")[0]
            value = f" (value “{element.bad_value}”)" if element.bad_value else ""
            found.append(f"{where}, element {seg.segment_id}{int(position or 0):02d}: "
                         f"{element.text.rstrip('.')}{value}")
    found += [f"{text.rstrip('.')} (code {code})" for code, text in ack.error_codes]
    return found


def _codes(status: str, ack: SetAcknowledgment | None) -> str:
    parts = [f"999 {status}"]
    if ack is not None:
        parts += [f"IK3:{s.code}" for s in ack.segments if s.code]
        parts += [f"IK4:{e.code}" for s in ack.segments for e in s.elements]
        parts += [f"IK5:{c}" for c, _ in ack.error_codes]
    return " ".join(parts)


def _verdict(status: str, ack: SetAcknowledgment | None, group: Acknowledgment999) -> Answer:
    """The event every claim of the set gets (claim id filled in by the caller)."""
    if status in ACCEPTED:
        note = " with notes about its format" if status == "E" else ""
        text = f"Office Ally accepted the file{note} (999)"
        if ack is not None and status == "E":
            text += ": " + "; ".join(set_problems(ack))
        return Answer(0, EventKind.FILE_ACCEPTED, _codes(status, ack), text)
    problems = set_problems(ack) if ack is not None else []
    problems += [f"{t.rstrip('.')} (code {c})" for c, t in group.error_codes]
    reason = "; ".join(problems) or code_text("999_ak901", status) or "no reason given"
    return Answer(0, EventKind.FILE_REJECTED, _codes(status, ack),
                  f"Office Ally rejected the whole file (999): {reason}. Fix the claim "
                  "data it names and send the claims again.")


def _batch_answers(group: Acknowledgment999, batch: Batch,
                   workspace: Workspace) -> tuple[list[Answer], str, str]:
    """The claim answers for one matched batch, the batch status and the 999 status."""
    sets = [s for s in group.sets if _number(s.control_number)
            == _number(batch.transaction_control_number)]
    ack = sets[0] if sets else None
    status = (ack.status if ack is not None and ack.status else group.status) or "R"
    verdict = _verdict(status, ack, group)
    members = responses.batch_members(workspace.store, batch.id)
    answers = [
        Answer(m.claim_id, verdict.kind, verdict.codes, verdict.text, batch.id,
               f"GS06 {group.group_control_number} / ST02 {batch.transaction_control_number}",
               "" if status in ACCEPTED else "rejected")
        for m in members
    ]
    batch_status = "accepted" if status in ACCEPTED else "rejected"
    if group.status == "P" and not sets:
        batch_status = "partly_accepted"
    return answers, batch_status, status


def _groups(data: bytes) -> tuple[list[tuple[Acknowledgment999, Envelope]], list[str]]:
    """The 999/997 sets read without an error of their own; and the others, one line each
    (one set's error stays in its set)."""
    parsed = parse_bytes(data)
    bad = [b.line() for b in parsed.bad_sets if b.set_id in ("999", "997")]
    return [(t, ts.envelope) for t, ts in parsed.usable()
            if isinstance(t, Acknowledgment999)], bad


def ingest_999(workspace: Workspace, received: ReceivedFile, data: bytes) -> IngestOutcome:
    """Match each acknowledged group to its batch and record the verdict on its claims.

    A group is applied only when it answers the set we sent in that group and is
    addressed to us (:mod:`addressee`); a group that names our numbers but fails either
    check is set aside as not for this practice and changes nothing.
    """
    if responses.already_applied(workspace.store, received.id):
        return IngestOutcome(received.id, "ingested", received.problem or "Already read.")
    identity = addressee.our_identity(workspace.store)
    answers: list[Answer] = []
    updates: dict[int, dict[str, object]] = {}
    said: list[str] = []
    missing: list[str] = []
    aside: list[SetAside] = []
    now = utc_now()
    groups, bad = _groups(data)
    if bad and not groups:
        raise X12Error(f"{received.remote_name}: {bad[0]}", next_step="Ask Office Ally for a "
                       "corrected copy of this acknowledgment.")
    for group, envelope in groups:
        number = _number(group.group_control_number)
        batch = batches.batch_for_group(workspace.store, number) if number is not None else None
        if batch is None:
            missing.append(group.group_control_number or "(none)")
            continue
        problem = addressee.receiver_problem(envelope, identity) or \
            addressee.group_problem(group, batch)
        if problem is not None:
            aside.append(SetAside(received.remote_name, "999",
                                  addressee.ack_claims_for(group, envelope), problem,
                                  group.group_control_number, received.id,
                                  received.local_path))
            continue
        found, batch_status, status = _batch_answers(group, batch, workspace)
        answers += found
        updates[batch.id] = {"ack_status": status, "ack_at": now, "status": batch_status}
        word = "accepted" if status in ACCEPTED else "rejected"
        said.append(f"999 {word} batch {batch.name} ({len(found)} claims)")
    outcome = _finish(workspace, received, answers, updates, said, missing, aside, now)
    if not bad:
        return outcome
    return IngestOutcome(outcome.file_id, outcome.status, f"{outcome.summary}; not read: "
                         f"{'; '.join(bad)}. The other sets were read; ask Office Ally for a "
                         "corrected copy of this acknowledgment.")


def _finish(workspace: Workspace, received: ReceivedFile, answers: list[Answer],
            updates: dict[int, dict[str, object]], said: list[str], missing: list[str],
            aside: list[SetAside], now: str) -> IngestOutcome:
    set_aside.add(workspace.store, aside)
    if not updates:
        if aside:
            return IngestOutcome(received.id, NOT_OURS, _aside_summary(aside))
        groups_text = ", ".join(missing) or "none"
        return IngestOutcome(received.id, "unmatched",
                             "No batch sent from here has the group control number "
                             f"(GS06) this 999 answers: {groups_text}. Kept in the archive.")
    responses.apply_answers(workspace.store, received.id, "999", received.remote_name,
                            answers, batch_updates=updates, at=now)
    tail = f"; not ours: group {', '.join(missing)}" if missing else ""
    if aside:
        tail += f"; set aside as not for this practice: {len(aside)} group(s)"
    return IngestOutcome(received.id, "ingested", "; ".join(said) + tail)


def _aside_summary(aside: list[SetAside]) -> str:
    return f"Not for this practice: {aside[0].reason} Nothing was changed."
