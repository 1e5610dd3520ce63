"""The proof-of-timely-filing packet: what was sent, when, and who said they received it.

Built only from the archive and the records of it: the 837P file that carried the claim
(its name, when it was uploaded, its SHA-256 recorded at sending and recomputed now),
Office Ally's 999 accepting that file, the 277CA acknowledging the claim (dates, status,
trace numbers), and a cover letter to the payer. The PDF is drawn by ``ui/pdf``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from oa_desktop.domain.money import format_money
from oa_desktop.errors import InputError
from oa_desktop.services.auth.filing import deadlines
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, records, responses
from oa_desktop.store import proof as store_proof
from oa_desktop.store.db import Store
from oa_desktop.store.files import ReceivedFile
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.parse import parse_file
from oa_desktop.x12.read_277 import StatusReport277

ACK_WORDS = {"A": "Accepted", "E": "Accepted with errors", "P": "Partially accepted",
             "R": "Rejected", "M": "Rejected", "W": "Rejected", "X": "Rejected"}
SEGMENT_WORDS = {
    "HL": "Hierarchy", "SBR": "Subscriber", "PAT": "Patient", "NM1": "Name", "N3": "Address",
    "N4": "City/State/ZIP", "DMG": "Birth date and sex", "REF": "Reference", "CLM": "Claim",
    "DTP": "Date", "HI": "Diagnoses", "LX": "Line", "SV1": "Service", "PRV": "Provider",
    "NTE": "Note", "AMT": "Amount", "PWK": "Attachment",
}


@dataclass(frozen=True, slots=True)
class ArchivedFile:
    """A file sent or received: its name, date, size and fingerprints."""

    role: str
    name: str
    at: str  # when it was uploaded or downloaded (UTC, ISO)
    size: int
    recorded_sha256: str  # as recorded when the file was sent or received
    actual_sha256: str  # recomputed from the archive now ('' when the file is missing)

    @property
    def matches(self) -> bool:
        """The archived file is byte for byte what was recorded."""
        return bool(self.actual_sha256) and self.actual_sha256 == self.recorded_sha256


@dataclass(frozen=True, slots=True)
class ClaimAcknowledgment:
    """What a 277CA said about the claim."""

    file: ArchivedFile
    statuses: tuple[str, ...]  # "A1:20 (01/05/2026)"
    accepted: bool
    trace_number: str  # TRN02: our CLM01
    payer_claim_number: str  # REF*1K
    clearinghouse_trace: str  # REF*D9


@dataclass(frozen=True, slots=True)
class Submission:
    """One upload that carried the claim, with the answers matched to it."""

    batch_name: str
    pcn: str  # CLM01 in this file
    sent_at: str
    file: ArchivedFile
    interchange_control_number: int  # ISA13
    group_control_number: int  # GS06
    transaction_control_number: str  # ST02
    test_mode: bool
    ack_status: str  # 999: A, E, P, R ('' when none came)
    ack_at: str | None
    ack_files: tuple[ArchivedFile, ...]
    claim_acks: tuple[ClaimAcknowledgment, ...]
    other_files: tuple[ArchivedFile, ...]  # Office Ally's File Summary and reports
    segments: tuple[str, ...]  # the claim's segments as sent


@dataclass
class ProofPacket:
    """Everything the proof-of-timely-filing PDF shows."""

    claim_id: int
    pcn: str
    patient_name: str
    birth_date: date | None
    member_id: str
    payer_name: str
    payer_claim_number: str
    first_date: date | None
    last_date: date | None
    charge: Decimal
    practice_name: str
    practice_npi: str
    practice_lines: list[str]
    limit_days: int | None
    deadline: date | None
    submissions: list[Submission] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    @property
    def first_sent(self) -> date | None:
        """The day the claim was first uploaded to Office Ally."""
        days = [date.fromisoformat(s.sent_at[:10]) for s in self.submissions]
        return min(days) if days else None

    @property
    def all_files_match(self) -> bool:
        """Every archived file hashes as recorded."""
        files = [f for s in self.submissions
                 for f in (s.file, *s.ack_files, *(a.file for a in s.claim_acks), *s.other_files)]
        return all(f.matches for f in files)

    def cover_letter(self) -> list[str]:
        """The letter's paragraphs."""
        return cover_letter(self)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _received(root: Path, role: str, f: ReceivedFile) -> ArchivedFile:
    return ArchivedFile(role, f.remote_name, f.downloaded_at, f.size, f.sha256,
                        _sha256(root / f.local_path))


