"""ERAs: the list, one ERA's detail and the posting preview."""
