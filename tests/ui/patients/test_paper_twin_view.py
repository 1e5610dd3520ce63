"""The ERA screen shows an ERA that repeats a paper EOB and offers to use it instead."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from oa_desktop.services.era import importing
from oa_desktop.services.patients import paper_eob
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims, remittances
from oa_desktop.ui.era.detail_view import EraDetailView
from tests.services.patients.test_paper_eob import _eob, _era_for, _open_claim


def test_the_pair_is_shown_and_the_biller_chooses_the_era(
        qtbot: QtBot, demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    store = demo_workspace.store
    claim_id, pcn, lines = _open_claim(demo_workspace)
    paper_id = paper_eob.enter_and_post(store, _eob(claim_id, lines, check="CHK777"))
    balance = claims.balance(store, claim_id)
    [era_id] = importing.import_bytes(demo_workspace, "late.835",
                                      _era_for(pcn, lines, "CHK777")).remittance_ids
    view = EraDetailView(demo_workspace)
    qtbot.addWidget(view)
    view.show_era(era_id)
    assert "typed in from a paper EOB" in view.header.text()
    button = view.buttons["not_duplicate"]
    assert button.text() == "Use this ERA instead…"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    button.click()
    assert remittances.get_remittance(store, paper_id).status == "dismissed"
    assert remittances.get_remittance(store, era_id).status == "ready"
    view.show_era(era_id)
    view.post_now()
    assert claims.balance(store, claim_id) == balance
