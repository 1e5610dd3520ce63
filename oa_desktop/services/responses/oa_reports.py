"""Ingest Office Ally's text reports: File Summary, its error report, and EDI Status.

They are fixed-width text (OFFICE_ALLY.md). Columns are found by their header names
where the header is there, else by the published offsets. Rows point at claims by
ACCNT# / acct (our CLM01); the error report names the file that failed. The X12 999 and
277CA stay the source of truth: these reports add events, and move a claim only where
the status machine says an outside answer does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from oa_desktop.domain.display import plural
from oa_desktop.domain.status import EventKind
from oa_desktop.services.responses.outcome import IngestOutcome
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, responses
from oa_desktop.store.batches import Batch
from oa_desktop.store.files import ReceivedFile
from oa_desktop.store.responses import Answer

FILE_SUMMARY_COLUMNS = [
    ("CLAIM#", 0, 6), ("OA CLAIM ID", 7, 10), ("PATIENT ID", 19, 18), ("LAST,FIRST", 37, 20),
    ("DOB", 57, 10), ("FROM DOS", 70, 10), ("TO DOS", 81, 10), ("CPT", 92, 5),
    ("DIAG", 100, 7), ("TAX ID", 109, 10), ("ACCNT#", 121, 14), ("PHYS ID", 135, 10),
    ("PAYER", 146, 5), ("ERROR", 153, 30),
]
EDI_STATUS_COLUMNS = [
    ("file_id", 4, 9), ("claim_id", 14, 10), ("acct", 26, 14), ("patient_name", 41, 20),
    ("amount", 61, 9), ("practice_id", 73, 10), ("tax_id", 84, 10), ("payer", 95, 5),
    ("payer_process_dt", 105, 10), ("payer_ref_id", 122, 15), ("status", 142, 8),
    ("payer_response", 152, 200),
]
_FILE_ID = re.compile(r"FILE\s*ID\s*:?\s*(\d+)", re.IGNORECASE)
_FILE_NAME = re.compile(r"FILE\s*NAME\s*:?\s*(\S+)", re.IGNORECASE)
_FAILED = re.compile(r"COULD NOT BE PROCESSED\s*:?\s*(.*)", re.IGNORECASE)


@dataclass
class TextReport:
    """A parsed report: its header facts and one dict per row (column → value)."""

    file_id: str = ""
    file_name: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)
    problem: str = ""  # the error report's reason


def _columns(header: str, layout: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Column spans from the header line when every name is in it, else the layout's."""
    starts = [(name, header.find(name)) for name, _, _ in layout]
    if any(start < 0 for _, start in starts) or starts != sorted(starts, key=lambda s: s[1]):
        return layout
    spans = []
    for index, (name, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else start + 200
        spans.append((name, start, end - start))
    return spans


def _cut(line: str, columns: list[tuple[str, int, int]]) -> dict[str, str]:
    return {name: line[start:start + width].strip() for name, start, width in columns}


def _facts(text: str, report: TextReport) -> None:
    head = "\n".join(text.splitlines()[:8])
    if match := _FILE_ID.search(head):
        report.file_id = match.group(1)
    if match := _FILE_NAME.search(head):
        report.file_name = match.group(1)
    if match := _FAILED.search(text):
        report.problem = match.group(1).strip()


def parse_file_summary(text: str) -> TextReport:
    """Rows after the ``CLAIM#`` header; a non-blank ERROR means Office Ally rejected it."""
    report = TextReport()
    _facts(text, report)
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("CLAIM#")),
                     None)
    if header_at is None:
        return report
    columns = _columns(lines[header_at], FILE_SUMMARY_COLUMNS)
    for line in lines[header_at + 1:]:
        if not line.strip() or set(line.strip()) <= {"-", "="}:
            continue
        row = _cut(line, columns)
        if row.get("ACCNT#"):
            report.rows.append(row)
    return report


def parse_edi_status(text: str) -> TextReport:
    """Rows after the ``    File ID`` header, each ACCEPTED or REJECTED by the payer."""
    report = TextReport()
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines) if line.startswith("    File ID")), None)
    if header_at is None:
        return report
    for line in lines[header_at + 1:]:
        row = _cut(line, EDI_STATUS_COLUMNS)
        status = row["status"].upper()
        if status not in ("ACCEPTED", "REJECTED"):
            found = re.search(r"\b(ACCEPTED|REJECTED)\b", line.upper())
            if not found or not row["acct"]:
                continue
            row["status"] = found.group(1)
        if row["acct"]:
            report.rows.append(row)
    return report


def _decode(data: bytes) -> str:
    return data.decode("latin-1").replace("\r\n", "\n")


def _batch(workspace: Workspace, report: TextReport) -> Batch | None:
    store = workspace.store
    found = batches.batch_for_file_name(store, report.file_name) if report.file_name else None
    if found is None and report.file_id:
        found = batches.batch_for_oa_file_id(store, report.file_id)
    return found


def _unmatched(received: ReceivedFile, what: str, keys: list[str]) -> IngestOutcome:
    examples = ", ".join(keys[:5]) or "none"
    return IngestOutcome(received.id, "unmatched",
                         f"{what}: no claim sent from here has account number {examples}. "
                         "Kept in the archive.")


