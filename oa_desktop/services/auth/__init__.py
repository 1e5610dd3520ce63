"""Authorizations, timely filing and the proof-of-timely-filing packet."""
