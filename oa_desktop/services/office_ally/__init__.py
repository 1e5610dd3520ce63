"""The practice's Office Ally account: connection, sync, alerts and Office Ally fees."""
