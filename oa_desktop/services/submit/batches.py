"""Send claims to Office Ally: scrub, build one 837P per batch, upload, record.

A claim becomes ``submitted`` only after its file's upload is confirmed. A failed upload
leaves its claims ``ready`` and the batch ``failed`` with the reason; :func:`retry_batch`
(and every sync) sends it again. A selection bigger than the per-file cap is split.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from oa_desktop.domain.display import plural
from oa_desktop.domain.models import BillingProvider, Claim
from oa_desktop.domain.money import from_cents
from oa_desktop.domain.scrub_findings import Finding, ScrubContext, has_errors
from oa_desktop.domain.scrubber import scrub
from oa_desktop.domain.status import EventKind
from oa_desktop.errors import ConnectionFailure, InputError, KnownError
from oa_desktop.gateway.session import GatewaySession
from oa_desktop.gateway.transfer import (
    UploadUnconfirmed,
    archive_for_upload,
    find_uploaded,
    reached,
    upload_file,
)
from oa_desktop.logs import get_logger
from oa_desktop.paths import DataFolder
from oa_desktop.services.auth.context import AuthInputs
from oa_desktop.services.claims import icd10
from oa_desktop.services.claims.loading import ClaimLoader
from oa_desktop.services.office_ally import account
from oa_desktop.services.progress import Cancelled, Progress
from oa_desktop.services.workspace import Workspace
from oa_desktop.store import batches, claims, scrub_queries, settings, submit_queries
from oa_desktop.store.batches import Batch, BatchClaim
from oa_desktop.store.db import Store, utc_now
from oa_desktop.x12.errors import X12Error
from oa_desktop.x12.model_837 import Submission837
from oa_desktop.x12.write_837p import ControlNumbers, write_837p

log = get_logger("services")
SessionFactory = Callable[[Workspace, str | None], GatewaySession]


class _Lookups:
    """Claims with their records (one loader for all), and the duplicate check's services,
    read once for many claims."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loader = ClaimLoader(store)
        self.loader.preload()
        self.practice: BillingProvider | None = self.loader.practice
        self.contexts: dict[int, ScrubContext] = {}  # scrub and build read a claim once
        self.services: dict[scrub_queries.ServiceKey, set[tuple[int, str]]] | None = None
        self.auth = AuthInputs(store)  # authorizations and filing limits, read once

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
        """The scrub's context for one stored claim (the same edits as the editor's)."""
        loaded = self.loader.load_id(claim_id)
        duplicates: tuple[str, ...] = ()
        if loaded.payer is not None and loaded.payer.id is not None:
            duplicates = self._duplicates(loaded.claim, loaded.payer.id)
        context = self.auth.add_to(replace(
            loaded, today=today, is_billable=icd10.is_billable, duplicate_pcns=duplicates))
        self.contexts[claim_id] = context
        return context

    def submission(self, claim_ids: Sequence[int]) -> Submission837:
        """The 837P's input, from the contexts the scrub already read where it can."""
        loaded = []
        for claim_id in claim_ids:
            ctx = self.contexts.get(claim_id)
            if ctx is None:
                loaded.append(self.loader.load_id(claim_id))
                continue
            # the claim's number may have been renewed since the scrub read it
            ctx.claim.patient_control_number = claims.pcn_of(self.store.read, claim_id)
            loaded.append(ctx)
        return self.loader.submission(loaded)

    def batch_claim(self, claim_id: int) -> BatchClaim:
        row = submit_queries.batch_claim_row(self.store, claim_id)
        payer = self.loader.payer(row[3])
        provider = self.loader.rendering(row[2])
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
        try:
            archive_batch_file(store, workspace.folder, batch, lookups.submission(chunk),
                               when, submitter)
        except X12Error as exc:
            batches.mark_batch(store, batch.id, "cancelled")
            raise InputError(f"The claim file could not be written: {exc}.",
                             "Fix the claim it names, then send again.") from exc
        made.append(batches.get_batch(store, batch.id))
    return made


