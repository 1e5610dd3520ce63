"""X12 5010: syntax and envelopes, the 837P writer, and the 999/277/835/837 readers.

Qt-free; standard library and :mod:`oa_desktop.domain` only. Entry points:

- :func:`oa_desktop.x12.parse.parse_file` / ``parse_bytes``: read any file; the result
  holds one plain dataclass per transaction set (``Remittance835``, ``StatusReport277``,
  ``Acknowledgment999``, ``Batch837``) and ``findings`` (envelope counts, values that could
  not be read). Malformed input raises :class:`~oa_desktop.x12.errors.X12Error`.
- :func:`oa_desktop.x12.write_837p.write_837p`: a ``Submission837`` to 837P text in the
  Office Ally envelope; control numbers come from the caller.
- :func:`oa_desktop.x12.validate.validate` and :mod:`oa_desktop.x12.to_json` serve the CLI.
"""
