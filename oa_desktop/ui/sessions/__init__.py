"""Sessions that become claims: the import preview."""
