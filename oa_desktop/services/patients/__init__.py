"""The patient account: desk payments, credit, adjustments, refunds, recoupments."""
