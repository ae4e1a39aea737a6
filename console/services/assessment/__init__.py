"""Monthly district assessment (R-ZONE-3/4), its drill-down, the SLA report, callback coverage, map data."""
