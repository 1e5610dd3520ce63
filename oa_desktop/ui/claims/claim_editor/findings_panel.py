"""The live scrubber panel: errors in red, warnings in amber, each with its place and hint."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from oa_desktop.domain.scrub_findings import Finding, Severity

_COLORS = {Severity.ERROR: "#b3261e", Severity.WARNING: "#a05a00"}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


class FindingsPanel(QWidget):
    """``finding_chosen`` fires when the biller clicks (or presses Enter on) a finding."""

    finding_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Scrubber")
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rejection = QLabel()  # a rejected claim says why, above what the scrub finds
        self.rejection.setWordWrap(True)
        self.rejection.setAccessibleName("Why the claim was rejected")
        self.rejection.setStyleSheet(f"color: {_COLORS[Severity.ERROR]};")
        self.rejection.setVisible(False)
        self.setMinimumWidth(240)
        self.list = QListWidget()
        self.list.setAccessibleName("Scrubber findings")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.rejection)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)
        self.findings: list[Finding] = []

    def show_rejection(self, html: str) -> None:
        """Say why the claim was rejected ("" hides it)."""
        self.rejection.setText(html)
        self.rejection.setVisible(bool(html))

    def show_findings(self, findings: list[Finding], hidden: int = 0) -> None:
        """Replace the list; ``hidden`` findings are about fields the biller has not left."""
        self.findings = findings
        self.list.clear()
        errors = sum(f.severity is Severity.ERROR for f in findings)
        warnings = len(findings) - errors
        if not findings and hidden:
            self.summary.setText("Fill in the claim: each field is checked as you leave it.")
            self.summary.setStyleSheet("color: #5f6368;")
        elif not findings:
            self.summary.setText("No problems found. The claim can be marked ready.")
            self.summary.setStyleSheet("color: #1b6e3a; font-weight: 600;")
        else:
            parts = [f"{errors} error{'s' * (errors != 1)}"] if errors else []
            parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
            tail = " — fix the errors to mark it ready." if errors else " (they do not block)."
            self.summary.setText(", ".join(parts) + tail)
            worst = Severity.ERROR if errors else Severity.WARNING
            self.summary.setStyleSheet(f"color: {_COLORS[worst]};")
        for finding in findings:
            mark = "Error" if finding.severity is Severity.ERROR else "Warning"
            item = QListWidgetItem(
                f"{mark} · {finding.place}\n{finding.message}\n{finding.hint}"
            )
            item.setForeground(QBrush(QColor(_COLORS[finding.severity])))
            item.setData(FINDING_ROLE, self.list.count())
            item.setToolTip(f"{finding.message}\n{finding.hint}\nClick to go to the field."
                            f"\n({finding.support})")
            self.list.addItem(item)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.finding_chosen.emit(self.findings[int(item.data(FINDING_ROLE))])
