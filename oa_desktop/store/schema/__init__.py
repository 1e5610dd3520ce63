"""Schema migrations after the first, one module each."""
