"""A local stand-in for Office Ally (SFTP server and responder), for the demo and tests."""
