"""A biller's day in a real window, for looking at it: run under Xvfb at 1366x768.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/day_walkthrough.py \
        --out /tmp/day_shots

Needs the Debian packages xvfb, imagemagick (``import``) and the xcb libraries Qt uses
(libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxkbcommon-x11-0). It makes a fresh
demo practice in a temporary folder (never the user's), starts the demo's Office Ally
sandbox, opens the main window as ``oa-desktop demo`` does and walks through a day:
the Problems list, fix and resend a rejection (send wizard, upload to the sandbox), sync
the answers, post an ERA (preview, post), find the ERA that paid a claim from the claim's
page, the patient's account and the reports. After each step it captures the whole screen
with ``import -window root`` to ``OUT/NN_step.png`` and writes ``OUT/steps.txt``: for each
shot, every visible window's geometry and every visible button that lies outside the
screen (the things to look for in the pictures).

Buttons are pressed with QTest mouse clicks on the real widgets (steadier than xdotool
coordinates); modal dialogs are driven from timers that run inside their event loops.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QWidget,
)

Step = Iterator[int]  # a step yields how many milliseconds to wait before going on


class Walk:
    """Runs the steps one after another from timers and records what each showed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.number = 0
        self.notes: list[str] = []
        self.steps: Iterator[int] | None = None

    # -- capturing --------------------------------------------------------------------------

    def shot(self, name: str) -> Path:
        """Capture the screen as X shows it, and note what lies outside it."""
        for _ in range(5):
            QApplication.processEvents()
        self.number += 1
        path = self.out / f"{self.number:02d}_{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        self.notes.append(f"## {path.name}")
        screen = QApplication.primaryScreen().availableGeometry()
        for top in QApplication.topLevelWidgets():
            if not top.isVisible() or top.windowType() in (Qt.WindowType.ToolTip,
                                                           Qt.WindowType.Popup):
                continue
            frame = top.frameGeometry()
            fits = screen.contains(frame)
            self.notes.append(f"  window {top.windowTitle()!r} {type(top).__name__} "
                              f"{frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}"
                              f"{'' if fits else '  DOES NOT FIT the screen'}")
            for button in top.findChildren(QAbstractButton):
                if not button.isVisible() or not button.text():
                    continue
                corner = button.mapToGlobal(QPoint(button.width() - 1, button.height() - 1))
                if not screen.contains(corner) or not top.rect().contains(
                        top.mapFromGlobal(corner)):
                    self.notes.append(f"    button {button.text()!r} outside the screen "
                                      f"or its window")
        message = _main().statusBar().currentMessage() if _main() else ""
        if message:
            self.notes.append(f"  status bar: {message}")
        print(path, flush=True)
        return path

    def note(self, text: str) -> None:
        """A line for steps.txt."""
        self.notes.append(f"  {text}")
        print(text, flush=True)

    # -- running ----------------------------------------------------------------------------

    def run(self, steps: Iterator[int]) -> None:
        """Go through ``steps``; quit the application at the end or on an error."""
        self.steps = steps
        QTimer.singleShot(500, self._next)

    def _next(self) -> None:
        assert self.steps is not None
        try:
            wait = next(self.steps)
        except StopIteration:
            self.finish()
            return
        except Exception as exc:  # the walk stops, but says where
            self.note(f"STOPPED: {type(exc).__name__}: {exc}")
            self.finish()
            raise
        QTimer.singleShot(wait, self._next)

    def finish(self) -> None:
        """Write steps.txt and close every window."""
        (self.out / "steps.txt").write_text("\n".join(self.notes) + "\n", encoding="utf-8")
        for top in QApplication.topLevelWidgets():
            if isinstance(top, QDialog) and top.isVisible():
                top.reject()
        window = _main()
        if window is not None:
            window.close()
        QTimer.singleShot(200, QApplication.quit)


_WINDOW: list[QWidget] = []


def _main() -> object:
    return _WINDOW[0] if _WINDOW else None


def _label(button: QAbstractButton) -> str:
    return button.text().replace("&", "")


