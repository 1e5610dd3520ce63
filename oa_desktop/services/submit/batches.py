"""Send claims to Office Ally: scrub, build one 837P per batch, upload, record.

A claim becomes ``submitted`` only after its file's upload is confirmed. A failed upload
leaves its claims ``ready`` and the batch ``failed`` with the reason; :func:`retry_batch`
(and every sync) sends it again. A selection bigger than the per-file cap is split.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from oa_desktop.domain.display import plural
from oa_desktop.domain.models import BillingProvider, Claim, Coverage, Patient, Relationship
from oa_desktop.domain.money import from_cents
from oa_desktop.domain.scrubber import Finding, ScrubContext, has_errors, scrub
from oa_desktop.domain.status import EventKind
from oa_desktop.errors import InputError, KnownError
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.transfer import archive_for_upload, upload_file
from oa_desktop.logs import get_logger
from oa_desktop.services.claims import icd10
from oa_desktop.services.claims.bundles import claim_bundle, submission
from oa_desktop.services.office_ally import account
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, records, scrub_queries, settings, submit_queries
from oa_desktop.store.batches import Batch, BatchClaim
from oa_desktop.store.db import Store, utc_now
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.model_837 import ClaimBundle, Submission837
from oa_desktop.x12.write_837p import ControlNumbers, write_837p

log = get_logger("services")
SessionFactory = Callable[[Workspace, str | None], GatewaySession]


class _Lookups:
    """Practice, payers, providers and facilities, read once for many claims."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.practice: BillingProvider | None = records.load_practice(store)
        self.payers = {p.id: p for p in records.list_payers(store)}
        self.providers = {p.id: p for p in records.list_rendering_providers(store)}
        self.facilities = {f.id: f for f in records.list_facilities(store)}
        self.patients: dict[int, Patient] = {}
        self.coverages: dict[int, Coverage] = {}
        self.contexts: dict[int, ScrubContext] = {}  # scrub and build read a claim once
        self.services: dict[scrub_queries.ServiceKey, set[tuple[int, str]]] | None = None

    def prefetch(self, claim_ids: Sequence[int]) -> None:
        """Read the services of every patient in ``claim_ids`` once (duplicate check)."""
        patients = claims.patient_ids_of(self.store, claim_ids)
        self.services = scrub_queries.service_index(self.store, patients)

    def _duplicates(self, claim: Claim, payer_id: int) -> tuple[str, ...]:
        """Other claims of this patient and payer with a line on the same day and code."""
        if self.services is None:
            return scrub_queries.duplicate_claims(
                self.store, patient_id=claim.patient_id, payer_id=payer_id,
                services=[(line.service_date, line.procedure_code) for line in claim.lines],
                exclude_claim_id=claim.id,
            )
        found: set[str] = set()
        for line in claim.lines:
            key = (claim.patient_id, payer_id, line.service_date.isoformat(),
                   line.procedure_code.strip().upper())
            found.update(pcn for other, pcn in self.services.get(key, ()) if other != claim.id)
        return tuple(sorted(found))

    def context(self, claim_id: int, today: date) -> ScrubContext:
        claim = claims.get_claim(self.store, claim_id)
        patient = self.patients.get(claim.patient_id)
        if patient is None:
            patient = self.patients[claim.patient_id] = records.get_patient(
                self.store, claim.patient_id)
        coverage = self.coverages.get(claim.coverage_id)
        if coverage is None:
            coverage = self.coverages[claim.coverage_id] = records.get_coverage(
                self.store, claim.coverage_id)
        payer = self.payers.get(coverage.payer_id)
        duplicates: tuple[str, ...] = ()
        if payer is not None and payer.id is not None:
            duplicates = self._duplicates(claim, payer.id)
        # the same edits as the editor's live scrubber (services.scrub), with records cached
        context = ScrubContext(
            claim=claim, practice=self.practice, patient=patient, coverage=coverage,
            payer=payer, rendering=self.providers.get(claim.rendering_provider_id),
            facility=self.facilities.get(claim.facility_id), today=today,
            is_billable=icd10.is_billable, duplicate_pcns=duplicates,
        )
        self.contexts[claim_id] = context
        return context

    def submission(self, claim_ids: Sequence[int]) -> Submission837:
        """The 837P's input, from the contexts the scrub already read where it can."""
        bundles = []
        for claim_id in claim_ids:
            ctx = self.contexts.get(claim_id)
            if (ctx is None or ctx.claim.secondary_coverage_id is not None
                    or ctx.coverage is None or ctx.patient is None or ctx.payer is None):
                bundles.append(claim_bundle(self.store, claim_id))
                continue
            # the claim's number may have been renewed since the scrub read it
            pcn = claims.pcn_of(self.store.read, claim_id)
            ctx.claim.patient_control_number = pcn
            subscriber = (ctx.coverage.subscriber
                          if ctx.coverage.relationship is not Relationship.SELF else None)
            bundles.append(ClaimBundle(claim=ctx.claim, patient=ctx.patient,
                                       coverage=ctx.coverage, payer=ctx.payer,
                                       subscriber=subscriber, rendering=ctx.rendering,
                                       facility=ctx.facility, other=None))
        if self.practice is None:
            return submission(self.store, claim_ids)  # raises the plain "set up" message
        return Submission837(billing=self.practice, claims=bundles)

    def batch_claim(self, claim_id: int) -> BatchClaim:
        row = submit_queries.batch_claim_row(self.store, claim_id)
        payer = self.payers.get(row[3])
        provider = self.providers.get(row[2])
        practice = self.practice
        npi = provider.npi if provider else (practice.npi if practice else "")
        return BatchClaim(
            claim_id, row[0], from_cents(row[1]), tax_id=practice.ein if practice else "",
            npi=npi, payer_id=row[3], non_par=bool(payer and payer.non_par),
        )