def claim_segments(path: Path, pcn: str) -> tuple[str, ...]:
    """The claim's loop as sent: from the HL before ``CLM*pcn`` up to the next HL or SE."""
    try:
        text = path.read_bytes().decode("latin-1")
    except OSError:
        return ()
    if len(text) < 106 or not text.startswith("ISA"):
        return ()
    element, terminator = text[3], text[105]
    segments = [s.strip() for s in text.split(terminator) if s.strip()]
    start = next((i for i, s in enumerate(segments)
                  if s.startswith(f"CLM{element}{pcn}{element}")), None)
    if start is None:
        return ()
    first = max((i for i in range(start) if segments[i].startswith(f"HL{element}")),
                default=start)
    end = next((i for i in range(start + 1, len(segments))
                if segments[i].startswith((f"HL{element}", f"SE{element}"))), len(segments))
    return tuple(segments[first:end])


def _claim_acks(root: Path, f: ReceivedFile, pcns: set[str]) -> list[ClaimAcknowledgment]:
    archived = _received(root, "Claim acknowledgment (277CA)", f)
    try:
        parsed = parse_file(root / f.local_path)
    except X12Error:
        return [ClaimAcknowledgment(archived, ("the file could not be read",), False, "", "", "")]
    found = []
    for report in parsed.transactions:
        if not isinstance(report, StatusReport277):
            continue
        for claim in report.claims:
            if claim.trace_number not in pcns and claim.patient_control_number not in pcns:
                continue
            statuses = tuple(
                f"{s.category}:{s.code}" + (f" ({s.date:%m/%d/%Y})" if s.date else "")
                + (f" {s.text}" if s.text else "") for s in claim.statuses)
            accepted = any(s.category in ("A0", "A1", "A2") for s in claim.statuses)
            found.append(ClaimAcknowledgment(archived, statuses, accepted, claim.trace_number,
                                             claim.payer_claim_number, claim.clearinghouse_trace))
    return found


def _submission(root: Path, item: store_proof.SentBatch,
                matched: list[store_proof.MatchedFile]) -> Submission:
    batch, pcn = item.batch, item.pcn
    sent = ArchivedFile("Claim file sent (837P)", batch.file_name, batch.sent_at or "",
                        (root / batch.local_path).stat().st_size
                        if (root / batch.local_path).is_file() else 0,
                        item.sha256, _sha256(root / batch.local_path))
    mine = [m.file for m in matched if m.batch_id == batch.id]
    acks = tuple(_received(root, "Office Ally's file acknowledgment (999)", f)
                 for f in mine if f.kind in ("999", "997"))
    claim_acks = tuple(a for f in mine if f.kind == "277" for a in _claim_acks(root, f, {pcn}))
    others = tuple(_received(root, "Office Ally report", f)
                   for f in mine if f.kind not in ("999", "997", "277"))
    return Submission(
        batch.name, pcn, batch.sent_at or "", sent, batch.interchange_control_number,
        batch.group_control_number, batch.transaction_control_number, batch.test_mode,
        batch.ack_status, batch.ack_at, acks, claim_acks, others,
        claim_segments(root / batch.local_path, pcn))


def build_packet(workspace: Workspace, claim_id: int, today: date | None = None) -> ProofPacket:
    """The packet for one claim. Raises InputError when the claim was never sent."""
    return packet_from(workspace.store, workspace.folder.root, claim_id, today)


