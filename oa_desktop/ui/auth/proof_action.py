"""Save a claim's proof-of-timely-filing packet as a PDF (the attachment of a CO-29 appeal)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from oa_desktop.errors import KnownError
from oa_desktop.services.auth.proof import packet_from
from oa_desktop.store.db import Store
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.pdf.proof_pdf import write_proof


def write_proof_for(store: Store, claim_id: int, path: Path) -> str:
    """Build and write the packet; returns the line to show. The archive lives beside the
    database (the data folder's root)."""
    packet = packet_from(store, store.path.parent, claim_id)
    pages = write_proof(packet, path)
    note = "" if packet.all_files_match else (
        " Some archived files no longer match their recorded fingerprints; the packet says "
        "which.")
    return f"Saved the proof of timely filing for claim {packet.pcn} ({pages} pages).{note}"


def save_proof_pdf(parent: QWidget, store: Store, claim_id: int, pcn: str) -> str:
    """Ask where, then write the packet; returns what happened ('' when cancelled)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save proof of timely filing", f"Proof of timely filing {pcn}.pdf",
        "PDF files (*.pdf)")
    if not name:
        return ""
    try:
        return write_proof_for(store, claim_id, Path(name))
    except KnownError as exc:
        show_known_error(parent, exc)
        return exc.message
