"""The whole ``oa-desktop x12 parse --json`` process beside edi-835-parser (run by hand).

    python benchmarks/x12_parse_cli.py [--claims 20000] [--runs 3]

Target (issue 15): on a 20,000-claim 835 from ../shared/bench/gen_x12.py, the whole
process (start, parse, balance, build and write the JSON to a file) at least 4x faster
than a process that only parses the same file with edi-835-parser (``pip install -e
".[bench]"``); the aim is 5x, so that a noisy run still clears 4x. The two run in turn,
``--runs`` times each; the best of each is compared (wall clock and CPU time, the steadier
on a busy machine). Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_x12.py"
EDI = ("import sys, warnings; warnings.simplefilter('ignore');"
       "from edi_835_parser import parse; era = parse(sys.argv[1]);"
       "print(len(era.transaction_sets))")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process; CPU time is steadier on a busy machine."""
    with out.open("wb") as sink:
        cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, stdout=sink, check=True)
        return time.perf_counter() - start, _children_cpu() - cpu


def _runs(label: str, times: list[tuple[float, float]]) -> str:
    wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
    return (f"  {label:<62} wall {wall:6.2f} s  cpu {cpu:6.2f} s   wall runs: "
            + ", ".join(f"{t[0]:.2f}" for t in times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    have_edi = importlib.util.find_spec("edi_835_parser") is not None
    with tempfile.TemporaryDirectory() as tmp:
        era = Path(tmp) / "era.835"
        subprocess.run([sys.executable, str(GEN), "835", "--claims", str(args.claims),
                        "--out", str(era)], check=True)
        ours_cmd = [sys.executable, "-m", "oa_desktop", "--data-dir", str(Path(tmp) / "d"),
                    "x12", "parse", str(era), "--json"]
        ours: list[tuple[float, float]] = []
        theirs: list[tuple[float, float]] = []
        for _ in range(args.runs):
            ours.append(timed(ours_cmd, Path(tmp) / "ours.json"))
            if have_edi:
                theirs.append(timed([sys.executable, "-c", EDI, str(era)], Path(tmp) / "e"))
        size = (Path(tmp) / "ours.json").stat().st_size / 1e6
        print(f"835 with {args.claims:,} claims ({era.stat().st_size / 1e6:.1f} MB), "
              f"best of {args.runs}, run in turn:")
        print(_runs(f"oa-desktop x12 parse --json (whole process, {size:.1f} MB JSON)", ours))
        if not have_edi:
            print("  edi-835-parser: not installed (pip install -e '.[bench]')")
            return 0
        print(_runs("edi-835-parser parse only (whole process)", theirs))
        wall = min(t[0] for t in theirs) / min(t[0] for t in ours)
        cpu = min(t[1] for t in theirs) / min(t[1] for t in ours)
        print(f"  ours is {wall:.1f}x faster by wall clock, {cpu:.1f}x by CPU time "
              "(target: at least 4x; aim: 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
