"""The hash-chained audit log (R-ACC, R-INSP): appending rows and verifying the chain."""
