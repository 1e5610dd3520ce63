"""Windows fit the screen: no window opens larger than the screen's available area.

One application-wide filter shrinks any top-level window to the available geometry when it
is shown (a 1366×768 laptop, minus its taskbar). Screenshots and tests pretend a screen of a
given size with :func:`pretend_screen`. :func:`outside` lists the buttons a biller cannot see.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QSizeGrip, QStatusBar, QWidget

_pretend: QSize | None = None


def pretend_screen(size: QSize | None) -> None:
    """Lay windows out as if the screen's available area were ``size`` (None: the real one)."""
    global _pretend
    _pretend = size


def available(widget: QWidget | None = None) -> QRect:
    """The screen's available area (without the taskbar) for ``widget``'s window."""
    if _pretend is not None:
        return QRect(QPoint(0, 0), _pretend)
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fit(window: QWidget) -> None:
    """Shrink a top-level window to the available area and keep it on screen."""
    area = available(window)
    size = window.size().boundedTo(area.size())
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    if not area.contains(frame):
        x = min(max(frame.x(), area.x()), max(area.x(), area.right() - frame.width() + 1))
        y = min(max(frame.y(), area.y()), max(area.y(), area.bottom() - frame.height() + 1))
        window.move(x, y)


def message_room(bar: QStatusBar) -> int:
    """The width a status bar gives its message: left of its first visible permanent
    widget (as Qt paints it), in pixels."""
    right = bar.width() - 12
    for child in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if child.isVisible() and not isinstance(child, QSizeGrip) and child.x() > 0:
            right = min(right, child.x() - 2)
    return right - 6


def default_size(window: QWidget, wanted: QSize) -> QSize:
    """``wanted`` or less: the size a window opens at when it remembers none."""
    return wanted.boundedTo(available(window).size())


class _FitFilter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow()):
            fit(watched)
        return False


_filter: _FitFilter | None = None


def install(app: QApplication) -> None:
    """Fit every window the application shows (once per application)."""
    global _filter
    if _filter is None:
        _filter = _FitFilter(app)
        app.installEventFilter(_filter)


def installed() -> bool:
    """True while windows are fitted when shown."""
    return _filter is not None


def uninstall(app: QApplication) -> None:
    """Stop fitting windows (tests and screenshots put things back as they found them)."""
    global _filter
    if _filter is not None:
        app.removeEventFilter(_filter)
        _filter.deleteLater()
        _filter = None


def outside(window: QWidget) -> list[str]:
    """The visible buttons of ``window`` that lie (partly) outside it or are cut off by a
    too-small pane: each as ``'text' (class)``. A button inside a scroll area counts as
    reachable when the scroll area's view fits (the biller scrolls to it)."""
    hidden: list[str] = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.size().isEmpty():
            continue
        if type(button).__name__ == "QTableCornerButton":
            continue
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        parent = button.parentWidget()
        seen = rect
        while parent is not None and parent is not window:
            clip = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
            if parent.objectName() == "qt_scrollarea_viewport":
                # Inside a scrolled part the biller scrolls to the button: what must fit
                # is the scroll area's view itself (action buttons sit outside it).
                rect = seen = clip
            else:
                seen = seen.intersected(clip)
            parent = parent.parentWidget()
        seen = seen.intersected(window.rect())
        if seen != rect:
            label = button.text() or button.accessibleName() or button.toolTip()
            hidden.append(f"{label!r} ({type(button).__name__}) at {rect.getRect()}")
    return hidden
