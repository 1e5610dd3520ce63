"""Problems: one worklist for every rejected, denied, pended or stuck claim.

The table says what went wrong and how much is at stake, oldest and largest first; the
pane under it says the reason in full (codes in small type), what to do, and offers only
the next steps that fit the reason (a timely-filing denial never offers a replacement).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.next_steps import ProblemKind, Step
from oa_desktop.domain.scrub_findings import has_errors
from oa_desktop.errors import KnownError
from oa_desktop.services.auth.proof import ProofPacket
from oa_desktop.services.claims import problems, rejections
from oa_desktop.services.claims.problems import Problem
from oa_desktop.services.reports.table import Kind
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.auth.proof_action import ProofDialog, enclosure, packet_for
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import MUTED, Column
from oa_desktop.ui.kit.messages import show_known_error
from oa_desktop.ui.kit.roles import ItemRole
from oa_desktop.ui.kit.table_model import TableModel, make_table
from oa_desktop.ui.kit.table_tools import TableTools
from oa_desktop.ui.pdf.appeal_pdf import write_appeal_letter
from oa_desktop.ui.pdf.proof_pdf import write_proof

RED = "#b3261e"
FIX_FIRST, SEND_AGAIN = "fix", "send"  # the answers to "Fix and resend"


def _reason_tip(p: Problem) -> str:
    return f"{p.reason}\n{p.codes}" if p.codes else p.reason


COLUMNS: list[Column[Problem]] = [
    Column("Claim #", lambda p: p.pcn, width=80),
    Column("Patient", lambda p: p.patient, width=140),
    Column("Payer", lambda p: p.payer, width=135),
    Column("DOS", lambda p: p.service_date, text=lambda p: fmt.iso_to_display(p.service_date),
           width=80),
    Column("Amount", lambda p: p.amount, Kind.MONEY, width=75),
    Column("Days", lambda p: p.days, Kind.COUNT, width=42),
    Column("Problem", lambda p: p.kind.label, width=80,
           color=lambda p: RED if p.kind in (ProblemKind.REJECTED, ProblemKind.DENIED) else ""),
    Column("Reason", lambda p: p.reason, tip=_reason_tip, width=250),
    Column("Code", lambda p: p.codes, color=lambda p: MUTED, width=58),
    Column("Next step", lambda p: p.next_step, width=165),
    Column("Waiting until", lambda p: p.waiting_until,
           text=lambda p: "" if p.waiting_until.startswith("9999")
           else fmt.iso_to_display(p.waiting_until), width=95),
]
WAITING_COLUMN = 10
REASON_COLUMN = 7


def _since(item: Problem) -> str:
    days = f"{item.days} day{'s' * (item.days != 1)} ago"
    if item.kind is ProblemKind.STUCK:
        return f"Sent {days}"
    if item.kind is ProblemKind.NEEDS_INFO:
        return f"Payer asked {days}"
    return f"{item.kind.label} {days}"


class ProblemsView(QWidget):
    """The Problems worklist; ``changed`` after a step that moved money or a claim."""

    changed = Signal()

    def __init__(self, workspace: Workspace, open_claim: Callable[[int], None],
                 resend: Callable[[set[int]], object], today: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.store = workspace.store
        self.open_claim = open_claim
        self.resend = resend
        self.today = today
        self.model: TableModel[Problem] = TableModel(COLUMNS, self)
        self.table, self.proxy = make_table(self.model, "Problems", stretch=False)
        self.table.horizontalHeader().setSectionResizeMode(  # the columns fit the pane
            REASON_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self._on_open_clicked())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.tools = TableTools(self, self.table, lambda: "Problems", self.store, self.status,
                                today=today)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Show problems of kind")
        self.payer_filter = QComboBox()
        self.payer_filter.setAccessibleName("Show problems of payer")
        self.waiting_box = QCheckBox("Show waiting")
        self.waiting_box.setToolTip("Also list claims you appealed or marked as waiting")
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.payer_filter.currentIndexChanged.connect(lambda _i: self._fill())
        self.waiting_box.toggled.connect(lambda _on: self.reload())
        self.empty = QLabel("No problems. Rejected, denied and unanswered claims land here "
                            "with the reason in words and the next step.")
        self.empty.setWordWrap(True)
        self._items: list[Problem] = []
        self.no_proof = ""  # why the last CO-29 appeal had no proof packet
        self._build_detail()
        self._lay_out()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selected())
        self.reload()

    # -- building ---------------------------------------------------------------------------

    def _build_detail(self) -> None:
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.setAccessibleName("Reason")
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("What to do")
        self.open_button = QPushButton("Open claim")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.step_buttons: dict[Step, QPushButton] = {}
        for step, handler in ((Step.FIX_AND_RESEND, self._on_fix_clicked),
                              (Step.CORRECT_AND_RESUBMIT, self._on_correct_clicked),
                              (Step.APPEAL, self._on_appeal_clicked),
                              (Step.WRITE_OFF, self._on_write_off_clicked),
                              (Step.MARK_WAITING, self._on_waiting_clicked)):
            button = QPushButton(step.label)
            button.clicked.connect(handler)
            self.step_buttons[step] = button

    def _lay_out(self) -> None:
        title = QLabel("<h2>Problems</h2>")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.payer_filter)
        filters.addWidget(self.waiting_box)
        filters.addStretch(1)
        filters.addWidget(self.tools.columns_button)
        filters.addWidget(self.tools.csv_button)
        detail = QWidget()
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.reason)
        box.addWidget(self.advice)
        self.buttons = QHBoxLayout()
        for button in self.step_buttons.values():
            self.buttons.addWidget(button)
        self.buttons.addWidget(self.open_button)
        self.buttons.addStretch(1)
        box.addLayout(self.buttons)
        box.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the problems again; keep the filters and the selected claim. What the last
        step did is cleared: after a refresh it may no longer be true (sent since)."""
        keep = self.selected()
        self.status.clear()
        self._items = problems.worklist(self.store, self.today,
                                        waiting=self.waiting_box.isChecked())
        self._fill_filters()
        self._fill()
        if keep is not None:
            self.select_claim(keep.claim_id)

    def _fill_filters(self) -> None:
        counts = problems.counts(self._items)
        kind = self.kind_filter.currentData()
        payer = self.payer_filter.currentData()
        for combo in (self.kind_filter, self.payer_filter):
            combo.blockSignals(True)
            combo.clear()
        self.kind_filter.addItem(f"All problems ({len(self._items)})", None)
        for k in ProblemKind:
            self.kind_filter.addItem(f"{k.label} ({counts[k]})", k.value)
        self.payer_filter.addItem("All payers", None)
        for payer_id, name in sorted({(p.payer_id, p.payer) for p in self._items},
                                     key=lambda x: x[1]):
            self.payer_filter.addItem(name, payer_id)
        self.kind_filter.setCurrentIndex(max(self.kind_filter.findData(kind), 0))
        self.payer_filter.setCurrentIndex(max(self.payer_filter.findData(payer), 0))
        for combo in (self.kind_filter, self.payer_filter):
            combo.blockSignals(False)

    def set_filter(self, kind: ProblemKind | None = None, payer_id: int | None = None) -> None:
        """Show one kind and/or one payer (None for all)."""
        self.kind_filter.setCurrentIndex(
            max(self.kind_filter.findData(None if kind is None else kind.value), 0))
        self.payer_filter.setCurrentIndex(max(self.payer_filter.findData(payer_id), 0))
        self._fill()

    def _fill(self) -> None:
        kind = self.kind_filter.currentData()
        payer = self.payer_filter.currentData()
        shown = [p for p in self._items
                 if (kind is None or p.kind.value == kind)
                 and (payer is None or p.payer_id == payer)]
        self.model.set_items(shown)
        self.table.setColumnHidden(WAITING_COLUMN, not self.waiting_box.isChecked())
        self.empty.setVisible(not shown)
        if shown:
            self.table.selectRow(0)
        self._on_selected()

    def selected(self) -> Problem | None:
        """The selected claim's problem."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item: Problem = self.proxy.data(rows[0], ItemRole.OBJECT)
        return item

    def select_claim(self, claim_id: int) -> bool:
        """Select one claim's row; False if it is not shown."""
        for row in range(self.proxy.rowCount()):
            item: Problem = self.proxy.data(self.proxy.index(row, 0), ItemRole.OBJECT)
            if item.claim_id == claim_id:
                self.table.selectRow(row)
                return True
        return False

    def _on_selected(self) -> None:
        item = self.selected()
        self.open_button.setEnabled(item is not None)
        steps = item.steps if item is not None else ()
        for step, button in self.step_buttons.items():  # the usual step first, in bold
            self.buttons.removeWidget(button)
            button.setVisible(step in steps)
            font = button.font()
            font.setBold(bool(steps) and steps[0] is step)
            button.setFont(font)
        for position, step in enumerate(steps):
            self.buttons.insertWidget(position, self.step_buttons[step])
        if item is None:
            self.reason.setText("")
            self.advice.setText("")
            return
        codes = (f" <span style='color:{MUTED}; font-size:small'>{escape(item.codes)}</span>"
                 if item.codes else "")
        number = (f"<br>Payer's claim number: {escape(item.payer_claim_number)}"
                  if item.payer_claim_number else "")
        waiting = ""
        if item.waiting_until:
            waiting = "<br><i>Waiting" + ("" if item.waiting_until.startswith("9999") else
                                          f" until {fmt.iso_to_display(item.waiting_until)}")
            waiting += f": {escape(item.waiting_note)}</i>" if item.waiting_note else "</i>"
        self.reason.setText(
            f"<b>{escape(item.pcn)} — {escape(item.patient)}, {escape(item.payer)}, "
            f"{fmt.money(item.amount)}</b><br>{_since(item)}: "
            f"{escape(item.reason)}{codes}{number}{waiting}")
        self.advice.setText(f"<b>{escape(item.advice.group)}.</b> {escape(item.advice.advice)}")

    # -- the next steps ---------------------------------------------------------------------

    def act(self, step: Step, *, number: str = "", note: str = "", reason: str = "",
            days: int = 14) -> str:
        """Take ``step`` for the selected claim (answers given); return what happened."""
        item = self.selected()
        if item is None:
            return ""
        try:
            if step is Step.CORRECT_AND_RESUBMIT:
                message = problems.correct_and_resubmit(self.store, item.claim_id, number,
                                                        self.today)
            elif step is Step.APPEAL:
                message = problems.appeal(self.store, item.claim_id, note, today=self.today)
            elif step is Step.WRITE_OFF:
                message = problems.write_off(self.store, item.claim_id, reason, note, self.today)
            elif step is Step.MARK_WAITING:
                message = problems.mark_waiting(self.store, item.claim_id, days, note,
                                                self.today)
            else:
                message = self._fix_and_resend(item)
        except KnownError as exc:
            show_known_error(self, exc, step.label.rstrip("…"))
            return exc.message
        self.reload()
        self.status.setText(message)
        self.changed.emit()
        return message

    def _fix_and_resend(self, item: Problem) -> str:
        findings = rejections.reopen_for_resend(self.store, item.claim_id, self.today)
        if has_errors(findings):
            first = next(f for f in findings if f.severity == "error")
            self.open_claim(item.claim_id)
            return (f"Claim {item.pcn} is back in Drafts: {first.message} Fix it there and "
                    "mark it ready; the next batch sends it with a new claim number.")
        self.resend({item.claim_id})
        return f"Claim {item.pcn} is ready to send again as a new claim."

    def _on_open_clicked(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_claim(item.claim_id)
            self.reload()

    def _on_fix_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        answer = self.ask_fixed(item)
        if answer == FIX_FIRST:
            self.open_claim(item.claim_id)
            self.reload()
        elif answer == SEND_AGAIN:
            self.act(Step.FIX_AND_RESEND)

    def ask_fixed(self, item: Problem) -> str:
        """Before a rejected claim goes again: has what the reason names been fixed?
        Returns FIX_FIRST (the default: open the claim), SEND_AGAIN or "" (cancel)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Fix and resend",
                          f"Claim {item.pcn} ({item.patient}) was rejected: {item.reason}.",
                          parent=self)
        box.setInformativeText(
            "Fix what the reason names before you send it again: on the claim, or in the "
            "record it comes from (the provider, the patient's insurance, the payer). Sent "
            "again unchanged, it will be rejected again.")
        fix = box.addButton("Open the claim to fix it", QMessageBox.ButtonRole.AcceptRole)
        send = box.addButton("It is fixed: send it again", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(fix)
        box.exec()
        clicked = box.clickedButton()
        return FIX_FIRST if clicked is fix else SEND_AGAIN if clicked is send else ""

    def _on_correct_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        number = item.payer_claim_number
        if not number:
            number, ok = QInputDialog.getText(
                self, "Payer's claim number",
                "The payer's claim number (from the ERA or the payer's portal):")
            if not ok or not number.strip():
                return
        self.act(Step.CORRECT_AND_RESUBMIT, number=number)

    def proof_packet(self, item: Problem) -> ProofPacket | None:
        """The proof-of-timely-filing packet a CO-29 appeal attaches; None for other reasons
        or a claim whose sent file is not in the archive (``no_proof`` then says why)."""
        self.no_proof = ""
        if not problems.is_timely_filing(item):
            return None
        try:
            return packet_for(self.store, item.claim_id, self.today)
        except KnownError as exc:
            self.no_proof = f"No proof-of-filing packet: {exc.message} {exc.next_step}"
            return None

    def _on_appeal_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        packet = self.proof_packet(item)
        if packet is not None:
            shown = ProofDialog(packet, self, attach_text=(
                "The payer denied this claim as filed late. This proof of timely filing goes "
                "with the appeal letter: check the dates, then attach it."))
            if shown.exec() != QDialog.DialogCode.Accepted:
                return
        letter = problems.appeal_letter(self.store, item.claim_id, self.today,
                                        enclosure=enclosure(packet) if packet else "")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the appeal letter", f"appeal-{item.pcn}.pdf", "PDF files (*.pdf)")
        saved = self._save_appeal(item, letter, packet, Path(path)) if path else []
        note, ok = QInputDialog.getText(
            self, "Appeal", "Record the appeal. What you sent, or will send (optional):",
            text="Appeal with proof of timely filing" if packet else "")
        if ok:
            message = self.act(Step.APPEAL, note=note)
            if saved and message:
                self.status.setText(f"{message} Saved {' and '.join(saved)}.")
            if message and self.no_proof:
                self.status.setText(f"{self.status.text()} {self.no_proof}")

    def _save_appeal(self, item: Problem, letter: list[str], packet: ProofPacket | None,
                     path: Path) -> list[str]:
        """Write the letter, and beside it the proof packet; returns the files' names."""
        try:
            write_appeal_letter(letter, path)
            saved = [path.name]
            if packet is not None:
                proof = path.with_name(f"proof-of-timely-filing-{item.pcn}.pdf")
                write_proof(packet, proof)
                saved.append(proof.name)
        except OSError as exc:
            show_known_error(self, KnownError(f"Could not write {path.name}: {exc}.",
                                              "Choose another folder."), "Appeal")
            return []
        return saved

    def _on_write_off_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        reason, ok = QInputDialog.getItem(
            self, "Write off", f"Why write off {fmt.money(item.amount)} on claim {item.pcn}?",
            list(problems.WRITE_OFF_REASONS), 0, False)
        if not ok:
            return
        then = (f"? The patient's {fmt.money(item.stays)} stays on their account."
                if item.stays else " and close it?")
        answer = QMessageBox.question(
            self, "Write off", f"Write off {fmt.money(item.amount)} on claim {item.pcn} "
            f"({item.patient}) as “{reason}”{then}")
        if answer == QMessageBox.StandardButton.Yes:
            self.act(Step.WRITE_OFF, reason=reason)

    def _on_waiting_clicked(self) -> None:
        if self.selected() is None:
            return
        days, ok = QInputDialog.getInt(
            self, "Mark as waiting", "Hide this claim for how many days? It comes back "
            "sooner if an answer arrives.", 14, 1, 180)
        if ok:
            self.act(Step.MARK_WAITING, days=days)
