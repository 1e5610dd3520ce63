"""Picks up uploads from /inbound and answers in /outbound, like Office Ally, on a timer.

After ``respond_after`` seconds: the File Summary, the 999 and (if the 999 accepted)
the 277CA. After twice that: the ERA zip. Pending ERAs are kept in the sandbox root,
so a restarted sandbox still delivers them. Everything depends only on the seed and the
uploaded bytes, never on the clock.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from oa_desktop.logs import get_logger
from oa_desktop.sandbox import payer_status
from oa_desktop.sandbox.era import build_835, era_package
from oa_desktop.sandbox.reports import error_report, file_summary
from oa_desktop.sandbox.responses import (
    ClaimVerdict,
    Remit,
    adjudicate,
    build_277ca,
    build_999,
    build_rejected_999,
    claim_rng,
    judge_claim,
)
from oa_desktop.sandbox.submitted import (
    Envelope,
    MalformedSubmissionError,
    check_structure,
    read_envelope,
    read_submitted_claims,
)

log = get_logger("sandbox")
_TEMP_SUFFIXES = (".part", ".tmp", ".filepart")


@dataclass(frozen=True)
class SandboxLayout:
    """Folders of a sandbox root."""

    root: Path

    @property
    def sftp_root(self) -> Path:
        """The folder the SFTP server serves."""
        return self.root / "sftp"

    @property
    def inbound(self) -> Path:
        """Where uploaded claim files arrive."""
        return self.sftp_root / "inbound"

    @property
    def outbound(self) -> Path:
        """Where answers are put for download."""
        return self.sftp_root / "outbound"

    @property
    def picked_up(self) -> Path:
        """Where the responder moves files it has read."""
        return self.root / "picked_up"

    @property
    def scheduled(self) -> Path:
        """Answers waiting for their time to appear."""
        return self.root / "scheduled"

    @property
    def work(self) -> Path:
        """The responder's scratch folder."""
        return self.root / "work"

    def prepare(self) -> SandboxLayout:
        """Create every folder."""
        for folder in (self.inbound, self.outbound, self.sftp_root / "tmp", self.picked_up,
                       self.scheduled, self.work):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def file_id_for(digest: str, seed: int) -> str:
    """Office Ally's numeric file id for an upload: 10 digits, stable for seed and bytes."""
    value = int(hashlib.sha256(f"{seed}:{digest}".encode()).hexdigest()[:12], 16)
    return str(1_000_000_000 + value % 9_000_000_000)


def _day(env: Envelope | None) -> date:
    if env and len(env.date) == 6 and env.date.isdigit():
        return date(2000 + int(env.date[:2]), int(env.date[2:4]), int(env.date[4:]))
    return date(2000, 1, 1)


class Responder:
    """The Office Ally back office: one thread polling /inbound."""

    def __init__(self, layout: SandboxLayout, seed: int, respond_after: float, *,
                 payer_reports: bool = False) -> None:
        self.layout = layout
        self.payer_reports = payer_reports  # the payers' own 277s (P and F) for some claims
        self.seed = seed
        self.respond_after = respond_after
        self._seen: dict[str, tuple[float, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="oa-sandbox-responder",
                                        daemon=True)

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and wait for the thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                self.poll(time.monotonic())
            except Exception:  # noqa: BLE001 - the back office keeps running
                log.exception("responder failed")

    def poll(self, now: float) -> None:
        """One round: pick up due uploads, release due ERAs."""
        for path in sorted(self.layout.inbound.iterdir()):
            if path.name.startswith(".") or path.name.endswith(_TEMP_SUFFIXES):
                continue
            if not path.is_file():
                continue
            size = path.stat().st_size
            first, known = self._seen.get(path.name, (now, size))
            if known != size:
                first = now
            self._seen[path.name] = (first, size)
            if now - first >= self.respond_after:
                self._seen.pop(path.name, None)
                self.pick_up(path, now)
        for path in sorted(self.layout.scheduled.iterdir()):
            due_text, _, name = path.name.partition("__")
            if due_text.isdigit() and int(due_text) <= time.time() * 1000:
                os.replace(path, self.layout.outbound / name)

    def pick_up(self, path: Path, now: float) -> None:
        """Take one upload out of /inbound and write Office Ally's answers."""
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        file_id = file_id_for(digest, self.seed)
        os.replace(path, self.layout.picked_up / f"{file_id}_{path.name}")
        log.info("picked up %s as file %s", path.name, file_id)
        try:
            env, checks = check_structure(data)
            claims = read_submitted_claims(data)
        except MalformedSubmissionError as exc:
            self._reject_file(file_id, path.name, data, str(exc))
            return
        day = _day(env)
        control = int(file_id) % 1_000_000_000
        self._publish(f"{file_id}_999_{day:%Y%m%d}.999", build_999(env, checks, control, day))
        if any(c.status == "R" for c in checks):
            self._publish(f"FS_HCFA_{file_id}_ErrorReport.txt",
                          error_report(file_id, path.name, "rejected by the 999", day))
            return
        verdicts = [judge_claim(c, claim_rng(self.seed, digest, c.pcn)) for c in claims]
        self._publish(f"FS_HCFA_{file_id}_IN_C.txt", file_summary(file_id, path.name, verdicts,
                                                                  day))
        self._publish(f"{file_id}_277CA_{day:%Y%m%d}.277",
                      build_277ca(env, verdicts, control + 1, day, file_id))
        adjudicated = [(v, adjudicate(v.claim, claim_rng(self.seed, digest, "era:" + v.claim.pcn)))
                       for v in verdicts if v.accepted]
        remits = [r for _, found in adjudicated for r in found]
        if self.payer_reports:
            self._payer_reports(env, adjudicated, control + 3, day, digest)
        if remits:
            era_day = min(day + timedelta(days=14), date.today())  # never a future payment
            text = build_835(env, remits, control + 2, era_day,
                             claim_rng(self.seed, digest, "era"))
            name, blob = era_package(str(int(file_id) + 1), era_day, text)
            due = int((time.time() + self.respond_after) * 1000)
            self._write(self.layout.scheduled / f"{due:015d}__{name}", blob)

    def _payer_reports(self, env: Envelope, adjudicated: list[tuple[ClaimVerdict, list[Remit]]],
                       control: int, day: date, digest: str) -> None:
        reports = []
        for verdict, found in adjudicated:
            chosen = payer_status.choose(verdict, found,
                                         claim_rng(self.seed, digest, "277:" + verdict.claim.pcn))
            if chosen is not None:
                reports.append((verdict, chosen[0], chosen[1]))
        if reports:
            report_day = min(day + timedelta(days=7), date.today())
            self._publish(f"{control}_277_{report_day:%Y%m%d}.277",
                          payer_status.build_payer_277(env, reports, control, report_day))

    def _reject_file(self, file_id: str, name: str, data: bytes, problem: str) -> None:
        env: Envelope | None
        try:
            env, _ = read_envelope(data)
        except MalformedSubmissionError:
            env = None
        day = _day(env)
        control = int(file_id) % 1_000_000_000
        self._publish(f"FS_HCFA_{file_id}_ErrorReport.txt", error_report(file_id, name, problem,
                                                                         day))
        self._publish(f"{file_id}_999_{day:%Y%m%d}.999", build_rejected_999(env, control, day))

    def _publish(self, name: str, text: str) -> None:
        self._write(self.layout.outbound / name, text.encode("latin-1", "replace"))

    def _write(self, target: Path, blob: bytes) -> None:
        temp = self.layout.work / target.name
        temp.write_bytes(blob)
        os.replace(temp, target)