def button(parent: QWidget, text: str) -> QAbstractButton:
    """The visible button whose label starts with ``text`` (the first one found)."""
    for found in parent.findChildren(QAbstractButton):
        if found.isVisible() and _label(found).startswith(text):
            return found
    labels = [_label(b) for b in parent.findChildren(QAbstractButton) if b.isVisible()]
    raise LookupError(f"no button {text!r} in {type(parent).__name__}; there are {labels}")


def click(parent: QWidget, text: str) -> None:
    """Click the button ``text`` of ``parent`` as the mouse would."""
    found = button(parent, text)
    QTest.mouseClick(found, Qt.MouseButton.LeftButton)


def modal() -> QWidget | None:
    """The dialog in front, if any."""
    widget = QApplication.activeModalWidget()
    if widget is not None:
        return widget
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and w.isVisible()]
    return dialogs[-1] if dialogs else None


def wait_for(condition: Callable[[], bool], limit_ms: int = 30000) -> Step:
    """Yield short waits until ``condition`` holds (or the limit passes)."""
    waited = 0
    while not condition() and waited < limit_ms:
        yield 200
        waited += 200
    if not condition():
        raise TimeoutError("the window did not get there in time")


def click_nav(window: QWidget, key: str) -> None:
    """Click a sidebar entry (a section key, or a queue key) with the mouse."""
    nav = window.navigation  # type: ignore[attr-defined]
    for row in range(nav.count()):
        item = nav.item(row)
        data = item.data(Qt.ItemDataRole.UserRole)
        if data in (key, f"section:{key}") or getattr(data, "key", None) == key:
            nav.scrollToItem(item)
            rect = nav.visualItemRect(item)
            QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise LookupError(f"no sidebar entry {key!r}")


# -- the day ------------------------------------------------------------------------------


def day(walk: Walk, window: QWidget, workspace: object) -> Step:
    """The biller's day, step by step."""
    from oa_desktop.domain.next_steps import ProblemKind
    from oa_desktop.store import remittances

    store = workspace.store  # type: ignore[attr-defined]
    walk.shot("opened")

    click_nav(window, "problems")
    yield 300
    walk.shot("problems")
    problems = window.show_section("problems")  # type: ignore[attr-defined]
    problems.set_filter(ProblemKind.REJECTED)
    yield 200
    item = problems.selected()
    walk.note(f"rejection: {item.pcn if item else None} {item.reason if item else ''}")
    walk.shot("problems_rejected")

    # fix and resend: it asks whether the reason was fixed; the biller opens the claim
    QTimer.singleShot(0, lambda: click(problems, "Fix and resend"))
    yield 800
    front = modal()
    walk.note(f"after Fix and resend: {type(front).__name__ if front else None}")
    walk.shot("fix_and_resend")
    if isinstance(front, QMessageBox):
        question = front
        QTimer.singleShot(0, lambda: click(question, "Open the claim"))
        yield 1000
        front = modal()
        walk.note(f"after Open the claim to fix it: {type(front).__name__ if front else None}")
    wizard = window.submit_actions.wizard  # type: ignore[attr-defined]
    if front is not None and front is not wizard:  # the claim editor: mark it ready
        editor = front
        yield from _fix_in_editor(walk, editor)
        if item is not None:  # Send batch, with the fixed claim only (others untick)
            window.submit_actions.open_wizard({item.claim_id})  # type: ignore[attr-defined]
        yield 500
        wizard = window.submit_actions.wizard  # type: ignore[attr-defined]
    if wizard is not None and wizard.isVisible():
        for name in ("choose", "scrub", "summary"):
            walk.shot(f"send_wizard_{name}")
            click(wizard, "Next")
            yield 400
        wizard.send.confirm.setChecked(True)
        walk.shot("send_wizard_send")
        click(wizard, "Send")
        yield from wait_for(lambda: not window.submit_actions.running)  # type: ignore
        yield 300
        walk.shot("sent")

    window.office_ally.sync()  # type: ignore[attr-defined]
    yield from wait_for(lambda: not window.office_ally.running)  # type: ignore
    walk.shot("sync_right_after_send")
    yield 2500  # the sandbox answers after a second
    window.office_ally.sync()  # type: ignore[attr-defined]
    yield from wait_for(lambda: not window.office_ally.running)  # type: ignore
    yield 300
    walk.shot("sync_answers")
    click_nav(window, "responses")
    yield 300
    walk.shot("responses")
    click_nav(window, "batches")
    yield 300
    walk.shot("batches")

    click_nav(window, "eras")
    yield 400
    walk.shot("eras")
    eras = window.show_section("eras")  # type: ignore[attr-defined]
    ready = [r for r in remittances.list_remittances(store)
             if r.status == "ready" and not r.unmatched]
    target = max(ready, key=lambda r: r.claim_count) if ready else None
    if target is not None:
        eras.select(target.id)
        yield 300
        walk.shot("era_selected")
        QTimer.singleShot(0, lambda: click(eras.detail, "Post"))
        yield 800
        preview = modal()
        walk.note(f"posting preview: {type(preview).__name__ if preview else None}")
        walk.shot("posting_preview")
        if preview is not None:
            click(preview, "Post")
            yield 1500
            if modal() is not None:  # a question after Post (held or below zero)
                walk.shot("after_post_question")
                modal().reject()  # type: ignore[union-attr]
                yield 300
        walk.shot("era_posted")
        claim_id = next((c.claim_id for c in remittances.remittance_claims(store, target.id)
                         if c.claim_id), None)
        if claim_id is not None:
            from oa_desktop.store import claims

            pcn = claims.get_claim(store, claim_id).patient_control_number
            eras.search.setText(pcn)
            yield 400
            walk.shot("era_find_by_claim")
            eras.search.clear()
            yield from _claim_page(walk, window, claim_id)
            patient_id = claims.get_claim(store, claim_id).patient_id
            window.open_patient_account(patient_id)  # type: ignore[attr-defined]
            yield 800
            walk.shot("patient_account")
            account = modal()
            if account is not None:
                account.reject()
                yield 300
    click_nav(window, "reports")
    yield 500
    walk.shot("reports")
    click_nav(window, "paid")
    yield 400
    walk.shot("claims_paid")
    click_nav(window, "problems")
    yield 400
    walk.shot("problems_end_of_day")


