"""``oa-desktop import-era FILE`` and ``oa-desktop post-eras [--auto]`` (CLI.md).

Thin layers over ``services.era.importing`` and ``services.era.posting``. Exit status: 0 done;
1 done with problems (held duplicates, ERAs that cannot be posted, claims left waiting for
a match); 2 unreadable input (the position is named and nothing changed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oa_desktop.cli.data_folder import opened
from oa_desktop.domain.display import plural
from oa_desktop.errors import KnownError
from oa_desktop.x12.errors import X12Error


def import_era_command(args: argparse.Namespace) -> int:
    """Import an 835 or Office Ally's ERA zip, as if it had been downloaded."""
    from oa_desktop.services.era.importing import import_era_file

    try:
        with opened(args) as workspace:
            result = import_era_file(workspace, Path(args.file))
    except X12Error as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        print("Nothing was imported. " + exc.next_step, file=sys.stderr)
        return 2
    except KnownError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        print(exc.next_step, file=sys.stderr)
        return 2
    print(result.summary)
    return 1 if result.held_duplicates or result.not_postable else 0


def post_eras_command(args: argparse.Namespace) -> int:
    """Post what can be posted of every balanced, non-duplicate remittance.

    An ERA with claims not matched is posted in part; what waits is listed, and the exit
    status is 1 (done, with something for the biller to do).
    """
    from oa_desktop.domain.money import format_money
    from oa_desktop.services.era import posting
    from oa_desktop.store import remittances

    with opened(args) as workspace:
        waiting = [s for s in remittances.list_remittances(workspace.store)
                   if s.status == "ready" or (s.status == "partly_posted"
                                              and (s.unposted > s.unmatched or s.parked))]
        if not args.auto and sys.stdin.isatty() and waiting:
            total = sum((s.amount for s in waiting), start=waiting[0].amount * 0)
            answer = input(f"Post {plural(len(waiting), 'ERA')} totalling "
                           f"{format_money(total)}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing was posted.")
                return 0
        posted, skipped = posting.post_all(workspace.store)
        partly = [s for s in (remittances.get_remittance(workspace.store, r) for r in posted)
                  if s.status == "partly_posted"]
    print(f"Posted {plural(len(posted), 'ERA')}.")
    for summary in partly:
        left = [f"{plural(summary.unmatched, 'claim')} not matched"] if summary.unmatched else []
        if summary.parked:
            left.append(f"{plural(summary.parked, 'reversal')} parked "
                        "(nothing posted to take back)")
        print(f"ERA {summary.id} (check/EFT {summary.trace_number}) posted in part; waiting: "
              f"{' and '.join(left)}. Match them in the app, then post-eras again.",
              file=sys.stderr)
    for remittance_id, reason in skipped:
        print(f"ERA {remittance_id} not posted: {reason}", file=sys.stderr)
    return 1 if skipped or any(s.unmatched for s in partly) else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import-era`` and ``post-eras`` to the main parser."""
    imp = sub.add_parser("import-era", help="import an 835 ERA (or Office Ally's ERA zip)")
    imp.add_argument("file", help="the .835 file or the …_ERA_STATUS_5010_….zip")
    imp.set_defaults(func=import_era_command)
    post = sub.add_parser("post-eras", help="post every balanced, non-duplicate ERA (claims "
                          "not matched wait)")
    post.add_argument("--auto", action="store_true",
                      help="do not ask before posting (for scheduled jobs)")
    post.set_defaults(func=post_eras_command)
