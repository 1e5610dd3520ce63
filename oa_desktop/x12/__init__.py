"""X12 5010: syntax, envelopes, the 837P writer and the 999/277CA/835 readers."""
