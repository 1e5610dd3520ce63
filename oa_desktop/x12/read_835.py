"""Read an 835 (005010X221A1) into :class:`Remittance835` and check its balancing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from sys import intern

from oa_desktop.x12.balancing import check_balancing
from oa_desktop.x12.errors import Finding, X12Error
from oa_desktop.x12.model_835 import (
    EMPTY,
    Adjustment,
    BalanceError,
    ClaimPayment,
    Party,
    ProviderAdjustment,
    Remittance835,
    ServicePayment,
)
from oa_desktop.x12.syntax import TransactionSet
from oa_desktop.x12.values import (
    DATE_CACHE,
    MONEY_CACHE,
    ElementError,
    amount,
    as_empty_text,
    blanked,
    el,
    money,
    optional_date,
    pad,
    x12_date,
)

# The usual one-reason CAS, by (group, reason, amount): the same few recur on many lines.
_ADJUSTMENTS: dict[tuple[str, str, str], Adjustment] = {}
_ADJUSTMENTS_LIMIT = 100_000
# Padding that brings a short segment to ten elements, by its length.
_BLANKS = [[""] * (10 - n) for n in range(10)]


def _adjustments(seg: list[str]) -> list[Adjustment]:
    size = len(seg)
    if size <= 5:  # the usual CAS: one reason
        seg = pad(seg, 5)
        quantity = money(seg[4], 4) if seg[4] else None
        return [Adjustment(intern(seg[1]), intern(seg[2]), money(seg[3], 3), quantity)
                ] if seg[2] else []
    seg = pad(seg, 20)
    return [Adjustment(intern(seg[1]), intern(seg[i]), money(seg[i + 1], i + 1),
                       money(seg[i + 2], i + 2) if seg[i + 2] else None)
            for i in range(2, 20, 3) if seg[i]]


class _Reader:
    """One pass over the segments with the current loop kept in attributes."""

    def __init__(self, ts: TransactionSet) -> None:
        self.ts = ts
        self.comp = ts.delimiters.component
        self.era = Remittance835(ts.control_number, ts.version)
        self.party: Party | None = None
        self.claim: ClaimPayment | None = None
        self.line: ServicePayment | None = None
        self.number = 0
        self.unread_amounts: list[BalanceError] = []  # amounts read as empty (0.00)

    def read(self) -> Remittance835:  # noqa: C901 - one loop on purpose, see below
        """Read every segment, then check balancing.

        The segments that make up nearly all of a remittance (CLP, NM1*QC, SVC, DTM, CAS,
        REF, AMT) are read inline in their usual shape: a method call per segment would
        cost a third of the time the speed targets of issue 3 allow. Any other shape or
        segment goes to its handler method, which holds the complete rules.
        """
        handlers = {
            "BPR": self._bpr, "TRN": self._trn, "N1": self._n1, "N3": self._n3, "N4": self._n4,
            "REF": self._ref, "PER": self._per, "LX": self._lx, "CLP": self._clp,
            "CAS": self._cas, "NM1": self._nm1, "MIA": self._mia, "MOA": self._moa,
            "DTM": self._dtm, "AMT": self._amt, "QTY": self._qty, "SVC": self._svc,
            "LQ": self._lq, "PLB": self._plb,
        }
        first = self.ts.first_number
        index, seg = -1, [""]
        get = handlers.get
        last = self.ts.count - 1
        comp = self.comp
        claims = self.era.claims
        money_get, date_get = MONEY_CACHE.get, DATE_CACHE.get
        if len(_ADJUSTMENTS) > _ADJUSTMENTS_LIMIT:
            _ADJUSTMENTS.clear()
        adjustment_get = _ADJUSTMENTS.get
        claim: ClaimPayment | None = None
        line: ServicePayment | None = None
        try:
            for chunk in self.ts.iter_chunks():
                for seg in chunk:
                    index += 1
                    sid = seg[0]
                    # ``claim`` and ``line`` mirror ``self.claim`` and ``self.line``.
                    size = len(seg)
                    try:
                        if sid == "CAS":
                            target = line or claim
                            if size == 4 and target is not None and seg[2]:
                                key = (seg[1], seg[2], seg[3])
                                adjustment = adjustment_get(key)
                                if adjustment is None:
                                    adjustment = _ADJUSTMENTS[key] = Adjustment(
                                        intern(seg[1]), intern(seg[2]), money(seg[3], 3))
                                target.adjustments.append(adjustment)
                                continue
                        elif sid == "DTM":
                            if size == 3 and line is not None:
                                if seg[1] == "472":
                                    day = date_get(seg[2])
                                    line.service_date = x12_date(seg[2], 2) \
                                        if day is None else day
                                    continue
                            elif size == 3 and claim is not None and claim.dates is EMPTY:
                                day = date_get(seg[2])
                                claim.dates = {intern(seg[1]): x12_date(seg[2], 2)
                                               if day is None else day}
                                continue
                        elif sid == "REF":
                            if size == 3 and line is not None:
                                qualifier = intern(seg[1])
                                line.references += ((qualifier, seg[2]),)
                                if qualifier == "6R":
                                    line.control_number = seg[2]
                                continue
                        elif sid == "SVC":
                            if 4 <= size <= 6 and claim is not None:
                                parts = seg[1].split(comp)
                                if len(parts) == 2:
                                    charge, paid = money_get(seg[2]), money_get(seg[3])
                                    line = self.line = ServicePayment(
                                        intern(parts[0]), intern(parts[1]), (),
                                        money(seg[2], 2) if charge is None else charge,
                                        money(seg[3], 3) if paid is None else paid,
                                        seg[4] if size > 4 else "",
                                        money(seg[5], 5) if size > 5 and seg[5] else None,
                                        segment_number=first + index)
                                    claim.lines.append(line)
                                    continue
                        elif sid == "AMT":
                            if size == 3 and line is not None and line.amounts is EMPTY:
                                value = money_get(seg[2])
                                line.amounts = {intern(seg[1]): money(seg[2], 2)
                                                if value is None else value}
                                continue
                        elif sid == "CLP":
                            if size >= 8:
                                if size < 10:
                                    seg = seg + _BLANKS[size]
                                charge, paid = money_get(seg[3]), money_get(seg[4])
                                self.party = line = self.line = None
                                claim = self.claim = ClaimPayment(
                                    seg[1], intern(seg[2]),
                                    money(seg[3], 3) if charge is None else charge,
                                    money(seg[4], 4) if paid is None else paid,
                                    money(seg[5], 5) if seg[5] else None, intern(seg[6]),
                                    seg[7], intern(seg[8]), intern(seg[9]),
                                    segment_number=first + index)
                                claims.append(claim)
                                continue
                        elif sid == "NM1" and size >= 10 and line is None \
                                and claim is not None and seg[1] == "QC":
                            claim.patient_last, claim.patient_first = seg[3], seg[4]
                            claim.member_id = seg[9]
                            continue
                        handler = get(sid)
                        if handler is None:
                            if 0 < index < last:
                                self._other(seg)
                            continue
                        self.number = first + index
                        try:
                            handler(seg)
                        finally:
                            claim, line = self.claim, self.line
                    except ElementError as exc:
                        self.number = first + index
                        self._reread(get(sid), seg, exc)
                        claim, line = self.claim, self.line
        except ElementError as exc:
            raise X12Error(str(exc), segment_number=first + index,
                           segment_id=seg[0][:3], element=exc.element) from None
        except (ValueError, IndexError) as exc:
            raise X12Error(f"unexpected content ({exc})", segment_number=first + index,
                           segment_id=seg[0][:3]) from None
        check_balancing(self.era)
        self.era.balance_errors.extend(self.unread_amounts)
        return self.era

    def _reread(self, handler: Callable[[list[str]], None] | None, seg: list[str],
                exc: ElementError) -> None:
        """Read ``seg`` again without the value that failed, one value at a time.

        Each unusable value is an error finding (a remittance with one is never posted
        as it stands) and an unusable amount also a balancing error; the codes, ids and
        amounts beside it are still read. A segment whose shape is wrong stops the read.
        """
        while True:
            retry = blanked(seg, exc)
            if retry is None or handler is None:
                raise exc
            sid = seg[0][:3]
            self.era.findings.append(Finding("error", self.number, sid, exc.element,
                                             as_empty_text(exc)))
            if exc.kind == "amount":
                self.unread_amounts.append(BalanceError(
                    "line" if sid == "SVC" else "payment" if sid in ("BPR", "PLB")
                    else "claim", self.number,
                    f"segment {self.number} ({sid}) element {exc.element}: {exc}; the "
                    "remittance cannot be balanced until it is corrected"))
            seg = retry
            try:
                handler(seg)
                return
            except ElementError as again:
                exc = again

    def _other(self, seg: list[str]) -> None:
        if self.line is not None:
            self.line.other_segments += (seg,)
        elif self.claim is not None:
            self.claim.other_segments += (seg,)
        else:
            self.era.other_segments.append(seg)

    def _bpr(self, seg: list[str]) -> None:
        era = self.era
        era.handling_code, era.amount = el(seg, 1), amount(seg, 2)
        era.credit_debit, era.method = el(seg, 3), el(seg, 4)
        try:
            era.payment_date = optional_date(seg, 16)
        except ElementError as exc:
            era.findings.append(Finding("error", self.number, "BPR", exc.element,
                                        f"{exc}; the payment date is left empty"))

    def _trn(self, seg: list[str]) -> None:
        self.era.trace_number, self.era.originator_id = el(seg, 2), el(seg, 3)

    def _n1(self, seg: list[str]) -> None:
        if self.claim is not None:
            self._other(seg)
            return
        party = Party(el(seg, 2), el(seg, 3), el(seg, 4))
        if seg[1] == "PR":
            self.era.payer = party
        elif seg[1] == "PE":
            self.era.payee = party
        else:
            self.era.other_segments.append(seg)
        self.party = party

    def _n3(self, seg: list[str]) -> None:
        if self.party is None or self.claim is not None:
            self._other(seg)
        else:
            self.party.address_lines.extend(v for v in seg[1:3] if v)

    def _n4(self, seg: list[str]) -> None:
        if self.party is None or self.claim is not None:
            self._other(seg)
        else:
            self.party.city, self.party.state = el(seg, 1), el(seg, 2)
            self.party.zip_code = el(seg, 3)

    def _per(self, seg: list[str]) -> None:
        if self.party is None or self.claim is not None:
            self._other(seg)
        else:
            self.party.contacts.append(seg)

    def _ref(self, seg: list[str]) -> None:
        pair = (intern(seg[1]), seg[2]) if len(seg) > 2 else (el(seg, 1), "")
        if self.line is not None:
            self.line.references += (pair,)
            if pair[0] == "6R":
                self.line.control_number = pair[1]
        elif self.claim is not None:
            self.claim.references += (pair,)
        elif self.party is not None:
            self.party.references.append(pair)
        else:
            self.era.references.append(pair)

    def _lx(self, seg: list[str]) -> None:
        self.party = self.claim = self.line = None
        self.era.other_segments.append(seg)

    def _clp(self, seg: list[str]) -> None:
        self.party = self.line = None
        seg = pad(seg, 10)
        self.claim = ClaimPayment(
            seg[1], intern(seg[2]), money(seg[3], 3), money(seg[4], 4),
            money(seg[5], 5) if seg[5] else None, intern(seg[6]), seg[7], intern(seg[8]),
            intern(seg[9]),
            segment_number=self.number)
        self.era.claims.append(self.claim)

    def _cas(self, seg: list[str]) -> None:
        target = self.line or self.claim
        if target is None:
            self._other(seg)
        else:
            target.adjustments.extend(_adjustments(seg))

    def _nm1(self, seg: list[str]) -> None:
        claim = self.claim
        if claim is None or self.line is not None:
            self._other(seg)
            return
        if seg[1] == "QC":
            claim.patient_last, claim.patient_first = el(seg, 3), el(seg, 4)
            claim.member_id = el(seg, 9)
        else:
            claim.other_segments += (seg,)

    def _mia(self, seg: list[str]) -> None:
        if self.claim is None:
            self._other(seg)
        else:
            self.claim.inpatient = seg

    def _moa(self, seg: list[str]) -> None:
        if self.claim is None:
            self._other(seg)
        else:
            self.claim.outpatient = seg

    def _dtm(self, seg: list[str]) -> None:
        seg = pad(seg, 3)
        qualifier = seg[1]
        line = self.line
        day = optional_date(seg, 2)  # empty when it could not be read (a finding says so)
        if line is not None:
            if qualifier == "472" or qualifier == "150":
                line.service_date = day
            elif qualifier == "151":
                line.service_date_to = day
            else:
                line.other_segments += (seg,)
        elif self.claim is not None:
            if day is not None:
                self.claim.dates = {**self.claim.dates, qualifier: day}
        elif qualifier == "405" and day is not None:
            self.era.production_date = day
        else:
            self.era.other_segments.append(seg)

    def _amt(self, seg: list[str]) -> None:
        target = self.line or self.claim
        if target is None:
            self._other(seg)
        else:
            seg = pad(seg, 3)
            target.amounts = {**target.amounts, seg[1]: money(seg[2], 2)}

    def _qty(self, seg: list[str]) -> None:
        target = self.line or self.claim
        if target is None:
            self._other(seg)
        else:
            target.quantities = {**target.quantities, el(seg, 1): amount(seg, 2)}

    def _svc(self, seg: list[str]) -> None:
        claim = self.claim
        if claim is None:
            raise ElementError(1, "a service line (SVC) outside a claim (CLP)")
        if len(seg) < 8:
            seg = seg + _BLANKS[len(seg)]
        parts = seg[1].split(self.comp)
        code = intern(parts[1]) if len(parts) > 1 else ""
        modifiers = tuple([intern(p) for p in parts[2:6] if p])
        get = MONEY_CACHE.get
        charge, paid = get(seg[2]), get(seg[3])
        line = self.line = ServicePayment(
            intern(parts[0]), code, modifiers,
            money(seg[2], 2) if charge is None else charge,
            money(seg[3], 3) if paid is None else paid,
            seg[4], money(seg[5], 5) if seg[5] else None, segment_number=self.number)
        if seg[6]:
            original = seg[6].split(self.comp) + [""]
            line.original_procedure = original[1]
            line.original_modifiers = tuple(p for p in original[2:6] if p)
        if seg[7]:
            line.original_units = money(seg[7], 7)
        claim.lines.append(line)

    def _lq(self, seg: list[str]) -> None:
        if self.line is None:
            self._other(seg)
        else:
            self.line.remarks += (el(seg, 2),)

    def _plb(self, seg: list[str]) -> None:
        self.party = self.claim = self.line = None
        fiscal = optional_date(seg, 2)
        found = []  # all pairs first: a bad value re-reads the segment from the start
        for i in range(3, min(len(seg), 15), 2):
            if not seg[i]:
                continue
            reason, _, reference = seg[i].partition(self.comp)
            found.append(ProviderAdjustment(el(seg, 1), fiscal, reason, reference,
                                            amount(seg, i + 1), self.number))
        self.era.provider_adjustments.extend(found)


def read_835(ts: TransactionSet) -> Remittance835:
    """Read one 835 transaction set; balancing failures are listed, never fixed."""
    return _Reader(ts).read()


def total_paid(era: Remittance835) -> Decimal:
    """Sum of CLP04 over the claims."""
    return sum((c.paid for c in era.claims), Decimal("0"))
