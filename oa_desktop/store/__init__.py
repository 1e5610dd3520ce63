"""SQLite storage via sqlite-utils: the only place with SQL."""
