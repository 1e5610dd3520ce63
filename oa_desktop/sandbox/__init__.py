"""A local stand-in for Office Ally: an SFTP server on 127.0.0.1 and a responder.

Built on paramiko's server side. Uploaded 837P files in ``/inbound`` are picked up and
answered in ``/outbound`` the way Office Ally answers them (File Summary, 999, 277CA,
later an ERA zip), deterministically for a given seed. Qt-free.
"""
