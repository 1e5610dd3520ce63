"""Reports and Office Ally costs."""
