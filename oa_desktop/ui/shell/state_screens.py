"""The screens of states a fresh demo does not have (``services.demo.screen_states``):
"Not for this practice" with another practice's files, Find a payer on an imported payer
list, a reversal's posting preview, the "Could not download" list, a batch in "Upload
unconfirmed" and the "Batch not sent" message for a permission denied."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from oa_desktop.services.demo.screen_states import ScreenStates
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.kit import fit
from oa_desktop.ui.shell.main_window import MainWindow

Saver = Callable[[QWidget, Path], Path]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def render_states(workspace: Workspace, states: ScreenStates, out: Path, save: Saver,
                  size: QSize) -> list[Path]:
    """In a window of ``size`` on the folder the states were made in: their screens."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    was_installed = fit.installed()
    fit.install(app)
    fit.pretend_screen(size)
    window = MainWindow(workspace)
    try:
        window.resize(size)
        window.show()
        _settle()
        return state_screens(window, workspace, states, out, save)
    finally:
        window.close()
        fit.pretend_screen(None)
        if not was_installed:
            fit.uninstall(app)


def state_screens(window: MainWindow, workspace: Workspace, states: ScreenStates, out: Path,
                  save: Saver) -> list[Path]:
    """One PNG per state made; a state that could not be made is left out."""
    from oa_desktop.services.era import posting
    from oa_desktop.ui.era.posting_preview import PostingPreviewDialog
    from oa_desktop.ui.records.find_payer_dialog import FindPayerDialog
    from oa_desktop.ui.submit.actions import not_sent_box

    written: list[Path] = []
    window.navigation.select_section("not_ours")
    view = window.show_section("not_ours")
    view.table.selectRow(0)  # type: ignore[attr-defined]
    _settle()
    written.append(save(window, out / "not_for_this_practice.png"))
    view.open_selected()  # type: ignore[attr-defined]
    _settle()
    written.append(save(view.dialog, out / "not_for_this_practice_open.png"))  # type: ignore[attr-defined]
    view.dialog.close()  # type: ignore[attr-defined]
    window.navigation.select_section("responses")
    responses = window.show_section("responses")
    responses.reload()  # type: ignore[attr-defined]
    _settle()
    written.append(save(window, out / "responses_could_not_download.png"))
    finder = FindPayerDialog(workspace.store, window, text=states.payer_search)
    finder.show()
    ours = [i for i, p in enumerate(finder.found) if p.name == states.payer_name]
    finder.results.setCurrentRow(ours[0] if ours else 0)  # the practice's own payer
    _settle()
    written.append(save(finder, out / "find_payer.png"))
    finder.close()
    if states.reversal_era is not None:
        dialog = PostingPreviewDialog(posting.preview(workspace.store, states.reversal_era),
                                      window)
        dialog.show()
        _settle()
        written.append(save(dialog, out / "posting_preview_reversal.png"))
        dialog.close()
    if states.unconfirmed_batch is not None:
        window.navigation.select_section("batches")
        batches = window.show_section("batches")
        batches.reload()  # type: ignore[attr-defined]
        batches.select_batch(states.unconfirmed_batch)  # type: ignore[attr-defined]
        _settle()
        written.append(save(window, out / "batches_upload_unconfirmed.png"))
    if states.not_sent_line:
        box = not_sent_box(window, states.not_sent_line)
        box.show()
        _settle()
        written.append(save(box, out / "error_permission_denied.png"))
        box.close()
    return written
