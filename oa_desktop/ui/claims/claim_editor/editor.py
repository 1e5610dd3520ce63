"""The claim editor: the CMS-1500 boxes, the live scrubber, Save (draft) and Mark ready."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.models import Claim, Frequency
from oa_desktop.domain.scrub_findings import Finding, has_errors
from oa_desktop.domain.status import ClaimStatus, EventKind
from oa_desktop.services.auth.filing import deadline_text
from oa_desktop.services.auth.usage import fill_box23
from oa_desktop.services.claims import problems as worklist
from oa_desktop.store import claims, records
from oa_desktop.store.db import Store
from oa_desktop.ui.claims.claim_editor import icd10, scrubbing
from oa_desktop.ui.claims.claim_editor.diagnoses import LETTERS, DiagnosisGrid
from oa_desktop.ui.claims.claim_editor.findings_panel import FindingsPanel
from oa_desktop.ui.claims.claim_editor.header import ClaimHeader
from oa_desktop.ui.claims.claim_editor.lines import LinesGrid
from oa_desktop.ui.claims.claim_editor.marks import FieldMarks
from oa_desktop.ui.claims.claim_editor.scrubbing import form_error
from oa_desktop.ui.kit import fit, splitters
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.ui.kit.columns import MUTED

_SAVE_BLOCKERS = {"form.patient", "form.coverage"}
_PRACTICE_BOXES = {"25", "33", "33a", "33b"}


def claim_for_patient(store: Store, patient_id: int) -> Claim:
    """A new claim: primary coverage, secondary if any, the last claim's provider and codes."""
    coverages = records.list_coverages(store, patient_id)
    last = claims.last_claim_for_patient(store, patient_id)
    claim = Claim(
        patient_id=patient_id, coverage_id=coverages[0].id or 0 if coverages else 0,
        patient_control_number="",
        secondary_coverage_id=next((c.id for c in coverages if c.rank == 2), None),
    )
    if last is not None:
        claim.rendering_provider_id = last.rendering_provider_id
        claim.facility_id = last.facility_id
        claim.diagnoses = list(last.diagnoses)
        claim.place_of_service = last.place_of_service
        claim.prior_authorization = last.prior_authorization
    return claim


