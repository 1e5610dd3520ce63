"""``oa-desktop payment add …`` and ``oa-desktop patient ledger ID [--json]`` (CLI.md)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from oa_desktop.cli.data_folder import actor, opened
from oa_desktop.errors import InputError


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.replace("$", "").replace(",", ""))
    except InvalidOperation:
        raise InputError(f"“{text}” is not an amount of money.", "Type it like 25.00.") from None


def _claim_ids(workspace: Any, text: str | None) -> list[int] | None:
    """Claim ids or claim numbers (CLM01), comma-separated."""
    if not text:
        return None
    from oa_desktop.store.claims import claim_id_for_pcn

    ids = []
    for item in (t.strip() for t in text.split(",") if t.strip()):
        found = int(item) if item.isdigit() else claim_id_for_pcn(workspace.store, item)
        if found is None:
            raise InputError(f"There is no claim {item}.", "Check the claim number.")
        ids.append(found)
    return ids


def payment_add_command(args: argparse.Namespace) -> int:
    """Record a patient payment: oldest first, or on the given claims; the rest is credit."""
    from oa_desktop.domain.money import format_money
    from oa_desktop.services.patients import actions

    on = date.fromisoformat(args.date) if args.date else None
    with opened(args) as workspace:
        workspace.store.actor = actor()
        result = actions.take_payment(
            workspace.store, args.patient, _amount(args.amount), args.method, on=on,
            reference=args.reference or "", paid_by=args.paid_by or "", note=args.note or "",
            claim_ids=_claim_ids(workspace, args.claims), as_credit=args.credit)
    if args.json:
        print(json.dumps({"action_id": result.action_id,
                          "applied": [{"claim_id": c, "amount": f"{a:.2f}"}
                                      for c, a in result.applied],
                          "credit": f"{result.credit_change:.2f}"}, indent=2))
        return 0
    print(f"Recorded payment {result.action_id}: {format_money(result.applied_amount)} on "
          f"{len(result.applied)} claim{'s' * (len(result.applied) != 1)}, "
          f"{format_money(result.credit_change)} left as credit.")
    return 0


def patient_ledger_command(args: argparse.Namespace) -> int:
    """The patient's account: every entry with the running balance, split and credit."""
    from oa_desktop.domain.money import format_money
    from oa_desktop.services.patients.account import account_json, patient_account

    with opened(args) as workspace:
        account = patient_account(workspace.store, args.id)
    if args.json:
        print(json.dumps(account_json(account), indent=2))
        return 0
    print(f"{account.name} (patient {account.patient_id})")
    for e in account.entries:
        amount = format_money(e.amount) if e.counts else f"({format_money(e.amount)})"
        flag = "  [undone]" if e.undone else ""
        print(f"{e.on_date}  {e.pcn:<20.20} {e.description[:48]:<48} {amount:>12} "
              f"{format_money(e.balance):>12}{flag}")
    print(f"Balance {format_money(account.balance_amount)}: insurance "
          f"{format_money(account.insurance_balance_amount)}, patient "
          f"{format_money(account.patient_balance_amount)}; credit "
          f"{format_money(account.credit_amount)}")
    return 0


def register(sub: Any) -> None:
    """Add ``payment add`` and ``patient ledger``."""
    payment = sub.add_parser("payment", help="patient payments").add_subparsers(
        title="commands", metavar="COMMAND", required=True)
    add = payment.add_parser("add", help="record a patient payment")
    add.add_argument("--patient", type=int, required=True, help="the patient's id")
    add.add_argument("--amount", required=True, help="the amount, like 25.00")
    add.add_argument("--method", required=True, choices=("cash", "check", "card", "other"))
    add.add_argument("--reference", help="check number, or the card's last four digits")
    add.add_argument("--claims", help="claim ids or numbers, comma-separated (default: "
                                      "the patient's share, oldest first)")
    add.add_argument("--credit", action="store_true", help="keep all of it as credit")
    add.add_argument("--date", help="the day it was paid, YYYY-MM-DD (default: today)")
    add.add_argument("--paid-by", help="who paid, when not the patient")
    add.add_argument("--note", help="a note for the account")
    add.add_argument("--json", action="store_true", help="print one JSON document")
    add.set_defaults(func=payment_add_command)
    patient = sub.add_parser("patient", help="a patient's account").add_subparsers(
        title="commands", metavar="COMMAND", required=True)
    ledger = patient.add_parser("ledger", help="the patient's account with running balance")
    ledger.add_argument("id", type=int, help="the patient's id")
    ledger.add_argument("--json", action="store_true", help="print one JSON document")
    ledger.set_defaults(func=patient_ledger_command)