def ingest_file_summary(workspace: Workspace, received: ReceivedFile,
                        data: bytes) -> IngestOutcome:
    """Office Ally's per-upload report: each row received, or rejected with its ERROR."""
    if responses.already_applied(workspace.store, received.id):
        return IngestOutcome(received.id, "ingested", received.problem or "Already read.")
    report = parse_file_summary(_decode(data))
    matched, missing = responses.match_each(workspace.store, report.rows,
                                            lambda r: [r["ACCNT#"]])
    answers: list[Answer] = []
    for row, match in matched:
        oa_id = row.get("OA CLAIM ID", "")
        tail = f" (Office Ally claim id {oa_id})" if oa_id else ""
        if row.get("ERROR"):
            answers.append(Answer(match.claim_id, EventKind.CLEARINGHOUSE_REJECTED,
                                  f"OA: {row['ERROR']}",
                                  f"Office Ally rejected the claim: {row['ERROR'].capitalize()}"
                                  f"{tail} (File Summary)", match.batch_id,
                                  f"ACCNT# {row['ACCNT#']}", "rejected"))
        else:
            answers.append(Answer(match.claim_id, EventKind.STATUS_REPORTED, "OA: received",
                                  f"Office Ally received the claim{tail} (File Summary)",
                                  match.batch_id, f"ACCNT# {row['ACCNT#']}"))
    if not answers:
        return _unmatched(received, "File Summary", [r["ACCNT#"] for r in missing])
    updates: dict[int, dict[str, object]] = {}
    if report.file_id:
        for batch_id in {a.batch_id for a in answers if a.batch_id is not None}:
            updates[batch_id] = {"oa_file_id": report.file_id}
    responses.apply_answers(workspace.store, received.id, "report", received.remote_name,
                            answers, batch_updates=updates)
    rejected = sum(1 for a in answers if a.kind is EventKind.CLEARINGHOUSE_REJECTED)
    summary = (f"File Summary: {plural(len(answers), 'claim')} received by Office Ally, "
               f"{rejected} rejected")
    if missing:
        summary += f"; {len(missing)} not sent from here"
    return IngestOutcome(received.id, "ingested", summary)


def ingest_error_report(workspace: Workspace, received: ReceivedFile,
                        data: bytes) -> IngestOutcome:
    """The whole upload failed at Office Ally: every claim in it is rejected."""
    if responses.already_applied(workspace.store, received.id):
        return IngestOutcome(received.id, "ingested", received.problem or "Already read.")
    report = parse_file_summary(_decode(data))
    batch = _batch(workspace, report)
    if batch is None:
        name = report.file_name or report.file_id or "(no file name in the report)"
        return IngestOutcome(received.id, "unmatched",
                             f"Office Ally says file {name} failed, but no batch was sent "
                             "from here under that name. Kept in the archive.")
    reason = report.problem or "no reason given"
    text = (f"Office Ally could not process the file of batch {batch.name}: {reason}. "
            "No claim in it was created there; send the claims again.")
    answers = [Answer(m.claim_id, EventKind.FILE_REJECTED, "OA: file failed", text, batch.id,
                      f"FILE NAME {report.file_name}", "rejected")
               for m in responses.batch_members(workspace.store, batch.id)]
    updates: dict[int, dict[str, object]] = {batch.id: {"status": "rejected"}}
    if report.file_id:
        updates[batch.id]["oa_file_id"] = report.file_id
    responses.apply_answers(workspace.store, received.id, "report", received.remote_name,
                            answers, batch_updates=updates)
    return IngestOutcome(received.id, "ingested",
                         f"File Summary error report: batch {batch.name} failed "
                         f"({len(answers)} claims rejected)")


def ingest_edi_status(workspace: Workspace, received: ReceivedFile,
                      data: bytes) -> IngestOutcome:
    """The payers' accept/reject, as Office Ally reports it in text."""
    if responses.already_applied(workspace.store, received.id):
        return IngestOutcome(received.id, "ingested", received.problem or "Already read.")
    report = parse_edi_status(_decode(data))
    matched, missing = responses.match_each(workspace.store, report.rows, lambda r: [r["acct"]])
    answers: list[Answer] = []
    for row, match in matched:
        reference = f"acct {row['acct']}"
        response = row["payer_response"]
        if row["status"] == "REJECTED":
            answers.append(Answer(match.claim_id, EventKind.PAYER_REJECTED, "EDI: REJECTED",
                                  f"The payer rejected the claim: {response or 'no reason given'}"
                                  " (Office Ally EDI Status report)", match.batch_id,
                                  reference, "rejected", row["payer_ref_id"]))
        else:
            said = f": {response}" if response else ""
            answers.append(Answer(match.claim_id, EventKind.PAYER_ACKNOWLEDGED, "EDI: ACCEPTED",
                                  f"The payer accepted the claim{said} (Office Ally EDI "
                                  "Status report)", match.batch_id, reference, "accepted",
                                  row["payer_ref_id"]))
    if not answers:
        return _unmatched(received, "EDI Status report", [r["acct"] for r in missing])
    responses.apply_answers(workspace.store, received.id, "report", received.remote_name,
                            answers)
    rejected = sum(1 for a in answers if a.kind is EventKind.PAYER_REJECTED)
    summary = (f"EDI Status: {plural(len(answers) - rejected, 'claim')} accepted, "
               f"{rejected} rejected")
    if missing:
        summary += f"; {len(missing)} not sent from here"
    return IngestOutcome(received.id, "ingested", summary)
