"""OA Desktop: offline-first billing for small practices that bill through Office Ally."""

__version__ = "0.1.0"
