"""Sending claims: building batches and uploading them."""
