"""Ingest a 277CA answering 5,000 sent claims.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/ingest_277.py   (goal: ≤ 2 s)
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oa_desktop.domain.status import EventKind  # noqa: E402
from oa_desktop.sandbox.responses import ClaimVerdict, build_277ca  # noqa: E402
from oa_desktop.sandbox.submitted import Envelope, SubmittedClaim  # noqa: E402
from oa_desktop.services.responses.ingest import ingest_file  # noqa: E402
from oa_desktop.services.submit import batches as submit  # noqa: E402
from oa_desktop.services.workspace import open_workspace  # noqa: E402
from oa_desktop.store import batches, claims, records  # noqa: E402
from tests.services.responses.helpers import receive  # noqa: E402

COUNT = 5000


def main() -> None:
    from oa_desktop.domain.models import Claim, Coverage, Patient, Payer, Person, ServiceLine

    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(Path(tmp))
        store = workspace.store
        payer = Payer(name="AETNA", payer_ids={"837P": "60054"})
        records.save_payer(store, payer)
        patient = Patient(Person("DOE", "JANE", date(1990, 1, 2)))
        records.save_patient(store, patient)
        assert patient.id is not None and payer.id is not None
        coverage = Coverage(patient_id=patient.id, payer_id=payer.id, rank=1, member_id="W1")
        records.save_coverage(store, coverage)
        assert coverage.id is not None
        made = []
        with store.write():
            for _ in range(COUNT):
                claim = Claim(patient_id=patient.id, coverage_id=coverage.id,
                              patient_control_number=claims.new_pcn(store), diagnoses=["F840"],
                              lines=[ServiceLine(date(2026, 10, 1), "90837", Decimal("150"))])
                claims.save_claim(store, claim)
                assert claim.id is not None
                claims.add_event(store, claim.id, EventKind.MARKED_READY)
                made.append(batches.BatchClaim(claim.id, claim.patient_control_number,
                                               claim.charge_amount))
        batch = batches.create_batch(store, made)
        submit.record_sent(store, batch)
        env = Envelope("*", ":", "~", "SUBMITTER", "330897513", "261102", "1200", "1", "1",
                       "005010X222A1")
        verdicts = [
            ClaimVerdict(SubmittedClaim(c.pcn, c.charge_amount, patient_last="DOE",
                                        patient_first="JANE", member_id="W1",
                                        billing_name="PRACTICE", billing_npi="1234567893"),
                         *(("A3", "562", "85", "BAD NPI") if n % 8 == 0 else ("A2", "20", "", "")))
            for n, c in enumerate(made)
        ]
        text = build_277ca(env, verdicts, 5, date(2026, 11, 2), "1234567890")
        received = receive(workspace, "1234567890_277CA_20261102.277", text.encode())
        start = time.perf_counter()
        outcome = ingest_file(workspace, received)
        took = time.perf_counter() - start
        print(f"ingest a 277CA for {COUNT} claims: {took:.2f} s [goal ≤ 2 s] — {outcome.summary}")
        workspace.close()


if __name__ == "__main__":
    main()
