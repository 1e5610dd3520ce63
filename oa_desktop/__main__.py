"""``python -m oa_desktop`` and the ``oa-desktop`` console script."""

from __future__ import annotations

import sys

from oa_desktop.cli.main import main as _main


def main() -> None:
    """Entry point."""
    sys.exit(_main())


if __name__ == "__main__":
    main()
