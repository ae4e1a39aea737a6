"""Inspections and findings (R-INSP), accountability (R-ACC) and training records (R-TRAIN)."""