def scrub_claims(
    store: Store, claim_ids: Sequence[int], today: date | None = None,
    lookups: _Lookups | None = None,
) -> dict[int, list[Finding]]:
    """Every claim's findings (an empty list when it is clean)."""
    lookups = lookups or _Lookups(store)
    lookups.prefetch(claim_ids)
    day = today or date.today()
    return {claim_id: scrub(lookups.context(claim_id, day)) for claim_id in claim_ids}


def sendable_claim_ids(store: Store) -> list[int]:
    """Ready claims that are not already waiting in a built or failed batch."""
    waiting = batches.waiting_claim_ids(store)
    return [claim_id for claim_id in claims.ready_claim_ids(store) if claim_id not in waiting]


def chunks(ids: Sequence[int], cap: int) -> Iterator[list[int]]:
    """Split a selection into files of at most ``cap`` claims, as evenly as possible."""
    if not ids:
        return
    count = -(-len(ids) // max(cap, 1))
    size = -(-len(ids) // count)
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def upload_name(submitter: str, created: datetime, isa13: int, test_mode: bool) -> str:
    """``<submitter>_<YYYYMMDDHHMMSS>_<ISA13>.txt``; ``OATEST`` marks a test file."""
    safe = "".join(ch for ch in submitter.upper() if ch.isalnum()) or "OADESKTOP"
    tail = "_OATEST" if test_mode else ""
    return f"{safe}_{created:%Y%m%d%H%M%S}_{isa13:09d}{tail}.txt"


def _renew_sent_pcns(store: Store, claim_ids: Sequence[int]) -> None:
    """A claim sent before gets a new CLM01: Office Ally and payers need one per sending."""
    with store.write() as db:
        for claim_id in claim_ids:
            pcn = claims.pcn_of(db, claim_id)
            if not batches.pcn_was_sent(db, pcn):
                continue
            new = claims.next_pcn(db)
            claims.set_pcn(db, claim_id, new)
            claims.add_event(store, claim_id, EventKind.NOTE, source="user",
                             text=f"New claim number {new} for this sending (was {pcn})")


def prepare_batches(
    workspace: Workspace, claim_ids: Sequence[int], *, test_mode: bool,
    created: datetime | None = None, lookups: _Lookups | None = None,
) -> list[Batch]:
    """Record batches of ready claims and write each one's 837P into the archive.

    Nothing is uploaded and no claim changes status; ``built`` batches wait for
    :func:`upload_batch`.
    """
    store = workspace.store
    sendable = set(sendable_claim_ids(store))
    ids = [i for i in dict.fromkeys(claim_ids) if i in sendable]
    if not ids:
        raise InputError("None of these claims can be sent: only ready claims that are not "
                         "already in a batch waiting to go.", "Choose ready claims.")
    when = created or datetime.now(UTC).replace(microsecond=0)
    lookups = lookups or _Lookups(store)
    submitter = lookups.practice.submitter_id if lookups.practice else ""
    submitter = settings.GATEWAY_SUBMITTER_ID.get(store) or submitter
    made: list[Batch] = []
    for chunk in chunks(ids, settings.BATCH_CLAIM_CAP.get(store)):
        _renew_sent_pcns(store, chunk)
        batch = batches.create_batch(store, [lookups.batch_claim(i) for i in chunk],
                                     test_mode=test_mode, at=when.isoformat())
        numbers = ControlNumbers(batch.interchange_control_number, batch.group_control_number,
                                 int(batch.transaction_control_number))
        try:
            text = write_837p(lookups.submission(chunk), numbers, when)
        except X12Error as exc:
            batches.mark_batch(store, batch.id, "cancelled")
            raise InputError(f"The claim file could not be written: {exc}.",
                             "Fix the claim it names, then send again.") from exc
        data = text.encode("ascii")
        name = upload_name(submitter, when, batch.interchange_control_number, test_mode)
        path = archive_for_upload(workspace.folder.archive, name, data)
        batches.set_batch_file(store, batch.id, file_name=name,
                               local_path=path.relative_to(workspace.folder.root).as_posix(),
                               sha256=hashlib.sha256(data).hexdigest())
        made.append(batches.get_batch(store, batch.id))
    return made


@dataclass(frozen=True)
class BatchOutcome:
    """What happened to one batch's upload."""

    batch: Batch
    sent: bool
    reason: str = ""  # why it failed, in plain words

    @property
    def line(self) -> str:
        """One line for the status bar and the CLI."""
        b = self.batch
        mode = " (OATEST)" if b.test_mode else ""
        noun = "claim" if b.claim_count == 1 else "claims"
        if self.sent:
            return f"Sent {b.claim_count} {noun} in batch {b.name}{mode}."
        return f"Batch {b.name} was not sent: {self.reason}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KnownError):
        return f"{exc.message} {exc.next_step}".strip()
    if isinstance(exc, Cancelled):
        return "You cancelled the upload. Retry sends it."
    if isinstance(exc, OSError):
        return f"The file could not be read or sent ({exc.strerror or exc})."
    return "An unexpected problem stopped the upload; see Help → Show log."


def _still_ready(store: Store, batch: Batch) -> list[int]:
    ids = batches.batch_claim_ids(store, batch.id)
    return claims.not_ready_among(store, ids)


def upload_batch(workspace: Workspace, session: GatewaySession, batch: Batch) -> BatchOutcome:
    """Upload one built (or failed) batch; on success its claims become ``submitted``."""
    store = workspace.store
    changed = _still_ready(store, batch)
    if changed:
        batches.mark_batch(store, batch.id, "cancelled")
        return BatchOutcome(batch, False, f"{len(changed)} of its claims changed after it was "
                                          "built, so it was cancelled. Send those claims again.")
    try:
        upload_file(session, workspace.folder.root / batch.local_path, batch.file_name)
    except Exception as exc:  # any failure leaves the claims ready and the batch retryable
        reason = _reason(exc)
        log.warning("batch %s upload failed: %s", batch.name, exc.__class__.__name__)
        batches.fail_batch(store, batch.id, reason)
        if isinstance(exc, Cancelled):
            raise
        return BatchOutcome(batches.get_batch(store, batch.id), False, reason)
    record_sent(store, batch)
    return BatchOutcome(batches.get_batch(store, batch.id), True)


def record_sent(store: Store, batch: Batch, at: str | None = None) -> None:
    """The upload is confirmed: the batch is ``sent`` and every claim ``submitted``."""
    now = at or utc_now()
    mode = " as a test file (OATEST)" if batch.test_mode else ""
    text = f"Sent to Office Ally in batch {batch.name}{mode}"
    with store.write() as db:
        batches.mark_sent_in(db, batch.id, now)
        events = [(claim_id, EventKind.SUBMITTED, now, "", text)
                  for claim_id in batches.batch_claim_ids(store, batch.id)]
        claims.append_events(db, events, source="user", source_file=batch.file_name,
                             batch_id=batch.id)


@dataclass
class SubmitResult:
    """What ``submit`` did: the batches sent or failed, and the claims left out."""

    outcomes: list[BatchOutcome] = field(default_factory=list)
    left_out: dict[int, list[Finding]] = field(default_factory=dict)

    @property
    def sent_claims(self) -> int:
        return sum(o.batch.claim_count for o in self.outcomes if o.sent)

    @property
    def failed(self) -> list[BatchOutcome]:
        return [o for o in self.outcomes if not o.sent]

    @property
    def summary(self) -> str:
        """One line: what was sent, what failed, what was left out."""
        parts = [o.line for o in self.outcomes]
        if self.left_out:
            count = len(self.left_out)
            parts.append(f"{count} claim{'s' if count != 1 else ''} left out: the scrubber "
                         "found errors.")
        return " ".join(parts) or "Nothing was sent."


def _default_session(workspace: Workspace, password: str | None) -> GatewaySession:
    return account.open_session(workspace, password)


def send_batches(
    workspace: Workspace, pending: Sequence[Batch], *, password: str | None = None,
    progress: Progress | None = None, session_factory: SessionFactory = _default_session,
) -> list[BatchOutcome]:
    """Upload batches over one session. A failed login fails them all, with the reason."""
    if not pending:
        return []
    if progress is not None:
        progress.report(0, len(pending), "Connecting to Office Ally…")
    try:
        session = session_factory(workspace, password)
    except Exception as exc:
        reason = _reason(exc)
        for batch in pending:
            batches.fail_batch(workspace.store, batch.id, reason)
        if isinstance(exc, KnownError | Cancelled):
            return [BatchOutcome(batches.get_batch(workspace.store, b.id), False, reason)
                    for b in pending]
        raise
    outcomes: list[BatchOutcome] = []
    try:
        for number, batch in enumerate(pending, start=1):
            if progress is not None:
                progress.report(number - 1, len(pending),
                                f"Uploading batch {batch.name} ({number} of {len(pending)})…")
            outcomes.append(upload_batch(workspace, session, batch))
    finally:
        session.close()
    if progress is not None:
        progress.report(len(pending), len(pending), "Upload finished.")
    return outcomes


def submit(
    workspace: Workspace, claim_ids: Sequence[int] | None = None, *, test_mode: bool,
    password: str | None = None, progress: Progress | None = None,
    session_factory: SessionFactory = _default_session, today: date | None = None,
) -> SubmitResult:
    """Scrub, build and upload: claims with scrubber errors are left out (default: all ready)."""
    store = workspace.store
    ids = list(claim_ids) if claim_ids is not None else sendable_claim_ids(store)
    if progress is not None:
        progress.report(0, 0, f"Checking {plural(len(ids), 'claim')}…")
    lookups = _Lookups(store)
    findings = scrub_claims(store, ids, today, lookups)
    left_out = {i: f for i, f in findings.items() if has_errors(f)}
    clean = [i for i in ids if i not in left_out]
    result = SubmitResult(left_out=left_out)
    if not clean:
        if left_out:
            return result
        raise InputError("There are no ready claims to send.", "Mark claims ready first.")
    if progress is not None:
        progress.report(0, 0, f"Building the claim file for {plural(len(clean), 'claim')}…")
    built = prepare_batches(workspace, clean, test_mode=test_mode, lookups=lookups)
    result.outcomes = send_batches(workspace, built, password=password, progress=progress,
                                   session_factory=session_factory)
    return result


def retry_batch(
    workspace: Workspace, batch_id: int, *, password: str | None = None,
    progress: Progress | None = None, session_factory: SessionFactory = _default_session,
) -> BatchOutcome:
    """Send a failed (or never sent) batch again, with the same file and numbers."""
    batch = batches.get_batch(workspace.store, batch_id)
    if not batch.waiting:
        raise InputError(f"Batch {batch.name} was already sent.", "Nothing to retry.")
    return send_batches(workspace, [batch], password=password, progress=progress,
                        session_factory=session_factory)[0]


def waiting_batches(store: Store) -> list[Batch]:
    """Batches built or failed, oldest first: what a sync sends before downloading."""
    return list(reversed(batches.list_batches(store, batches.WAITING)))


def ready_count(store: Store) -> int:
    """How many claims could go in a new batch now."""
    return len(sendable_claim_ids(store))