def _fix_in_editor(walk: Walk, editor: QWidget) -> Step:
    """The claim editor opened on the rejected claim: look at it, mark it ready."""
    walk.shot("editor_rejected_claim")
    try:
        QTimer.singleShot(0, lambda: click(editor, "Mark ready"))
        yield 600
        walk.shot("editor_mark_ready")
    except LookupError as exc:
        walk.note(str(exc))
    if editor.isVisible():
        walk.note("the editor is still open: closing it")
        editor.reject()  # type: ignore[attr-defined]
        yield 400


def _claim_page(walk: Walk, window: QWidget, claim_id: int) -> Step:
    """Open the claim from the claims list the way a biller does, and read its ERAs."""
    click_nav(window, "all")
    yield 300
    QTimer.singleShot(0, lambda: window.open_claim(claim_id))  # type: ignore[attr-defined]
    yield 800
    walk.shot("claim_page_eras")
    page = modal()
    if page is not None:
        page.reject()  # type: ignore[attr-defined]
        yield 300


def main(argv: list[str] | None = None) -> int:
    """Make the demo, open the window, walk the day; exit 1 if the walk stopped early."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/day_shots", help="folder for the PNG files")
    parser.add_argument("--data-dir", help="a demo folder to reuse (default: a fresh one)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()

    from oa_desktop.app import application
    from oa_desktop.services.demo.practice import ensure_demo, start_demo_sandbox
    from oa_desktop.services.safety import folder_lock
    from oa_desktop.services.workspace import open_workspace
    from oa_desktop.ui.shell.main_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="oa-day-") as tmp:
        root = Path(args.data_dir or tmp)
        ensure_demo(root)
        sandbox = start_demo_sandbox(root, respond_after=1.0)
        app = application()
        workspace = open_workspace(root, lock=folder_lock.WINDOW)
        walk = Walk(out)
        try:
            window = MainWindow(workspace, demo=True)
            _WINDOW.append(window)
            window.show()
            walk.run(day(walk, window, workspace))
            app.exec()
        finally:
            workspace.close()
            sandbox.stop()
    stopped = any("STOPPED" in line for line in walk.notes)
    return 1 if stopped else 0


if __name__ == "__main__":
    sys.exit(main())
