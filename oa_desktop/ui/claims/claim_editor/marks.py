"""Which findings the biller sees, and the fields they mark.

A new claim shows a finding only once the biller has left its field (Enter, Tab or a
click elsewhere), so a blank claim does not open with errors; Save or Mark ready shows
them all. A field with a finding is outlined (red for errors, amber for warnings) and its
tooltip says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from oa_desktop.domain.scrub_findings import Severity

_STYLE = {
    Severity.ERROR: "border: 2px solid #b3261e; background: #fdecea;",
    Severity.WARNING: "border: 2px solid #c77700; background: #fff4e0;",
}


def _target(widget: QWidget) -> QWidget:
    """The input inside a compound field (a checked field's or a diagnosis's line edit)."""
    edit = getattr(widget, "edit", None)
    return edit if isinstance(edit, QWidget) else widget


class FieldMarks(QObject):
    """``on_left`` runs when the biller leaves a field (to show its findings)."""

    def __init__(self, root: QWidget, only_left: bool, on_left: Callable[[], None]) -> None:
        super().__init__(root)  # goes with the editor, and so does the focus connection
        self.root = root
        self.on_left = on_left
        self.left: set[QWidget] | None = set() if only_left else None
        self._watched: set[int] = set()
        self._marked: dict[QWidget, str] = {}  # widget → its own style before marking
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
        self.watch()

    def watch(self) -> None:
        """Notice when the biller leaves any field (call again after fields are added)."""
        for edit in self.root.findChildren(QLineEdit):
            if id(edit) not in self._watched:
                self._watched.add(id(edit))
                edit.editingFinished.connect(lambda e=edit: self.leave(e))
        for box in self.root.findChildren(QComboBox):
            if id(box) not in self._watched:
                self._watched.add(id(box))
                box.activated.connect(lambda _i, b=box: self.leave(b))

    def leave(self, widget: QWidget) -> None:
        """The biller has been in ``widget`` and left it: its findings show from now on."""
        if self.left is not None and widget not in self.left:
            self.left.add(widget)
            if self.root.isVisible():  # not while the editor closes
                self.on_left()

    def show_all(self) -> None:
        """Show every finding (after Save or Mark ready, and for stored claims)."""
        self.left = None

    def shows(self, widget: QWidget | None) -> bool:
        """True when a finding about ``widget`` is shown."""
        if self.left is None:
            return True
        if widget is None:
            return False
        return any(w is widget or widget.isAncestorOf(w) for w in self.left)

    def mark(self, marks: list[tuple[QWidget, Severity, str]]) -> None:
        """Outline exactly these fields (errors win over warnings on one field)."""
        wanted: dict[QWidget, tuple[Severity, str]] = {}
        for widget, severity, text in marks:
            target = _target(widget)
            if target in wanted and wanted[target][0] is Severity.ERROR:
                continue
            wanted[target] = (severity, text)
        for widget, style in list(self._marked.items()):
            if widget not in wanted:
                widget.setStyleSheet(style)
                widget.setToolTip("")
                del self._marked[widget]
        for widget, (severity, text) in wanted.items():
            if widget not in self._marked:
                self._marked[widget] = widget.styleSheet()
            widget.setStyleSheet(_STYLE[severity])
            widget.setToolTip(text)

    def marked(self) -> set[QWidget]:
        """The fields outlined now."""
        return set(self._marked)

    def _on_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if old is not None and self.root.isAncestorOf(old):
            self.leave(old)
