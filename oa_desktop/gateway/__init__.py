"""Office Ally over SFTP (paramiko) and credentials (keyring). No SQL here."""
