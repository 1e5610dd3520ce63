"""Office Ally's fixed-width File Summary text reports."""

from __future__ import annotations

from datetime import date

from oa_desktop.sandbox.responses import ClaimVerdict

# (offset, width) per column, as read by the parsers OFFICE_ALLY.md quotes.
_COLUMNS = [
    ("CLAIM#", 0, 6), ("OA CLAIM ID", 7, 10), ("PATIENT ID", 19, 18), ("LAST,FIRST", 37, 20),
    ("DOB", 57, 10), ("FROM DOS", 70, 10), ("TO DOS", 81, 10), ("CPT", 92, 5),
    ("DIAG", 100, 7), ("TAX ID", 109, 10), ("ACCNT#", 121, 14), ("PHYS ID", 135, 10),
    ("PAYER", 146, 5), ("ERROR", 153, 30),
]


def _row(values: list[str]) -> str:
    line = [" "] * 183
    for (_, offset, width), value in zip(_COLUMNS, values, strict=True):
        text = value[:width].ljust(width)
        line[offset:offset + width] = list(text)
    return "".join(line).rstrip()


def _mdy(d8: str) -> str:
    return f"{d8[4:6]}/{d8[6:8]}/{d8[:4]}" if len(d8) == 8 else ""


def file_summary(
    file_id: str, upload_name: str, verdicts: list[ClaimVerdict], day: date
) -> str:
    """``FS_HCFA_<FileID>_IN_C.txt``: one row per claim; a non-blank ERROR means rejected."""
    accepted = sum(1 for v in verdicts if v.accepted)
    out = [
        "OFFICE ALLY - FILE SUMMARY (SANDBOX)",
        f"FILE ID: {file_id}    FILE NAME: {upload_name}    DATE: {day:%m/%d/%Y}",
        f"CLAIMS RECEIVED: {len(verdicts)}  ACCEPTED: {accepted}  "
        f"REJECTED: {len(verdicts) - accepted}",
        "",
        _row([name for name, _, _ in _COLUMNS]),
    ]
    for number, v in enumerate(verdicts, start=1):
        c = v.claim
        dates = sorted(ln.service_date for ln in c.lines if ln.service_date) or [""]
        out.append(_row([
            str(number), f"{file_id[-6:]}{number:04d}", c.member_id,
            f"{c.patient_last},{c.patient_first}", "", _mdy(dates[0]), _mdy(dates[-1]),
            c.lines[0].procedure if c.lines else "", c.diagnoses[0] if c.diagnoses else "",
            c.tax_id, c.pcn, c.billing_npi, c.payer_id, v.text,
        ]))
    return "\n".join(out) + "\n"


def error_report(file_id: str, upload_name: str, problem: str, day: date) -> str:
    """``FS_HCFA_<FileID>_ErrorReport.txt``: the whole file failed; no claims were created."""
    return (
        "OFFICE ALLY - FILE SUMMARY ERROR REPORT (SANDBOX)\n"
        f"FILE ID: {file_id}    FILE NAME: {upload_name}    DATE: {day:%m/%d/%Y}\n"
        f"THE FILE COULD NOT BE PROCESSED: {problem}\n"
        "NO CLAIMS WERE CREATED.\n"
    )
