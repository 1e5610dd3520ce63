"""``python -m oa_desktop`` and the ``oa-desktop`` console script."""

from __future__ import annotations

import sys

from oa_desktop.cli import quick_exit
from oa_desktop.cli.main import main as _main


def main() -> None:
    """Entry point."""
    quick_exit.arm()
    status = _main()
    quick_exit.end_now_if_requested(status)  # a read-only command's quick end
    sys.exit(status)


if __name__ == "__main__":
    main()
