"""Claims screens: the list, the claim page, the editor and the worklists."""
