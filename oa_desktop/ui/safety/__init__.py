"""Backups, the audit trail and the app lock."""
