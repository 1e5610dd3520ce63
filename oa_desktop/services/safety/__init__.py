"""Keeping the practice's data safe: backup, restore, integrity, users and the audit trail."""