class ClaimEditor(QDialog):
    """Edit a new, draft, ready or rejected claim. Saving sends a ready one back to draft."""

    def __init__(
        self, store: Store, claim: Claim | None = None, parent: QWidget | None = None,
        *, keep_dates: bool = True,
    ) -> None:
        super().__init__(parent)
        icd10.warm_up()
        self.store = store
        self.claim = claim or Claim(patient_id=0, coverage_id=0, patient_control_number="")
        self.findings: list[Finding] = []
        self.dirty = False
        self.setWindowTitle(self._title())
        self.header = ClaimHeader(store)
        self.diagnoses = DiagnosisGrid()
        self.lines = LinesGrid(store)
        self.panel = FindingsPanel()
        self.pcn = QLabel()
        self.deadline = QLabel()
        self.deadline.setAccessibleName("Timely filing deadline")
        self.total = QLabel()
        self.total.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.status = QLabel()
        self.button_box = QDialogButtonBox()  # the platform's order, like every dialog
        self.save_button = self.button_box.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save draft  (Ctrl+S)")
        self.ready_button = self.button_box.addButton(
            "Mark ready", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.button_box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Cancel  (Esc)")
        self.save_button.setDefault(True)
        self._lay_out()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh_findings)
        self._fill(self.claim, keep_dates)
        for widget in (self.header, self.diagnoses, self.lines):
            widget.changed.connect(self._on_form_changed)
        self.save_button.clicked.connect(self.save)
        self.ready_button.clicked.connect(self.mark_ready)
        self.cancel_button.clicked.connect(self.reject)
        self.panel.finding_chosen.connect(self._on_panel_finding_chosen)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(fit.default_size(self, QSize(1340, 860)))
        # a new claim shows findings for the fields the biller has left; a stored one, all
        self.marks = FieldMarks(self, self.claim.id is None, self._on_field_left)
        self.lines.changed.connect(self.marks.watch)  # rows appear as lines are typed
        self._show_rejection()
        self.refresh_findings()
        self.dirty = claim is None or claim.id is None
        self._as_opened = self._snapshot()

    def _show_rejection(self) -> None:
        """A rejected claim opened to fix it: the reason stays in sight while fixing."""
        if self.claim.id is None or self.claim.status != ClaimStatus.REJECTED:
            return
        item = worklist.rejection(self.store, self.claim.id)
        if item is None:
            return
        codes = f" <span style='color:{MUTED}'>{escape(item.codes)}</span>" if item.codes else ""
        self.panel.show_rejection(
            f"<b>Rejected {item.days} day{'s' * (item.days != 1)} ago:</b> "
            f"{escape(item.reason)}{codes}<br>Fix it here, or in the record it comes from "
            "(provider, the patient's insurance, payer), then Mark ready.")

    def _title(self) -> str:
        if self.claim.id is None:
            return "New claim"
        return f"Claim {self.claim.patient_control_number} ({self.claim.status})"

    def _lay_out(self) -> None:
        box21 = QGroupBox("21  Diagnoses (ICD-10-CM) — type a code or words, pick from the list")
        QVBoxLayout(box21).addWidget(self.diagnoses)
        box24 = QGroupBox("24  Services — the charge fills from the fee schedule (price × units)")
        scroll = self.lines_scroll = QScrollArea()
        scroll.setWidget(self.lines)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        QVBoxLayout(box24).addWidget(scroll)
        totals = QHBoxLayout()
        totals.addWidget(self.pcn)
        totals.addSpacing(24)
        totals.addWidget(self.deadline)
        totals.addStretch(1)
        totals.addWidget(self.total)
        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(box21)
        column.addWidget(box24, 1)
        column.addLayout(totals)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(form)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitters.remember(splitter, self.store, "claim_editor.findings", [1000, 280])
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.button_box)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _fill(self, claim: Claim, keep_dates: bool) -> None:
        self.header.fill(claim)
        self.diagnoses.set_codes(claim.diagnoses)
        self.lines.set_lines(claim.lines, keep_dates)
        self.pcn.setText(f"26  Patient account no. (claim #): "
                         f"{claim.patient_control_number or 'given when saved'}")

    # -- reading the form -------------------------------------------------------------------

    def collect(self) -> tuple[Claim, list[Finding]]:
        """The claim as typed and what stops the editor from building it fully."""
        claim = Claim(patient_id=0, coverage_id=0,
                      patient_control_number=self.claim.patient_control_number,
                      status=self.claim.status, id=self.claim.id)
        self.header.apply(claim)
        problems: list[Finding] = []
        if not claim.patient_id:
            problems.append(form_error("patient", "2", "2010CA NM1", "No patient is chosen.",
                                       "Pick the patient (type part of the name)."))
        elif not claim.coverage_id:
            problems.append(form_error("coverage", "1a", "2010BA NM109",
                                       "The patient has no coverage to bill.",
                                       "Add the insurance in Patients, then pick it here."))
        if claim.secondary_coverage_id and claim.secondary_coverage_id == claim.coverage_id:
            problems.append(form_error("secondary", "11d", "2320 SBR",
                                       "The other coverage is the one billed.",
                                       "Pick a different coverage or (none)."))
        codes = self.diagnoses.codes()
        used = len(codes) - next((n for n, c in enumerate(reversed(codes)) if c), len(codes))
        claim.diagnoses = codes[:used]
        gaps = [LETTERS[n] for n, c in enumerate(claim.diagnoses) if not c]
        if gaps:
            problems.append(form_error("diagnosis_gap", "21", "2300 HI",
                                       f"Diagnosis {gaps[0]} is empty but a later one is typed.",
                                       "Fill box 21 from A without gaps."))
        if claim.frequency is not Frequency.ORIGINAL and not claim.original_claim_number:
            problems.append(form_error("original", "22", "2300 REF*F8",
                                       "A replacement or void needs the payer's claim number.",
                                       "Type the payer claim number from the ERA or 277CA."))
        claim.lines, line_problems = self.lines.read(len(claim.diagnoses))
        problems += line_problems
        if not claim.lines and not line_problems:
            problems.append(form_error("no_lines", "24", "2400 LX", "The claim has no service "
                                       "lines.", "Type at least one line in box 24."))
        return claim, problems

    def refresh_findings(self) -> None:
        """Re-run the scrubber on what is typed; show the findings, their fields and the total.

        ``findings`` holds them all (they decide Mark ready); the panel lists those the
        biller should see now (see ``marks``)."""
        claim, problems = self.collect()
        if claim.patient_id and claim.coverage_id and fill_box23(self.store, claim):
            self.header.prior_auth.setText(claim.prior_authorization)  # box 23 follows the lines
            self.lines.show_authorizations(claim.lines)  # and a line under another, its own
        scrubbed = scrubbing.scrub_claim(self.store, claim) \
            if claim.patient_id and claim.coverage_id else []
        self.findings = scrubbing.merge(problems, scrubbed)
        self.deadline.setText(deadline_text(self.store, claim)
                              if claim.patient_id and claim.coverage_id else "")
        places = [(f, self._widget_for(f)) for f in self.findings]
        shown = [(f, w) for f, w in places if f.box in _PRACTICE_BOXES or self.marks.shows(w)]
        self.shown_findings = [f for f, _w in shown]
        self.panel.show_findings(self.shown_findings, hidden=len(places) - len(shown))
        self.marks.mark([(w, f.severity, f"{f.message}\n{f.hint}") for f, w in shown
                         if w is not None])
        self.lines.mark_rows({f.line for f in self.shown_findings if f.line})
        self._show_total()
        self.ready_button.setEnabled(not has_errors(self.findings))

    def _show_total(self) -> None:
        """Box 28: the sum of every typed line; a line whose charge cannot be read is named."""
        total, uncounted = self.lines.typed_total()
        text = f"28  Total charge: {fmt.money(total)}"
        if uncounted:
            which = ", ".join(str(n) for n in uncounted)
            text += f" — {fmt.plural(len(uncounted), 'line')} ({which}) without a charge"
        self.total.setText(text)
        self.total.setStyleSheet("font-size: 12pt; font-weight: 600;"
                                 + (" color: #b3261e;" if uncounted else ""))

    def _on_form_changed(self) -> None:
        self.dirty = True
        if self.isVisible():
            self._timer.start()

    # -- actions ----------------------------------------------------------------------------

    def store_claim(self) -> int | None:
        """Save the claim as a draft; None (and a note) when it cannot be stored yet."""
        claim, problems = self.collect()
        blockers = [p for p in problems if p.code in _SAVE_BLOCKERS or p.line is not None]
        if blockers:
            self.status.setStyleSheet("color: #b3261e;")
            self.status.setText(f"Not saved: {blockers[0].message} {blockers[0].hint}")
            self._focus(blockers[0])
            return None
        if not claim.patient_control_number:
            claim.patient_control_number = claims.new_pcn(self.store)
        claim_id = claims.save_claim(self.store, claim)
        self.claim = claims.get_claim(self.store, claim_id)
        self.dirty = False
        return claim_id

    def save(self) -> None:
        """Save as draft and close."""
        self._timer.stop()
        self.marks.show_all()
        self.refresh_findings()
        if self.store_claim() is not None:
            self.accept()

    def mark_ready(self) -> None:
        """Save, then mark the claim ready to send (only without errors)."""
        self.marks.show_all()
        self.refresh_findings()
        if has_errors(self.findings):
            self.status.setText("Fix the errors the scrubber lists first.")
            return
        claim_id = self.store_claim()
        if claim_id is not None:
            claims.add_event(self.store, claim_id, EventKind.MARKED_READY)
            self.accept()

    def _snapshot(self) -> list[object]:
        """Everything typed or chosen, to tell a change from no change."""
        texts: list[object] = [e.text() for e in self.findChildren(QLineEdit)]
        return texts + [b.currentIndex() for b in self.findChildren(QComboBox)]

    def changed_since_opened(self) -> bool:
        """True when the biller typed or chose anything since the editor opened."""
        return self._snapshot() != self._as_opened

    def reject(self) -> None:
        """Esc / Cancel: close without writing; ask first only when something was typed,
        with Cancel (keep editing) as the default answer."""
        if self.dirty and self.isVisible() and self.changed_since_opened():
            answer = QMessageBox.question(
                self, "Close without saving?",
                "You typed changes in this claim. Close it and lose them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._timer.stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop timers and save state before the window closes."""
        self._timer.stop()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop the scrub timer while the editor is hidden."""
        self._timer.stop()
        super().hideEvent(event)

    def _on_field_left(self) -> None:
        if self.isVisible():  # focus also leaves a field while the editor closes
            self._timer.start()

    # -- findings → fields ----------------------------------------------------------------

    def _on_panel_finding_chosen(self, finding: Finding) -> None:
        self._focus(finding)

    def _focus(self, finding: Finding) -> None:
        if finding.box in _PRACTICE_BOXES:
            self.status.setText("This is set in PRACTICE → Practice.")
            return
        widget = self._widget_for(finding)
        if widget is None:
            self.status.setText(finding.hint)
            return
        if self.lines.isAncestorOf(widget):
            self.lines_scroll.ensureWidgetVisible(widget)
        widget.setFocus()
        self.status.setText(finding.hint)

    def _widget_for(self, finding: Finding) -> QWidget | None:
        """The field a finding is about (None for what no field here holds, like box 26)."""
        if finding.box in _PRACTICE_BOXES:
            return None
        if finding.line and 0 < finding.line <= len(self.lines.rows):
            return self.lines.rows[finding.line - 1].field_for_box(finding.box)
        h = self.header
        by_box: dict[str, QWidget] = {
            "2": h.patient, "3": h.patient, "5": h.patient, "1a": h.coverage, "1": h.coverage,
            "4": h.coverage, "6": h.coverage, "7": h.coverage, "11": h.coverage,
            "11a": h.coverage, "11d": h.secondary, "17": h.referring_name,
            "17b": h.referring_npi, "19": h.note, "23": h.prior_auth, "24J": h.rendering,
            "24B": h.place_of_service, "32": h.facility, "32a": h.facility,
            "Payer": h.coverage,
            "22": h.original if h.frequency.currentIndex() else h.frequency,
            "24": self.lines.rows[0].from_date,
        }
        if finding.box == "21":
            return self._diagnosis_field(finding)
        return by_box.get(finding.box)

    def _diagnosis_field(self, finding: Finding) -> QWidget:
        fields = self.diagnoses.fields
        for field in fields:
            if field.code() and field.edit.text() in finding.message:
                return field
        return next((f for f in fields if not f.code()), fields[0])
