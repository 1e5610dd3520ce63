"""What the scrubber needs of authorizations and timely filing, added to a claim's context.

The editor's scrub and the batch's scrub both call :func:`with_auth_and_filing`, so the
two see the same warnings.
"""

from __future__ import annotations

from dataclasses import replace

from oa_desktop.domain.scrubber import ScrubContext
from oa_desktop.services.auth.filing import claim_deadline
from oa_desktop.services.auth.usage import claim_authorizations
from oa_desktop.store.db import Store


def with_auth_and_filing(store: Store, context: ScrubContext) -> ScrubContext:
    """``context`` with the coverage's authorizations, what other claims use of them, and
    the filing deadline (None once the payer has accepted the claim)."""
    claim = context.claim
    auths, used = (claim_authorizations(store, claim) if context.coverage is not None
                   else ((), {}))
    return replace(context, authorizations=auths, auth_used_elsewhere=used,
                   filing_deadline=claim_deadline(store, claim, context.payer))
