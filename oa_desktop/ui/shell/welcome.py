"""The welcome screen: shown on first run (no practice yet) and from Help → Welcome….

Three ways to start — set up the practice, connect Office Ally, explore the demo — and two
facts every biller should know on day one: where the data lives and how to back it up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from oa_desktop.services.first_run import DataFacts, data_facts, demo_command

if TYPE_CHECKING:
    from oa_desktop.ui.shell.protocol import Shell

PRACTICE = "practice"
OFFICE_ALLY = "office_ally"
DEMO = "demo"
CHOICE_STYLE = (
    "QCommandLinkButton { border: 1px solid palette(mid); border-radius: 6px; padding: 6px; }"
    "QCommandLinkButton:hover, QCommandLinkButton:focus { background: palette(alternate-base);"
    " border-color: palette(highlight); }"
)


def start_detached(command: list[str]) -> bool:
    """Start ``command`` as its own process (it outlives this window)."""
    ok, _pid = QProcess.startDetached(command[0], command[1:])
    return bool(ok)


class WelcomeDialog(QDialog):
    """Three big choices and the facts about the data folder; the choice is in ``choice``."""

    def __init__(self, facts: DataFacts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setWindowTitle("Welcome to OA Desktop")
        self.choice: str | None = None
        self.facts = facts

        title = QLabel("Welcome to OA Desktop")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        logo = QLabel()
        icon = QGuiApplication.windowIcon()
        if not icon.isNull():
            logo.setPixmap(icon.pixmap(48, 48))
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(logo)
        heading.addWidget(title, 1)
        intro = QLabel("Billing for your practice through Office Ally. "
                       "What would you like to do first?")
        intro.setWordWrap(True)

        self.practice_button = self._choice(
            "Set up my practice",
            "Your practice's name, NPI, Tax ID and address. Then add providers, payers "
            "and patients.", PRACTICE)
        self.office_ally_button = self._choice(
            "Connect Office Ally",
            "Your Office Ally SFTP user name and password. The wizard tests the connection; "
            "files are marked as tests until you say otherwise.", OFFICE_ALLY)
        self.demo_button = self._choice(
            "Explore the demo",
            "A made-up practice in its own window and folder. Send claims and post payments "
            "against a stand-in for Office Ally; your own data is never touched.", DEMO)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        data_title = QLabel("<b>Your data</b>")
        self.where_label = QLabel(facts.where)
        self.backup_label = QLabel(facts.backup)
        for label in (self.where_label, self.backup_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where_label.setAccessibleName("Where your data lives")
        self.backup_label.setAccessibleName("How to back up")
        self.open_folder_button = QPushButton("Open data folder")
        self.open_folder_button.setAutoDefault(False)
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)

        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton("Look around first",
                                              QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(6)
        for button in (self.practice_button, self.office_ally_button, self.demo_button):
            layout.addWidget(button)
        layout.addSpacing(6)
        layout.addWidget(line)
        layout.addWidget(data_title)
        layout.addWidget(self.where_label)
        layout.addWidget(self.backup_label)
        layout.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.practice_button.setFocus()

    def _choice(self, title: str, description: str, key: str) -> QCommandLinkButton:
        button = QCommandLinkButton(title, description)
        button.setStyleSheet(CHOICE_STYLE)
        button.setObjectName(f"welcome-{key}")
        button.setAccessibleName(title)
        button.setAccessibleDescription(description)
        button.clicked.connect(lambda: self._choose(key))
        return button

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()

    def _on_open_folder_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.facts.folder)))


Launcher = Callable[[list[str]], bool]


class Welcome:
    """Shows the welcome screen over a main window and carries out the choice."""

    def __init__(self, shell: Shell, launch: Launcher | None = None) -> None:
        self.shell = shell
        self.launch = launch or start_detached
        self.dialog: WelcomeDialog | None = None

    def show(self) -> WelcomeDialog:
        """Open the welcome screen (window-modal, without blocking); returns the dialog."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.activateWindow()
            return self.dialog
        dialog = WelcomeDialog(data_facts(self.shell.workspace), self.shell.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.carry_out(dialog.choice))
        dialog.destroyed.connect(self._forget)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self) -> None:
        self.dialog = None

    def carry_out(self, choice: str | None) -> None:
        """Do what the user chose."""
        if choice == PRACTICE:
            self.shell.show_section("practice")
        elif choice == OFFICE_ALLY:
            self.shell.office_ally.run_setup()
        elif choice == DEMO:
            self.open_demo()

    def open_demo(self) -> None:
        """Start the demo practice as its own program, in its own folder."""
        if self.launch(demo_command()):
            self.shell.statusBar().showMessage(
                "Opening the demo practice in its own window (its own folder: your data is "
                "not touched)…", 10000)
        else:
            self.shell.statusBar().showMessage(
                "The demo could not be started. Start OA Desktop with “demo” "
                "(oa-desktop demo) instead.", 10000)
