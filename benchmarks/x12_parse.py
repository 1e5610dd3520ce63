"""Speed of the X12 engine, beside edi-835-parser and pyx12 when installed (run by hand).

    python benchmarks/x12_parse.py [--full-pyx12]

Targets (issue 3): a 5,000-claim 835 (2.1 MB) parsed with balancing in <= 0.25 s; 50,000
claims in <= 2.5 s under 300 MB; an 837P of 5,000 claims written in <= 0.3 s.
Files come from ../shared/bench/gen_x12.py. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_x12.py"
sys.path.insert(0, str(REPO))

from oa_desktop.domain.identifiers import npi_check_digit  # noqa: E402
from oa_desktop.domain.models import (  # noqa: E402
    Address,
    BillingProvider,
    Claim,
    Coverage,
    Patient,
    Payer,
    Person,
    Relationship,
    ServiceLine,
    Sex,
)
from oa_desktop.x12.model_837 import ClaimBundle, Submission837  # noqa: E402
from oa_desktop.x12.parse import parse_file  # noqa: E402
from oa_desktop.x12.write_837p import ControlNumbers, write_837p  # noqa: E402


def best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def generate(kind: str, claims: int, out: Path) -> Path:
    subprocess.run([sys.executable, str(GEN), kind, "--claims", str(claims), "--out", str(out)],
                   check=True)
    return out


def npi(seed: int) -> str:
    base = str(100000000 + seed)[:9]
    return base + str(npi_check_digit(base))


def submission(n: int) -> Submission837:
    billing = BillingProvider("BRIGHT PATH THERAPY", npi(1), "123456789", "103K00000X",
                              Address("1 MAIN ST", "", "SPRINGFIELD", "IL", "627011234"),
                              submitter_id="SUB12345", contact_name="ANN",
                              contact_phone="2175550100")
    payer = Payer("BLUE PLAN", {"837P": "BP001"})
    bundles = []
    for i in range(n):
        person = Person(f"LAST{i % 97}", f"FIRST{i % 89}", date(1980, 1, 1) + timedelta(i % 9000),
                        Sex.FEMALE, address=Address("12 OAK AVE", "", "SPRINGFIELD", "IL",
                                                    "62702"))
        lines = [ServiceLine(date(2026, 11, 1) + timedelta(j), "97153", Decimal("30.00"),
                             Decimal("4"), ("HO",), (1,), control_number=f"P{i}L{j}")
                 for j in range(1 + i % 4)]
        claim = Claim(0, 0, f"P{i:08d}", ["F840", "F900"], lines)
        coverage = Coverage(0, 0, 1, f"M{i % 500:06d}", "", Relationship.SELF)
        bundles.append(ClaimBundle(claim, Patient(person), coverage, payer))
    return Submission837(billing, bundles)


def child_peak_mb(path: Path) -> tuple[float, float]:
    """Parse in a fresh process; return (seconds, peak RSS MB)."""
    code = (f"import resource,sys,time;sys.path.insert(0,{str(REPO)!r});"
            "from oa_desktop.x12.parse import parse_file;"
            f"t=time.perf_counter();r=parse_file({str(path)!r});t=time.perf_counter()-t;"
            "print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1])


def peer_edi_835(path: Path) -> float | None:
    if importlib.util.find_spec("edi_835_parser") is None:
        return None
    from edi_835_parser import parse  # type: ignore[import-not-found]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return best(lambda: parse(str(path)), runs=1)


def peer_pyx12_read(path: Path) -> float | None:
    if importlib.util.find_spec("pyx12") is None:
        return None
    import pyx12.x12file

    return best(lambda: sum(1 for _ in pyx12.x12file.X12Reader(str(path))), runs=1)


def peer_pyx12_validate(path: Path) -> float | None:
    import io
    import logging

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)  # it cannot write a 999 for an 835
    logging.disable(logging.CRITICAL)

    import pyx12.params
    import pyx12.x12n_document

    return best(lambda: pyx12.x12n_document.x12n_document(
        pyx12.params.params(), str(path), io.StringIO(), None), runs=1)


def line(label: str, ours: float, target: str, peers: dict[str, float | None]) -> None:
    parts = [f"{label:<34} ours {ours:7.3f} s  (target {target})"]
    for name, value in peers.items():
        if value is None:
            parts.append(f"{name}: not installed")
        else:
            parts.append(f"{name} {value:7.3f} s = {value / ours:5.1f}x ours")
    print("  |  ".join(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full-pyx12", action="store_true",
                        help="also time pyx12's full validation of the 5,000-claim 835 (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        era5 = generate("835", 5000, Path(tmp) / "era5k.835")
        era50 = generate("835", 50000, Path(tmp) / "era50k.835")
        print(f"files: {era5.stat().st_size / 1e6:.1f} MB (5,000 claims), "
              f"{era50.stat().st_size / 1e6:.1f} MB (50,000 claims)")
        result = parse_file(era5)
        era = result.transactions[0]
        print(f"5,000-claim 835: {len(era.claims)} claims, balanced={era.balanced}")  # type: ignore[union-attr]
        raw = era5.read_bytes()
        baseline = best(lambda: [p.split("*") for p in raw.decode("latin-1").split("~")])
        print(f"machine baseline: bare split of the 5,000-claim file {baseline:.3f} s "
              "(the least any Python tokenizer does)")
        ours5 = best(lambda: parse_file(era5))
        peers: dict[str, float | None] = {"edi-835-parser": peer_edi_835(era5),
                                          "pyx12 read only": peer_pyx12_read(era5)}
        if args.full_pyx12:
            peers["pyx12 validate"] = peer_pyx12_validate(era5)
        line("835 5,000 claims parse+balance", ours5, "0.25 s", peers)
        seconds, peak = child_peak_mb(era50)
        peers50: dict[str, float | None] = {"edi-835-parser": peer_edi_835(era50)}
        line("835 50,000 claims parse+balance", seconds, "2.5 s", peers50)
        print(f"{'835 50,000 claims peak memory':<34} ours {peak:7.1f} MB (target 300 MB, "
              "whole process)")
        sub = submission(5000)
        numbers = ControlNumbers(1, 1, 1)
        created = datetime(2026, 11, 26, 12, 0)
        ours_write = best(lambda: write_837p(sub, numbers, created))
        size = len(write_837p(sub, numbers, created)) / 1e6
        line(f"837P 5,000 claims write ({size:.1f} MB)", ours_write, "0.3 s", {})
    return 0


if __name__ == "__main__":
    sys.exit(main())
