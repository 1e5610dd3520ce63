"""Every alert that tells the biller to choose a button names it as the button is labelled
(a failed batch said "choose Retry" beside a button labelled "Retry upload")."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from oa_desktop.services.office_ally import alerts
from oa_desktop.services.submit import batches as submit
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches
from oa_desktop.ui.shell.main_window import MainWindow
from oa_desktop.ui.submit.batches_view import BatchesView
from tests.services.submit.helpers import ready_claims


def _labels(qtbot: QtBot, workspace: Workspace) -> set[str]:
    view = BatchesView(workspace, retry=lambda _batch_id: None)
    qtbot.addWidget(view)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    labels = {b.text() for b in view.findChildren(QPushButton)}
    labels |= {a.text() for a in window.findChildren(QAction)}
    return {label.replace("&", "") for label in labels}


def test_alerts_name_buttons_as_labelled(qtbot: QtBot, demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    first, second = ready_claims(demo_workspace, 2)
    (failed,) = submit.prepare_batches(demo_workspace, [first], test_mode=True)
    (unsure,) = submit.prepare_batches(demo_workspace, [second], test_mode=True)
    batches.fail_batch(store, failed.id, "The connection dropped.")
    with store.write() as db:
        db.table("batches").update(unsure.id, {"status": sorted(batches.UNCERTAIN)[0]})
    found = alerts.current_alerts(store)
    assert {a.kind for a in found} >= {"upload_failed", "upload_unconfirmed"}
    labels = _labels(qtbot, demo_workspace)
    named = [m.group(1) for a in found
             for m in re.finditer(r"[Cc]hoose (.+?)(?: \(F\d+\))?(?:\.| to )", a.text)]
    assert len(named) == 2
    for name in named:
        assert name in labels, f"no button or menu item is labelled {name!r}"
