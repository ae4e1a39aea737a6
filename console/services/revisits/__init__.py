"""Standing revisit plans of major clients and their visits (R-VISIT-5)."""
