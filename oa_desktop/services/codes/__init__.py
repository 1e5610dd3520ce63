"""Codes with words: taxonomy names, HCPCS Level II descriptions, loading the full lists."""
