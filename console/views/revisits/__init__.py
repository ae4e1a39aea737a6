"""Major-client revisit plans and their calendar (R-VISIT-5)."""
