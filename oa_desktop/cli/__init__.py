"""The ``oa-desktop`` command (CLI.md): one module per command family, parsed in ``main``."""
