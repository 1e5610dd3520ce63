"""The Office Ally gateway: an SFTP client for the practice's Office Ally account.

Qt-free and SQL-free. Settings, credentials (OS keyring or session memory), the pinned
host key, one connected session with timeouts and a watchdog, safe upload and download,
and the classification of what arrives in ``/outbound``. The store owns the download
ledger; this package only sees it through :class:`~oa_desktop.gateway.ledger.FileLedger`.
"""
