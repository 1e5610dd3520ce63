import pytest
from hypothesis import given
from hypothesis import strategies as st

from oa_desktop.domain.status import (
    TRANSITIONS,
    ClaimStatus,
    EventKind,
    InvalidTransition,
    can_apply,
    derive_status,
    next_status,
)

S = ClaimStatus
E = EventKind


def test_happy_path() -> None:
    events = [E.CREATED, E.MARKED_READY, E.SUBMITTED, E.FILE_ACCEPTED, E.PAYER_ACKNOWLEDGED,
              E.PAID, E.CLOSED]
    assert derive_status(events) is S.CLOSED


def test_rejection_fix_and_resend() -> None:
    events = [E.CREATED, E.MARKED_READY, E.SUBMITTED, E.FILE_ACCEPTED, E.PAYER_REJECTED]
    assert derive_status(events) is S.REJECTED
    assert derive_status([*events, E.EDITED]) is S.DRAFT
    assert derive_status([*events, E.EDITED, E.MARKED_READY, E.SUBMITTED]) is S.SUBMITTED


def test_file_rejected_rejects() -> None:
    assert derive_status([E.CREATED, E.MARKED_READY, E.SUBMITTED, E.FILE_REJECTED]) is S.REJECTED


def test_reversal_goes_back_to_accepted_by_payer() -> None:
    events = [E.CREATED, E.MARKED_READY, E.SUBMITTED, E.PAID, E.CLOSED, E.REVERSED]
    assert derive_status(events) is S.ACCEPTED_BY_PAYER


def test_era_before_277_still_pays() -> None:
    assert derive_status([E.CREATED, E.MARKED_READY, E.SUBMITTED, E.PAID]) is S.PAID


def test_late_acknowledgement_does_not_undo_payment() -> None:
    events = [E.CREATED, E.MARKED_READY, E.SUBMITTED, E.PAID, E.PAYER_ACKNOWLEDGED, E.FILE_ACCEPTED]
    assert derive_status(events) is S.PAID


def test_user_actions_are_strict() -> None:
    with pytest.raises(InvalidTransition):
        next_status(S.DRAFT, E.SUBMITTED)
    with pytest.raises(InvalidTransition):
        next_status(S.SUBMITTED, E.EDITED)  # a sent claim cannot be edited in place
    with pytest.raises(InvalidTransition):
        next_status(S.DRAFT, E.CREATED)
    with pytest.raises(InvalidTransition):
        next_status(None, E.MARKED_READY)
    assert not can_apply(S.PAID, E.MARKED_READY)
    assert can_apply(S.PAID, E.CORRECTION_STARTED)


def test_every_event_has_rules() -> None:
    assert set(TRANSITIONS) == set(EventKind)


@given(st.lists(st.sampled_from([e for e in EventKind if e.is_remote]), max_size=20))
def test_remote_facts_never_raise_after_submission(events: list[EventKind]) -> None:
    status = derive_status([E.CREATED, E.MARKED_READY, E.SUBMITTED, *events])
    assert status not in (S.DRAFT, S.READY)


def test_labels_are_plain_words() -> None:
    assert S.ACCEPTED_BY_CLEARINGHOUSE.label == "Accepted by Office Ally"
    assert all(s.label for s in ClaimStatus)
