"""Render every screen offscreen, for `oa-desktop screenshot` and for looking at them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from oa_desktop.errors import KnownError
from oa_desktop.services.workspace import Workspace
from oa_desktop.ui.claim_view import ClaimDialog
from oa_desktop.ui.crash import CrashDialog
from oa_desktop.ui.log_view import LogDialog
from oa_desktop.ui.main_window import MainWindow
from oa_desktop.ui.messages import known_error_box
from oa_desktop.ui.queues import QUEUES

Saver = Callable[[QWidget, Path], Path]


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def render_all(workspace: Workspace, out: Path, save: Saver) -> list[Path]:
    """Write one PNG per screen and return their paths."""
    written: list[Path] = []
    window = MainWindow(workspace)
    window.resize(1360, 820)
    window.show()
    _settle()
    for queue in QUEUES:
        window.navigation.select_queue(queue.key)
        _settle()
        written.append(save(window, out / f"claims_{queue.key}.png"))
    window.navigation.select_queue("all")
    window.claims.search.setText("smith")
    window.claims.reload()
    _settle()
    written.append(save(window, out / "claims_search.png"))
    window.claims.search.setText("zzzz-no-such-claim")
    window.claims.reload()
    _settle()
    written.append(save(window, out / "claims_search_empty.png"))
    window.claims.search.clear()
    window.claims.reload()
    _settle()
    claim_id = window.claims.selected_claim_id()
    if claim_id is not None:
        dialog = ClaimDialog(workspace.store, claim_id, window)
        dialog.show()
        _settle()
        written.append(save(dialog, out / "claim_detail.png"))
        dialog.close()
    log = LogDialog(workspace.log_file, window)
    log.show()
    _settle()
    written.append(save(log, out / "help_log.png"))
    log.close()
    error = known_error_box(window, KnownError(
        "The database file is damaged or is not an OA Desktop database.",
        "Nothing was changed. Restore your latest backup, or open another data folder.",
    ), "OA Desktop cannot start")
    error.show()
    _settle()
    written.append(save(error, out / "error_known.png"))
    error.close()
    crash = CrashDialog("ZeroDivisionError: division by zero", "Traceback ...",
                        workspace.folder.logs, window)
    crash.show()
    _settle()
    written.append(save(crash, out / "error_crash.png"))
    crash.close()
    written += _era_screens(window, workspace, out, save)
    about = QMessageBox(QMessageBox.Icon.Information, "About OA Desktop", "", parent=window)
    window.close()
    about.deleteLater()
    return written


def _era_screens(window: MainWindow, workspace: Workspace, out: Path, save: Saver) -> list[Path]:
    """The ERA list and detail, the posting preview and the Denials worklist."""
    from oa_desktop.services import posting
    from oa_desktop.store import remittances
    from oa_desktop.ui.posting_preview import PostingPreviewDialog

    written: list[Path] = []
    window.navigation.select_section("eras")
    view = window.show_section("eras")
    _settle()
    written.append(save(window, out / "era_list.png"))
    ready = [r for r in remittances.list_remittances(workspace.store) if r.status == "ready"]
    if ready:
        target = max(ready, key=lambda r: r.claim_count)
        view.select(target.id)  # type: ignore[attr-defined]
        _settle()
        written.append(save(window, out / "era_detail.png"))
        dialog = PostingPreviewDialog(posting.preview(workspace.store, target.id), window)
        dialog.show()
        _settle()
        written.append(save(dialog, out / "posting_preview.png"))
        dialog.close()
    window.navigation.select_section("denial_worklist")
    window.show_section("denial_worklist")
    _settle()
    written.append(save(window, out / "denials.png"))
    return written
