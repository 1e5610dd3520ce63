"""File → Load code list…: NUCC's taxonomy names or CMS's HCPCS Level II descriptions.

The app ships a short list of each (the codes small therapy, behavioral health, ABA and
physician practices use); a practice that meets other codes loads the whole published
file here. What loaded, and every row left out (row, column), is said in the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.domain.codes import load_code_list
from oa_desktop.domain.display import plural
from oa_desktop.errors import KnownError
from oa_desktop.services.codes import importing
from oa_desktop.store import code_words
from oa_desktop.store.db import Store
from oa_desktop.ui.kit import formats as fmt

_INTRO = (
    "Codes show with their words across the app. A short list of each kind comes with it; "
    "to have every code, download the published file and load it here. It replaces the "
    "list loaded before. CPT descriptions belong to the AMA and are never loaded: a CPT "
    "code shows the description you type in the fee schedule."
)
_KINDS = {
    "taxonomy": ("Provider taxonomy names (NUCC's taxonomy CSV, from taxonomy.nucc.org)",
                 "NUCC taxonomy (*.csv *.xlsx);;All files (*)"),
    "hcpcs": ("HCPCS Level II descriptions (CMS's HCPCS annual file: CSV, XLSX or text)",
              "CMS HCPCS file (*.csv *.xlsx *.txt);;All files (*)"),
}


class CodeListDialog(QDialog):
    """Choose which list, then its file; says what loaded and which rows were left out."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Load code list")
        self.setAccessibleName("Load code list")
        intro = QLabel(_INTRO)
        intro.setWordWrap(True)
        self.choices = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.buttons: dict[str, QRadioButton] = {}
        for kind, (title, _) in _KINDS.items():
            button = QRadioButton(title)
            button.setAccessibleName(title)
            self.choices.addButton(button)
            self.buttons[kind] = button
            layout.addWidget(button)
        self.buttons["taxonomy"].setChecked(True)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setStyleSheet("color: #5f6368;")
        self.current.setAccessibleName("Lists in use")
        layout.addWidget(self.current)
        self.choose = QPushButton("Choose file and load…")
        self.choose.setAccessibleName("Choose file and load")
        self.choose.clicked.connect(self._on_choose_clicked)
        layout.addWidget(self.choose)
        self.outcome = QPlainTextEdit()
        self.outcome.setReadOnly(True)
        self.outcome.setAccessibleName("What was loaded")
        self.outcome.setPlaceholderText("What was loaded, and any row left out, shows here.")
        layout.addWidget(self.outcome, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(640, 420)
        self._show_current()

    def kind(self) -> str:
        """The list chosen."""
        return next(kind for kind, button in self.buttons.items() if button.isChecked())

    def _show_current(self) -> None:
        lines = []
        for kind in _KINDS:
            name = "Taxonomy" if kind == "taxonomy" else "HCPCS Level II"
            loaded = code_words.last_import(self.store, kind)
            if loaded is None:
                lines.append(f"{name}: the built-in list "
                             f"({plural(len(load_code_list(kind)), 'code')}).")
            else:
                lines.append(f"{name}: {plural(loaded.codes, 'code')} loaded from "
                             f"{loaded.file_name} on {fmt.iso_to_display(loaded.imported_at)}.")
        self.current.setText("\n".join(lines))

    def load_file(self, kind: str, path: Path) -> str:
        """Load ``path`` as the ``kind`` list; show and return what happened."""
        try:
            parsed = importing.import_codes(self.store, kind, path)
        except KnownError as exc:
            text = f"{exc.message}\n{exc.next_step}".strip()
        else:
            text = "\n".join([importing.summary(parsed), *importing.bad_row_lines(parsed)])
        self.outcome.setPlainText(text)
        self._show_current()
        return text

    def _on_choose_clicked(self) -> None:
        kind = self.kind()
        name, _ = QFileDialog.getOpenFileName(self, "Load code list", "", _KINDS[kind][1])
        if name:
            self.load_file(kind, Path(name))
