"""Shared UI parts: background jobs, messages, formats, the table kit, charts."""
