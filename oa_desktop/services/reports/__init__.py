"""Reports: practice reports, Office Ally costs, statements, CMS-1500 data, status."""
