"""One claim of an ERA as a biller reads it on an EOB (the pane under the ERA's claims):
amounts, match, duplicate or parked state, adjustments grouped with their CARC text,
remarks (RARC), service lines and notes, as HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from oa_desktop.services.era import matching, posting
from oa_desktop.store import remittances
from oa_desktop.store.era_detail import CasAdjustment
from oa_desktop.store.remittances import RemittanceClaim
from oa_desktop.ui.era.labels import claim_allowed
from oa_desktop.ui.kit import formats as fmt
from oa_desktop.x12.code_lists import text as code_text

GROUP_NAMES = {"CO": "Contractual obligation (the practice absorbs it)",
               "PR": "Patient responsibility", "OA": "Other adjustment",
               "PI": "Payer-initiated reduction", "CR": "Correction or reversal"}
# the order the groups are shown in; a group not listed follows, by its code
_GROUP_ORDER = ("CO", "PR", "OA", "PI", "CR")


def _money_cell(amount: Decimal) -> str:
    color = "#b3261e" if amount < 0 else "inherit"
    return f"<td align='right' style='color:{color}'>{fmt.money(amount)}</td>"


def _adjustments_html(adjustments: Sequence[CasAdjustment]) -> str:
    """Adjustments grouped CO / PR / OA / PI / CR, each code with its meaning."""
    groups: dict[str, list[CasAdjustment]] = {}
    for adj in adjustments:
        groups.setdefault(adj.group, []).append(adj)
    parts = []
    for group in (*_GROUP_ORDER, *sorted(set(groups) - set(_GROUP_ORDER))):
        if group not in groups:
            continue
        rows = "".join(
            f"<tr><td>&nbsp;&nbsp;{html.escape(posting.adjustment_label(a.group, a.reason))}"
            f"</td>{_money_cell(Decimal(a.amount))}</tr>" for a in groups[group])
        name = GROUP_NAMES.get(group) or code_text("claim_adjustment_group", group)
        parts.append(f"<tr><td colspan=2><i>{group} — {html.escape(name)}</i></td></tr>"
                     f"{rows}")
    return f"<table cellspacing=2>{''.join(parts)}</table>" if parts else "none"


def _remarks_html(codes: Sequence[str]) -> str:
    return "<br>".join(f"{html.escape(c)} — {html.escape(code_text('rarc', c))}" for c in codes)


def claim_html(rc: RemittanceClaim, notes: list[remittances.Note],
               suggestions: list[matching.Suggestion]) -> str:
    """The claim as a biller reads an EOB."""
    detail = rc.detail
    head = (f"<h3>{html.escape(rc.patient_name)} · claim {html.escape(rc.pcn)}</h3>"
            f"<p>Member ID {html.escape(rc.member_id)} · payer claim # "
            f"{html.escape(rc.payer_claim_number)}<br>"
            f"<b>{html.escape(rc.status_code)} — {html.escape(posting.clp02_text(rc.status_code))}"
            f"</b><br>Charge {fmt.money(rc.charge)} · allowed {fmt.money(claim_allowed(rc))} · "
            f"paid <b>{fmt.money(rc.paid)}</b> · patient responsibility "
            f"{fmt.money(rc.patient_responsibility)}</p>")
    if rc.claim_id is None:
        head += ("<p style='color:#b3261e'><b>Not matched</b> to any of your claims "
                 "(the payer's claim # is not one you sent). It is not posted with the rest "
                 "of the ERA: it waits here until you match it (Match to claim…), then "
                 "Post the rest… posts it.</p>")
        if suggestions:
            head += "<p>Possible matches:<br>" + "<br>".join(
                f"{html.escape(s.pcn)} — {html.escape(s.patient)}, "
                f"{fmt.iso_to_display(s.first_date)}, {fmt.money(s.charge)} "
                f"({html.escape(', '.join(s.reasons))})" for s in suggestions) + "</p>"
    else:
        how = "by hand" if rc.match_method == "manual" else "by claim number"
        head += f"<p>Matched {how} to your claim {html.escape(rc.our_pcn or rc.pcn)}.</p>"
    if rc.post_state == "duplicate":
        head += ("<p style='color:#8a5a00'><b>Set aside as duplicate</b>: you marked this "
                 "payment a duplicate of one posted before; it is never posted. If that was "
                 "a mistake, Not a duplicate after all… holds it again for you to decide.</p>")
    if rc.post_state == "parked":
        head += ("<p style='color:#8a5a00'><b>Reversal parked</b>: nothing of this claim was "
                 "posted to take back yet. It is applied by itself when the payment it "
                 "reverses is posted (from any ERA), or with Post the rest… here.</p>")
    body = f"<p><b>Claim adjustments</b><br>{_adjustments_html(detail.adjustments)}</p>"
    if detail.remarks:
        body += f"<p><b>Remarks</b><br>{_remarks_html(detail.remarks)}</p>"
    lines = detail.lines
    if lines:
        rows = []
        for line in lines:
            rows.append(
                f"<tr><td>{fmt.iso_to_display(line.date)}</td><td>{html.escape(line.code)}</td>"
                f"<td align='right'>{line.units or ''}</td>"
                f"{_money_cell(Decimal(line.charge))}"
                f"{_money_cell(Decimal(line.allowed)) if line.allowed else '<td></td>'}"
                f"{_money_cell(Decimal(line.paid))}"
                f"<td>{_adjustments_html(line.adjustments)}"
                f"{'<br>' + _remarks_html(line.remarks) if line.remarks else ''}</td></tr>")
        body += ("<p><b>Service lines</b></p><table border=1 cellspacing=0 cellpadding=3>"
                 "<tr><th>Date</th><th>Procedure</th><th>Units</th><th>Charge</th>"
                 "<th>Allowed</th><th>Paid</th><th>Adjustments and remarks</th></tr>"
                 + "".join(rows) + "</table>")
    mine = [n for n in notes if n.remittance_claim_id == rc.id]
    if mine:
        body += "<p><b>Notes</b><br>" + "<br>".join(
            f"{fmt.timestamp(n.at)} {html.escape(n.author)}: {html.escape(n.text)}"
            for n in mine) + "</p>"
    return head + body
