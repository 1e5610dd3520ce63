"""Plain-English text for the codes in 999, 277 and 835 files, and the merge that builds
the shipped lists in ``oa_desktop/codes`` from ``../shared/codes``.

Merge rule: the most current wording wins (the OpenEMR lists, GPL, are newer than the
permissive snapshots); dates are kept from whichever source has them. Run
``python -m oa_desktop.x12.code_lists SOURCE_DIR OUT_DIR`` to rebuild.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from oa_desktop.domain.codes import describe, load_code_list

# (output name, dated source, newer wording source or "")
_MERGED = (
    ("carc", "carc.csv", "carc_openemr_gpl.csv"),
    ("rarc", "rarc.csv", "rarc_openemr_gpl.csv"),
    ("claim_status", "claim_status_codes.csv", "claim_status_codes_openemr_gpl.csv"),
    ("claim_status_category", "claim_status_category_codes.csv", ""),
    ("claim_adjustment_group", "claim_adjustment_group_codes.csv", ""),
    ("clp02_claim_status", "clp02_claim_status_codes.csv", ""),
    ("entity_identifier", "entity_identifier_codes.csv", ""),
    ("999_ak901", "999_ak901_functional_group_ack_codes.csv", ""),
    ("999_ak905", "999_ak905_functional_group_syntax_error_codes.csv", ""),
    ("999_ik304", "999_ik304_segment_syntax_error_codes.csv", ""),
    ("999_ik403", "999_ik403_element_syntax_error_codes.csv", ""),
    ("999_ik501", "999_ik501_transaction_set_ack_codes.csv", ""),
    ("999_ik502", "999_ik502_transaction_set_syntax_error_codes.csv", ""),
)
_COLUMNS = ["code", "description", "start_date", "stop_date", "source"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def merge_rows(dated: list[dict[str, str]], newer: list[dict[str, str]],
               dated_name: str, newer_name: str) -> list[dict[str, str]]:
    """Merge two lists of one code set: newer wording wins, dates come from ``dated``."""
    merged: dict[str, dict[str, str]] = {}
    for row in dated:
        merged[row["code"]] = {
            "code": row["code"], "description": row["description"],
            "start_date": row.get("start_date", "") or "",
            "stop_date": row.get("stop_date", "") or "", "source": dated_name}
    for row in newer:
        entry = merged.setdefault(row["code"], {"code": row["code"], "start_date": "",
                                                "stop_date": ""})
        entry["description"] = row["description"]
        entry["source"] = newer_name
    return sorted(merged.values(), key=lambda r: (len(r["code"]), r["code"]))


def build(source_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the merged CSVs to ``out_dir``; return rows written per list."""
    counts: dict[str, int] = {}
    for name, dated_file, newer_file in _MERGED:
        newer = _read(source_dir / newer_file) if newer_file else []
        rows = merge_rows(_read(source_dir / dated_file), newer, dated_file.removesuffix(".csv"),
                          newer_file.removesuffix(".csv"))
        with (out_dir / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        counts[name] = len(rows)
    return counts


def text(list_name: str, code: str) -> str:
    """Description of ``code`` in ``list_name``; unknown codes say so plainly."""
    if not code:
        return ""
    return describe(list_name, code)


def is_known(list_name: str, code: str) -> bool:
    """True if ``code`` is in the shipped list."""
    return code in load_code_list(list_name)


def status_text(category: str, code: str, entity: str = "") -> str:
    """Plain text of a 277 STC01 composite: category, status and entity."""
    parts = [text("claim_status_category", category)]
    if code:
        parts.append(text("claim_status", code))
    if entity:
        parts.append(f"entity: {text('entity_identifier', entity)}")
    return " — ".join(p for p in parts if p)


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    print(build(Path(sys.argv[1]), Path(sys.argv[2])))
