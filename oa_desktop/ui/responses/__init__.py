"""Office Ally's answers: the responses list."""
