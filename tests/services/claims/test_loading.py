"""One loader for a claim with its records: scrub, batch and 837P bundles read the same."""

from __future__ import annotations

from dataclasses import replace

import pytest

from oa_desktop.errors import InputError
from oa_desktop.services.claims.bundles import claim_bundle
from oa_desktop.services.claims.loading import ClaimLoader
from oa_desktop.services.claims.scrub import build_context
from oa_desktop.services.submit.batches import _Lookups, sendable_claim_ids
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import claims
from tests.conftest import DEMO_DAY


def test_scrub_batch_and_bundle_load_the_same_records(demo_workspace: Workspace) -> None:
    store = demo_workspace.store
    claim_id = sendable_claim_ids(store)[0]
    editor = build_context(store, claims.get_claim(store, claim_id), DEMO_DAY)
    batch = _Lookups(store).context(claim_id, DEMO_DAY)
    bundle = claim_bundle(store, claim_id)
    assert editor == batch
    assert (bundle.patient, bundle.coverage, bundle.payer, bundle.rendering, bundle.facility) == (
        editor.patient, editor.coverage, editor.payer, editor.rendering, editor.facility)
    assert editor.patient is not None and editor.payer is not None


def test_records_that_do_not_exist_load_as_none_and_cannot_be_written(
    demo_workspace: Workspace
) -> None:
    store = demo_workspace.store
    claim = claims.get_claim(store, sendable_claim_ids(store)[0])
    loader = ClaimLoader(store)
    loaded = loader.load(replace(claim, coverage_id=999_999, rendering_provider_id=999_999,
                                 facility_id=999_999))
    assert (loaded.coverage, loaded.payer, loaded.rendering, loaded.facility) == (
        None, None, None, None)
    assert loaded.patient is not None
    with pytest.raises(InputError):
        loader.bundle(loaded)
