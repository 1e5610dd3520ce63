"""Time a verified backup (and its restore) of a data folder with many claims: the plain
one (kept inside the data folder) and the encrypted one (a copy for a USB stick).

    python benchmarks/backup.py --claims 100000 [--data-dir DIR] [--repeat 3]

Prints ``fill_s=… db_mb=…`` then ``plain_s=… encrypted_s=… ratio=… backup_mb=…
restore_s=…`` (best of ``--repeat``). Both include the read-back check (SHA-256 of every
member, integrity_check of the database; the encrypted one also decrypts what it wrote).
Run by hand; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_list import fill  # noqa: E402

from oa_desktop.paths import DataFolder  # noqa: E402
from oa_desktop.services.safety.backup import make_backup  # noqa: E402
from oa_desktop.services.safety.restore import restore_backup  # noqa: E402
from oa_desktop.store.db import Store  # noqa: E402

PASSPHRASE = "benchmark-passphrase"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--data-dir", help="folder to fill (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="oa-bench-"))
    folder = DataFolder(work / "data").prepare()
    store = Store(folder.database)
    start = time.perf_counter()
    fill(store, args.claims)
    fill_s = time.perf_counter() - start
    store.close()
    db_mb = folder.database.stat().st_size / 1e6
    plain_s, encrypted_s = [], []
    for n in range(args.repeat):
        start = time.perf_counter()
        make_backup(folder, folder.backups / f"plain-{n}.zip")
        plain_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        info = make_backup(folder, work / "usb" / f"copy-{n}.oabackup", passphrase=PASSPHRASE)
        encrypted_s.append(time.perf_counter() - start)
    start = time.perf_counter()
    restore_backup(info.path, DataFolder(work / "restored"), passphrase=PASSPHRASE)
    restore_s = time.perf_counter() - start
    print(f"# {args.claims:,} claims in {work}")
    print(f"fill_s={fill_s:.1f} db_mb={db_mb:.1f}")
    print(f"plain_s={min(plain_s):.2f} encrypted_s={min(encrypted_s):.2f} "
          f"ratio={min(encrypted_s) / min(plain_s):.2f} backup_mb={info.size / 1e6:.1f} "
          f"restore_s={restore_s:.1f}")


if __name__ == "__main__":
    main()
