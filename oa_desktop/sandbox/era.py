"""The ERA: an 835 (005010X221A1), one transaction per payer, packed the way Office Ally zips it."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date
from decimal import Decimal

from oa_desktop.sandbox.responses import Remit
from oa_desktop.sandbox.submitted import Envelope
from oa_desktop.sandbox.x12out import Interchange, amount


def _payment_header(total: Decimal, check: str, payer: tuple[str, str], d8: str) -> list[list[str]]:
    if total > 0:
        bpr = ["BPR", "I", amount(total), "C", "ACH", "CCP", "01", "999999992", "DA", "12345",
               "1512345678", "", "01", "999988880", "DA", "98765", d8]
    else:
        bpr = ["BPR", "H", amount(total), "C", "NON", "", "", "", "", "", "", "", "", "", "",
               "", d8]
    return [bpr, ["TRN", "1", check, "1512345678"], ["DTM", "405", d8],
            ["N1", "PR", payer[0] or "PAYER", "XV", payer[1] or "00000"],
            ["N3", "PO BOX 1000"], ["N4", "SPRINGFIELD", "IL", "627010000"],
            ["PER", "BL", "PROVIDER SERVICES", "TE", "8005550100"]]


def _claim_segments(remit: Remit, payer_claim: str) -> list[list[str]]:
    c, s = remit.claim, remit.sign
    rows = [["CLP", c.pcn, remit.status, amount(c.charge * s), amount(remit.paid * s),
             amount(remit.patient_resp * s) if remit.patient_resp else "", "12", payer_claim,
             "11", "1"],
            ["NM1", "QC", "1", c.patient_last, c.patient_first, "", "", "", "MI", c.member_id]]
    for line, paid, adjustments in remit.lines:
        code = ":".join(["HC", line.procedure, *line.modifiers])
        rows.append(["SVC", code, amount(line.charge * s), amount(paid * s), "",
                     amount(line.units)])
        if line.service_date:
            rows.append(["DTM", "472", line.service_date])
        for group in ("CO", "PR", "OA"):
            cas = [x for a in adjustments if a[0] == group for x in (a[1], amount(a[2] * s), "")]
            if cas:
                rows.append(["CAS", group, *cas[:-1]])
        allowed = line.charge - sum((a[2] for a in adjustments if a[0] == "CO"), Decimal(0))
        if paid:
            rows.append(["AMT", "B6", amount(allowed * s)])
    return rows


def build_835(
    env: Envelope, remits: list[Remit], control: int, day: date, rng: random.Random
) -> str:
    """One 835 interchange with a transaction per payer; now and then a PLB."""
    d8 = day.strftime("%Y%m%d")
    x12 = Interchange("HP", "005010X221A1", env.sender_id, control, d8, env.time)
    by_payer: dict[tuple[str, str], list[Remit]] = {}
    for remit in remits:
        by_payer.setdefault((remit.claim.payer_name, remit.claim.payer_id), []).append(remit)
    for number, (payer, group) in enumerate(sorted(by_payer.items()), start=1):
        check = f"{control % 100000:05d}{number:03d}{rng.randrange(1000, 9999)}"
        claims: list[list[str]] = [["LX", "1"]]
        for index, remit in enumerate(group):
            claims += _claim_segments(remit, f"{check}{index:03d}")
        paid = sum((r.paid * r.sign for r in group), Decimal(0))
        plb = _provider_adjustment(paid, group[0].claim.billing_npi, d8, check, rng)
        total = paid - sum((Decimal(p[4]) for p in plb), Decimal(0))
        first = group[0].claim
        payee = [["N1", "PE", first.billing_name, "XX", first.billing_npi],
                 ["REF", "TJ", first.tax_id or "000000000"]]
        x12.add_set("835", [*_payment_header(total, check, payer, d8), *payee, *claims, *plb])
    return x12.render()


def _provider_adjustment(
    paid: Decimal, npi: str, d8: str, check: str, rng: random.Random
) -> list[list[str]]:
    if rng.random() > 0.3:
        return []
    if paid > 20 and rng.random() < 0.5:
        recovery = min(paid / 4, Decimal("25.00")).quantize(Decimal("0.01"))
        return [["PLB", npi, f"{d8[:4]}1231", f"WO:{check}", amount(recovery)]]
    return [["PLB", npi, f"{d8[:4]}1231", f"L6:{check}", amount(Decimal("-1.37"))]]


def era_package(file_id: str, day: date, text_835: str) -> tuple[str, bytes]:
    """The zip Office Ally drops in /outbound: the 835 and a plain-text rendering."""
    d8 = day.strftime("%Y%m%d")
    name = f"{file_id}_ERA_STATUS_5010_{d8}.zip"
    buffer = io.BytesIO()
    stamp = (day.year, day.month, day.day, 6, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in (
            (f"{file_id}_ERA_835_5010_{d8}.835", text_835),
            (f"{file_id}_ERA_STATUS_5010_{d8}.txt", _render_text(text_835)),
        ):
            info = zipfile.ZipInfo(member, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return name, buffer.getvalue()


def _render_text(text_835: str) -> str:
    lines = ["OFFICE ALLY ERA (SANDBOX)", ""]
    for segment in text_835.split("~"):
        parts = segment.strip().split("*")
        if parts[0] == "CLP":
            lines.append(f"CLAIM {parts[1]:<20} STATUS {parts[2]:<3} CHARGE {parts[3]:>10} "
                         f"PAID {parts[4]:>10}")
    return "\n".join(lines) + "\n"