def archive_batch_file(store: Store, folder: DataFolder, batch: Batch,
                       submission: Submission837, when: datetime, submitter: str,
                       keep: Callable[[Path, str, bytes], Path] = archive_for_upload) -> None:
    """Write ``batch``'s 837P with its control numbers into the archive and remember it
    (the file the Batches page shows and a sending uploads). Raises ``X12Error``.

    ``keep`` stores the bytes (durably, for anything that will be sent; the demo, which
    can be made again, skips the disk flushes)."""
    numbers = ControlNumbers(batch.interchange_control_number, batch.group_control_number,
                             int(batch.transaction_control_number))
    data = write_837p(submission, numbers, when).encode("ascii")
    name = upload_name(submitter, when, batch.interchange_control_number, batch.test_mode)
    path = keep(folder.archive, name, data)
    batches.set_batch_file(store, batch.id, file_name=name,
                           local_path=path.relative_to(folder.root).as_posix(),
                           sha256=hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class BatchOutcome:
    """What happened to one batch's upload."""

    batch: Batch
    sent: bool
    reason: str = ""  # why it failed, in plain words
    note: str = ""  # how an unconfirmed upload was settled, in plain words
    error: KnownError | None = field(default=None, compare=False)  # a refused login, etc.

    @property
    def unconfirmed(self) -> bool:
        """True when nobody knows yet whether Office Ally has the file."""
        return not self.sent and self.batch.status in batches.UNCERTAIN

    @property
    def line(self) -> str:
        """One line for the status bar and the CLI."""
        b = self.batch
        mode = " (OATEST)" if b.test_mode else ""
        noun = "claim" if b.claim_count == 1 else "claims"
        if self.sent:
            tail = f" {self.note}" if self.note else ""
            return f"Sent {b.claim_count} {noun} in batch {b.name}{mode}.{tail}"
        if self.unconfirmed:
            return f"Batch {b.name}: upload unconfirmed. {self.reason}"
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
    """Upload one waiting batch; on success its claims become ``submitted``.

    At most once: the batch is marked ``sending`` before anything leaves; an upload whose
    last step went out without an answer stays ``unconfirmed``; and a ``sending`` or
    ``unconfirmed`` batch is looked for in Office Ally's upload folder before it is sent
    again.
    """
    store = workspace.store
    local = workspace.folder.root / batch.local_path
    if batch.status in batches.UNCERTAIN:
        note = _already_there(session, batch, local)
        if note:
            record_sent(store, batch)
            return BatchOutcome(batches.get_batch(store, batch.id), True, note=note)
    changed = _still_ready(store, batch)
    if changed:
        batches.mark_batch(store, batch.id, "cancelled")
        return BatchOutcome(batch, False, f"{len(changed)} of its claims changed after it was "
                                          "built, so it was cancelled. Send those claims again.")
    resent = batch.status in batches.UNCERTAIN
    batches.mark_uncertain(store, batch.id, "sending")
    reached("marked sending")
    try:
        result = upload_file(session, local, batch.file_name)
    except UploadUnconfirmed as exc:
        reason = _reason(exc)
        batches.mark_uncertain(store, batch.id, "unconfirmed", reason)
        return BatchOutcome(batches.get_batch(store, batch.id), False, reason)
    except Exception as exc:  # any failure leaves the claims ready and the batch retryable
        reason = _reason(exc)
        log.warning("batch %s upload failed: %s", batch.name, exc.__class__.__name__)
        batches.fail_batch(store, batch.id, reason)
        if isinstance(exc, Cancelled):
            raise
        return BatchOutcome(batches.get_batch(store, batch.id), False, reason)
    record_sent(store, batch)
    reached("recorded")
    note = ""
    if result.already_there:
        note = "Office Ally already had the file; it was not sent twice."
    elif resent:
        note = ("An earlier attempt had not reached Office Ally (checked its upload folder), "
                "so it was sent again.")
    return BatchOutcome(batches.get_batch(store, batch.id), True, note=note)


def _already_there(session: GatewaySession, batch: Batch, local: Path) -> str:
    """Why the batch counts as sent already (in words), or "" when it may be sent again."""
    if batch.ack_status or batch.oa_file_id:
        return "Office Ally had already answered for this file; it was not sent twice."
    found = find_uploaded(session, batch.file_name, local.stat().st_size)
    if found:
        return ("The earlier upload had reached Office Ally (found in its upload folder); "
                "it was not sent twice.")
    return ""


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
        """How many claims reached Office Ally."""
        return sum(o.batch.claim_count for o in self.outcomes if o.sent)

    @property
    def failed(self) -> list[BatchOutcome]:
        """The batches that did not reach Office Ally."""
        return [o for o in self.outcomes if not o.sent]

    @property
    def connection_error(self) -> ConnectionFailure | None:
        """The refused login, host key or connection that stopped every batch, if any."""
        errors = [o.error for o in self.outcomes]
        if errors and all(isinstance(e, ConnectionFailure) for e in errors):
            first = errors[0]
            return first if isinstance(first, ConnectionFailure) else None
        return None

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
            error = exc if isinstance(exc, KnownError) else None
            return [BatchOutcome(batches.get_batch(workspace.store, b.id), False, reason,
                                 error=error) for b in pending]
        raise
    outcomes: list[BatchOutcome] = []
    stop_watching = progress.on_cancel(session.cancel) if progress is not None else None
    try:
        for number, batch in enumerate(pending, start=1):
            if progress is not None:
                progress.report(number - 1, len(pending),
                                f"Uploading batch {batch.name} ({number} of {len(pending)})…")
            outcomes.append(upload_batch(workspace, session, batch))
            if progress is not None:
                progress.check()  # a cancel during that upload stops the rest
    finally:
        if stop_watching is not None:
            stop_watching()
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
    """Batches waiting to go (built, failed or unconfirmed), oldest first: what a sync sends
    before downloading."""
    return list(reversed(batches.list_batches(store, batches.WAITING)))


def ready_count(store: Store) -> int:
    """How many claims could go in a new batch now."""
    return len(sendable_claim_ids(store))

