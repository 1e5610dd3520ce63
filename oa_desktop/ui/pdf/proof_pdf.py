"""The proof-of-timely-filing packet as a PDF: the cover letter, the files with their
fingerprints and answers, and the claim as it was sent."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from oa_desktop.domain.money import format_money
from oa_desktop.services.auth.proof import (
    ACK_WORDS,
    SEGMENT_WORDS,
    ArchivedFile,
    ProofPacket,
    Submission,
)
from oa_desktop.ui.pdf.page import Page, letter_writer


def _when(iso: str | None) -> str:
    if not iso:
        return "(none)"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.strftime("%m/%d/%Y %H:%M UTC") if "T" in iso else f"{moment:%m/%d/%Y}"


def _pairs(page: Page, pairs: list[tuple[str, str]], label_width: float = 150) -> None:
    for label, value in pairs:
        page.need(13)
        page.font(8.5, True)
        page.text(0, label_width, label)
        page.font(8.5)
        lines = max(1, len(value) // 80 + 1)
        page.text(label_width, 540 - label_width, value, height=13 * lines)
        page.y += 13 * lines


def _file(page: Page, f: ArchivedFile) -> None:
    page.need(70)
    page.line(f.role, 10, True, 15)
    check = ("matches the archived file" if f.matches else
             "DOES NOT MATCH the archived file" if f.actual_sha256 else
             "the archived file is missing")
    _pairs(page, [("File name", f.name), ("Date", _when(f.at)),
                  ("Size", f"{f.size:,} bytes"), ("SHA-256 (recorded)", f.recorded_sha256),
                  ("SHA-256 (today)", f.actual_sha256 or "—"), ("Check", check)])
    page.y += 4


def _submission(page: Page, s: Submission) -> None:
    page.need(90)
    page.rule()
    page.line(f"Batch {s.batch_name}: claim {s.pcn} sent {_when(s.sent_at)}"
              + (" (test file)" if s.test_mode else ""), 11, True, 17)
    _file(page, s.file)
    _pairs(page, [("Control numbers", f"interchange {s.interchange_control_number}, group "
                   f"{s.group_control_number}, transaction set {s.transaction_control_number}")])
    page.y += 4
    for ack in s.ack_files:
        _file(page, ack)
        _pairs(page, [("Office Ally's answer", f"{ACK_WORDS.get(s.ack_status, s.ack_status)} "
                       f"({s.ack_status or 'none'}) for group {s.group_control_number}, set "
                       f"{s.transaction_control_number}, on {_when(s.ack_at)}")])
        page.y += 4
    for claim_ack in s.claim_acks:
        _file(page, claim_ack.file)
        _pairs(page, [
            ("Claim status", "; ".join(claim_ack.statuses) or "—"),
            ("Accepted", "yes" if claim_ack.accepted else "no"),
            ("Trace number (TRN02)", claim_ack.trace_number or "—"),
            ("Payer claim number", claim_ack.payer_claim_number or "—"),
            ("Clearinghouse trace", claim_ack.clearinghouse_trace or "—"),
        ])
        page.y += 4
    for other in s.other_files:
        _file(page, other)


def _segments(page: Page, s: Submission) -> None:
    page.need(60)
    page.line(f"The claim as sent in {s.file.name}", 11, True, 17)
    page.line("Each segment of the claim's loop in the 837P file, with what it holds.", 8.5)
    page.y += 4
    for segment in s.segments:
        name = segment.split("*", 1)[0]
        page.need(12)
        page.font(8)
        page.text(0, 110, SEGMENT_WORDS.get(name, name))
        page.font(8, family="Courier")
        lines = max(1, len(segment) // 78 + 1)
        page.text(110, 430, segment, height=11 * lines)
        page.y += 11 * lines


def _summary(page: Page, p: ProofPacket) -> None:
    page.line(f"Proof of timely filing — claim {p.pcn}", 14, True, 22)
    dos = f"{p.first_date:%m/%d/%Y}" if p.first_date else ""
    if p.last_date and p.last_date != p.first_date:
        dos += f" – {p.last_date:%m/%d/%Y}"
    deadline = (f"{p.limit_days} days from the date of service: deadline {p.deadline:%m/%d/%Y}"
                if p.limit_days and p.deadline else "—")
    _pairs(page, [
        ("Patient", p.patient_name + (f", born {p.birth_date:%m/%d/%Y}" if p.birth_date
                                      else "")),
        ("Member ID", p.member_id), ("Payer", p.payer_name),
        ("Payer claim number", p.payer_claim_number or "—"), ("Date(s) of service", dos),
        ("Billed", format_money(p.charge)),
        ("First sent", f"{p.first_sent:%m/%d/%Y}" if p.first_sent else "—"),
        ("Filing limit", deadline),
        ("Files", "every file below hashes as recorded" if p.all_files_match else
         "SOME FILES DO NOT MATCH what was recorded (see below)"),
    ])
    page.y += 8


def write_proof(packet: ProofPacket, path: Path) -> int:
    """Write the packet; returns the number of pages."""
    writer = letter_writer(path, f"Proof of timely filing {packet.pcn}")
    painter = QPainter(writer)
    try:
        page = Page(writer, painter)
        for n, paragraph in enumerate(packet.cover_letter()):
            page.font(10, n == 1)
            lines = max(1, len(paragraph) // 95 + 1)
            page.need(14 * lines)
            page.text(0, 540, paragraph, height=14 * lines)
            page.y += 14 * lines + (8 if n < 4 or len(paragraph) > 60 else 0)
        page.new_page()
        _summary(page, packet)
        for submission in packet.submissions:
            _submission(page, submission)
        for submission in packet.submissions[-1:]:
            page.new_page()
            _segments(page, submission)
        return page.pages
    finally:
        painter.end()


def write_proof_offscreen(packet: ProofPacket, path: Path) -> int:
    """:func:`write_proof` from the command line: an application is made if none runs (the
    fonts need one); set ``QT_QPA_PLATFORM=offscreen`` first to need no display."""
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "oa-desktop"])
    try:
        return write_proof(packet, path)
    finally:
        del app
