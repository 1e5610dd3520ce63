"""ERAs: import, matching to claims, the posting plan and posting with undo."""
