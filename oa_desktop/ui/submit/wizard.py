"""The batch submission wizard: Choose → Scrub → Summary → Send.

The flow (services.submit.flow) holds the state and does the work; these pages only
show it. Nothing is written until Finish; then the window sends the batch in the
background (SubmitActions.send_claims).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from oa_desktop.services.submit.flow import Filters, SubmitFlow
from oa_desktop.ui.kit import formats as fmt

_NO_DATE = QDate(2000, 1, 1)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ChoosePage(QWizardPage):
    """1) Which ready claims: filter by payer, provider or date; tick the ones to send."""

    def __init__(self, flow: SubmitFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle("Choose the claims to send")
        self.setSubTitle("Every claim that is ready to send is listed. Narrow the list by "
                         "payer, provider or date of service, and untick any to keep back.")
        self.payer = QComboBox()
        self.provider = QComboBox()
        self.payer.addItem("All payers", None)
        self.provider.addItem("All providers", None)
        for pid, name in sorted({(c.payer_id, c.payer_name) for c in flow.candidates},
                                key=lambda p: p[1]):
            self.payer.addItem(name, pid)
        for rid, name in sorted({(c.provider_id, c.provider_name) for c in flow.candidates},
                                key=lambda p: p[1]):
            self.provider.addItem(name, rid)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
            edit.setMinimumDate(_NO_DATE)
            edit.setSpecialValueText("any")
            edit.setDate(_NO_DATE)
            edit.dateChanged.connect(self._on_filter_changed)
        self.payer.setAccessibleName("Payer filter")
        self.provider.setAccessibleName("Provider filter")
        self.payer.currentIndexChanged.connect(self._on_filter_changed)
        self.provider.currentIndexChanged.connect(self._on_filter_changed)
        filters = QHBoxLayout()
        for label, widget in (("Payer", self.payer), ("Provider", self.provider),
                              ("Service from", self.date_from), ("to", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        self.table = _table(["Send", "Claim #", "Patient", "Payer", "Provider",
                             "Date of service", "Charge"])
        self.table.setAccessibleName("Ready claims")
        self.table.itemChanged.connect(self._on_table_item_changed)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.fill()

    def _on_filter_changed(self) -> None:
        def day(edit: QDateEdit) -> date | None:
            value = edit.date()
            return None if value == _NO_DATE else date(value.year(), value.month(), value.day())

        self.flow.set_filters(Filters(self.payer.currentData(), self.provider.currentData(),
                                      day(self.date_from), day(self.date_to)))
        self.fill()

    def fill(self) -> None:
        """Show the claims the filters keep."""
        self.table.blockSignals(True)
        visible = self.flow.visible()
        self.table.setRowCount(len(visible))
        for row, c in enumerate(visible):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked if c.claim_id in self.flow.selected
                               else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, c.claim_id)
            self.table.setItem(row, 0, tick)
            for col, text in enumerate((c.pcn, c.patient_name, c.payer_name
                                        + (" (Non-Par)" if c.non_par else ""),
                                        c.provider_name, fmt.iso_to_display(c.first_date)),
                                       start=1):
                self.table.setItem(row, col, _cell(text))
            self.table.setItem(row, 6, _cell(fmt.money(c.charge_amount), right=True))
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self._count()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        claim_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.flow.selected.add(claim_id)
        else:
            self.flow.selected.discard(claim_id)
        self.flow.findings = {}
        self._count()

    def _count(self) -> None:
        chosen = self.flow.chosen()
        total = sum((c.charge_amount for c in chosen), start=Decimal("0"))
        if not self.flow.candidates:
            self.count.setText("No claims are ready to send. Mark claims ready first (they "
                               "need to pass the scrub), then come back.")
        else:
            shown = len(self.flow.visible())
            self.count.setText(f"{len(chosen)} of {fmt.plural(shown, 'claim')} chosen, "
                               f"{fmt.money(total)}.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Whether the wizard's next button is enabled."""
        return bool(self.flow.chosen())


