"""Is this answer for this practice? (DESIGN §3: every answer must be addressed to us.)

Control numbers and CLM01s come from our own counters, so another practice's answers
collide with ours sooner or later. Before a 999, TA1, 277 or 835 changes anything, it must
be tied to us by more than a counter:

- a 999 or TA1: its receiver ID, where it names one other than Office Ally's, is our
  submitter ID; a 999 group's sets (AK2) include the set we sent in that group;
- a 277 claim: the billing provider it sits under is the practice or one of its providers;
- an 835: its payee NPI or Tax ID is the practice's or one of its providers'. 835
  envelope IDs are Office Ally's or the payer's and are not looked at.

Each check returns ``None`` (ours) or the reason in words. With no practice recorded yet
(nothing can have been sent from here) the identity checks have nothing to compare and
pass; the control-number checks still apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from oa_desktop.gateway.settings import OFFICE_ALLY_ID
from oa_desktop.store import records, settings
from oa_desktop.store.batches import Batch
from oa_desktop.store.db import Store
from oa_desktop.x12.model_835 import Remittance835
from oa_desktop.x12.read_999 import Acknowledgment999
from oa_desktop.x12.syntax import Envelope


@dataclass(frozen=True, slots=True)
class Identity:
    """What this practice is known by in answers."""

    npis: frozenset[str]  # the practice's and its providers'
    tax_ids: frozenset[str]  # digits only
    submitter_ids: frozenset[str]  # upper case
    known: bool  # False before the practice is set up

    def is_our_npi(self, npi: str) -> bool:
        """True for the practice's or a provider's NPI."""
        return npi.strip() in self.npis

    def is_our_tax_id(self, tax_id: str) -> bool:
        """True for the practice's Tax ID (dashes and spaces ignored)."""
        return _digits(tax_id) in self.tax_ids


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def our_identity(store: Store) -> Identity:
    """The practice's NPIs, Tax ID and Office Ally submitter IDs."""
    practice = records.load_practice(store)
    npis = {p.npi.strip() for p in records.list_rendering_providers(store) if p.npi.strip()}
    tax_ids: set[str] = set()
    submitters = {settings.GATEWAY_SUBMITTER_ID.get(store).strip().upper()}
    if practice is not None:
        npis.add(practice.npi.strip())
        tax_ids.add(_digits(practice.ein))
        submitters.add(practice.submitter_id.strip().upper())
    return Identity(frozenset(npis - {""}), frozenset(tax_ids - {""}),
                    frozenset(submitters - {""}), practice is not None)


def receiver_problem(envelope: Envelope | None, identity: Identity) -> str | None:
    """Why an acknowledgment's envelope is addressed to someone else, or None."""
    if envelope is None or not identity.known:
        return None
    named = {envelope.receiver_id.strip().upper(), envelope.application_receiver.strip().upper()}
    others = named - {"", OFFICE_ALLY_ID}
    foreign = sorted(others - identity.submitter_ids)
    if foreign:
        ours = ", ".join(sorted(identity.submitter_ids)) or "none set up"
        return (f"It is addressed to submitter {foreign[0]}; this practice's submitter ID is "
                f"{ours}.")
    return None


def _number(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def group_problem(group: Acknowledgment999, batch: Batch) -> str | None:
    """Why a 999 group with our GS06 does not answer the set we sent in it, or None."""
    ours = _number(batch.transaction_control_number)
    if group.sets:
        if not any(_number(s.control_number) == ours for s in group.sets):
            named = ", ".join(s.control_number or "(blank)" for s in group.sets[:5])
            return (f"Its group {group.group_control_number} answers transaction set(s) "
                    f"{named}; batch {batch.name} sent set {batch.transaction_control_number}.")
        return None
    included = _number(group.sets_included)
    if included is not None and included != 1:
        return (f"Its group {group.group_control_number} held {included} transaction sets; "
                f"batch {batch.name} sent one.")
    return None


def ack_claims_for(group: Acknowledgment999, envelope: Envelope | None) -> str:
    """What a 999 group says it answers, in words."""
    sets = ", ".join(s.control_number for s in group.sets[:5]) or "none named"
    to = envelope.receiver_id.strip() if envelope is not None else ""
    return (f"Group {group.group_control_number or '(none)'}, set(s) {sets}"
            + (f", for submitter {to}" if to else ""))


def era_problem(era: Remittance835, identity: Identity) -> str | None:
    """Why an 835 does not pay this practice, or None."""
    if not identity.known:
        return None
    if identity.is_our_npi(era.payee_npi) or \
            (era.payee_tax_id and identity.is_our_tax_id(era.payee_tax_id)):
        return None
    return ("Its payee is not this practice: neither the payee's NPI nor its Tax ID is the "
            "practice's or one of its providers'.")


def era_claims_for(era: Remittance835) -> str:
    """Whom an 835 says it pays, in words."""
    parts = [era.payee.name or "(no payee name)"]
    if era.payee_npi:
        parts.append(f"NPI {era.payee_npi}")
    if era.payee_tax_id:
        parts.append(f"Tax ID {era.payee_tax_id}")
    return f"Payment to {', '.join(parts)} from {era.payer.name or 'a payer'}"


def provider_problem(npi: str, identity: Identity) -> str | None:
    """Why a 277 claim under billing provider ``npi`` is not ours, or None."""
    if not identity.known or not npi or identity.is_our_npi(npi):
        return None
    return f"Its billing provider NPI {npi} is not the practice's or one of its providers'."
