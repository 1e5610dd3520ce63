"""The proof-of-timely-filing packet on screen and as a PDF (the attachment of a CO-29
appeal, and the claim page's "Proof of timely filing" action)."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.errors import KnownError
from oa_desktop.services.auth.proof import ArchivedFile, ProofPacket, packet_from
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.pdf.proof_pdf import write_proof


def packet_for(store: Store, claim_id: int, today: date | None = None) -> ProofPacket:
    """The claim's packet; the archive lives beside the database (the data folder's root).
    Raises InputError when the claim was never sent."""
    return packet_from(store, store.path.parent, claim_id, today)


def saved_line(packet: ProofPacket, pages: int) -> str:
    """What saving the packet did, in one line."""
    note = "" if packet.all_files_match else (
        " Some archived files no longer match their recorded fingerprints; the packet says "
        "which.")
    return f"Saved the proof of timely filing for claim {packet.pcn} ({pages} pages).{note}"


def write_proof_for(store: Store, claim_id: int, path: Path) -> str:
    """Build and write the packet; returns the line to show."""
    packet = packet_for(store, claim_id)
    return saved_line(packet, write_proof(packet, path))


def enclosure(packet: ProofPacket) -> str:
    """The appeal letter's "Enclosed:" line for this packet."""
    first = packet.submissions[0]
    day = fmt.iso_to_display(first.sent_at[:10]) if first.sent_at else "(unknown)"
    return (f"proof of timely filing: the claim as sent to Office Ally on {day} in file "
            f"{first.file.name} (SHA-256 {first.file.recorded_sha256[:16]}…), Office Ally's "
            "acknowledgment of the file and the claim acknowledgment, with each file's "
            "fingerprint.")


def _file_row(f: ArchivedFile) -> str:
    mark = ("<span style='color:#1e7d32'>matches</span>" if f.matches else
            "<span style='color:#b3261e'>DOES NOT MATCH</span>" if f.actual_sha256 else
            "<span style='color:#b3261e'>missing from the archive</span>")
    return (f"<tr><td>{escape(f.role)}</td><td>{escape(f.name)}</td>"
            f"<td style='white-space:nowrap'>{fmt.timestamp(f.at) if f.at else '—'}</td>"
            f"<td><code>{escape(f.recorded_sha256)}</code><br>{mark}</td></tr>")


def proof_html(packet: ProofPacket) -> str:
    """The packet as a page: the claim, the deadline, and every file with its fingerprint."""
    first = f"{packet.first_sent:%m/%d/%Y}" if packet.first_sent else "—"
    deadline = (f"{packet.limit_days} days from the date of service: "
                f"{packet.deadline:%m/%d/%Y}" if packet.limit_days and packet.deadline else "—")
    rows = "".join(
        _file_row(f) for s in packet.submissions
        for f in (s.file, *s.ack_files, *(a.file for a in s.claim_acks), *s.other_files))
    acks = "".join(f"<li>{escape(a.file.name)}: {escape('; '.join(a.statuses))}</li>"
                   for s in packet.submissions for a in s.claim_acks)
    verdict = ("Every file hashes as recorded." if packet.all_files_match else
               "<b style='color:#b3261e'>Some files do not match what was recorded.</b>")
    return (
        f"<h3>Proof of timely filing — claim {escape(packet.pcn)}</h3>"
        f"<p>{escape(packet.patient_name)}, {escape(packet.payer_name)}, "
        f"{fmt.money(packet.charge)}<br>First sent to Office Ally: <b>{first}</b><br>"
        f"Filing limit: {escape(deadline)}</p>"
        f"<table cellpadding='3'><tr><th align='left'>File</th><th align='left'>Name</th>"
        f"<th align='left'>Date</th><th align='left'>SHA-256</th></tr>{rows}</table>"
        f"<p>{verdict}</p>" + (f"<p>Claim acknowledgments:</p><ul>{acks}</ul>" if acks else ""))


class ProofDialog(QDialog):
    """The packet shown before it is saved: files, dates and fingerprints; Save PDF…."""

    def __init__(self, packet: ProofPacket, parent: QWidget | None = None,
                 attach_text: str = "") -> None:
        super().__init__(parent)
        self.packet = packet
        self.saved_path: Path | None = None
        self.setWindowTitle(f"Proof of timely filing — claim {packet.pcn}")
        layout = QVBoxLayout(self)
        if attach_text:
            note = QLabel(attach_text)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Proof of timely filing")
        self.page.setHtml(proof_html(packet))
        layout.addWidget(self.page)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        if attach_text:
            attach = self.buttons.addButton("Attach to the appeal",
                                            QDialogButtonBox.ButtonRole.AcceptRole)
            attach.setDefault(True)
            self.buttons.accepted.connect(self.accept)
        self.save_button = self.buttons.addButton("Save PDF…",
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip("The cover letter, the files with their fingerprints and "
                                    "the claim as sent, as a PDF to print or upload")
        self.save_button.clicked.connect(self._on_save_clicked)
        layout.addWidget(self.buttons)
        self.resize(900, 480)

    def save(self, path: Path) -> str:
        """Write the PDF to ``path``; returns what happened."""
        line = saved_line(self.packet, write_proof(self.packet, path))
        self.saved_path = path
        return line

    def _on_save_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save proof of timely filing", f"proof-of-timely-filing-{self.packet.pcn}.pdf",
            "PDF files (*.pdf)")
        if name:
            try:
                self.setToolTip(self.save(Path(name)))
            except OSError as exc:
                show_known_error(self, KnownError(f"Could not write {Path(name).name}: {exc}.",
                                                  "Choose another folder."))
