"""Sending batches: the wizard, the upload action, the batches list."""
