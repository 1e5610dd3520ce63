"""X12 5010: syntax and envelopes, the 837P writer, and the 999/277/835/837 readers.

Qt-free; standard library and :mod:`oa_desktop.domain` only.
"""
