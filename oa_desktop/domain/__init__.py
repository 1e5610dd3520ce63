"""Domain model and rules. Standard library only: no Qt, no SQL, no network."""
