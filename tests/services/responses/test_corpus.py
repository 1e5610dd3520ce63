"""The public 999 and 277 samples: matched exactly, idempotent, unmatched when not ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from oa_desktop.domain.status import EventKind
from oa_desktop.services.responses.claim_status import ACKNOWLEDGED, REJECTED
from oa_desktop.services.responses.ingest import ingest_file
from oa_desktop.services.responses.payer_status import kind_for
from oa_desktop.services.workspace import Workspace, open_workspace
from oa_desktop.store import claims, files
from oa_desktop.x12.parse import parse_file
from oa_desktop.x12.read_277 import StatusReport277
from oa_desktop.x12.read_999 import Acknowledgment999
from tests.conftest import SHARED
from tests.services.responses.helpers import receive_path, sent_batch

CORPUS = SHARED / "corpus"


def _files(kind: str) -> list[Path]:
    folder = CORPUS / kind
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        try:
            parsed = parse_file(path)
        except Exception:  # noqa: BLE001 - samples the reader refuses are not ours to match
            continue
        wanted = Acknowledgment999 if kind == "999" else StatusReport277
        if any(isinstance(t, wanted) for t in parsed.transactions):
            found.append(path)
    return found


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = open_workspace(tmp_path / "data")
    yield ws
    ws.close()


def _events(workspace: Workspace) -> int:
    return int(workspace.store.read.execute("SELECT COUNT(*) FROM claim_events").fetchone()[0])


@pytest.mark.skipif(not _files("999"), reason="the shared corpus is not here")
@pytest.mark.parametrize("path", _files("999"), ids=lambda p: p.name)
def test_999_matches_its_batch_exactly_and_only_once(workspace: Workspace, path: Path) -> None:
    groups = [t for t in parse_file(path).transactions if isinstance(t, Acknowledgment999)]
    group = groups[0]
    if not group.group_control_number.isdigit():
        pytest.skip("no numeric AK102 to point back by")
    st02 = group.sets[0].control_number if group.sets else "0001"
    batch = sent_batch(workspace, ["CORPUS1", "CORPUS2"], group=int(group.group_control_number),
                       st02=st02)
    before = _events(workspace)
    received = receive_path(workspace, path)
    outcome = ingest_file(workspace, received)
    assert outcome.status == "ingested", outcome.summary
    status = (group.sets[0].status if group.sets and group.sets[0].status else group.status)
    expected = EventKind.FILE_ACCEPTED if status in ("A", "E") else EventKind.FILE_REJECTED
    for claim_id in (1, 2):
        last = claims.timeline(workspace.store, claim_id)[-1]
        assert last.kind is expected and last.codes.startswith(f"999 {status}")
        assert last.source == "999" and last.source_file == path.name
    same = sum(1 for g in groups if g.group_control_number == group.group_control_number)
    assert _events(workspace) == before + 2 * same  # one event per claim per answer
    again = ingest_file(workspace, received)
    assert again.status == "ingested" and _events(workspace) == before + 2 * same
    assert batch.id is not None


@pytest.mark.skipif(not _files("999"), reason="the shared corpus is not here")
@pytest.mark.parametrize("path", _files("999") + _files("277"), ids=lambda p: p.name)
def test_a_file_for_nothing_we_sent_lands_in_the_unmatched_list(
    workspace: Workspace, path: Path
) -> None:
    received = receive_path(workspace, path)
    outcome = ingest_file(workspace, received)
    assert outcome.status == "unmatched" and "Kept in the archive" in outcome.summary
    (listed,) = files.list_received(workspace.store, status="unmatched")
    assert listed.problem == outcome.summary
    assert _events(workspace) == 0


@pytest.mark.skipif(not _files("277"), reason="the shared corpus is not here")
@pytest.mark.parametrize("path", _files("277"), ids=lambda p: p.name)
def test_277_matches_each_claim_by_trn02_exactly_and_only_once(
    workspace: Workspace, path: Path
) -> None:
    reports = [t for t in parse_file(path).transactions if isinstance(t, StatusReport277)]
    loops = [loop for r in reports for loop in r.claims if loop.trace_number]
    pcns = sorted({loop.trace_number.upper() for loop in loops})
    if not pcns:
        pytest.skip("no claim-level TRN02 in this sample")
    sent_batch(workspace, pcns)
    before = _events(workspace)
    received = receive_path(workspace, path)
    outcome = ingest_file(workspace, received)
    assert outcome.status == "ingested", outcome.summary
    assert _events(workspace) == before + len(loops)
    for loop in loops:
        claim_id = claims.claim_id_for_pcn(workspace.store, loop.trace_number)
        assert claim_id is not None
        said = [e for e in claims.timeline(workspace.store, claim_id) if e.source == "277"]
        categories = {s.category for s in loop.statuses if s.line is None} or {
            s.category for s in loop.statuses}
        kinds = {e.kind for e in said}
        if categories & REJECTED:
            assert EventKind.PAYER_REJECTED in kinds
        elif categories & ACKNOWLEDGED:
            assert EventKind.PAYER_ACKNOWLEDGED in kinds
        else:
            assert kind_for(categories)[0] in kinds or EventKind.STATUS_REPORTED in kinds
        codes = ", ".join(f"{s.category}:{s.code}" for s in loop.statuses)
        assert any(codes.split(", ")[0] in e.codes for e in said)
    again = ingest_file(workspace, received)
    assert again.status == "ingested" and _events(workspace) == before + len(loops)
