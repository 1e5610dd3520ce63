"""Peak memory of sync's read-in (services.responses.ingest), run by hand.

    PYTHONPATH=. python benchmarks/ingest_memory.py [--claims 92000]   (from the repo root)

Each case runs in a fresh process on a fresh data folder and prints that process's max
RSS: reading nothing (the baseline), refusing a 1 GB 835 (sparse; over the size setting),
refusing a zip bomb (1 GB of zeros in a 1 MB ERA package), and reading in the largest 835
under the limit (``--claims`` claims from ../shared/bench/gen_x12.py, about 40 MB for
92,000: just under ``PARSE_CAP_BYTES``). The target: every case under 500 MB.
Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEN = REPO.parent / "shared" / "bench" / "gen_x12.py"

CHILD = """
import hashlib, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from oa_desktop.services.responses.ingest import ingest_new
from oa_desktop.services.workspace import open_workspace
from oa_desktop.store import files
workspace = open_workspace(Path({folder!r}))
source = {source!r}
if source:
    path = Path(source)
    target = workspace.folder.archive / "outbound" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)
    files.record_received(workspace.store, remote_name=path.name, size=target.stat().st_size,
        mtime=0, sha256=hashlib.sha256(path.name.encode()).hexdigest(),
        local_path=target.relative_to(workspace.folder.root).as_posix(), kind={kind!r},
        downloaded_at="2026-12-01T10:00:00+00:00")
started = time.perf_counter()
outcomes = ingest_new(workspace)
elapsed = time.perf_counter() - started
workspace.close()
for o in outcomes:
    print("  ", o.status, o.summary[:110])
print(f"{{elapsed:.1f}}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(root: Path, name: str, source: Path | None, kind: str) -> tuple[float, int, str]:
    code = CHILD.format(repo=str(REPO), folder=str(root / f"data-{name}"),
                        source=str(source) if source else "", kind=kind)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout.strip().splitlines()
    seconds, rss = out[-1].split()
    return float(seconds), int(rss) // 1024, "\n".join(out[:-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=92_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        huge = root / "1111_ERA_835_5010_20261201.835"
        with open(huge, "wb") as fh:
            fh.write(b"ISA*00*")
            fh.truncate(1024 ** 3)  # sparse
        bomb = root / "2222_ERA_STATUS_5010_20261201.zip"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
                archive.open("2222_ERA_835_5010_20261201.835", "w", force_zip64=True) as member:
            zeros = bytes(8 * 1024 * 1024)
            for _ in range(128):
                member.write(zeros)
        largest = root / "3333_ERA_835_5010_20261201.835"
        subprocess.run([sys.executable, str(GEN), "835", "--claims", str(args.claims),
                        "--payments", "20", "--out", str(largest)], check=True)
        cases = [("reading nothing (baseline)", None, "835"),
                 ("refusing a 1 GB 835", huge, "835"),
                 (f"refusing a zip bomb ({bomb.stat().st_size / 1e6:.1f} MB zip of 1 GB)",
                  bomb, "era_zip"),
                 (f"reading in a {largest.stat().st_size / 1e6:.1f} MB 835 "
                  f"({args.claims:,} claims)", largest, "835")]
        print("peak memory of sync's read-in (max RSS of a fresh process)")
        for number, (what, source, kind) in enumerate(cases):
            seconds, rss, lines = measure(root, str(number), source, kind)
            print(f"  {what}: {rss} MB, {seconds:.1f} s")
            if lines:
                print("   ", lines)


if __name__ == "__main__":
    main()
