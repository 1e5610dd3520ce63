"""Box 21: twelve diagnosis fields A–L, searched by code or by words, checked billable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QGridLayout, QLabel, QLineEdit, QWidget

from oa_desktop.domain.identifiers import display_icd10, normalize_icd10
from oa_desktop.domain.models import MAX_DIAGNOSES
from oa_desktop.ui.claims.claim_editor import icd10

LETTERS = "ABCDEFGHIJKL"[:MAX_DIAGNOSES]
_SEPARATOR = "   "


class _CodeCompleter(QCompleter):
    """Shows ``F41.1   Generalized anxiety disorder``; puts only the code in the field."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data()).split(_SEPARATOR)[0]

    def splitPath(self, path: str) -> list[str]:
        return [""]  # the list is already the search result: show all of it


class DiagnosisField(QWidget):
    """One letter of box 21: the code and, under it, what it means."""

    changed = Signal()

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.edit = QLineEdit()
        self.edit.setAccessibleName(f"Diagnosis {letter}")
        self.edit.setPlaceholderText("code or words")
        self.edit.setFixedWidth(110)
        self.meaning = QLabel()
        self.meaning.setStyleSheet("color: #5f6368;")
        self.meaning.setMinimumWidth(140)  # narrower on a laptop; the tooltip has it all
        self.meaning.setMaximumWidth(200)
        self.meaning.setWordWrap(False)
        self.model = QStringListModel(self)
        completer = _CodeCompleter(self.model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.edit.setCompleter(completer)
        label = QLabel(f"{letter}.")
        label.setBuddy(self.edit)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(0)
        label.setFixedWidth(18)
        layout.addWidget(label, 0, 0)
        layout.addWidget(self.edit, 0, 1)
        layout.addWidget(self.meaning, 1, 1)
        layout.setColumnStretch(2, 1)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())

    def code(self) -> str:
        """The code as the 837P carries it (no dot), "" when empty."""
        return normalize_icd10(self.edit.text())

    def set_code(self, code: str) -> None:
        """Show a stored code with its meaning."""
        self.edit.setText(display_icd10(code) if code else "")
        self.describe()

    def describe(self) -> None:
        """Say what the code means, or that it cannot be billed."""
        code = self.code()
        if not code:
            self.meaning.clear()
            return
        billable = icd10.is_billable(code)
        if billable is None:
            text, color = "Not an ICD-10-CM code", "#b3261e"
        elif not billable:
            text, color = f"Not billable: pick a more specific code ({icd10.describe(code)})", \
                "#b3261e"
        else:
            text, color = icd10.describe(code), "#5f6368"
        metrics = self.meaning.fontMetrics()
        self.meaning.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, 150))
        self.meaning.setToolTip(text)
        self.meaning.setStyleSheet(f"color: {color};")

    def _on_edit_text_edited(self, text: str) -> None:
        if len(text.strip()) < 2:
            self.model.setStringList([])
            return
        results = icd10.search(text, 30)
        self.model.setStringList([f"{code}{_SEPARATOR}{meaning}" for code, meaning in results])
        completer = self.edit.completer()
        if completer is not None and results:
            completer.complete()

    def _on_edit_editing_finished(self) -> None:
        code = self.code()
        if code and display_icd10(code) != self.edit.text():
            self.edit.setText(display_icd10(code))
        self.describe()


class DiagnosisGrid(QWidget):
    """A–D / E–H / I–L, as on the form."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = [DiagnosisField(letter) for letter in LETTERS]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(18)
        layout.setColumnStretch(4, 1)
        for number, field in enumerate(self.fields):
            layout.addWidget(field, number // 4, number % 4)
            field.changed.connect(self.changed)

    def codes(self) -> list[str]:
        """The codes typed, A first, empty letters kept as ""."""
        return [f.code() for f in self.fields]

    def set_codes(self, codes: list[str]) -> None:
        """Show stored codes."""
        for number, field in enumerate(self.fields):
            field.set_code(codes[number] if number < len(codes) else "")
