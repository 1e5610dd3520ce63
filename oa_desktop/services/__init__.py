"""Use cases, Qt-free: plain functions with explicit arguments, shared by the UI and the CLI."""
