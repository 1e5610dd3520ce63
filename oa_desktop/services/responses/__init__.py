"""Office Ally's answers: 999, 277CA and text reports, matched to batches and claims."""