class ScrubPage(QWizardPage):
    """2) The scrub: errors with an "open claim" link; claims with errors stay behind."""

    claim_link_clicked = Signal(int)

    def __init__(self, flow: SubmitFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle("Check the claims")
        self.setSubTitle("Each claim is checked for what Office Ally or the payer would "
                         "reject. Claims with errors stay behind; fix them and send them "
                         "in a later batch.")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.problems = QTextBrowser()
        self.problems.setOpenLinks(False)
        self.problems.setAccessibleName("Scrub findings")
        self.problems.anchorClicked.connect(
            lambda url: self.claim_link_clicked.emit(int(url.toString().split(":")[1])))
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addWidget(self.problems, 1)

    def initializePage(self) -> None:
        """Fill the page from the flow each time the wizard shows it."""
        problems = self.flow.run_scrub()
        left_out = set(self.flow.left_out())
        sending = len(self.flow.to_send())
        if not problems:
            self.result.setText(f"All {fmt.plural(sending, 'claim')} passed. Nothing needs fixing.")
            self.problems.setHtml("<p style='color:#1b6e3a'>No problems found.</p>")
            return
        self.result.setText(
            f"{fmt.plural(sending, 'claim')} passed and will be sent. {len(left_out)} "
            f"claim{'s' if len(left_out) != 1 else ''} with errors will stay behind."
        )
        rows = []
        for p in problems:
            f = p.finding
            color = "#b3261e" if f.severity == "error" else "#8a5a00"
            word = "Error" if f.severity == "error" else "Warning"
            rows.append(
                f"<tr><td><a href='claim:{p.claim_id}'>{p.pcn}</a><br>{p.patient_name}</td>"
                f"<td style='color:{color}'>{word}</td><td><b>{f.message}</b><br>"
                f"{f.hint}<br><span style='color:#5f6368'>{f.place}</span> <span "
                f"style='color:#5f6368; font-size:small'>{f.support}</span></td></tr>"
            )
        self.problems.setHtml("<table cellpadding='4'><tr><th align='left'>Claim (click to "
                              "open)</th><th></th><th align='left'>Problem and what to do</th>"
                              "</tr>" + "".join(rows) + "</table>")

    def isComplete(self) -> bool:
        """Whether the wizard's next button is enabled."""
        return bool(self.flow.to_send())


class SummaryPage(QWizardPage):
    """3) What goes out: claims, lines, charges, payers; the Office Ally Non-Par fee."""

    def __init__(self, flow: SubmitFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle("Summary")
        self.setSubTitle("What this batch sends, and what Office Ally charges for it this "
                         "month.")
        self.totals = QLabel()
        self.totals.setAccessibleName("Batch totals")
        self.payers = _table(["Payer", "Claims", "Charges"])
        self.fees = _table(["Provider (rendering NPI)", "Tax ID", "Par", "Non-Par",
                            "This month with this batch", "Office Ally fee"])
        self.fee_note = QLabel()
        self.fee_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(QLabel("<b>Payers</b>"))
        layout.addWidget(self.payers, 1)
        layout.addWidget(QLabel("<b>Office Ally Non-Par fee, per Tax ID and rendering "
                                "NPI</b>"))
        layout.addWidget(self.fees, 1)
        layout.addWidget(self.fee_note)

    def initializePage(self) -> None:
        """Fill the page from the flow each time the wizard shows it."""
        s = self.flow.summary()
        files = f", in {s.files} files (the per-file limit splits it)" if s.files > 1 else ""
        self.totals.setText(f"<b>{fmt.plural(s.claims, 'claim')}</b>, "
                            f"{fmt.plural(s.lines, 'service line')}, "
                            f"<b>{fmt.money(s.charge_amount)}</b> in charges, to "
                            f"{fmt.plural(len(s.payers), 'payer')}{files}.")
        self.payers.setRowCount(len(s.payers))
        for row, (name, count, total) in enumerate(s.payers):
            self.payers.setItem(row, 0, _cell(name))
            self.payers.setItem(row, 1, _cell(str(count), right=True))
            self.payers.setItem(row, 2, _cell(fmt.money(total), right=True))
        self.fees.setRowCount(len(s.fees))
        for row, f in enumerate(s.fees):
            month = (f"{fmt.plural(f.month_claims, 'claim')}, {f.month_non_par} Non-Par "
                     f"({fmt.percent(f.share)})")
            values = [(f"{f.provider_name} ({f.npi})", False), (fmt.tax_id(f.tax_id), False),
                      (str(f.par), True), (str(f.non_par), True), (month, True),
                      (fmt.money(f.fee_amount) if f.fee_amount else "none", True)]
            for col, (text, right) in enumerate(values):
                self.fees.setItem(row, col, _cell(text, right))
        for table in (self.payers, self.fees):
            table.resizeColumnsToContents()
        due = sum(f.fee_amount for f in s.fees)
        self.fee_note.setText(
            "Claims to Par payers are free. Office Ally charges $35.00 a month for each Tax ID "
            "+ rendering NPI whose claims that month go 50% or more to Non-Par payers. "
            + (f"With this batch the month's fee comes to {fmt.money(due)}." if due
               else "This batch adds no fee.")
        )


class SendPage(QWizardPage):
    """4) Test file (OATEST) or real claims, and the confirmation."""

    def __init__(self, flow: SubmitFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setTitle("Send")
        self.setSubTitle("Choose how Office Ally treats the file, then confirm.")
        self.test = QRadioButton("Test file (OATEST): Office Ally checks it and answers, but "
                                 "does not forward it to payers")
        self.production = QRadioButton("Real claims: Office Ally forwards them to the payers")
        (self.test if flow.test_mode else self.production).setChecked(True)
        self.test.toggled.connect(self._on_mode_toggled)
        self.confirm = QCheckBox()
        self.confirm.setAccessibleName("Confirm sending")
        self.confirm.toggled.connect(self._on_confirm_toggled)
        self.note = QLabel("The file is uploaded in the background; you can keep working. "
                           "Claims show as “Sent, waiting” once Office Ally has the file. If "
                           "the upload fails they stay ready, and Batches offers Retry.")
        self.note.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.test, 0, 0)
        grid.addWidget(self.production, 1, 0)
        grid.addWidget(self.confirm, 2, 0)
        grid.addWidget(self.note, 3, 0)
        grid.setRowStretch(4, 1)

    def initializePage(self) -> None:
        """Fill the page from the flow each time the wizard shows it."""
        self._label()

    def _label(self) -> None:
        s = self.flow.summary()
        mode = "as a TEST file (OATEST)" if self.flow.test_mode else "to the payers"
        self.confirm.setText(
            f"Send {fmt.plural(s.claims, 'claim')} ({fmt.money(s.charge_amount)}) {mode}")

    def _on_mode_toggled(self, test: bool) -> None:
        self.flow.test_mode = test
        self.confirm.setChecked(False)
        self._label()

    def _on_confirm_toggled(self, checked: bool) -> None:
        self.flow.confirmed = checked
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        """Whether the wizard's next button is enabled."""
        return self.flow.can_finish()


class SubmitWizard(QWizard):
    """Send batch (toolbar): four pages; Finish hands the choice to the window."""

    claim_link_clicked = Signal(int)

    def __init__(self, flow: SubmitFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.setWindowTitle("Send a batch to Office Ally")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.choose = ChoosePage(flow)
        self.scrub = ScrubPage(flow)
        self.summary = SummaryPage(flow)
        self.send = SendPage(flow)
        for page in (self.choose, self.scrub, self.summary, self.send):
            self.addPage(page)
        self.scrub.claim_link_clicked.connect(self.claim_link_clicked)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Send")
        self.resize(980, 640)

