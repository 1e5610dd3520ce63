"""The demo practice: made-up data and a stand-in for Office Ally."""
