"""District assessment scorecards, trends and drill-down (R-ZONE-3/4)."""
