"""Reading the practice's files: CSV imports, Office Ally's payer list, XLSX."""
