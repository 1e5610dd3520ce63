"""Printable PDFs drawn with QPdfWriter and QPainter: reports, CMS-1500, statements."""
