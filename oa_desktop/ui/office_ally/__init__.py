"""The Office Ally connection: the setup wizard and sync."""
