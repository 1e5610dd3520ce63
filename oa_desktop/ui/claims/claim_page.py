"""A claim, read-only, laid out like the CMS-1500 with its timeline (for claims past
editing; one that can still change opens in the claim editor)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Protocol

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.identifiers import display_icd10
from oa_desktop.domain.models import Claim
from oa_desktop.domain.modifiers import modifier_meaning
from oa_desktop.domain.status import ClaimStatus
from oa_desktop.errors import KnownError
from oa_desktop.services.auth.filing import deadline_text
from oa_desktop.services.claims import secondary
from oa_desktop.services.codes import words as codes_in_words
from oa_desktop.services.era.codes import carc_text
from oa_desktop.services.responses.claim_status import category_words
from oa_desktop.services.safety import audit
from oa_desktop.store import claims, records
from oa_desktop.store import proof as store_proof
from oa_desktop.store.db import Store
from oa_desktop.ui.auth.proof_action import ProofDialog, packet_for
from oa_desktop.ui.claims.claim_payments import payments_html
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.records.widgets import pos_text
from oa_desktop.x12.code_lists import status_text
from oa_desktop.x12.code_lists import text as code_text

_CSS = """
body { font-size: 10pt; }
h2 { margin: 0 0 4px 0; }
h3 { margin: 10px 0 2px 0; color: #1a4f8b; font-size: 10pt; }
table { border-collapse: collapse; }
td, th { padding: 2px 8px 2px 0; vertical-align: top; }
th { text-align: left; color: #5f6368; font-weight: normal; }
.box { color: #5f6368; font-size: 8pt; }
.money { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.neg { color: #b3261e; }
"""


def _row(box: str, label: str, value: str) -> str:
    return (
        f"<tr><th><span class='box'>{escape(box)}</span> {escape(label)}</th>"
        f"<td>{escape(value) or '—'}</td></tr>"
    )


def code_words(source: str, codes: str) -> str:
    """An event's codes with their meanings: ``A2:20 Accepted for processing — ...``,
    ``CO-45 Charge exceeds fee schedule``, ``999 A Accepted``."""
    return "; ".join(_code_pieces(source, codes))


def _plain(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def codes_not_said(text: str, source: str, codes: str) -> str:
    """:func:`code_words` without the codes whose words the event's text already says
    ("Denied: CO-197 Precertification…" is not followed by the same words again)."""
    said = _plain(text)
    return "; ".join(
        _status_not_said(text, p) if ":" in p.split(" ", 1)[0] else p
        for p in _code_pieces(source, codes)
        if ":" in p.split(" ", 1)[0]
        or (_plain(p) not in said and not _worded(p.split(" ", 1)[0], text)))


def _said_in(words: str, text: str) -> bool:
    """True when every word of ``words`` is already in ``text`` (in any order)."""
    found = set(re.findall(r"[^\W_]+", text.casefold()))
    return set(re.findall(r"[^\W_]+", words.casefold())) <= found


def _status_not_said(text: str, piece: str) -> str:
    """A 277 code (``A2:20 …``) with only the official words the headline does not say
    already: "Accepted by the payer for processing" keeps just ``A2:20``."""
    code = piece.split(" ", 1)[0]
    category, status, *entity = code.split(":")
    words = []
    if not _said_in(category_words(category), text):
        words.append(status_text(category, ""))
    if status and not _said_in(code_text("claim_status", status), text):
        words.append(code_text("claim_status", status))
    if entity and not _said_in(code_text("entity_identifier", entity[0]), text):
        words.append(f"entity: {code_text('entity_identifier', entity[0])}")
    return " — ".join([code, *(w for w in words if w)]) if any(words) else code


def _worded(code: str, text: str) -> bool:
    """True when ``text`` names ``code`` followed by words of its own ("CO-29 The time…")."""
    return re.search(rf"(?<![\w-]){re.escape(code)}\s+[^\W\d]", text) is not None


def _code_pieces(source: str, codes: str) -> list[str]:
    found = []
    for raw in codes.split(","):
        code = raw.strip()
        if not code:
            continue
        if ":" in code:  # 277 category:status[:entity]
            category, status, *entity = code.split(":")
            found.append(f"{code} {status_text(category, status, ''.join(entity))}")
        elif "-" in code and code.split("-", 1)[0] in ("CO", "PR", "OA", "PI", "CR"):
            found.append(f"{code} {carc_text(code.split('-', 1)[1])}")
        elif source == "999" and code in ("A", "E", "R", "M", "W", "X"):
            found.append(f"999 {code} {code_text('999_ik501', code)}")
        else:
            found.append(code)
    return found


def claim_html(store: Store, claim: Claim) -> str:
    """The claim as a page: parties, diagnoses, lines, totals and timeline."""
    assert claim.id is not None
    patient = records.get_patient(store, claim.patient_id)
    coverage = records.get_coverage(store, claim.coverage_id)
    payer = records.get_payer(store, coverage.payer_id)
    insured = coverage.subscriber or patient.person
    known = codes_in_words.load(store)
    provider = "the billing provider"
    if claim.rendering_provider_id:
        rendering = records.get_rendering_provider(store, claim.rendering_provider_id)
        specialty = known.taxonomy_name(rendering.taxonomy)
        provider = rendering.display_name + (f" ({specialty})" if specialty else "")
    balance = claims.balance(store, claim.id)
    parts = [
        f"<style>{_CSS}</style>",
        f"<h2>Claim {escape(claim.patient_control_number)} — "
        f"{escape(patient.person.display_name)}</h2>",
        "<table width='100%'><tr><td width='28%'>",
        "<h3>Patient and insured</h3><table>",
        _row("2", "Patient", patient.person.display_name),
        _row("3", "Birth date", fmt.iso_to_display(
            patient.person.birth_date.isoformat() if patient.person.birth_date else None)),
        _row("1a", "Member ID", coverage.member_id),
        _row("4", "Insured", insured.display_name),
        _row("6", "Relationship", coverage.relationship.name.title()),
        _row("11", "Group", coverage.group_number),
        _row("", "Payer", f"{payer.name} ({payer.claim_payer_id})"
             + (" — Non-Par" if payer.non_par else "")),
        "</table></td><td width='40%'><h3>Claim</h3><table>",
        _row("21", "Diagnoses", ", ".join(
            f"{chr(65 + i)}. {display_icd10(code)}" for i, code in enumerate(claim.diagnoses))),
        _row("22", "Frequency", {"1": "Original", "7": "Replacement", "8": "Void"}[
            claim.frequency.value] + (f" of {claim.original_claim_number}"
                                      if claim.original_claim_number else "")),
        _row("23", "Prior authorization", claim.prior_authorization),
        _row("", "Timely filing",
             deadline_text(store, claim) or "Met (the payer has accepted the claim)"),
        _row("24J", "Rendering provider", provider),
        _row("24B", "Place of service", pos_text(claim.place_of_service)),
        "</table><h3>Service lines (box 24)</h3><table>",
        "<tr><th>Date</th><th>Service</th><th>Modifier</th><th>Dx</th>"
        "<th class='money'>Units</th><th class='money'>Charge</th></tr>",
    ]
    for line in claim.lines:
        words = known.procedure_words(line.procedure_code)
        procedure = escape(line.procedure_code) + (
            f"<br><span class='box'>{escape(words)}</span>" if words else "") + (
            f"<br><span class='box'>Authorization {escape(line.prior_authorization)}</span>"
            if line.prior_authorization else "")
        modifiers = "<br>".join(
            f"{escape(m)} <span class='box'>{escape(modifier_meaning(m))}</span>"
            for m in line.modifiers)
        parts.append(
            f"<tr><td class='nowrap'>"
            f"{fmt.date_range(line.service_date.isoformat(), line.last_date.isoformat())}"
            f"</td><td>{procedure}</td><td>{modifiers}"
            f"</td><td>{''.join(chr(64 + p) for p in line.diagnosis_pointers)}</td>"
            f"<td class='money'>{line.units.normalize()}</td>"
            f"<td class='money'>{fmt.money(line.charge_amount)}</td></tr>"
        )
    neg = " neg" if balance < 0 else ""
    parts += [
        f"<tr><td colspan='5'><span class='box'>28</span> Total charge</td>"
        f"<td class='money'>{fmt.money(claim.charge_amount)}</td></tr>",
        f"<tr><td colspan='5'>Balance</td><td class='money{neg}'>{fmt.money(balance)}</td></tr>",
        "</table>",
        payments_html(store, claim.id),  # beside the money, in sight above a long timeline
        "</td><td width='32%'><h3>Timeline</h3><table>",
    ]
    for event in claims.timeline(store, claim.id):
        words = codes_not_said(event.text, event.source, event.codes) if event.codes else ""
        codes = f"<br><span class='box'>{escape(words)}</span>" if words else ""
        if event.source_file:
            codes += f"<br><span class='box'>from {escape(event.source_file)}</span>"
        parts.append(
            f"<tr><td style='white-space: nowrap'>{fmt.timestamp(event.at)}</td>"
            f"<td>{escape(event.text)}{codes}<br><span class='box'>→ "
            f"{escape(event.status_after.label)}</span></td></tr>"
        )
    parts.append("</table></td></tr></table>")
    return "".join(parts)


def eras_html(store: Store, claim_id: int) -> str:
    """The claim's payments: its ERAs and paper EOBs (links), and the rest of its ledger."""
    return payments_html(store, claim_id)


class ClaimCommands(Protocol):
    """What the claim page's buttons ask of the window (each takes the claim's id)."""

    def edit_claim_id(self, claim_id: int) -> None:
        """Open the claim in the editor."""

    def print_claim(self, claim_id: int) -> None:
        """Print the claim on the CMS-1500 form."""

    def corrected_claim(self, claim_id: int) -> None:
        """Start a replacement (frequency 7) of the claim."""

    def send_to_secondary(self, claim_id: int) -> None:
        """Make the claim to the secondary payer."""

    def open_claim_account(self, claim_id: int) -> None:
        """Open the account of the claim's patient."""


class ClaimDialog(QDialog):
    """Double-click on a claim: the whole claim, read-only, with what can be done to it:
    Edit, Print CMS-1500, Corrected claim, Send to secondary and Patient account (when
    ``commands`` is given; a button that cannot apply is disabled and its tooltip says
    why)."""

    def __init__(self, store: Store, claim_id: int, parent: QWidget | None = None,
                 commands: ClaimCommands | None = None) -> None:
        super().__init__(parent)
        claim = claims.get_claim(store, claim_id)
        audit.record_view(store, "claim", claim_id)
        self.claim_id = claim_id
        self.setWindowTitle(f"Claim {claim.patient_control_number}")
        layout = QVBoxLayout(self)
        self.page = QTextBrowser()
        self.page.setAccessibleName("Claim details")
        self.page.setOpenLinks(False)
        self.page.anchorClicked.connect(self._on_page_anchor_clicked)
        self.page.setHtml(claim_html(store, claim))
        layout.addWidget(self.page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.action_buttons: dict[str, QPushButton] = {}
        if commands is not None:
            self._add_actions(store, claim, buttons, commands)
        layout.addWidget(buttons)
        self.resize(1100, 560)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.opened_era: int | None = None
        self.proof_dialog: ProofDialog | None = None

    def _on_page_anchor_clicked(self, url: QUrl) -> None:
        """An ERA link: close the claim and show that ERA on the ERA screen."""
        if url.scheme() != "era":
            return
        self.opened_era = int(url.path())
        window = self.parent()
        show_section = getattr(window, "show_section", None)
        if callable(show_section):
            self.accept()
            navigation = getattr(window, "navigation", None)
            if navigation is not None:
                navigation.select_section("eras")
            show_section("eras").reveal(self.opened_era)

    def _add_actions(self, store: Store, claim: Claim, buttons: QDialogButtonBox,
                     commands: ClaimCommands) -> None:
        editable = ClaimStatus(claim.status) in claims.EDITABLE_STATUSES
        sent = not editable
        no_secondary = secondary.why_not(store, self.claim_id)
        rows: list[tuple[str, str, Callable[[int], None], str]] = [
            ("edit", "Edit", commands.edit_claim_id, "" if editable else
             "A claim sent to the payer no longer changes: send a corrected claim instead."),
            ("print", "Print CMS-1500…", commands.print_claim, ""),
            ("corrected", "Corrected claim…", commands.corrected_claim, "" if sent else
             "Only a claim the payer has received is corrected; edit this one instead."),
            ("secondary", "Send to secondary…", commands.send_to_secondary, no_secondary),
            ("account", "Patient account", commands.open_claim_account, ""),
        ]
        tips = {"edit": "Change the claim in the editor",
                "print": "The claim on the paper CMS-1500 (02/12) form, as a PDF",
                "corrected": "A replacement (frequency 7) of this claim, with the payer's "
                             "claim number, sent with the next batch",
                "secondary": "A claim to the secondary payer that reports what the primary "
                             "paid",
                "account": "The patient's account: charges, payments, adjustments, credit "
                           "and balance, with this claim selected"}
        for key, text, run, why_not in rows:
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setEnabled(not why_not)
            button.setToolTip(why_not or tips[key])
            button.clicked.connect(lambda _c=False, r=run: self._run(r))
            self.action_buttons[key] = button
        self._add_proof_action(store, buttons)

    def _add_proof_action(self, store: Store, buttons: QDialogButtonBox) -> None:
        """"Proof of timely filing…" for a claim that was sent: the packet, to see and save."""
        sent = store_proof.sent_batches(store, self.claim_id)
        why_not = "" if any(s.batch.local_path for s in sent) else (
            "The file that carried this claim is not in the archive, so there is no proof of "
            "filing here." if sent else
            "This claim was never sent to Office Ally, so there is nothing to prove yet.")
        button = buttons.addButton("Proof of timely filing…",
                                   QDialogButtonBox.ButtonRole.ActionRole)
        button.setEnabled(not why_not)
        button.setToolTip(why_not or "The claim as sent, Office Ally's acknowledgments and each "
                          "file's fingerprint, with a cover letter to the payer (PDF)")
        button.clicked.connect(lambda _c=False: self.show_proof(store))
        self.action_buttons["proof"] = button

    def show_proof(self, store: Store) -> None:
        """Open the claim's proof-of-timely-filing packet over the page."""
        try:
            packet = packet_for(store, self.claim_id)
        except KnownError as exc:
            show_known_error(self, exc, "Proof of timely filing")
            return
        self.proof_dialog = ProofDialog(packet, self)
        self.proof_dialog.open()

    def _run(self, command: Callable[[int], None]) -> None:
        """Close the page (it would be out of date), then do the command."""
        self.accept()
        command(self.claim_id)
