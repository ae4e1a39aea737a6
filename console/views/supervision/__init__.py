"""Inspections, accountability and training views (R-INSP, R-ACC, R-TRAIN)."""
