"""The patient account screens: the account, taking a payment, adjustments, refunds."""
