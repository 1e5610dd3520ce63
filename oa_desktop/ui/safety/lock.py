"""The app lock: a password or PIN screen that replaces every window's content.

When users are set up, the window starts locked and locks again after the idle time
(``security.lock_minutes``). Locking takes the main content out of the window, hides
its toolbar and menus and closes open dialogs, so no patient detail stays on screen.
Background jobs keep running and finish safely; their results wait behind the lock.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.safety import users
from oa_desktop.store import users as users_store
from oa_desktop.store.db import Store

_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}


class LockScreen(QWidget):
    """Who is unlocking, and their password or PIN."""

    unlocked = Signal(str)

    def __init__(self, store: Store, *, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.first = first
        self.setAccessibleName("Lock screen")
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(460)
        title = QLabel("Welcome — please sign in" if first else "OA Desktop is locked")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        explain = QLabel(
            "Patient information stays hidden until you sign in." if first else
            "It locked itself after a while without use, to keep patient information "
            "private. Work that was running goes on in the background."
        )
        explain.setWordWrap(True)
        explain.setFixedWidth(400)
        explain.setMinimumHeight(explain.heightForWidth(400))
        self.user = QComboBox()
        self.user.setAccessibleName("User")
        self.user.addItems([u.name for u in users_store.list_users(store)])
        if self.user.findText(store.actor) >= 0:  # the person who was working
            self.user.setCurrentText(store.actor)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Password or PIN")
        self.secret.setPlaceholderText("Password or PIN")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.button = QPushButton("Sign in" if first else "Unlock")
        self.button.setDefault(True)
        form = QFormLayout()
        form.addRow("User", self.user)
        form.addRow("Password or PIN", self.secret)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        for widget in (title, explain):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.button.clicked.connect(self._on_button_clicked)
        self.secret.returnPressed.connect(self._on_button_clicked)
        self.secret.setFocus()

    def _on_button_clicked(self) -> None:
        user = users.unlock(self.store, self.user.currentText(), self.secret.text(),
                            first=self.first)
        self.secret.clear()
        if user is None:
            self.error.setText("That password or PIN is not right. Try again.")
            return
        self.unlocked.emit(user.name)


class IdleLock(QObject):
    """Locks ``window`` after ``timeout_s`` seconds without a key press or mouse move."""

    locked_changed = Signal(bool)

    def __init__(
        self, window: QMainWindow, store: Store, *, timeout_s: float | None = None,
        check_ms: int = 10_000,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.timeout_s = timeout_s if timeout_s is not None else users.lock_minutes(store) * 60
        self.last_input = time.monotonic()
        self.screen: LockScreen | None = None
        self._content: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    @property
    def is_locked(self) -> bool:
        """Whether the lock screen is showing."""
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the time of each key press or mouse move (the idle timer)."""
        if event.type() in _INPUT_EVENTS:
            self.last_input = time.monotonic()
        return False

    def _on_timer_timeout(self) -> None:
        idle = time.monotonic() - self.last_input
        if self.timeout_s > 0 and idle >= self.timeout_s and users.lock_enabled(self.store):
            self.lock(reason="idle")

    def lock(self, *, reason: str = "manual", first: bool = False) -> None:
        """Hide every patient detail behind the lock screen."""
        if self.screen is not None:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._content = self.window.takeCentralWidget()
        self.screen = LockScreen(self.store, first=first)
        self.screen.unlocked.connect(self._on_screen_unlocked)
        self.window.setCentralWidget(self.screen)
        self.window.menuBar().setEnabled(False)
        for bar in self._toolbars():
            bar.setVisible(False)
        if not first:
            users.lock(self.store, reason)
        self.locked_changed.emit(True)

    def _toolbars(self) -> list[QToolBar]:
        return list(self.window.findChildren(QToolBar))

    def _on_screen_unlocked(self, name: str) -> None:
        self.unlock()

    def unlock(self) -> None:
        """Put the content back (called once a user's secret was checked)."""
        if self.screen is None:
            return
        self.window.takeCentralWidget()
        self.screen.deleteLater()
        self.screen = None
        if self._content is not None:
            self.window.setCentralWidget(self._content)
            self._content.show()
            self._content = None
        self.window.menuBar().setEnabled(True)
        for bar in self._toolbars():
            bar.setVisible(True)
        self.last_input = time.monotonic()
        self.locked_changed.emit(False)

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
