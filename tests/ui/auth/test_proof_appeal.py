"""Proof of timely filing where the biller needs it: the Appeal step of a CO-29 denial on
Problems shows the packet, attaches it and saves it beside the letter; the claim page's
"Proof of timely filing…" shows it for any sent claim. Claims really sent to and answered
by the sandbox, so the packet's fingerprints are those of the archived files."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from oa_desktop.domain.next_steps import Step
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.services.claims import problems
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims
from oa_desktop.store import proof as store_proof
from oa_desktop.store.db import Store, utc_now
from oa_desktop.ui.auth.proof_action import ProofDialog, packet_for
from oa_desktop.ui.claims.claim_page import ClaimDialog
from oa_desktop.ui.claims.problems_view import ProblemsView
from tests.conftest import DEMO_DAY
from tests.services.submit.helpers import send_and_answer


def _archived_hashes(workspace: Workspace, batch_id: int) -> dict[str, str]:
    """Name → SHA-256 of the bytes in the archive: the 837P sent and the answers to it."""
    root = workspace.folder.root
    read = workspace.store.read
    name, local = read.execute("SELECT file_name, local_path FROM batches WHERE id = ?",
                               [batch_id]).fetchone()
    found = {name: hashlib.sha256((root / local).read_bytes()).hexdigest()}
    for remote, path in read.execute("SELECT remote_name, local_path FROM received_files"):
        if remote.endswith((".999", ".277")):
            found[remote] = hashlib.sha256((root / path).read_bytes()).hexdigest()
    return found


@pytest.fixture
def sent_and_late(demo_workspace: Workspace) -> tuple[int, dict[str, str]]:
    """A claim sent through the sandbox, acknowledged, then denied CO-29 by the payer."""
    ids, outcome = send_and_answer(demo_workspace, 4)
    store = demo_workspace.store
    claim_id = next(i for i in ids
                    if claims.get_claim(store, i).status == ClaimStatus.ACCEPTED_BY_PAYER)
    with store.write() as db:
        claims.append_events(db, [(claim_id, EventKind.DENIED, utc_now(), "CO-29",
                                   "Denied: the time limit for filing has expired")],
                             source="835")
    return claim_id, _archived_hashes(demo_workspace, outcome.batch.id)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _click_when_shown(dialogs: list[ProofDialog], button_text: str) -> None:
    """Once the modal dialog is up, note it and press one of its buttons."""
    def press() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProofDialog)
        dialogs.append(dialog)
        box = dialog.findChild(QDialogButtonBox)
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()
    QTimer.singleShot(0, press)


def test_co29_appeal_attaches_the_proof_packet(
        qtbot: QtBot, demo_workspace: Workspace, sent_and_late: tuple[int, dict[str, str]],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claim_id, hashes = sent_and_late
    view = ProblemsView(demo_workspace, open_claim=lambda _c: None, resend=lambda _ids: None,
                        today=DEMO_DAY)
    qtbot.addWidget(view)
    view.show()
    assert view.select_claim(claim_id)
    assert view.step_buttons[Step.APPEAL].isVisible()
    letter_path = tmp_path / "out" / "appeal.pdf"
    letter_path.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(letter_path), "PDF files (*.pdf)"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Sent with proof", True))
    shown: list[ProofDialog] = []
    _click_when_shown(shown, "Attach to the appeal")
    view.step_buttons[Step.APPEAL].click()

    # the packet was shown first, naming every archived file with its fingerprint
    (dialog,) = shown
    page = dialog.page.toPlainText()
    for name, sha in hashes.items():
        assert name in page and sha in page, name
    assert "Every file hashes as recorded" in page
    # then saved beside the letter, which encloses it
    pcn = claims.get_claim(demo_workspace.store, claim_id).patient_control_number
    proof_path = letter_path.with_name(f"proof-of-timely-filing-{pcn}.pdf")
    assert proof_path.is_file() and letter_path.is_file()
    packet_text = "".join(_pdf_text(proof_path).split())
    for name, sha in hashes.items():
        assert sha in packet_text, name
    assert "CO-29" in packet_text
    letter = " ".join(_pdf_text(letter_path).split())
    assert "Enclosed: proof of timely filing" in letter
    assert proof_path.name in view.status.text() and "appeal" in view.status.text().lower()
    # and the claim waits for the payer's answer to the appeal
    parked = {i.claim_id: i for i in problems.worklist(demo_workspace.store, DEMO_DAY,
                                                       waiting=True)}
    assert parked[claim_id].waiting_note == "Sent with proof"


def test_closing_the_packet_cancels_the_appeal(
        qtbot: QtBot, demo_workspace: Workspace, sent_and_late: tuple[int, dict[str, str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    claim_id, _hashes = sent_and_late
    view = ProblemsView(demo_workspace, open_claim=lambda _c: None, resend=lambda _ids: None,
                        today=DEMO_DAY)
    qtbot.addWidget(view)
    assert view.select_claim(claim_id)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (asked.append("letter"), ("", ""))[1])
    shown: list[ProofDialog] = []
    _click_when_shown(shown, "Close")
    view.step_buttons[Step.APPEAL].click()
    assert shown and asked == []
    assert view.select_claim(claim_id)  # still a problem: nothing was recorded


def test_claim_page_offers_the_packet_for_a_sent_claim(
        qtbot: QtBot, demo_workspace: Workspace, sent_and_late: tuple[int, dict[str, str]],
        tmp_path: Path) -> None:
    claim_id, hashes = sent_and_late

    class Commands:
        def edit_claim_id(self, claim_id: int) -> None: ...
        def print_claim(self, claim_id: int) -> None: ...
        def corrected_claim(self, claim_id: int) -> None: ...
        def send_to_secondary(self, claim_id: int) -> None: ...
        def open_claim_account(self, claim_id: int) -> None: ...

    page = ClaimDialog(demo_workspace.store, claim_id, commands=Commands())
    qtbot.addWidget(page)
    button = page.action_buttons["proof"]
    assert button.isEnabled()
    button.click()
    assert page.proof_dialog is not None and page.proof_dialog.isVisible()
    text = page.proof_dialog.page.toPlainText()
    assert all(name in text and sha in text for name, sha in hashes.items())
    said = page.proof_dialog.save(tmp_path / "proof.pdf")
    assert "Saved the proof of timely filing" in said and (tmp_path / "proof.pdf").is_file()

    draft = demo_workspace.store.read.execute(
        "SELECT id FROM claims WHERE status = 'draft' LIMIT 1").fetchone()[0]
    never_sent = ClaimDialog(demo_workspace.store, draft, commands=Commands())
    qtbot.addWidget(never_sent)
    assert not never_sent.action_buttons["proof"].isEnabled()
    assert "never sent" in never_sent.action_buttons["proof"].toolTip()


def test_a_co29_appeal_without_archived_files_says_why_there_is_no_packet(
        qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    late = next(i for i in problems.worklist(demo_workspace.store, DEMO_DAY)
                if i.codes == "CO-29")
    _forget_files(demo_workspace.store, late.claim_id)
    view = ProblemsView(demo_workspace, open_claim=lambda _c: None, resend=lambda _ids: None,
                        today=DEMO_DAY)
    qtbot.addWidget(view)
    assert view.select_claim(late.claim_id)
    letter_path = tmp_path / "appeal.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(letter_path), "PDF files (*.pdf)"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("", True))
    view.step_buttons[Step.APPEAL].click()  # no packet to show: straight to the letter
    assert letter_path.is_file()
    assert not list(tmp_path.glob("proof-of-timely-filing-*.pdf"))
    assert "No proof-of-filing packet" in view.status.text()
    assert "acceptance report" in " ".join(_pdf_text(letter_path).split())


def _forget_files(store: Store, claim_id: int) -> None:
    """Make the claim's batches look recorded without a file (as an old install's were)."""
    for sent in store_proof.sent_batches(store, claim_id):
        batches.set_batch_file(store, sent.batch.id, file_name="", local_path="", sha256="")


def test_the_demos_co29_denial_has_its_packet(demo_workspace: Workspace) -> None:
    late = next(i for i in problems.worklist(demo_workspace.store, DEMO_DAY)
                if i.codes == "CO-29")
    packet = packet_for(demo_workspace.store, late.claim_id, DEMO_DAY)
    assert packet.submissions and packet.submissions[0].file.matches


class _Commands:
    def edit_claim_id(self, claim_id: int) -> None: ...
    def print_claim(self, claim_id: int) -> None: ...
    def corrected_claim(self, claim_id: int) -> None: ...
    def send_to_secondary(self, claim_id: int) -> None: ...
    def open_claim_account(self, claim_id: int) -> None: ...


def test_claim_page_proof_needs_the_archived_file(qtbot: QtBot,
                                                  demo_workspace: Workspace) -> None:
    late = next(i for i in problems.worklist(demo_workspace.store, DEMO_DAY)
                if i.codes == "CO-29")
    _forget_files(demo_workspace.store, late.claim_id)
    page = ClaimDialog(demo_workspace.store, late.claim_id, commands=_Commands())
    qtbot.addWidget(page)
    assert not page.action_buttons["proof"].isEnabled()
    assert "not in the archive" in page.action_buttons["proof"].toolTip()
