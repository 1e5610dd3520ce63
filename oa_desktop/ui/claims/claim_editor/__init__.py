"""The claim editor: a CMS-1500-shaped form with the live scrubber beside it."""
