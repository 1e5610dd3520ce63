"""Authorizations, filing deadlines and the proof packet on screen."""