def packet_from(store: Store, root: Path, claim_id: int, today: date | None = None
                ) -> ProofPacket:
    """:func:`build_packet` from the store and the data folder's root (the archive's home)."""
    day = today or date.today()
    claim = claims.get_claim(store, claim_id)
    sent = store_proof.sent_batches(store, claim_id)
    if not sent:
        raise InputError(f"Claim {claim.patient_control_number} was never sent, so there is no "
                         "proof of filing.", "Send it first; the packet lists what was sent.")
    sent = [s for s in sent if s.batch.local_path]  # a batch recorded with no file proves nothing
    if not sent:
        raise InputError(f"The file that carried claim {claim.patient_control_number} is not in "
                         "the archive, so there is no proof of filing here.",
                         "Attach Office Ally's acceptance report for the batch (from Office "
                         "Ally's website) to the appeal instead.")
    matched = store_proof.answer_files(store, claim_id, [s.batch.id for s in sent])
    patient = records.get_patient(store, claim.patient_id)
    coverage = records.get_coverage(store, claim.coverage_id)
    payer = records.get_payer(store, coverage.payer_id)
    practice = records.load_practice(store)
    deadline = next(iter(deadlines(store, day, [claim_id], open_only=False)), None)
    a = practice.address if practice else None
    lines = [x for x in ((a.line1, a.line2, f"{a.city}, {a.state} {_zip(a.zip_code)}".strip(", "),
                          _phone(practice.phone) if practice else "") if a else ()) if x]
    packet = ProofPacket(
        claim_id, claim.patient_control_number, patient.person.display_name,
        patient.person.birth_date, coverage.member_id, payer.name,
        responses.payer_claim_number(store, claim_id), claim.first_date, claim.last_date,
        claim.charge_amount, practice.name if practice else "", practice.npi if practice else "",
        lines, deadline.limit_days if deadline else None, deadline.due if deadline else None,
        today=day)
    packet.submissions = [_submission(root, item, matched) for item in sent]
    return packet


def _zip(digits: str) -> str:
    return f"{digits[:5]}-{digits[5:]}" if len(digits) == 9 else digits


def _phone(digits: str) -> str:
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 else digits


def _day(iso: str | None) -> str:
    return date.fromisoformat(iso[:10]).strftime("%m/%d/%Y") if iso else "(unknown)"


def cover_letter(p: ProofPacket) -> list[str]:
    """The cover letter to the payer, paragraph by paragraph."""
    dos = f"{p.first_date:%m/%d/%Y}" if p.first_date else ""
    if p.last_date and p.last_date != p.first_date:
        dos += f" to {p.last_date:%m/%d/%Y}"
    first = p.submissions[0]
    accepted = [a for s in p.submissions for a in s.claim_acks if a.accepted]
    parts = [
        f"{p.today:%m/%d/%Y}",
        f"To: {p.payer_name}, Claims Reconsideration / Appeals",
        f"Re: Proof of timely filing. Patient {p.patient_name}, member ID {p.member_id}; "
        f"date(s) of service {dos}; billed {format_money(p.charge)}; our claim number "
        f"{first.pcn}" + (f"; your claim number {p.payer_claim_number}"
                         if p.payer_claim_number else "") + ".",
        f"This claim was filed electronically through our clearinghouse, Office Ally, on "
        f"{_day(first.sent_at)}, in file {first.file.name}"
        + (f" (within the {p.limit_days}-day filing limit)" if p.limit_days else "") + ". "
        f"Office Ally acknowledged the file ({ACK_WORDS.get(first.ack_status, 'see enclosed')}"
        f", 999 of {_day(first.ack_at)}).",
    ]
    if accepted:
        ack = accepted[0]
        parts.append(
            f"The claim acknowledgment (277CA) of {_day(ack.file.at)} shows the claim "
            f"accepted for processing ({'; '.join(ack.statuses)}), trace number "
            f"{ack.trace_number}" + (f", claim number {ack.payer_claim_number}"
                                     if ack.payer_claim_number else "") + ".")
    parts += [
        "Enclosed are the claim as sent and each file's name, date and SHA-256 fingerprint, "
        "so that the files kept in our archive can be checked against these pages.",
        "We ask you to reconsider the denial for timely filing (CO-29) and to process the "
        "claim.",
        "Sincerely,",
        p.practice_name + (f" (NPI {p.practice_npi})" if p.practice_npi else ""),
        *p.practice_lines,
    ]
    return parts
