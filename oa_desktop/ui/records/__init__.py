"""Records screens: patients, payers, providers, the practice, the fee schedule."""
