"""The window's print actions: "Print CMS-1500…" for the selected claim (Ctrl+P) and
"Patient statements…" for every patient with a balance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from oa_desktop.services.safety import audit
from oa_desktop.ui.pdf.cms1500_pdf import write_cms1500
from oa_desktop.ui.pdf.statement_pdf import write_statements

if TYPE_CHECKING:
    from oa_desktop.ui.shell.protocol import Shell


class PrintActions:
    """Owns the two actions; the window adds them to its Claims menu."""

    def __init__(self, shell: Shell,
                 ask_path: Callable[[str, str], str] | None = None) -> None:
        self.shell = shell
        window = shell.window()
        self._ask_path = ask_path or self._ask_save_path
        self.cms1500_action = QAction("&Print CMS-1500…", window, shortcut=QKeySequence("Ctrl+P"))
        self.cms1500_action.setToolTip("The selected claim on the paper CMS-1500 (02/12) form")
        self.cms1500_action.triggered.connect(self._on_cms1500_triggered)
        self.statements_action = QAction("Patient &statements…", window)
        self.statements_action.setToolTip("A PDF statement for each patient who owes a balance")
        self.statements_action.triggered.connect(self._on_statements_triggered)

    def install(self, menu: QMenu) -> None:
        """Add both actions to ``menu``."""
        menu.addSeparator()
        menu.addAction(self.cms1500_action)
        menu.addAction(self.statements_action)

    def _ask_save_path(self, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.shell.window(), "Save PDF", suggested, pattern)
        return path

    def print_cms1500(self, claim_id: int, path: Path, data_only: bool) -> str:
        """Write the claim's form; return the one-line result shown in the status bar."""
        pages = write_cms1500(self.shell.store, claim_id, path, data_only=data_only)
        audit.record_export(self.shell.store, "CMS-1500", path, pages=pages,
                            object_type="claim", object_id=claim_id, printed=True)
        kind = "data only, for pre-printed forms" if data_only else "with the form"
        return f"Saved the CMS-1500 ({pages} page{'s' * (pages != 1)}, {kind}) to {path.name}."

    def _on_cms1500_triggered(self) -> None:
        claim_id = self.shell.claims.selected_claim_id()
        if claim_id is None:
            self.shell.statusBar().showMessage("Select a claim to print its CMS-1500.", 6000)
            return
        self.print_claim(claim_id)

    def print_claim(self, claim_id: int) -> None:
        """Ask plain paper or data only, then where to save the claim's CMS-1500."""
        box = QMessageBox(QMessageBox.Icon.Question, "Print CMS-1500",
                          "Print on plain paper (with the red form), or the data only for "
                          "pre-printed red forms? Print the PDF at 100% (no fit to page).",
                          parent=self.shell.window())
        plain = box.addButton("Plain paper", QMessageBox.ButtonRole.AcceptRole)
        data = box.addButton("Data only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() not in (plain, data):
            return
        path = self._ask_path(f"cms1500-claim-{claim_id}.pdf", "PDF files (*.pdf)")
        if path:
            message = self.print_cms1500(claim_id, Path(path), box.clickedButton() is data)
            self.shell.statusBar().showMessage(message, 8000)

    def _on_statements_triggered(self) -> None:
        from decimal import Decimal, InvalidOperation

        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self.shell.window(), "Patient statements", "Print a statement for every patient "
            "who owes more than ($; their credit comes off first):", text="0.00")
        if not ok:
            return
        try:
            threshold = Decimal(text.replace("$", "").replace(",", "").strip() or "0")
        except InvalidOperation:
            self.shell.statusBar().showMessage(f"“{text}” is not an amount of money.", 8000)
            return
        path = self._ask_path("patient-statements.pdf", "PDF files (*.pdf)")
        if path:
            count = write_statements(self.shell.store, Path(path), threshold=threshold)
            audit.record_export(self.shell.store, f"{count} patient statements", Path(path),
                                object_type="report", object_id="statements", printed=True)
            self.shell.statusBar().showMessage(
                f"Saved {count} patient statement{'s' * (count != 1)} to {Path(path).name}, "
                f"and the list to {Path(path).with_suffix('.csv').name}.", 8000)
