"""The callback workbench after completion (R-VISIT-1..4): attempts, results, follow-up orders."""
